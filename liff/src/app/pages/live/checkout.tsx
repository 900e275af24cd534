import { useEffect, useState } from "preact/hooks";
import { ApiError, api, type Schemas } from "../../api";
import { config } from "../../config";
import { fmtDateTime, t, useLang } from "../../i18n";
import { Icon } from "../../ui/icons";
import { Button, ErrorBox, Notice, Page, Spinner, TopBar } from "../../ui/kit";
import { useData, useOnReopen } from "../../use-data";
import { CheckoutForm, type Delivery } from "./checkout-form";
import { EarlierOrders, NewCartNote } from "./earlier-orders";
import { type Order, reservedLines, timeLeft } from "./format";
import { LiveIcon } from "./live-icons";
import { tl } from "./messages";
import { OrderStatus } from "./order-status";
import "./live.css";

type Cart = Schemas["LiveCart"];
type Sale = Cart["sale"];

/**
 * 直播結帳 (`/live/{saleId}`, the link in the bot's confirmation): the buyer's cart in a "+1" sale,
 * pickup or delivery, payment method, confirm; then the order and how to pay. A confirmed, paid,
 * cancelled or expired order shows its status instead. A buyer who adds after checking out has a
 * new cart here, and their earlier orders' status below it.
 */
export default function LiveCheckoutPage(props: { params: Record<string, string>; query: URLSearchParams }) {
  useLang();
  const saleId = props.params.saleId ?? "";
  const data = useData(
    () =>
      Promise.all([
        api("get", "/api/me/lives/{id}/cart", { path: { id: saleId } }),
        // Only to mark the member's own store among the pickup stores.
        api("get", "/api/me").catch(() => null),
      ]).then(([cart, me]) => ({ cart, homeStoreId: me?.member.homeStore?.id ?? null })),
    [saleId],
  );
  const [placed, setPlaced] = useState<{ order: Order; delivery: Delivery | null } | null>(null);
  useOnReopen(data.reload);

  const cart = data.data?.cart;
  // Just placed: that answer, until a refresh (LINE reopened) brings a newer status.
  const order =
    cart?.order && cart.order.status !== "cart" ? cart.order : (placed?.order ?? cart?.order ?? null);
  const checkingOut = !!cart && order?.status === "cart" && order.lines.length > 0;
  let body: preact.JSX.Element;
  if (!cart && data.loading) body = <Spinner />;
  else if (!cart && data.error instanceof ApiError && data.error.status === 404)
    body = (
      <Notice
        icon="alert"
        tone="warn"
        title={tl("live.notFound")}
        body={tl("live.notFoundBody")}
        testid="live-missing"
      >
        <Button to="/member" kind="secondary">
          {t("bind.toCard")}
        </Button>
      </Notice>
    );
  else if (!cart) body = <ErrorBox message={t("app.error")} onRetry={data.reload} />;
  else if (!order || (order.status === "cart" && order.lines.length === 0))
    body = <NoOrder sale={cart.sale} />;
  else if (order.status !== "cart")
    body = (
      <>
        {order.status === "cancelled" || order.status === "expired" ? <SaleHero sale={cart.sale} /> : null}
        <OrderStatus
          order={order}
          sale={cart.sale}
          stores={cart.stores}
          justPlaced={!!placed}
          delivery={placed?.delivery ?? null}
        />
      </>
    );
  else
    body = (
      <>
        {props.query.get("claimed") ? (
          <p class="success-banner" role="status" data-testid="claimed">
            <Icon name="check" /> {tl("live.claimed")}
          </p>
        ) : null}
        <SaleHero sale={cart.sale} expiresAt={order.expiresAt} />
        <NewCartNote orders={cart.otherOrders} />
        {cart.sale.status === "closed" && reservedLines(order).length > 0 ? (
          <p class="notice-inline">{tl("live.closedNote")}</p>
        ) : null}
        <CheckoutForm
          saleId={saleId}
          cart={cart}
          order={order}
          homeStoreId={data.data?.homeStoreId ?? null}
          onPlaced={(o, delivery) => {
            setPlaced({ order: o, delivery });
            // The confirmation starts at the top, and screen readers start there too.
            window.scrollTo(0, 0);
            requestAnimationFrame(() => document.getElementById("main")?.focus({ preventScroll: true }));
          }}
          onStale={data.reload}
        />
      </>
    );
  return (
    <div class="shell">
      <TopBar title={checkingOut || !order ? tl("live.checkout") : tl("live.order")} />
      <Page testid="live-checkout" class={checkingOut ? "with-checkout-bar" : ""}>
        {body}
        {cart ? <EarlierOrders orders={cart.otherOrders} /> : null}
      </Page>
    </div>
  );
}

/** The sale and how long the cart is held, counting down. */
export function SaleHero(props: { sale: Sale; expiresAt?: string }) {
  const now = useNow(30_000);
  const left = props.expiresAt ? timeLeft(props.expiresAt, now) : null;
  return (
    <section class="live-hero" aria-labelledby="sale-title">
      <div class="live-hero-top">
        <span class={props.sale.status === "open" ? "live-pill on" : "live-pill"}>LIVE</span>
        <span class="live-state">{tl(`live.${props.sale.status}`)}</span>
        <span class="live-brand">{config.brand}</span>
      </div>
      <h2 id="sale-title" class="live-title" data-testid="sale-title">
        {props.sale.title}
      </h2>
      {props.expiresAt ? (
        <p class={left ? "hold-chip" : "hold-chip over"} data-testid="hold">
          <LiveIcon name="clock" size={16} />
          {left ? (
            <>
              <span>{tl("live.holdUntil", { time: fmtDateTime(props.expiresAt) })}</span>
              <strong>{tl("live.holdLeft", { h: left.hours, m: left.minutes })}</strong>
            </>
          ) : (
            <span>{tl("live.holdOver")}</span>
          )}
        </p>
      ) : null}
    </section>
  );
}

function NoOrder(props: { sale: Sale }) {
  const s = props.sale.status;
  const [title, body] =
    s === "draft"
      ? [tl("live.draft"), tl("live.draftBody")]
      : s === "closed"
        ? [tl("live.ended"), tl("live.endedBody")]
        : [tl("live.empty"), tl("live.emptyBody")];
  return (
    <>
      <SaleHero sale={props.sale} />
      <Notice icon="chat" title={title} body={body} testid="live-empty">
        <Button to="/member" kind="secondary">
          {t("bind.toCard")}
        </Button>
      </Notice>
    </>
  );
}

/** The current time, refreshed every `ms` (the hold countdown). */
function useNow(ms: number): number {
  const [now, setNow] = useState(Date.now);
  useEffect(() => {
    const id = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(id);
  }, [ms]);
  return now;
}
