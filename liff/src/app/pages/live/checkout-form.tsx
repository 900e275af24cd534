import { useRef, useState } from "preact/hooks";
import { apiErrorText } from "../../../i18n/error-text";
import { ApiError, api, type Schemas } from "../../api";
import { fmtMoney, fmtNumber, lang, t } from "../../i18n";
import { Icon } from "../../ui/icons";
import { Button, ErrorBox } from "../../ui/kit";
import { useData } from "../../use-data";
import { parseWhole, type Whole } from "../../whole-number";
import { looksLikePhone } from "../member/validate";
import { ReservedLines, WaitlistedLines } from "./cart-lines";
import { Choice, TextField } from "./checkout-controls";
import { discountRefusal, pointsMessage } from "./checkout-refusals";
import { couponBlocked, Discounts, loadWallet } from "./discounts";
import { couponDiscount, type Order, pointsCap, reservedLines, unitCount, waitlistedLines } from "./format";
import { LiveIcon } from "./live-icons";
import { tl } from "./messages";
import { PriceSummary } from "./price-summary";

type Cart = Schemas["LiveCart"];
type Fulfilment = "pickup" | "delivery";
type Payment = "bank_transfer" | "pay_at_pickup";
type Field = "store" | "name" | "phone" | "address" | "coupon" | "points";

/** Shared with the order after checkout (order-status.tsx imports it from here). */
export { PriceSummary };

export type Delivery = { name: string; phone: string; address: string };

/**
 * The cart and the checkout form: lines (waitlisted ones apart, with their place in the queue),
 * store pickup (the member's store first) or delivery, payment, a coupon and points (members), and
 * a bar with the total and the confirm button. A double tap sends once; the server answers a
 * repeat with the same order anyway. The server decides the discount; the page previews it.
 */
export function CheckoutForm(props: {
  saleId: string;
  cart: Cart;
  order: Order;
  homeStoreId: string | null;
  onPlaced: (order: Order, delivery: Delivery | null) => void;
  onStale: () => void;
}) {
  const { cart, order } = props;
  const reserved = reservedLines(order);
  const waiting = waitlistedLines(order);
  const [fulfilment, setFulfilment] = useState<Fulfilment>("pickup");
  const [storeId, setStoreId] = useState(cart.defaultPickupStoreId ?? "");
  const [payment, setPayment] = useState<Payment>("bank_transfer");
  const [delivery, setDelivery] = useState<Delivery>({ name: "", phone: "", address: "" });
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const sending = useRef(false);
  const prefilled = useRef(false);
  const [couponCode, setCouponCode] = useState("");
  const [pointsText, setPointsText] = useState("");
  const member = !!order.memberId;
  const wallet = useData(() => (member ? loadWallet() : Promise.resolve(null)), [member]);
  // The member's own store first, then the rest in the server's order.
  const stores = [...cart.stores].sort(
    (a, b) => Number(b.id === props.homeStoreId) - Number(a.id === props.homeStoreId),
  );

  const choose = (f: Fulfilment) => {
    setFulfilment(f);
    setErrors({});
    if (f !== "delivery") return;
    if (payment === "pay_at_pickup") setPayment("bank_transfer");
    if (prefilled.current) return;
    prefilled.current = true;
    // Name and mobile from the member's profile, if they gave them.
    api("get", "/api/me/profile")
      .then((p) =>
        setDelivery((d) => ({
          ...d,
          name: d.name || p.name || "",
          phone: d.phone || (p.phone ?? "").replace(/^\+886/, "0"),
        })),
      )
      .catch(() => undefined);
  };

  const total = reserved.reduce((n, l) => n + l.price * l.qty, 0);
  // A coupon that is gone from the list (used elsewhere meanwhile) or that this order cannot use counts as none.
  const coupon = wallet.data?.coupons.find((c) => c.code === couponCode && !couponBlocked(c, total));
  const discount = couponDiscount(coupon, total);
  const maxPoints = pointsCap(wallet.data?.points ?? 0, total, discount);
  // Read strictly ("-5" and "12.5" are refused, never read as 5 or 125), against the cap.
  const pointsR: Whole =
    wallet.data && wallet.data.points > 0 && pointsText.trim() !== ""
      ? parseWhole(pointsText, { max: maxPoints })
      : { ok: true, value: 0, readAs: false };
  const points = pointsR.ok ? pointsR.value : 0;
  const pointsError = pointsR.ok ? undefined : pointsMessage(pointsR);
  // Points the field refuses are not applied (it says why) until the buyer corrects them.
  const payable = total - discount - points;
  const fieldErrors = { ...errors, points: errors.points ?? pointsError };
  const pointsReadAs =
    pointsR.ok && pointsR.readAs ? tl("live.pointsReadAs", { n: fmtNumber(pointsR.value) }) : null;
  const clear = (f: Field) => setErrors(({ [f]: _, ...rest }) => rest);

  const submit = async (e: Event) => {
    e.preventDefault();
    if (sending.current) return;
    const errs: Partial<Record<Field, string>> = {};
    if (fulfilment === "pickup" && !stores.some((s) => s.id === storeId)) errs.store = tl("live.err.store");
    if (fulfilment === "delivery") {
      if (!delivery.name.trim()) errs.name = t("profile.err.name");
      if (!looksLikePhone(delivery.phone)) errs.phone = t("profile.err.phone");
      if (delivery.address.trim().length < 5) errs.address = tl("live.err.address");
    }
    setErrors(errs);
    setFailure(null);
    // A refused points value is already said beside the field, as the buyer types.
    const first = Object.keys(errs)[0] ?? (pointsError ? "points" : undefined);
    if (first) {
      document.getElementById(`f-${first}`)?.focus();
      return;
    }
    sending.current = true;
    setBusy(true);
    const sent = {
      name: delivery.name.trim(),
      phone: delivery.phone.trim(),
      address: delivery.address.trim(),
    };
    try {
      const placed = await api("post", "/api/me/lives/{id}/cart/confirm", {
        path: { id: props.saleId },
        body: {
          ...(fulfilment === "pickup"
            ? { fulfilment, pickupStoreId: storeId, paymentMethod: payment }
            : { fulfilment, delivery: sent, paymentMethod: payment }),
          ...(coupon ? { couponCode: coupon.code } : {}),
          ...(points > 0 ? { pointsToUse: points } : {}),
        },
      });
      props.onPlaced(placed, fulfilment === "delivery" ? sent : null);
    } catch (err) {
      const refusal = err instanceof ApiError ? discountRefusal(err) : null;
      const after =
        err instanceof ApiError ? (err.details as { status?: string } | undefined)?.status : undefined;
      if (refusal) {
        // Said next to the field it is about; the balance and coupons are read again.
        setErrors({ [refusal.field]: refusal.message });
        wallet.reload();
        document.getElementById(`f-${refusal.field}`)?.focus();
      } else if (err instanceof ApiError && err.status === 409 && after && after !== "cart") {
        props.onStale(); // expired or cancelled meanwhile: the page shows what happened
      } else if (err instanceof ApiError && err.status === 409) {
        // Nothing left to check out, the cart changed, or the points moved: the server says which.
        setFailure(apiErrorText(err, lang()));
        props.onStale();
        wallet.reload();
      } else if (err instanceof ApiError && (err.status === 400 || err.status === 422)) {
        setFailure(apiErrorText(err, lang()));
      } else setFailure(t("app.error"));
    } finally {
      sending.current = false;
      setBusy(false);
    }
  };

  return (
    <form class="checkout" onSubmit={submit} noValidate data-testid="checkout-form">
      <section class="panel" aria-labelledby="items-title">
        <h2 id="items-title" class="panel-title">
          {tl("live.items")}
        </h2>
        {reserved.length ? <ReservedLines lines={reserved} /> : null}
        {waiting.length ? (
          <div class="waitlist-block" data-testid="waitlist">
            <h3 class="waitlist-title">{tl("live.waitlist")}</h3>
            <WaitlistedLines lines={waiting} />
            <p class="waitlist-note">
              <Icon name="alert" size={16} />
              <span>{reserved.length ? tl("live.waitlistNote") : tl("live.onlyWaitlist")}</span>
            </p>
          </div>
        ) : null}
      </section>

      {reserved.length ? (
        <>
          <fieldset class="panel option-group">
            <legend class="panel-title">{tl("live.fulfilment")}</legend>
            <div class="option-pair">
              <Choice
                name="fulfilment"
                checked={fulfilment === "pickup"}
                onChange={() => choose("pickup")}
                icon={<Icon name="store" />}
                title={tl("live.pickup")}
                hint={tl("live.pickupHint")}
                testid="fulfilment-pickup"
              />
              <Choice
                name="fulfilment"
                checked={fulfilment === "delivery"}
                onChange={() => choose("delivery")}
                icon={<LiveIcon name="truck" />}
                title={tl("live.delivery")}
                hint={tl("live.deliveryHint")}
                testid="fulfilment-delivery"
              />
            </div>
            {fulfilment === "pickup" ? (
              <div class={errors.store ? "field has-error" : "field"}>
                <p class="field-label" id="store-label">
                  {tl("live.store")}
                </p>
                <div class="store-list" role="radiogroup" aria-labelledby="store-label">
                  {stores.map((s, i) => (
                    <label key={s.id} class={storeId === s.id ? "store-option selected" : "store-option"}>
                      <input
                        id={i === 0 ? "f-store" : undefined}
                        type="radio"
                        name="store"
                        value={s.id}
                        checked={storeId === s.id}
                        onChange={() => setStoreId(s.id)}
                        aria-describedby={errors.store ? "f-store-error" : undefined}
                        data-testid="store-option"
                      />
                      <span class="grow">
                        <span class="store-name">
                          {s.name}
                          {s.id === props.homeStoreId ? (
                            <span class="home-badge">{tl("live.homeStore")}</span>
                          ) : null}
                        </span>
                        <span class="muted small">{s.address}</span>
                      </span>
                    </label>
                  ))}
                </div>
                {errors.store ? (
                  <p class="field-error" id="f-store-error" role="alert">
                    {errors.store}
                  </p>
                ) : null}
              </div>
            ) : (
              <div class="form delivery-fields">
                <TextField
                  id="name"
                  label={tl("live.recipient")}
                  value={delivery.name}
                  onInput={(v) => setDelivery((d) => ({ ...d, name: v }))}
                  error={errors.name}
                  autoComplete="name"
                  maxLength={50}
                />
                <TextField
                  id="phone"
                  label={t("profile.phone")}
                  value={delivery.phone}
                  onInput={(v) => setDelivery((d) => ({ ...d, phone: v }))}
                  error={errors.phone}
                  autoComplete="tel"
                  maxLength={20}
                  type="tel"
                  hint={t("profile.phoneHint")}
                />
                <TextField
                  id="address"
                  label={tl("live.address")}
                  value={delivery.address}
                  onInput={(v) => setDelivery((d) => ({ ...d, address: v }))}
                  error={errors.address}
                  autoComplete="street-address"
                  maxLength={200}
                  hint={tl("live.addressHint")}
                />
              </div>
            )}
          </fieldset>

          <fieldset class="panel option-group">
            <legend class="panel-title">{tl("live.payment")}</legend>
            <Choice
              name="payment"
              checked={payment === "bank_transfer"}
              onChange={() => setPayment("bank_transfer")}
              icon={<LiveIcon name="bank" />}
              title={tl("live.bank")}
              hint={tl("live.bankHint")}
              testid="payment-bank"
            />
            <Choice
              name="payment"
              checked={payment === "pay_at_pickup"}
              onChange={() => setPayment("pay_at_pickup")}
              icon={<LiveIcon name="wallet" />}
              title={tl("live.payAtPickup")}
              hint={fulfilment === "pickup" ? tl("live.payAtPickupHint") : tl("live.pickupOnly")}
              disabled={fulfilment !== "pickup"}
              testid="payment-pickup"
            />
          </fieldset>

          <Discounts
            member={member}
            wallet={wallet}
            subtotal={total}
            couponCode={coupon?.code ?? ""}
            onCoupon={(code) => {
              setCouponCode(code);
              clear("coupon");
            }}
            pointsText={pointsText}
            onPoints={(text) => {
              setPointsText(text);
              clear("points");
            }}
            maxPoints={maxPoints}
            pointsReadAs={pointsReadAs}
            errors={fieldErrors}
          />

          <section class="panel" aria-label={tl("live.total")}>
            <PriceSummary
              subtotal={total}
              units={unitCount(reserved)}
              discount={discount}
              points={points}
              total={payable}
              testid="checkout-subtotal"
            />
          </section>
          {failure ? <ErrorBox message={failure} /> : null}

          <div class="checkout-bar">
            <div class="checkout-bar-total">
              <span>{tl("live.total")}</span>
              <strong data-testid="checkout-total">{fmtMoney(payable)}</strong>
            </div>
            <Button type="submit" block={false} busy={busy} testid="checkout-confirm">
              {busy ? tl("live.confirming") : tl("live.confirm")}
            </Button>
          </div>
        </>
      ) : null}
    </form>
  );
}
