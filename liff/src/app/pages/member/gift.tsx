import { useState } from "preact/hooks";
import { apiErrorText } from "../../../i18n/error-text";
import { ApiError, api, type Schemas } from "../../api";
import { lang, t, useLang } from "../../i18n";
import { Icon } from "../../ui/icons";
import { Button, ErrorBox, Notice, Page, Spinner } from "../../ui/kit";
import { useData } from "../../use-data";
import { type Coupon, CouponTicket } from "./coupon-view";
import { cardDate } from "./gift-card";
import { tg } from "./gift-messages";
import { MemberShell } from "./shell";
import "./gift.css";

type Offer = Schemas["GiftOffer"];
type Refusal =
  | "ALREADY_ACCEPTED"
  | "GIFT_CANCELLED"
  | "GIFT_EXPIRED"
  | "ALREADY_REDEEMED"
  | "EXPIRED"
  | "SELF_GIFT";
const REFUSALS = new Set<string>([
  "ALREADY_ACCEPTED",
  "GIFT_CANCELLED",
  "GIFT_EXPIRED",
  "ALREADY_REDEEMED",
  "EXPIRED",
  "SELF_GIFT",
]);

/** The ticket of what a gift carries (no code: it is not the reader's yet). */
const ticketOf = (c: Offer["coupon"], code = ""): Coupon => ({
  ...c,
  code,
  status: "issued",
  redeemedAt: null,
  transferable: false,
  gift: null,
});

/** Why a gift cannot be taken, as a notice; the reason's own words, else the server's. */
function Refused(props: { reason: Refusal | null; text?: string }) {
  return (
    <Notice
      icon="alert"
      tone="warn"
      title={props.reason ? tg(`gift.${props.reason}`) : (props.text ?? "")}
      body={tg("gift.sorryBody")}
      testid="gift-refused"
    >
      <Button to="/member" kind="secondary">
        {t("app.home")}
      </Button>
    </Notice>
  );
}

/**
 * 轉贈, the friend's side (`/member/gift?t=…`, the shared card's button): what the gift is and
 * who sent it, 領取 to accept it; then the coupon is in their list. Taken by someone else,
 * withdrawn, expired or used meanwhile, the page says so in the reader's language.
 */
export default function GiftPage(props: { query: URLSearchParams }) {
  useLang();
  const token = props.query.get("t") ?? "";
  const offer = useData(
    () => (token ? api("get", "/api/me/gifts/{token}", { path: { token } }) : Promise.resolve(null)),
    [token],
  );
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<Schemas["AcceptedGift"] | null>(null);
  const [refused, setRefused] = useState<{ reason: Refusal | null; text: string } | null>(null);

  const accept = async () => {
    setBusy(true);
    setRefused(null);
    try {
      setDone(await api("post", "/api/me/gifts/{token}/accept", { path: { token } }));
    } catch (e) {
      const reason =
        e instanceof ApiError && e.reason && REFUSALS.has(e.reason) ? (e.reason as Refusal) : null;
      setRefused({ reason, text: apiErrorText(e, lang()) });
    } finally {
      setBusy(false);
    }
  };

  const o = offer.data;
  const notFound = offer.error instanceof ApiError && offer.error.status === 404;
  const stateRefusal: Refusal | null =
    o?.state === "accepted"
      ? "ALREADY_ACCEPTED"
      : o?.state === "cancelled"
        ? "GIFT_CANCELLED"
        : o?.state === "expired"
          ? "GIFT_EXPIRED"
          : null;

  return (
    <MemberShell section="coupons" title={tg("gift.title")}>
      <Page testid="gift-page">
        {!token ? (
          <Notice
            icon="alert"
            tone="warn"
            title={tg("gift.noToken")}
            body={tg("gift.noTokenBody")}
            testid="gift-refused"
          />
        ) : notFound ? (
          <Notice
            icon="alert"
            tone="warn"
            title={tg("gift.NOT_FOUND")}
            body={tg("gift.noTokenBody")}
            testid="gift-refused"
          />
        ) : offer.error ? (
          <ErrorBox message={apiErrorText(offer.error, lang())} onRetry={offer.reload} />
        ) : !o ? (
          <Spinner />
        ) : done ? (
          <section class="gift-offer" data-testid="gift-done">
            <Notice
              icon="check"
              tone="ok"
              title={tg("gift.done")}
              body={[tg("gift.doneBody"), ...(done.bound ? [tg("gift.doneBound")] : [])].join(
                lang() === "en" ? " " : "",
              )}
            />
            <CouponTicket coupon={ticketOf(done.coupon, done.coupon.code ?? "")} status="available" />
            <Button to="/member/coupons?gift=received" testid="gift-to-coupons">
              {tg("gift.toCoupons")}
            </Button>
          </section>
        ) : o.acceptedByYou ? (
          <Notice icon="check" tone="ok" title={tg("gift.mineAlready")} testid="gift-done">
            <Button to="/member/coupons">{tg("gift.toCoupons")}</Button>
          </Notice>
        ) : refused ? (
          <Refused reason={refused.reason} text={refused.text} />
        ) : o.yours ? (
          <section class="gift-offer">
            <Notice icon="gift" title={tg("gift.yours")} body={tg("gift.yoursBody")} testid="gift-yours" />
            <CouponTicket coupon={ticketOf(o.coupon)} status="available" />
          </section>
        ) : stateRefusal ? (
          <Refused reason={stateRefusal} />
        ) : (
          <section class="gift-offer" data-testid="gift-offer">
            <p class="gift-from">
              <span class="notice-icon" aria-hidden="true">
                <Icon name="gift" size={26} />
              </span>
              <strong>
                {o.from.displayName ? tg("gift.from", { name: o.from.displayName }) : tg("gift.fromSomeone")}
              </strong>
            </p>
            <CouponTicket coupon={ticketOf(o.coupon)} status="available" />
            <p class="small muted">{tg("gift.acceptBy", { date: cardDate(o.expiresAt) })}</p>
            <Button onClick={accept} busy={busy} testid="gift-accept">
              {busy ? tg("gift.accepting") : tg("gift.accept")}
            </Button>
            <p class="hint small">{tg("gift.terms")}</p>
          </section>
        )}
      </Page>
    </MemberShell>
  );
}
