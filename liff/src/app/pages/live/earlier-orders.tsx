import { fmtMoney, pageMessages } from "../../i18n";
import { type Order, orderNumber, reservedLines, unitCount } from "./format";
import { tl } from "./messages";

/** This section's strings (zh-TW, English). */
const te = pageMessages(
  {
    title: "本場的其他訂單",
    newCart: "您先前的訂單已結帳，這是新的購物車，請另外結帳。",
    cart: "購物車",
    units: "{n} 件",
  },
  {
    title: "Your other orders in this sale",
    newCart: "Your earlier order is checked out: this is a new cart, checked out on its own.",
    cart: "Cart",
    units: "{n} items",
  },
);

const CHECKED_OUT = ["confirmed", "paid", "picked_up"];

/** 加購 after checkout: above a new cart, that the order checked out before stands on its own. */
export function NewCartNote(props: { orders: Order[] }) {
  if (!props.orders.some((o) => CHECKED_OUT.includes(o.status))) return null;
  return (
    <p class="notice-inline" data-testid="new-cart">
      {te("newCart")}
    </p>
  );
}

/** The buyer's other orders in the sale (newest first) with their status, below the page's one. */
export function EarlierOrders(props: { orders: Order[] }) {
  if (props.orders.length === 0) return null;
  return (
    <section class="panel earlier-orders" aria-labelledby="earlier-title" data-testid="earlier-orders">
      <h2 id="earlier-title" class="panel-title">
        {te("title")}
      </h2>
      <ul class="earlier-list">
        {props.orders.map((o) => (
          <li key={o.id} data-testid="earlier-order">
            <span class="grow">
              <strong>{orderNumber(o.id)}</strong>
              <span class="muted small">{te("units", { n: unitCount(reservedLines(o)) })}</span>
            </span>
            <span class="earlier-status" data-status={o.status}>
              {o.status === "cart" ? te("cart") : tl(`live.status.${o.status}`)}
            </span>
            <span class="earlier-total">{fmtMoney(o.total || o.subtotal)}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
