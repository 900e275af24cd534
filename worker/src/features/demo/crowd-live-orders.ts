/**
 * How each order of a past sale ended (crowd-live.ts makes them): checkout, payment and pickup
 * before now or still ahead, its lines following its status, and — paid or picked up — its
 * purchase as the live feature records one (amount the subtotal, paid the total, at the pickup
 * store or the member's, credited to the member's referrer).
 */
import type { Buyer, LiveWorld, Refs } from "./crowd-live";
import type { Person } from "./crowd-people";
import { type Calendar, DAY, HOUR, MINUTE, type Rng } from "./crowd-rng";
import type { Item } from "./crowd-sales";

type Row = Record<string, unknown>;
export type Status = "cart" | "confirmed" | "paid" | "picked_up" | "cancelled" | "expired";
export const holds = (s: Status) => s === "cart" || s === "confirmed" || s === "paid" || s === "picked_up";

/** The order's end: checkout, payment and pickup times before now; its lines follow its status. */
export function settleOrder(
  rng: Rng,
  cal: Calendar,
  w: LiveWorld,
  o: { row: Row; person: Person | null; buyer: Buyer; lines: Row[] },
  ctx: { saleId: string; holdMinutes: number; refs: Refs },
): void {
  const { row, lines, person } = o;
  const created = row.created_at as number;
  const expires = row.expires_at as number;
  let status = row.status as Status;
  const held = lines.filter((l) => l.status === "reserved");
  if (holds(status) && held.length === 0) status = expires > cal.now ? "cart" : "expired";
  const confirmed = Math.min(
    cal.now - MINUTE,
    created + rng.int(10, Math.min(ctx.holdMinutes - 5, 20 * 60)) * MINUTE,
  );
  const pickup = rng.chance(0.65);
  const pickupStore = pickup ? (person?.store ?? rng.pick(["TPE01", "TXG01", "KHH01"] as const)) : null;
  const payAtPickup = pickup && rng.chance(0.45);
  let paidAt: number | null = null;
  let closedAt: number | null = null;
  if (status === "paid" || status === "picked_up") {
    if (payAtPickup) {
      closedAt = confirmed + rng.int(2 * 24, 21 * 24) * HOUR;
      paidAt = closedAt;
      if (closedAt > cal.now) [status, paidAt, closedAt] = ["confirmed", null, null];
      else status = "picked_up";
    } else {
      paidAt = confirmed + rng.int(1, 72) * HOUR;
      if (paidAt > cal.now) [status, paidAt] = ["confirmed", null];
      else if (status === "picked_up") {
        closedAt = pickup ? paidAt + rng.int(1, 14) * DAY : null;
        if (closedAt === null || closedAt > cal.now) [status, closedAt] = ["paid", null];
      }
    }
  }
  if (status === "cancelled") closedAt = Math.min(cal.now - MINUTE, created + rng.int(1, 48) * HOUR);
  if (status === "expired") closedAt = expires + rng.int(1, 10) * MINUTE;
  const checkedOut = status === "confirmed" || status === "paid" || status === "picked_up";
  const wasConfirmed = checkedOut || (status === "cancelled" && rng.chance(0.4));
  const subtotal = held.reduce((s, l) => s + (l.qty as number) * priceOf(w, l), 0);
  for (const l of lines) {
    if (l.status === "rejected" || holds(status)) continue;
    if (status === "cancelled") Object.assign(l, { status: "cancelled", qty: 0 });
    else Object.assign(l, { status: "expired" });
  }
  const storeId = pickupStore ? ctx.refs.store[pickupStore] : null;
  Object.assign(row, {
    status,
    fulfilment: wasConfirmed ? (pickup ? "pickup" : "delivery") : null,
    pickup_store_id: wasConfirmed ? storeId : null,
    delivery:
      wasConfirmed && !pickup
        ? JSON.stringify({
            name: person?.name ?? o.buyer.displayName,
            phone: person?.phone ?? "+886900000000",
            address: "示範地址（虛構）",
          })
        : null,
    payment_method: wasConfirmed ? (payAtPickup ? "pay_at_pickup" : "bank_transfer") : null,
    coupon_id: null,
    points_used: 0,
    subtotal: wasConfirmed ? subtotal : 0,
    discount: 0,
    total: wasConfirmed ? subtotal : 0,
    reminded_at: null,
    confirmed_at: wasConfirmed ? confirmed : null,
    paid_at: paidAt,
    closed_at: closedAt,
  });
  w.tables.live_orders.push(row);
  w.tables.live_lines.push(...lines);
  if (status !== "paid" && status !== "picked_up") return;
  const items = new Map<string, Item>();
  for (const l of held) {
    const key = l.variant_id as string;
    const it = items.get(key) ?? {
      sku: `live:${l.product_id}`,
      name: nameOf(w, l),
      quantity: 0,
      price: priceOf(w, l),
    };
    it.quantity += l.qty as number;
    items.set(key, it);
  }
  const recordedAt = payAtPickup ? (closedAt as number) : (paidAt as number);
  const attributedStore = person?.store ?? null;
  w.purchases.push({
    id: `pur_crowd_${row.id as string}`,
    person,
    source: "live",
    channel: "live",
    store: pickupStore ?? attributedStore ?? "online",
    staff: null,
    attributed: person?.referrer ?? null,
    externalId: row.id as string,
    orderId: row.id as string,
    amount: subtotal,
    at: recordedAt,
    items: [...items.values()],
    couponId: null,
    discount: 0,
    pointsUsed: 0,
    paid: subtotal,
    earned: 0,
    refunded: 0,
  });
}

function productOf(w: LiveWorld, l: Row): Row {
  return w.tables.live_products.find((p) => p.id === l.product_id) as Row;
}
const priceOf = (w: LiveWorld, l: Row) => productOf(w, l).price as number;
function nameOf(w: LiveWorld, l: Row): string {
  const v = w.tables.live_variants.find((x) => x.id === l.variant_id);
  return `${productOf(w, l).name as string}${v?.name ? ` ${v.name as string}` : ""}`;
}
