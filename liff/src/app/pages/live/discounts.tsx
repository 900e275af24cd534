import { api, type Schemas } from "../../api";
import { fmtDate, fmtMoney, fmtNumber, t } from "../../i18n";
import { Icon } from "../../ui/icons";
import { Button, ErrorBox } from "../../ui/kit";
import type { Data } from "../../use-data";
import { couponValue } from "../member/coupon-view";
import { tl } from "./messages";

type Coupon = Schemas["MemberCoupon"];
/** What the member can take off an order: their points balance and available coupons. */
export type Wallet = { points: number; coupons: Coupon[] };

export const loadWallet = (): Promise<Wallet> =>
  Promise.all([
    api("get", "/api/me/card"),
    api("get", "/api/me/coupons", { query: { status: "available" } }),
  ]).then(([card, list]) => ({ points: card.points, coupons: list.coupons }));

/** Why a coupon cannot be used on this order (store only, below its minimum spend), or null. */
export function couponBlocked(c: Coupon, subtotal: number): string | null {
  if (c.channel === "store") return t("coupons.channel.store");
  if (subtotal < c.minSpend) return tl("live.couponShort", { amount: fmtMoney(c.minSpend - subtotal) });
  return null;
}

/** The coupons this order can use first (in the server's order), then the others with why not. */
const usableFirst = (coupons: Coupon[], subtotal: number) =>
  coupons
    .map((coupon) => ({ coupon, blocked: couponBlocked(coupon, subtotal) }))
    .sort((a, b) => Number(!!a.blocked) - Number(!!b.blocked));

/**
 * 優惠與點數: a coupon picker (ones this order cannot use are shown disabled, with why) and points
 * used as cash (1 point = NT$1) with "use max". Orders not linked to a member get a hint instead.
 */
export function Discounts(props: {
  member: boolean;
  wallet: Data<Wallet | null>;
  subtotal: number;
  couponCode: string;
  onCoupon: (code: string) => void;
  pointsText: string;
  onPoints: (text: string) => void;
  maxPoints: number;
  pointsReadAs: string | null;
  errors: { coupon?: string | undefined; points?: string | undefined };
}) {
  if (!props.member)
    return (
      <section class="panel member-only" data-testid="discounts-member-only" aria-labelledby="disc-title">
        <h2 id="disc-title" class="panel-title">
          <Icon name="coupon" /> {tl("live.memberOnly")}
        </h2>
        <p class="muted small">{tl("live.memberOnlyBody")}</p>
        <Button to="/member" kind="secondary" block={false}>
          {t("bind.toCard")}
        </Button>
      </section>
    );
  const w = props.wallet.data;
  const { errors } = props;
  return (
    <section class="panel discounts" data-testid="discounts" aria-labelledby="disc-title">
      <h2 id="disc-title" class="panel-title">
        {tl("live.discounts")}
      </h2>
      {!w && props.wallet.error ? (
        <ErrorBox message={tl("live.walletError")} onRetry={props.wallet.reload} />
      ) : !w ? (
        <p class="muted small">{t("app.loading")}</p>
      ) : w.coupons.length === 0 && w.points <= 0 ? (
        <p class="muted small" data-testid="discounts-empty">
          {tl("live.nothingToUse")}
        </p>
      ) : (
        <>
          <fieldset
            class={errors.coupon ? "field has-error" : "field"}
            aria-describedby={errors.coupon ? "f-coupon-error" : undefined}
          >
            <legend>{tl("live.coupon")}</legend>
            {w.coupons.length === 0 ? (
              <p class="muted small" data-testid="no-coupons">
                {tl("live.noCoupons")}
              </p>
            ) : (
              <div class="coupon-list">
                <label class={props.couponCode ? "coupon-option none" : "coupon-option none selected"}>
                  <input
                    id="f-coupon"
                    type="radio"
                    name="coupon"
                    checked={!props.couponCode}
                    onChange={() => props.onCoupon("")}
                  />
                  <span>{tl("live.noCoupon")}</span>
                </label>
                {usableFirst(w.coupons, props.subtotal).map(({ coupon: c, blocked }) => (
                  <CouponOption
                    key={c.code}
                    coupon={c}
                    blocked={blocked}
                    checked={props.couponCode === c.code}
                    onChange={() => props.onCoupon(c.code)}
                  />
                ))}
              </div>
            )}
            {errors.coupon ? (
              <p class="field-error" id="f-coupon-error" role="alert" data-testid="coupon-error">
                {errors.coupon}
              </p>
            ) : null}
          </fieldset>
          <PointsField {...props} balance={w.points} />
        </>
      )}
    </section>
  );
}

function CouponOption(props: {
  coupon: Coupon;
  blocked: string | null;
  checked: boolean;
  onChange: () => void;
}) {
  const c = props.coupon;
  const why = `why-${c.code}`;
  const cls = `coupon-option${props.checked ? " selected" : ""}${props.blocked ? " disabled" : ""}`;
  return (
    <label class={cls} data-testid="coupon-option">
      <input
        type="radio"
        name="coupon"
        value={c.code}
        checked={props.checked}
        disabled={!!props.blocked}
        onChange={props.onChange}
        aria-describedby={props.blocked ? why : undefined}
      />
      <span class="coupon-value">{couponValue(c)}</span>
      <span class="coupon-text">
        <strong>{c.name}</strong>
        <span class="coupon-meta muted small">
          <span>
            {c.minSpend > 0 ? t("coupons.minSpend", { amount: fmtMoney(c.minSpend) }) : t("coupons.noMin")}
          </span>
          <span>{t("coupons.until", { date: fmtDate(c.expiresAt) })}</span>
        </span>
        {props.blocked ? (
          <span class="coupon-why" id={why} data-testid="coupon-why">
            {props.blocked}
          </span>
        ) : null}
      </span>
    </label>
  );
}

function PointsField(props: {
  balance: number;
  pointsText: string;
  onPoints: (text: string) => void;
  maxPoints: number;
  pointsReadAs: string | null;
  errors: { points?: string | undefined };
}) {
  const error = props.errors.points;
  const described = [
    "f-points-hint",
    "f-points-cap",
    props.pointsReadAs && !error ? "f-points-read" : "",
    error ? "f-points-error" : "",
  ]
    .filter(Boolean)
    .join(" ");
  if (props.balance <= 0)
    return (
      <div class="field">
        <p class="field-label">{tl("live.points")}</p>
        <p class="muted small" data-testid="points-none">
          {tl("live.pointsNone")}
        </p>
      </div>
    );
  return (
    <div class={error ? "field has-error" : "field"}>
      <label for="f-points">{tl("live.points")}</label>
      <div class="points-row">
        <span class="points-input">
          <input
            id="f-points"
            name="points"
            inputMode="numeric"
            autoComplete="off"
            placeholder="0"
            value={props.pointsText}
            aria-invalid={error ? "true" : undefined}
            aria-describedby={described}
            data-testid="points-input"
            onInput={(e) => props.onPoints((e.target as HTMLInputElement).value)}
          />
          <span aria-hidden="true">{tl("live.pointsUnit")}</span>
        </span>
        <Button
          kind="secondary"
          block={false}
          disabled={props.maxPoints <= 0}
          onClick={() => props.onPoints(String(props.maxPoints))}
          testid="points-max"
        >
          {tl("live.pointsMax")}
        </Button>
      </div>
      {props.pointsReadAs && !error ? (
        <p class="field-hint points-read" id="f-points-read" data-testid="points-read">
          {props.pointsReadAs}
        </p>
      ) : null}
      <p class="field-hint" id="f-points-hint" data-testid="points-balance">
        {tl("live.pointsBalance", { n: fmtNumber(props.balance) })}
      </p>
      <p class="field-hint" id="f-points-cap" data-testid="points-cap">
        {tl("live.pointsCap", { n: fmtNumber(props.maxPoints) })}
      </p>
      {error ? (
        <p class="field-error" id="f-points-error" role="alert" data-testid="points-error">
          {error}
        </p>
      ) : null}
    </div>
  );
}
