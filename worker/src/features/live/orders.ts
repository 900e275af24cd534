import { and, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "../../../../db/client";
import {
  liveBuyers,
  liveLines,
  liveOrders,
  members,
  purchaseItems,
  purchases,
  stores,
} from "../../../../db/schema";
import type { AppDeps } from "../../deps";
import { batch } from "../../lib/batch";
import { AppError, say } from "../../lib/errors";
import { runBatch } from "../../lib/sql-batch";
import { queueMessages } from "../../line/outbox";
import { readerLangsOf } from "../../line/reader";
import type { LineMessage } from "../../ports/line";
import { applyTierUpgrade, earnPoints, earnRules, endOfNextYear, pointsFor } from "../loyalty";
import { giveCouponBack } from "./checkout";
import type { Promoted } from "./ingest";
import { promotedMessage } from "./messages";
import type { SaleRow } from "./sales";
import { promoteStatement } from "./statements";
import { type OrderView, ordersWithLines, pickingCsv } from "./tally";

type OrderStatus = (typeof liveOrders.$inferSelect)["status"];

/** Which statuses an order may move to from which. */
const FROM: Record<"paid" | "picked_up" | "cancelled", OrderStatus[]> = {
  paid: ["confirmed"],
  picked_up: ["confirmed", "paid"],
  cancelled: ["cart", "confirmed"],
};

/**
 * The seller marks an order paid, picked up or cancelled: one conditional update decides (a
 * repeat of the same change is a no-op). Cancelling releases the order's stock and promotes the
 * waitlist in the same batch. Paid (or picked up when paid at pickup) earns the member's points.
 */
export async function setOrderStatus(
  deps: AppDeps,
  sale: SaleRow,
  orderId: string,
  to: "paid" | "picked_up" | "cancelled",
  actor: string,
): Promise<OrderView> {
  const { db, clock } = deps;
  const now = clock.now();
  const where = and(
    eq(liveOrders.id, orderId),
    eq(liveOrders.saleId, sale.id),
    inArray(liveOrders.status, FROM[to]),
  );
  const set =
    to === "paid"
      ? { status: to, paidAt: now }
      : to === "picked_up"
        ? { status: to, closedAt: now, paidAt: sql`coalesce(${liveOrders.paidAt}, ${now.getTime()})` }
        : { status: to, closedAt: now };
  const statements: unknown[] = [
    db.update(liveOrders).set(set).where(where).returning({ id: liveOrders.id }),
  ];
  let promoteAt = -1;
  if (to === "cancelled") {
    statements.push(
      db
        .update(liveLines)
        .set({ status: "cancelled", qty: 0 })
        .where(
          and(
            eq(liveLines.orderId, orderId),
            inArray(liveLines.status, ["reserved", "waitlisted"]),
            sql`(SELECT ${liveOrders.status} FROM ${liveOrders} WHERE ${liveOrders.id} = ${orderId}) = 'cancelled'`,
          ),
        ),
    );
    promoteAt = statements.length;
    statements.push(promoteStatement(deps, sale.id, now));
  }
  const out = await runBatch(deps, statements);
  const changed = (out[0] as unknown[]).length > 0;
  const [order] = await ordersWithLines(db, sale.id, { orderId });
  if (!order) throw new AppError("NOT_FOUND", say("找不到此訂單。", "No such order."));
  if (!changed && order.status !== to) {
    throw new AppError(
      "CONFLICT",
      say(
        `訂單狀態「${order.status}」無法變更為「${to}」。`,
        `An order that is ${order.status} cannot become ${to}.`,
      ),
      { status: order.status },
    );
  }
  if (changed) {
    deps.log.info("live order status", { saleId: sale.id, orderId, to, actor });
    if (promoteAt >= 0) await notifyPromoted(deps, sale, out[promoteAt] as Promoted[]);
    if (to === "cancelled") await returnDiscounts(deps, order);
    if (to === "paid" || (to === "picked_up" && order.paymentMethod === "pay_at_pickup"))
      await recordLivePurchase(deps, order);
  }
  return order;
}

/**
 * A paid live order becomes a purchase (channel `live`, unique per order, so a repeat records
 * nothing) with its lines as items, in one batch, credited to the member's referrer and counted at the pickup store (or the member's home
 * store for delivery); it earns points (1 per NT$100, idempotency key per order) and can raise the
 * member's tier.
 */
async function recordLivePurchase(deps: AppDeps, order: OrderView): Promise<void> {
  const now = deps.clock.now();
  const [member] = order.memberId
    ? await deps.db.select({ tier: members.tier }).from(members).where(eq(members.id, order.memberId))
    : [];
  const points = member ? pointsFor(await earnRules(deps.db), order.total, member.tier, "live") : 0;
  const storeId = order.pickupStoreId ?? order.attributedStoreId ?? "online";
  const id = deps.ids.id("pur");
  const insert = deps.db
    .insert(purchases)
    .values({
      id,
      source: "live",
      externalId: order.id,
      memberId: order.memberId,
      channel: "live",
      storeId,
      staffId: null,
      attributedStaffId: order.attributedStaffId,
      amount: order.subtotal,
      paid: order.total,
      pointsEarned: points,
      createdAt: now,
    })
    .onConflictDoNothing();
  await batch(deps.db, [insert, itemsStatement(deps.db, id, order.id)]);
  if (!order.memberId) return;
  if (points > 0) {
    await earnPoints(deps, {
      memberId: order.memberId,
      points,
      idempotencyKey: `live:${order.id}:earn`,
      reason: "live order",
      actor: "system",
      reference: `live:${order.id}`,
      expiresAt: endOfNextYear(now, deps.config.brand.timeZone),
    });
  }
  await applyTierUpgrade(deps, order.memberId);
}
/**
 * The order's lines as the purchase's items, one per stock unit it holds (reserved), for "bought
 * X" segments: sku `live:<liveProductId>` (a live product has no catalogue SKU to carry), the
 * product's name with the variant's. INSERT … SELECT from the purchase row with this id, so a
 * purchase that already existed (a repeat) gets nothing added.
 */
function itemsStatement(db: Db, purchaseId: string, orderId: string) {
  // A drizzle insert-select (columns in the table's order): D1's batch cannot bind a raw db.run.
  return db
    .insert(purchaseItems)
    .select(
      sql`SELECT p.id, ROW_NUMBER() OVER (ORDER BY MIN(lp.position), MIN(lv.position)) - 1, p.member_id,
  'live:' || l.product_id, lp.name || COALESCE(' ' || lv.name, ''), SUM(l.qty), lp.price, p.created_at
FROM purchases p
  JOIN live_lines l ON l.order_id = ${orderId} AND l.status = 'reserved' AND l.qty > 0
  JOIN live_products lp ON lp.id = l.product_id
  JOIN live_variants lv ON lv.id = l.variant_id
WHERE p.id = ${purchaseId}
GROUP BY l.variant_id`,
    )
    .onConflictDoNothing();
}

/**
 * A cancelled order that used points and a coupon gives them back: the coupon to issued (only
 * if this order redeemed it), the points as a new lot (idempotency key per order).
 */
async function returnDiscounts(deps: AppDeps, order: OrderView): Promise<void> {
  const ref = `live:${order.id}`;
  const [row] = await deps.db
    .select({ couponId: liveOrders.couponId })
    .from(liveOrders)
    .where(eq(liveOrders.id, order.id));
  await giveCouponBack(deps, row?.couponId ?? null, ref);
  if (order.pointsUsed > 0 && order.memberId) {
    await earnPoints(deps, {
      memberId: order.memberId,
      points: order.pointsUsed,
      idempotencyKey: `${ref}:points-back`,
      reason: "live order cancelled: points returned",
      actor: "system",
      reference: ref,
      expiresAt: endOfNextYear(deps.clock.now(), deps.config.brand.timeZone),
    });
  }
}

/** The sale's orders for the seller: every order but the carts left empty. */
export async function listOrders(
  db: Db,
  saleId: string,
  filter: { status?: OrderStatus | undefined },
): Promise<OrderView[]> {
  const orders = await ordersWithLines(db, saleId, filter);
  return orders.filter((o) => o.lines.length > 0 || o.status !== "cart");
}

/** The picking list (CSV) of the orders to pack: confirmed and paid. */
export async function pickingList(db: Db, saleId: string): Promise<string> {
  const orders = (await ordersWithLines(db, saleId)).filter((o) => ["confirmed", "paid"].includes(o.status));
  const storeIds = [...new Set(orders.flatMap((o) => (o.pickupStoreId ? [o.pickupStoreId] : [])))];
  const memberIds = [...new Set(orders.flatMap((o) => (o.memberId && !o.delivery ? [o.memberId] : [])))];
  const names = storeIds.length
    ? await db.select({ id: stores.id, name: stores.name }).from(stores).where(inArray(stores.id, storeIds))
    : [];
  const phones = memberIds.length
    ? await db
        .select({ id: members.id, phone: members.phone })
        .from(members)
        .where(inArray(members.id, memberIds))
    : [];
  return pickingCsv(orders, {
    storeNames: new Map(names.map((s) => [s.id, s.name])),
    memberPhones: new Map(phones.flatMap((m) => (m.phone ? [[m.id, m.phone] as const] : []))),
  });
}

/** The caller's carts (a LINE user's), in every sale or one. */
export async function buyerIdsOf(db: Db, lineUserId: string): Promise<string[]> {
  const rows = await db
    .select({ id: liveBuyers.id })
    .from(liveBuyers)
    .where(eq(liveBuyers.lineUserId, lineUserId));
  return rows.map((r) => r.id);
}

/** Pushes "候補成功" to LINE buyers whose waitlisted lines were promoted (counted messages). */
export async function notifyPromoted(deps: AppDeps, sale: SaleRow, promoted: Promoted[]): Promise<void> {
  if (promoted.length === 0) return;
  const orderIds = [...new Set(promoted.map((p) => p.order_id))];
  const orders = await ordersWithLines(deps.db, sale.id, {
    buyerIds: (
      await deps.db.select({ b: liveOrders.buyerId }).from(liveOrders).where(inArray(liveOrders.id, orderIds))
    ).map((r) => r.b),
  });
  const told = orders.filter((o) => o.buyer.lineUserId && orderIds.includes(o.id));
  const langOf = await readerLangsOf(
    deps.db,
    told.flatMap((o) => (o.buyer.lineUserId ? [o.buyer.lineUserId] : [])),
  );
  const items = told.flatMap((o) =>
    o.buyer.lineUserId
      ? [
          {
            kind: "push" as const,
            to: o.buyer.lineUserId,
            messages: [
              promotedMessage(deps, sale, o, langOf.get(o.buyer.lineUserId) ?? null),
            ] as LineMessage[],
          },
        ]
      : [],
  );
  if (items.length > 0) await queueMessages(deps, items, { topic: `live:${sale.id}:promoted` });
}
/** The member behind a LINE user, for default pickup store. */
export async function memberOf(db: Db, lineUserId: string) {
  const [m] = await db.select().from(members).where(eq(members.lineUserId, lineUserId));
  return m;
}
