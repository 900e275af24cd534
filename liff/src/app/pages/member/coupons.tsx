import { useEffect, useState } from "preact/hooks";
import { ApiError, api } from "../../api";
import { t, useLang } from "../../i18n";
import { navigate } from "../../nav";
import { ErrorBox, Link, Page, Spinner } from "../../ui/kit";
import { useData } from "../../use-data";
import { CouponTicket } from "./coupon-view";
import { tg } from "./gift-messages";
import { GiftControl } from "./gift-share";
import { MemberShell } from "./shell";

type Status = "available" | "used" | "expired";
const STATUSES: Status[] = ["available", "used", "expired"];

/**
 * A broadcast's coupon card opens this page with `?broadcast=<id>`: the coupon is claimed (once;
 * opening it again answers the same coupon), then the list shows it.
 */
function ClaimNote(props: { broadcast: string; onClaimed: () => void }) {
  const [note, setNote] = useState<{ ok: boolean; text: string } | null>(null);
  useEffect(() => {
    let live = true;
    api("post", "/api/me/broadcasts/{id}/claim", { path: { id: props.broadcast } }).then(
      (r) => {
        if (!live) return;
        setNote({ ok: true, text: t(r.created ? "coupons.claimed" : "coupons.claimedBefore") });
        props.onClaimed();
      },
      (e: unknown) => {
        if (!live) return;
        const refused = e instanceof ApiError && (e.reason === "NOT_RECIPIENT" || e.reason === "NO_COUPON");
        setNote({ ok: false, text: t(refused ? "coupons.claimRefused" : "coupons.claimFailed") });
      },
    );
    return () => {
      live = false;
    };
  }, [props.broadcast]);
  if (!note) return <Spinner label={t("coupons.claiming")} />;
  return (
    <p class={note.ok ? "notice-inline" : "alert"} role="status" data-testid="coupon-claim">
      {note.text}
    </p>
  );
}

/** 優惠券: available / used / expired tabs; a coupon opens its detail with the code for the store. */
export default function CouponsPage(props: { query: URLSearchParams }) {
  useLang();
  const status = (STATUSES.find((s) => s === props.query.get("status")) ?? "available") as Status;
  const list = useData(() => api("get", "/api/me/coupons", { query: { status } }), [status]);
  const broadcast = props.query.get("broadcast");
  return (
    <MemberShell section="coupons" title={t("coupons.title")}>
      <Page testid="coupons-page">
        {broadcast ? <ClaimNote broadcast={broadcast} onClaimed={list.reload} /> : null}
        {props.query.get("gift") === "received" ? (
          <p class="notice-inline" role="status" data-testid="gift-received">
            {tg("gift.received")}
          </p>
        ) : null}
        <div class="segmented" role="tablist" aria-label={t("coupons.title")}>
          {STATUSES.map((s) => (
            <button
              key={s}
              type="button"
              role="tab"
              aria-selected={s === status}
              class={s === status ? "seg active" : "seg"}
              data-testid={`coupons-tab-${s}`}
              onClick={() =>
                navigate(`/member/coupons${s === "available" ? "" : `?status=${s}`}`, { replace: true })
              }
            >
              {t(`coupons.${s}`)}
            </button>
          ))}
        </div>
        <div role="tabpanel">
          {list.loading && !list.data ? <Spinner /> : null}
          {list.error ? <ErrorBox message={t("app.error")} onRetry={list.reload} /> : null}
          {list.data && list.data.coupons.length === 0 ? (
            <p class="empty">{t(`coupons.empty.${status}`)}</p>
          ) : null}
          <ul class="tickets">
            {list.data?.coupons.map((c) => (
              <li key={c.code}>
                <Link
                  to={`/member/coupons/${encodeURIComponent(c.code)}`}
                  class="ticket-link"
                  testid="coupon"
                >
                  <CouponTicket coupon={c} status={status} />
                </Link>
                {status === "available" && c.transferable ? (
                  <GiftControl coupon={c} onChanged={list.reload} />
                ) : null}
              </li>
            ))}
          </ul>
        </div>
      </Page>
    </MemberShell>
  );
}
