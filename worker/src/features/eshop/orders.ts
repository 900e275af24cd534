/**
 * Online orders as the shop tells them, each step idempotent on (shop, the shop's order id):
 *   create    — the customer resolved, the credit decided (attribution.ts), the coupon held for the
 *               order and the points used taken (refused before anything changes);
 *   paid      — the hold becomes the redemption; the purchase (channel online) is written, earning
 *               points by the earn rules and raising the tier;
 *   fulfilled — shipped, or picked up at the store (pickups.ts);
 *   cancelled — the coupon and points given back; a paid order's purchase refunded in full, its
 *               points reversed;
 *   refunds   — money back in part or in full, points reversed in proportion (loyalty's refund).
 * A repeat of a step answers the order as it is and finishes what a crash left undone.
 */
import { and, eq, inArray } from "drizzle-orm";
import { members, onlineOrders, purchases } from "../../../../db/schema";
import type { OnlineOrderLineJson } from "../../../../db/schema/json";
import type { AppDeps } from "../../deps";
import { batch } from "../../lib/batch";
import { AppError, say } from "../../lib/errors";
import {
  applyTierUpgrade,
  earnPoints,
  earnRules,
  endOfNextYear,
  itemStatements,
  pointsFor,
  purchaseRef,
  redeemPoints,
  redeemReserved,
  refundPurchase,
  releaseCoupon,
  reserveCoupon,
} from "../loyalty";
import { attribute } from "./attribution";
import { type CustomerInput, resolveCustomer } from "./customer";

export type OrderRow = typeof onlineOrders.$inferSelect;
const HOLD_MS = 7 * 86_400_000;

export interface OrderInput {
  orderId: string;
  customer?: CustomerInput | undefined;
  lines: OnlineOrderLineJson[];
  shipping?: number | undefined;
  couponCode?: string | undefined;
  pointsToUse?: number | undefined;
  /** What the customer pays; checked against lines − coupon − points + shipping unless `trustTotal`. */
  total: number;
  pickupStoreId?: string | undefined;
  attributionToken?: string | undefined;
  /** Paid at once (a card checkout). */
  paid?: boolean | undefined;
}

export const orderRef = (o: Pick<OrderRow, "shopId" | "externalId">) => `online:${o.shopId}:${o.externalId}`;

const byExternal = (shopId: string, externalId: string) =>
  and(eq(onlineOrders.shopId, shopId), eq(onlineOrders.externalId, externalId));

export async function findOrder(deps: Pick<AppDeps, "db">, shopId: string, externalId: string) {
  const [row] = await deps.db.select().from(onlineOrders).where(byExternal(shopId, externalId));
  return row;
}

export async function requireOrder(deps: Pick<AppDeps, "db">, shopId: string, externalId: string) {
  const row = await findOrder(deps, shopId, externalId);
  if (!row)
    throw new AppError(
      "NOT_FOUND",
      say(`查無訂單 ${externalId}。`, `No order ${externalId} from this shop.`),
    );
  return row;
}

/** Creates the order (or answers the one that exists), then pays it when `paid`. */
export async function createOrder(
  deps: AppDeps,
  shopId: string,
  input: OrderInput,
  opts: { trustTotal?: boolean } = {},
): Promise<{ order: OrderRow; replayed: boolean }> {
  const existing = await findOrder(deps, shopId, input.orderId);
  if (existing) {
    await takeDiscounts(deps, existing);
    const order = input.paid && existing.state === "created" ? await payOrder(deps, existing) : existing;
    return { order, replayed: true };
  }
  const customer = await resolveCustomer(deps, input.customer);
  const points = input.pointsToUse ?? 0;
  if ((input.couponCode || points > 0) && !customer.memberId)
    throw new AppError(
      "VALIDATION_FAILED",
      say("使用優惠券或點數需有會員身分。", "Coupons and points need a known member."),
      { field: input.couponCode ? "couponCode" : "pointsToUse" },
    );
  const subtotal = input.lines.reduce((n, l) => n + l.quantity * l.price, 0);
  const shipping = input.shipping ?? 0;
  const ref = orderRef({ shopId, externalId: input.orderId });
  const now = deps.clock.now();
  // The coupon first: its refusal leaves everything as it was.
  const hold =
    input.couponCode && customer.memberId
      ? await reserveCoupon(deps, {
          code: input.couponCode,
          memberId: customer.memberId,
          amount: subtotal,
          reference: ref,
          until: new Date(now.getTime() + HOLD_MS),
        })
      : null;
  const discount = hold?.discount ?? 0;
  const expected = subtotal - discount - points + shipping;
  const undo = async () => {
    if (hold) await releaseCoupon(deps, { couponId: hold.coupon.id, reference: ref });
  };
  if (points > subtotal - discount) {
    await undo();
    throw new AppError(
      "UNPROCESSABLE",
      say("折抵點數超過應付金額。", "More points than the amount left to pay."),
      { reason: "TOO_MANY_POINTS", field: "pointsToUse", max: Math.max(0, subtotal - discount) },
    );
  }
  if (!opts.trustTotal && input.total !== expected) {
    await undo();
    throw new AppError(
      "UNPROCESSABLE",
      say(
        `訂單金額 ${input.total} 與明細不符（應為 ${expected}）。`,
        `The total ${input.total} does not match the lines, coupon, points and shipping (${expected}).`,
      ),
      { reason: "TOTAL_MISMATCH", field: "total", expected, subtotal, discount, points, shipping },
    );
  }
  let credit: Awaited<ReturnType<typeof attribute>>;
  try {
    credit = await attribute(deps, { shopId, memberId: customer.memberId, token: input.attributionToken });
  } catch (err) {
    await undo();
    throw err;
  }
  const inserted = await deps.db
    .insert(onlineOrders)
    .values({
      id: deps.ids.id("ord"),
      shopId,
      externalId: input.orderId,
      state: "created",
      memberId: customer.memberId,
      customerPhone: customer.customerPhone,
      lines: input.lines,
      subtotal,
      couponCode: hold ? hold.coupon.code : null,
      couponId: hold?.coupon.id ?? null,
      couponDiscount: discount,
      pointsUsed: points,
      total: input.total,
      shipping,
      pickupStoreId: input.pickupStoreId ?? null,
      pickupState: input.pickupStoreId ? "waiting" : null,
      attributedStaffId: credit.staffId,
      attributedStoreId: credit.storeId,
      attribution: credit.attribution,
      staffLinkId: credit.staffLinkId,
      createdAt: now,
      updatedAt: now,
    })
    .onConflictDoNothing()
    .returning({ id: onlineOrders.id });
  const order = await requireOrder(deps, shopId, input.orderId);
  const mine = inserted.length > 0;
  try {
    await takeDiscounts(deps, order);
  } catch (err) {
    // Not enough points after all (spent elsewhere just now): the order did not happen — undone
    // only by the call that made it (a twin posted at the same moment must not undo it).
    if (mine) {
      await undo();
      await deps.db
        .delete(onlineOrders)
        .where(and(eq(onlineOrders.id, order.id), eq(onlineOrders.state, "created")));
    }
    throw err;
  }
  return { order: input.paid ? await payOrder(deps, order) : order, replayed: !mine };
}

/** The points the order uses, taken once (by the order's key); a replay changes nothing. */
async function takeDiscounts(deps: AppDeps, order: OrderRow): Promise<void> {
  if (order.pointsUsed > 0 && order.memberId && order.state !== "cancelled")
    await redeemPoints(deps, {
      memberId: order.memberId,
      points: order.pointsUsed,
      idempotencyKey: `${orderRef(order)}:redeem`,
      reason: "used as cash online",
      actor: `shop:${order.shopId}`,
      reference: orderRef(order),
    });
}

/** created → paid: the coupon redeemed, the purchase written and its points earned. */
export async function payOrder(deps: AppDeps, order: OrderRow): Promise<OrderRow> {
  if (order.state === "cancelled")
    throw new AppError("CONFLICT", say("此訂單已取消。", "This order was cancelled."), {
      reason: "ORDER_CANCELLED",
    });
  const now = deps.clock.now();
  await deps.db
    .update(onlineOrders)
    .set({ state: "paid", paidAt: now, updatedAt: now })
    .where(and(eq(onlineOrders.id, order.id), eq(onlineOrders.state, "created")));
  const [fresh] = await deps.db.select().from(onlineOrders).where(eq(onlineOrders.id, order.id));
  if (!fresh) throw new Error("order vanished");
  if (fresh.state === "cancelled") return fresh;
  await recordOnlinePurchase(deps, fresh);
  const [done] = await deps.db.select().from(onlineOrders).where(eq(onlineOrders.id, order.id));
  return done ?? fresh;
}

/**
 * The paid order as a purchase (source and channel online, unique per order, so a repeat writes
 * nothing), counted at the credited store (else the pickup store), for the credited staff; its
 * lines as items; points on what was paid for goods (shipping earns none).
 */
async function recordOnlinePurchase(deps: AppDeps, order: OrderRow): Promise<void> {
  const ref = orderRef(order);
  const { db } = deps;
  let couponId = order.couponId;
  if (couponId && order.memberId) {
    const kept = await redeemReserved(deps, {
      couponId,
      memberId: order.memberId,
      reference: ref,
      by: `shop:${order.shopId}`,
    });
    if (!kept) {
      deps.log.warn("online order paid, its coupon was used elsewhere meanwhile", { orderId: order.id });
      couponId = null;
    }
  }
  const [member] = order.memberId
    ? await db.select({ tier: members.tier }).from(members).where(eq(members.id, order.memberId))
    : [];
  const paid = Math.max(0, order.total - order.shipping);
  const earned = member ? pointsFor(await earnRules(db), paid, member.tier, "online") : 0;
  const id = deps.ids.id("pur");
  const storeId = order.attributedStoreId ?? order.pickupStoreId ?? "online";
  const paidAt = order.paidAt ?? deps.clock.now();
  await batch(db, [
    db
      .insert(purchases)
      .values({
        id,
        source: "online",
        externalId: order.id,
        memberId: order.memberId,
        channel: "online",
        storeId,
        staffId: null,
        attributedStaffId: order.attributedStaffId,
        amount: order.subtotal,
        couponId,
        couponDiscount: order.couponDiscount,
        pointsUsed: order.pointsUsed,
        paid,
        pointsEarned: earned,
        customerPhone: order.memberId ? null : order.customerPhone,
        createdAt: paidAt,
      })
      .onConflictDoNothing(),
    ...itemStatements(deps, id, order.lines),
  ]);
  const [purchase] = await db
    .select()
    .from(purchases)
    .where(and(eq(purchases.source, "online"), eq(purchases.externalId, order.id)));
  if (!purchase) throw new Error("purchase vanished");
  await db.update(onlineOrders).set({ purchaseId: purchase.id }).where(eq(onlineOrders.id, order.id));
  if (!order.memberId) return;
  if (purchase.pointsEarned > 0)
    await earnPoints(deps, {
      memberId: order.memberId,
      points: purchase.pointsEarned,
      // The purchase's own key and reference: a refund reverses from this very lot first.
      idempotencyKey: `${purchaseRef(purchase)}:earn`,
      reason: `online order NT$${purchase.paid}`,
      actor: `shop:${order.shopId}`,
      reference: purchaseRef(purchase),
      expiresAt: endOfNextYear(purchase.createdAt, deps.config.brand.timeZone),
    });
  await applyTierUpgrade(deps, order.memberId);
}

/** paid → fulfilled (shipped). A pickup order is fulfilled when picked up. */
export async function fulfilOrder(deps: AppDeps, order: OrderRow): Promise<OrderRow> {
  if (order.state === "created") throw notPaid();
  if (order.state === "paid") {
    const now = deps.clock.now();
    await deps.db
      .update(onlineOrders)
      .set({ state: "fulfilled", updatedAt: now })
      .where(and(eq(onlineOrders.id, order.id), eq(onlineOrders.state, "paid")));
  }
  return requireOrder(deps, order.shopId, order.externalId);
}

const notPaid = () =>
  new AppError("CONFLICT", say("此訂單尚未付款。", "This order is not paid yet."), { reason: "NOT_PAID" });

/**
 * Cancelled: the coupon back to the member, the points used given back (a new lot, the order's
 * key), and a paid order's purchase refunded in full (its earned points reversed).
 */
export async function cancelOrder(deps: AppDeps, order: OrderRow): Promise<OrderRow> {
  const now = deps.clock.now();
  const ref = orderRef(order);
  if (order.state !== "cancelled") {
    if (order.state === "refunded")
      throw new AppError("CONFLICT", say("此訂單已全額退款。", "This order was refunded in full."));
    await deps.db
      .update(onlineOrders)
      .set({ state: "cancelled", cancelledAt: now, updatedAt: now })
      .where(
        and(eq(onlineOrders.id, order.id), inArray(onlineOrders.state, ["created", "paid", "fulfilled"])),
      );
  }
  const [fresh] = await deps.db.select().from(onlineOrders).where(eq(onlineOrders.id, order.id));
  if (fresh?.state !== "cancelled") return fresh ?? order;
  if (fresh.couponId) await releaseCoupon(deps, { couponId: fresh.couponId, reference: ref });
  if (fresh.pointsUsed > 0 && fresh.memberId)
    await earnPoints(deps, {
      memberId: fresh.memberId,
      points: fresh.pointsUsed,
      idempotencyKey: `${ref}:points-back`,
      reason: "online order cancelled: points returned",
      actor: `shop:${fresh.shopId}`,
      reference: ref,
      expiresAt: endOfNextYear(now, deps.config.brand.timeZone),
    });
  if (fresh.purchaseId)
    await refundOrder(deps, fresh, { refundId: "cancel", reason: "order cancelled" }, true);
  return (await findOrder(deps, fresh.shopId, fresh.externalId)) ?? fresh;
}

/**
 * Money back for a paid order (`amount` or all that is left), idempotent on the shop's refund
 * id; points reversed in proportion. Refunded in full, the order is `refunded`.
 */
export async function refundOrder(
  deps: AppDeps,
  order: OrderRow,
  input: { refundId: string; amount?: number | undefined; reason?: string | undefined },
  cancelling = false,
) {
  if (!order.purchaseId) throw notPaid();
  const [purchase] = await deps.db.select().from(purchases).where(eq(purchases.id, order.purchaseId));
  if (!purchase) throw notPaid();
  if (cancelling && purchase.refundedAmount >= purchase.paid) return null;
  const r = await refundPurchase(deps, {
    source: "online",
    storeId: purchase.storeId ?? "online",
    staffId: null,
    refundId: `${order.id}:${input.refundId}`,
    purchase,
    amount: input.amount,
    reason: input.reason,
  });
  const now = deps.clock.now();
  await deps.db
    .update(onlineOrders)
    .set({
      refundedAmount: r.purchase.refundedAmount,
      updatedAt: now,
      ...(!cancelling && r.purchase.refundedAmount >= r.purchase.paid ? { state: "refunded" as const } : {}),
    })
    .where(eq(onlineOrders.id, order.id));
  return r;
}
