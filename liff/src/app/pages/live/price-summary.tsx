import { fmtMoney, fmtNumber } from "../../i18n";
import { tl } from "./messages";

/** Subtotal, coupon, points and what is left to pay; shared with the order after checkout. */
export function PriceSummary(props: {
  subtotal: number;
  units: number;
  discount: number;
  points: number;
  total: number;
  testid: string;
}) {
  return (
    <dl class="summary">
      <div>
        <dt>{tl("live.subtotal", { n: props.units })}</dt>
        <dd>{fmtMoney(props.subtotal)}</dd>
      </div>
      {props.discount > 0 ? (
        <div class="minus">
          <dt>{tl("live.couponDiscount")}</dt>
          <dd data-testid="summary-discount">−{fmtMoney(props.discount)}</dd>
        </div>
      ) : null}
      {props.points > 0 ? (
        <div class="minus">
          <dt>{tl("live.pointsUsed", { n: fmtNumber(props.points) })}</dt>
          <dd data-testid="summary-points">−{fmtMoney(props.points)}</dd>
        </div>
      ) : null}
      <div class="total">
        <dt>{tl("live.total")}</dt>
        <dd data-testid={props.testid}>{fmtMoney(props.total)}</dd>
      </div>
    </dl>
  );
}
