import { useState } from "preact/hooks";
import { api } from "../../api";
import { fmtDate, t, useLang } from "../../i18n";
import { Barcode, Qr } from "../../ui/codes";
import { Icon } from "../../ui/icons";
import { Button, ErrorBox, Page, Spinner } from "../../ui/kit";
import { useData } from "../../use-data";
import { type Coupon, CouponTicket } from "./coupon-view";
import { MemberShell } from "./shell";

type Status = "available" | "used" | "expired";

/** Finds the coupon in the member's lists (available first: the common case). */
async function findCoupon(code: string): Promise<{ coupon: Coupon; status: Status } | null> {
  for (const status of ["available", "used", "expired"] as const) {
    const { coupons } = await api("get", "/api/me/coupons", { query: { status } });
    const coupon = coupons.find((c) => c.code === code);
    if (coupon) return { coupon, status };
  }
  return null;
}

/** A coupon: its code as QR + barcode for the counter, and how to use it online. */
export default function CouponDetailPage(props: { params: Record<string, string> }) {
  useLang();
  const code = props.params.code ?? "";
  const found = useData(() => findCoupon(code), [code]);
  const [online, setOnline] = useState(false);
  const [copied, setCopied] = useState(false);
  const f = found.data;
  const copy = async () => {
    await navigator.clipboard?.writeText(code).catch(() => undefined);
    setCopied(true);
  };
  return (
    <MemberShell section="coupons" title={t("coupon.title")} back="/member/coupons">
      <Page testid="coupon-detail">
        {found.loading && !f ? <Spinner /> : null}
        {found.error ? <ErrorBox message={t("app.error")} onRetry={found.reload} /> : null}
        {!found.loading && !found.error && !f ? <p class="empty">{t("coupon.notFound")}</p> : null}
        {f ? (
          <>
            <CouponTicket coupon={f.coupon} status={f.status} />
            {f.status === "available" ? (
              <>
                {f.coupon.channel !== "online" ? (
                  <section class="panel scan-panel" aria-labelledby="instore">
                    <h2 id="instore" class="panel-title">
                      {t("coupon.inStore")}
                    </h2>
                    <p class="muted small">{t("coupon.inStoreHint")}</p>
                    <Qr value={f.coupon.code} label={t("coupon.code")} class="qr qr-coupon" />
                    <Barcode value={f.coupon.code} label={t("coupon.code")} height={64} />
                    <p class="code-text" data-testid="coupon-code">
                      {f.coupon.code}
                    </p>
                  </section>
                ) : null}
                {f.coupon.channel !== "store" ? (
                  <section class="panel">
                    <Button kind="secondary" onClick={() => setOnline(!online)} testid="use-online">
                      {t("coupon.online")}
                    </Button>
                    {online ? (
                      <div class="online-use">
                        <p class="small">{t("coupon.onlineHint")}</p>
                        <div class="copy-row">
                          <code>{f.coupon.code}</code>
                          <Button kind="ghost" block={false} onClick={copy}>
                            <Icon name="copy" size={18} /> {copied ? t("coupon.copied") : t("coupon.copy")}
                          </Button>
                        </div>
                      </div>
                    ) : null}
                  </section>
                ) : (
                  <p class="hint center">{t("coupon.storeOnly")}</p>
                )}
              </>
            ) : (
              <p class="notice-inline" data-testid="coupon-state">
                {f.status === "used" && f.coupon.redeemedAt
                  ? t("coupon.isUsed", { date: fmtDate(f.coupon.redeemedAt) })
                  : t("coupon.isExpired")}
              </p>
            )}
          </>
        ) : null}
      </Page>
    </MemberShell>
  );
}
