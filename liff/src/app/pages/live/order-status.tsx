import { useState } from "preact/hooks";
import type { Schemas } from "../../api";
import { config } from "../../config";
import { fmtMoney, t } from "../../i18n";
import { Icon } from "../../ui/icons";
import { Button, Notice } from "../../ui/kit";
import { ReservedLines } from "./cart-lines";
import { type Delivery, PriceSummary } from "./checkout-form";
import { type Order, orderNumber, reservedLines, unitCount } from "./format";
import { LiveIcon } from "./live-icons";
import { tl } from "./messages";

type Cart = Schemas["LiveCart"];

/** A placeholder account for the sandbox only: there is no brand bank account in the API yet. */
const DEMO_ACCOUNT = { account: "1234-5678-9012", holder: () => config.brand };

/**
 * The order after checkout: number, total, progress, how to pay (bank transfer or at pickup),
 * where it goes, what is in it. A cancelled or expired order says so and what to do next.
 */
export function OrderStatus(props: {
  order: Order;
  sale: Cart["sale"];
  stores: Cart["stores"];
  justPlaced: boolean;
  delivery: Delivery | null;
}) {
  const o = props.order;
  if (o.status === "cancelled" || o.status === "expired")
    return (
      <Notice
        icon="alert"
        tone="warn"
        title={tl(`live.status.${o.status}`)}
        body={o.status === "cancelled" ? tl("live.cancelledBody") : tl("live.expiredBody")}
        testid="order-closed"
      >
        <p class="muted small">
          {tl("live.orderNo")} {orderNumber(o.id)}
        </p>
        {o.status === "expired" && props.sale.status === "open" ? <p>{tl("live.expiredOpen")}</p> : null}
        <Button to="/member" kind="secondary">
          {t("bind.toCard")}
        </Button>
      </Notice>
    );

  const lines = reservedLines(o);
  const atPickup = o.paymentMethod === "pay_at_pickup";
  const store = props.stores.find((s) => s.id === o.pickupStoreId);
  const title =
    o.status === "paid" || o.status === "picked_up" ? tl(`live.status.${o.status}`) : tl("live.placed");
  return (
    <>
      <section class="order-hero" data-testid="order-placed" aria-labelledby="order-title">
        <span class="order-hero-icon" aria-hidden="true">
          <Icon name="check" size={32} />
        </span>
        <h2 id="order-title">{title}</h2>
        {props.justPlaced ? <p>{tl("live.thanks")}</p> : null}
        <dl class="order-facts">
          <div>
            <dt>{tl("live.orderNo")}</dt>
            <dd data-testid="order-number">{orderNumber(o.id)}</dd>
          </div>
          <div>
            <dt>{tl("live.total")}</dt>
            <dd data-testid="order-total">{fmtMoney(o.total)}</dd>
          </div>
        </dl>
        <p class="order-sale">{props.sale.title}</p>
      </section>

      <Steps status={o.status} atPickup={atPickup} delivery={o.fulfilment === "delivery"} />

      {o.status === "confirmed" ? (
        atPickup ? (
          <section class="panel pay-panel" data-testid="pay-at-pickup">
            <h2 class="panel-title">
              <LiveIcon name="wallet" /> {tl("live.payAtPickupTitle", { amount: fmtMoney(o.total) })}
            </h2>
            <p class="muted">{tl("live.payAtPickupBody")}</p>
          </section>
        ) : (
          <BankTransfer total={o.total} />
        )
      ) : o.status === "paid" ? (
        <p class="success-banner" role="status">
          <Icon name="check" /> {tl("live.paidBody")}
        </p>
      ) : null}

      <section class="panel" aria-labelledby="where-title">
        <h2 id="where-title" class="panel-title">
          {o.fulfilment === "delivery" ? tl("live.delivery") : tl("live.store")}
        </h2>
        {o.fulfilment === "delivery" ? (
          <div class="place" data-testid="order-where">
            <LiveIcon name="truck" />
            {props.delivery ? (
              <span class="grow">
                <strong>
                  {props.delivery.name} · {props.delivery.phone}
                </strong>
                <span class="muted small">{props.delivery.address}</span>
              </span>
            ) : (
              <span class="grow">{tl("live.deliveryHint")}</span>
            )}
          </div>
        ) : (
          <div class="place" data-testid="order-where">
            <Icon name="store" />
            <span class="grow">
              <strong>{store?.name ?? "—"}</strong>
              <span class="muted small">{store?.address}</span>
            </span>
          </div>
        )}
      </section>

      <section class="panel" aria-labelledby="order-items">
        <h2 id="order-items" class="panel-title">
          {tl("live.items")} <span class="muted small">{tl("live.count", { n: unitCount(lines) })}</span>
        </h2>
        <ReservedLines lines={lines} />
        <PriceSummary
          subtotal={o.subtotal}
          units={unitCount(lines)}
          discount={o.discount}
          points={o.pointsUsed}
          total={o.total}
          testid="order-summary-total"
        />
      </section>
      <Button to="/member" kind="secondary">
        {t("bind.toCard")}
      </Button>
    </>
  );
}

/** 訂單成立 → 已付款 → 已取貨 (or 已完成 for delivery); paying at pickup is one step. */
function Steps(props: { status: Order["status"]; atPickup: boolean; delivery: boolean }) {
  const labels = props.atPickup
    ? [tl("live.step.placed"), tl("live.step.payAtPickup")]
    : [
        tl("live.step.placed"),
        tl("live.step.paid"),
        props.delivery ? tl("live.step.done") : tl("live.step.pickedUp"),
      ];
  const reached = props.status === "picked_up" ? labels.length - 1 : props.status === "paid" ? 1 : 0;
  return (
    <ol class="steps" aria-label={tl("live.progress")} data-testid="order-steps">
      {labels.map((label, i) => (
        <li key={label} class={i <= reached ? "done" : ""} aria-current={i === reached ? "step" : undefined}>
          <span class="step-dot" aria-hidden="true">
            {i <= reached ? <Icon name="check" size={14} /> : i + 1}
          </span>
          <span>{label}</span>
        </li>
      ))}
    </ol>
  );
}

/** How to pay by transfer. The sandbox shows a labelled example account; production has none yet. */
function BankTransfer(props: { total: number }) {
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    await navigator.clipboard?.writeText(DEMO_ACCOUNT.account.replace(/-/g, "")).catch(() => undefined);
    setCopied(true);
  };
  return (
    <section class="panel pay-panel" data-testid="bank-transfer">
      <h2 class="panel-title">
        <LiveIcon name="bank" /> {tl("live.bankTitle", { amount: fmtMoney(props.total) })}
      </h2>
      {config.sandbox ? (
        <div class="bank-box" data-testid="bank-example">
          <p class="example-tag">{tl("live.bankExample")}</p>
          <dl>
            <div>
              <dt>{tl("live.bankName")}</dt>
              <dd>{tl("live.bankDemo")}</dd>
            </div>
            <div>
              <dt>{tl("live.bankAccount")}</dt>
              <dd class="mono">{DEMO_ACCOUNT.account}</dd>
            </div>
            <div>
              <dt>{tl("live.bankHolder")}</dt>
              <dd>{DEMO_ACCOUNT.holder()}</dd>
            </div>
          </dl>
          <Button kind="ghost" block={false} onClick={copy}>
            <Icon name="copy" size={18} /> {copied ? tl("live.copied") : tl("live.copy")}
          </Button>
        </div>
      ) : (
        <p>{tl("live.bankLater", { brand: config.brand })}</p>
      )}
      <p class="muted small">{tl("live.bankBody")}</p>
    </section>
  );
}
