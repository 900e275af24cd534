import type { Schemas } from "../../api";
import { fmtDate, fmtMoney, t } from "../../i18n";

export type Coupon = Schemas["MemberCoupon"];

/** "折 NT$100" / "9 折" (zh-TW) or "NT$100 off" / "10% off". */
export function couponValue(c: Pick<Coupon, "kind" | "value">): string {
  if (c.kind === "amount") return t("coupons.amountOff", { amount: fmtMoney(c.value) });
  const discount = (100 - c.value) % 10 === 0 ? String((100 - c.value) / 10) : String(100 - c.value);
  return t("coupons.percentOff", { percent: c.value, discount });
}

/** The ticket: value, name, conditions, channel and date. */
export function CouponTicket(props: { coupon: Coupon; status: "available" | "used" | "expired" }) {
  const c = props.coupon;
  return (
    <div class={`ticket ticket-${props.status}`}>
      <div class="ticket-value">{couponValue(c)}</div>
      <div class="ticket-body">
        <strong class="ticket-name">{c.name}</strong>
        <span class="small">
          {c.minSpend > 0 ? t("coupons.minSpend", { amount: fmtMoney(c.minSpend) }) : t("coupons.noMin")}
        </span>
        <span class="small muted">
          {t(`coupons.channel.${c.channel}` as "coupons.channel.both")} ·{" "}
          {props.status === "used" && c.redeemedAt
            ? t("coupons.usedAt", { date: fmtDate(c.redeemedAt) })
            : t("coupons.until", { date: fmtDate(c.expiresAt) })}
        </span>
      </div>
    </div>
  );
}
