import { useMemo, useState } from "preact/hooks";
import { ApiError, api, type Schemas } from "../../api";
import { fmtMoney, fmtNumber, t } from "../../i18n";
import { groupCode } from "../../ui/codes";
import { Button, ErrorBox } from "../../ui/kit";
import { couponValue } from "../member/coupon-view";

type Member = Schemas["MemberSummary"];
type Purchase = Schemas["StorePurchase"];

/** A request id made once per screen: a double tap or a retry sends the same id, so it counts once. */
export const requestId = () =>
  typeof crypto.randomUUID === "function"
    ? crypto.randomUUID()
    : Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, "0")).join("");

/** 1 point per NT$100 paid (the server decides; this is the preview). */
export const pointsFor = (paid: number) => Math.floor(Math.max(0, paid) / 100);

/** Record a purchase: amount, coupon, points used; the points earned are previewed, the server decides. */
export function PurchaseForm(props: { member: Member; onBack: () => void; onDone: (p: Purchase) => void }) {
  const m = props.member;
  const purchaseId = useMemo(requestId, []);
  const [amountText, setAmountText] = useState("");
  const [couponCode, setCouponCode] = useState("");
  const [pointsText, setPointsText] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const amount = Number.parseInt(amountText.replace(/[^\d]/g, ""), 10) || 0;
  const coupon = m.coupons.find((c) => c.code === couponCode);
  const discount = !coupon
    ? 0
    : coupon.kind === "amount"
      ? Math.min(coupon.value, amount)
      : Math.floor((amount * coupon.value) / 100);
  const maxPoints = Math.max(0, Math.min(m.points, amount - discount));
  const points = Math.min(
    Number.parseInt(pointsText.replace(/[^\d]/g, ""), 10) || 0,
    Number.MAX_SAFE_INTEGER,
  );
  const paid = amount - discount - points;

  const submit = async (e: Event) => {
    e.preventDefault();
    if (busy) return;
    if (amount <= 0) return setError(t("purchase.err.amount"));
    if (points > maxPoints) return setError(t("purchase.err.points"));
    if (coupon && amount < coupon.minSpend) return setError(t("purchase.err.minSpend"));
    setError(null);
    setBusy(true);
    try {
      const p = await api("post", "/api/staff/purchases", {
        body: {
          purchaseId,
          memberCode: m.memberCode,
          amount,
          ...(coupon ? { couponCode: coupon.code } : {}),
          ...(points > 0 ? { pointsToUse: points } : {}),
        },
      });
      props.onDone(p);
    } catch (err) {
      setError(err instanceof ApiError ? err.message : t("app.error"));
      setBusy(false);
    }
  };
  return (
    <form class="panel form" onSubmit={submit} data-testid="purchase-form" noValidate>
      <h2 class="panel-title">
        {t("purchase.title")} · {m.displayName ?? groupCode(m.memberCode)}
      </h2>
      <div class="field">
        <label for="p-amount">{t("purchase.amount")}</label>
        <input
          id="p-amount"
          class="input-amount"
          inputMode="numeric"
          autoComplete="off"
          value={amountText}
          data-testid="purchase-amount"
          onInput={(e) => setAmountText((e.target as HTMLInputElement).value)}
        />
      </div>
      <fieldset class="field">
        <legend>{t("purchase.coupon")}</legend>
        <label class="radio">
          <input type="radio" name="coupon" checked={!couponCode} onChange={() => setCouponCode("")} />
          <span>{t("purchase.noCoupon")}</span>
        </label>
        {m.coupons.map((c) => (
          <label key={c.code} class="radio">
            <input
              type="radio"
              name="coupon"
              checked={couponCode === c.code}
              onChange={() => setCouponCode(c.code)}
              data-testid="purchase-coupon"
            />
            <span>
              {c.name} <span class="muted small">({couponValue(c)})</span>
            </span>
          </label>
        ))}
      </fieldset>
      <div class="field">
        <label for="p-points">{t("purchase.points")}</label>
        <input
          id="p-points"
          inputMode="numeric"
          autoComplete="off"
          value={pointsText}
          aria-describedby="p-points-hint"
          data-testid="purchase-points"
          onInput={(e) => setPointsText((e.target as HTMLInputElement).value)}
        />
        <p class="field-hint" id="p-points-hint">
          {t("purchase.pointsHint", { max: fmtNumber(maxPoints) })}
        </p>
      </div>
      <dl class="summary" aria-label={t("purchase.summary")}>
        <div>
          <dt>{t("purchase.amount")}</dt>
          <dd>{fmtMoney(amount)}</dd>
        </div>
        <div>
          <dt>{t("purchase.discount")}</dt>
          <dd>−{fmtMoney(discount)}</dd>
        </div>
        <div>
          <dt>{t("purchase.pointsUsed")}</dt>
          <dd>−{fmtMoney(points)}</dd>
        </div>
        <div class="total">
          <dt>{t("purchase.paid")}</dt>
          <dd data-testid="purchase-paid">{fmtMoney(Math.max(0, paid))}</dd>
        </div>
        <div class="earn">
          <dt>{t("purchase.willEarn")}</dt>
          <dd data-testid="purchase-earn">
            +{fmtNumber(pointsFor(paid))} {t("card.pointsUnit")}
          </dd>
        </div>
      </dl>
      {error ? <ErrorBox message={error} /> : null}
      <Button type="submit" busy={busy} testid="purchase-submit">
        {busy ? t("purchase.submitting") : t("purchase.submit")}
      </Button>
      <Button kind="ghost" onClick={props.onBack}>
        {t("app.back")}
      </Button>
    </form>
  );
}
