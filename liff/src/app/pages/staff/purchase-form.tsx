import { useMemo, useRef, useState } from "preact/hooks";
import { apiErrorText } from "../../../i18n/error-text";
import { ApiError, api, type Schemas } from "../../api";
import { fmtMoney, fmtNumber, lang, t } from "../../i18n";
import { groupCode } from "../../ui/codes";
import { Button, ErrorBox } from "../../ui/kit";
import { apiRefusal, parseWhole, type Whole } from "../../whole-number";
import { couponValue } from "../member/coupon-view";
import { ts, wholeMessage } from "./messages";
import { NumberField } from "./number-field";

type Member = Schemas["MemberSummary"];
type Purchase = Schemas["StorePurchase"];
type Field = "amount" | "coupon" | "points";

/** A request id made once per screen: a double tap or a retry sends the same id, so it counts once. */
export const requestId = () =>
  typeof crypto.randomUUID === "function"
    ? crypto.randomUUID()
    : Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, "0")).join("");

/** The points a payment earns, by the member's own rule as the server applies it (a preview). */
export const pointsFor = (earn: Member["earn"], paid: number) =>
  paid <= 0 ? 0 : Math.floor((Math.floor(paid / earn.amountPerPoint) * earn.percent) / 100);

/** What a coupon takes off an amount, as the server works it out (percent: rounded down). */
const couponOff = (c: Member["coupons"][number], amount: number) =>
  c.kind === "amount" ? Math.min(c.value, amount) : Math.floor((amount * c.value) / 100);

/** The refusals of a coupon (`details.reason`) the counter already has words for. */
const COUPON_REASONS = [
  "ALREADY_REDEEMED",
  "EXPIRED",
  "VOIDED",
  "NOT_YET_VALID",
  "WRONG_CHANNEL",
  "NOT_YOURS",
  "NOT_FOUND",
] as const;
const API_FIELD: Record<string, Field> = { amount: "amount", pointsToUse: "points", couponCode: "coupon" };
const NO_POINTS: Whole = { ok: true, value: 0, readAs: false };

/**
 * Record a purchase: amount, coupon, points used. Every field is read strictly (`12.5` and
 * `-100` are refused, never read as 125 and 100) against the API's limits, which the hints say
 * before the clerk submits; the points earned are previewed only for what the server will take.
 */
export function PurchaseForm(props: {
  member: Member;
  maxAmount: number;
  onBack: () => void;
  onDone: (p: Purchase) => void;
}) {
  const m = props.member;
  const purchaseId = useMemo(requestId, []);
  const [amountText, setAmountText] = useState("");
  const [couponCode, setCouponCode] = useState("");
  const [pointsText, setPointsText] = useState("");
  const [busy, setBusy] = useState(false);
  const sending = useRef(false);
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const [formError, setFormError] = useState<string | null>(null);

  const amountR = parseWhole(amountText, { min: 1, max: props.maxAmount });
  const amount = amountR.ok ? amountR.value : null;
  const coupon = m.coupons.find((c) => c.code === couponCode);
  const short = coupon && amount !== null && amount < coupon.minSpend ? coupon.minSpend - amount : 0;
  // A coupon below its minimum takes nothing off (the coupon field says why).
  const discount = coupon && amount !== null && !short ? couponOff(coupon, amount) : 0;
  // Points are cash for at most the balance and what is left to pay after the coupon.
  const cap = amount === null ? m.points : Math.max(0, Math.min(m.points, amount - discount));
  const pointsR = pointsText.trim() === "" ? NO_POINTS : parseWhole(pointsText, { max: cap });
  const points = pointsR.ok ? pointsR.value : null;
  const paid = amount !== null && points !== null && !short ? amount - discount - points : null;

  const messageOf = (f: Field): string | undefined => {
    if (f === "amount") return amountR.ok ? undefined : wholeMessage("money", amountR);
    if (f === "points") return pointsR.ok ? undefined : wholeMessage("points", pointsR);
    return coupon && short
      ? ts("purchase.err.minSpend", { min: fmtMoney(coupon.minSpend), amount: fmtMoney(amount ?? 0) })
      : undefined;
  };
  const edit = (f: Field) => {
    setErrors(({ [f]: _, ...rest }) => rest);
    setFormError(null);
  };
  const focus = (f: Field) =>
    requestAnimationFrame(() =>
      document.getElementById(f === "coupon" ? `p-coupon-${couponCode || "none"}` : `p-${f}`)?.focus(),
    );

  const submit = async (e: Event) => {
    e.preventDefault();
    if (sending.current) return;
    const found: Partial<Record<Field, string>> = {};
    for (const f of ["amount", "coupon", "points"] as const) {
      const message = messageOf(f);
      if (message) found[f] = message;
    }
    setErrors(found);
    const first = (["amount", "coupon", "points"] as const).find((f) => found[f]);
    if (first || amount === null || points === null) {
      setFormError(ts("purchase.err.fix"));
      return focus(first ?? "amount");
    }
    setFormError(null);
    sending.current = true;
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
      const refused = err instanceof ApiError ? refusalOf(err, amount) : null;
      if (refused) {
        setErrors({ [refused.field]: refused.message });
        setFormError(ts("purchase.err.fix"));
        focus(refused.field);
      } else if (err instanceof ApiError && err.status < 500) setFormError(apiErrorText(err, lang()));
      else setFormError(t("app.error")); // the same purchase id goes again on retry: still one purchase
    } finally {
      sending.current = false;
      setBusy(false);
    }
  };

  const readAs = (r: Whole, money: boolean) =>
    r.ok && r.readAs ? ts("input.readAs", { value: money ? fmtMoney(r.value) : fmtNumber(r.value) }) : null;
  return (
    <form class="panel form" onSubmit={submit} data-testid="purchase-form" noValidate>
      <h2 class="panel-title">
        {t("purchase.title")} · {m.displayName ?? groupCode(m.memberCode)}
      </h2>
      <NumberField
        id="p-amount"
        label={t("purchase.amount")}
        value={amountText}
        big
        onInput={(v) => {
          setAmountText(v);
          edit("amount");
          edit("coupon");
        }}
        hint={ts("purchase.amountHint", { max: fmtMoney(props.maxAmount) })}
        readAs={readAs(amountR, true)}
        error={errors.amount}
        testid="purchase-amount"
      />
      <fieldset
        class={errors.coupon ? "field has-error" : "field"}
        aria-describedby={errors.coupon ? "p-coupon-error" : undefined}
      >
        <legend>{t("purchase.coupon")}</legend>
        <label class="radio">
          <input
            id="p-coupon-none"
            type="radio"
            name="coupon"
            checked={!couponCode}
            onChange={() => {
              setCouponCode("");
              edit("coupon");
            }}
          />
          <span>{t("purchase.noCoupon")}</span>
        </label>
        {m.coupons.map((c) => {
          const gap = amount !== null && amount < c.minSpend ? c.minSpend - amount : 0;
          return (
            <label key={c.code} class="radio">
              <input
                id={`p-coupon-${c.code}`}
                type="radio"
                name="coupon"
                checked={couponCode === c.code}
                onChange={() => {
                  setCouponCode(c.code);
                  edit("coupon");
                  edit("points");
                }}
                data-testid="purchase-coupon"
              />
              <span>
                {c.name}{" "}
                <span class="muted small">
                  ({couponValue(c)}
                  {c.minSpend > 0 ? ` · ${t("coupons.minSpend", { amount: fmtMoney(c.minSpend) })}` : ""})
                </span>
                {gap ? (
                  <span class="small block coupon-gap" data-testid="purchase-coupon-gap">
                    {ts("purchase.couponShort", { amount: fmtMoney(gap) })}
                  </span>
                ) : null}
              </span>
            </label>
          );
        })}
        {errors.coupon ? (
          <p class="field-error" id="p-coupon-error" role="alert" data-testid="purchase-coupon-error">
            {errors.coupon}
          </p>
        ) : null}
      </fieldset>
      <NumberField
        id="p-points"
        label={t("purchase.points")}
        value={pointsText}
        placeholder="0"
        onInput={(v) => {
          setPointsText(v);
          edit("points");
        }}
        hint={
          amount === null
            ? ts("purchase.pointsHintNoAmount", { n: fmtNumber(m.points) })
            : t("purchase.pointsHint", { max: fmtNumber(cap) })
        }
        readAs={readAs(pointsR, false)}
        error={errors.points}
        testid="purchase-points"
      />
      <dl class="summary" aria-label={t("purchase.summary")}>
        <div>
          <dt>{t("purchase.amount")}</dt>
          <dd data-testid="purchase-summary-amount">{amount === null ? "—" : fmtMoney(amount)}</dd>
        </div>
        <div>
          <dt>{t("purchase.discount")}</dt>
          <dd>−{fmtMoney(discount)}</dd>
        </div>
        <div>
          <dt>{t("purchase.pointsUsed")}</dt>
          <dd>−{fmtMoney(points ?? 0)}</dd>
        </div>
        <div class="total">
          <dt>{t("purchase.paid")}</dt>
          <dd data-testid="purchase-paid">{paid === null ? "—" : fmtMoney(paid)}</dd>
        </div>
        <div class="earn">
          <dt>{t("purchase.willEarn")}</dt>
          <dd data-testid="purchase-earn">
            {paid !== null
              ? `+${fmtNumber(pointsFor(m.earn, paid))} ${t("card.pointsUnit")}`
              : amount === null
                ? ts("purchase.earnUnknown")
                : "—"}
          </dd>
        </div>
      </dl>
      {formError ? (
        <div data-testid="purchase-error">
          <ErrorBox message={formError} />
        </div>
      ) : null}
      <Button type="submit" busy={busy} testid="purchase-submit">
        {busy ? t("purchase.submitting") : t("purchase.submit")}
      </Button>
      <Button kind="ghost" onClick={props.onBack}>
        {t("app.back")}
      </Button>
    </form>
  );
}

/** A refusal from the server, said next to the field it is about. */
function refusalOf(err: ApiError, amount: number): { field: Field; message: string } | null {
  const d = (err.details ?? {}) as { max?: unknown; available?: unknown; minSpend?: unknown };
  const num = (v: unknown) => (typeof v === "number" ? v : 0);
  const r = apiRefusal(err.details);
  const field = r ? API_FIELD[r.field] : undefined;
  if (r && field && field !== "coupon")
    return { field, message: wholeMessage(field === "amount" ? "money" : "points", r) };
  switch (err.reason) {
    case "TOO_MANY_POINTS":
      return {
        field: "points",
        message: wholeMessage("points", { reason: "TOO_LARGE", min: 0, max: num(d.max) }),
      };
    case "NOT_ENOUGH_POINTS":
      return {
        field: "points",
        message: ts("purchase.err.notEnoughPoints", { n: fmtNumber(num(d.available)) }),
      };
    case "MIN_SPEND_NOT_MET":
      return {
        field: "coupon",
        message: ts("purchase.err.minSpend", { min: fmtMoney(num(d.minSpend)), amount: fmtMoney(amount) }),
      };
  }
  const coupon = COUPON_REASONS.find((x) => x === err.reason);
  return coupon ? { field: "coupon", message: t(`redeem.${coupon}`) } : null;
}
