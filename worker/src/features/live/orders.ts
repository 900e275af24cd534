import { and, eq, inArray, lte, sql } from "drizzle-orm";
import type { Db } from "../../../../db/client";
import {
  coupons,
  couponTemplates,
  liveBuyers,
  liveLines,
  liveOrders,
  liveSales,
  members,
  purchases,
  stores,
} from "../../../../db/schema";
import type { AppDeps } from "../../deps";
import { AppError } from "../../lib/errors";
import { runBatch } from "../../lib/sql-batch";
import { queueMessages } from "../../line/outbox";
import type { LineMessage } from "../../ports/line";
import {
  applyTierUpgrade,
  earnPoints,
  earnRules,
  endOfNextYear,
  pointsFor,
  redeemCoupon,
  redeemPoints,
} from "../loyalty";
import type { Promoted } from "./ingest";
import { cartReminderMessage, promotedMessage } from "./messages";
import type { SaleRow } from "./sales";
import { promoteStatement } from "./statements";
import { type OrderView, ordersWithLines } from "./tally";

type BatchArg = Parameters<Db["batch"]>[0];
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
  if (!order) throw new AppError("NOT_FOUND", "No such order. 找不到此訂單。");
  if (!changed && order.status !== to) {
    throw new AppError(
      "CONFLICT",
      `An order that is ${order.status} cannot become ${to}. 訂單狀態「${order.status}」無法變更為「${to}」。`,
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
 * nothing), credited to the member's referrer and counted at the pickup store (or the member's home
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
  await deps.db
    .insert(purchases)
    .values({
      id: deps.ids.id("pur"),
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

export interface CheckoutInput {
  couponCode?: string | undefined;
  pointsToUse?: number | undefined;
  fulfilment: "pickup" | "delivery";
  pickupStoreId?: string | undefined;
  delivery?: { name: string; phone: string; address: string } | undefined;
  paymentMethod: "bank_transfer" | "pay_at_pickup";
}

/**
 * The buyer confirms their cart (LIFF checkout): only a cart still open, only with reserved lines.
 * Waitlisted lines are dropped at checkout (the page says so before). Totals are computed in
 * SQL from the lines at that moment, in the same statement that moves the status.
 */
export async function confirmCart(deps: AppDeps, sale: SaleRow, order: OrderView, input: CheckoutInput) {
  const { db, clock } = deps;
  const now = clock.now();
  if (input.fulfilment === "pickup") {
    if (!input.pickupStoreId)
      throw new AppError("VALIDATION_FAILED", "Choose a store for pickup. 請選擇取貨門市。");
    const [store] = await db
      .select({ id: stores.id })
      .from(stores)
      .where(and(eq(stores.id, input.pickupStoreId), eq(stores.active, true)));
    if (!store) throw new AppError("VALIDATION_FAILED", "That store cannot take pickups. 此門市無法取貨。");
  } else if (!input.delivery) {
    throw new AppError("VALIDATION_FAILED", "Give a delivery address. 請填寫寄送資料。");
  } else if (input.paymentMethod === "pay_at_pickup") {
    throw new AppError("VALIDATION_FAILED", "Pay at pickup needs store pickup. 取貨付款僅限門市取貨。");
  }
  if (order.status === "confirmed") return order; // a double tap that lost the race
  const points = input.pointsToUse ?? 0;
  if ((input.couponCode || points > 0) && !order.memberId) {
    throw new AppError(
      "VALIDATION_FAILED",
      "Coupons and points need a member card: open the member card page first. 使用優惠券或點數需先成為會員。",
    );
  }
  const subtotal = order.subtotal;
  const ref = `live:${order.id}`;
  let discount = 0;
  let couponId: string | null = null;
  if (input.couponCode && order.memberId) {
    const c = await couponForOrder(deps, input.couponCode, order.memberId, subtotal);
    discount = c.discount;
    couponId = c.id;
    // Refused before the coupon is taken, so a refusal leaves it as it was.
    if (points > subtotal - discount) throw tooManyPoints(subtotal - discount);
    if (!(c.status === "redeemed" && c.reference === ref)) {
      await redeemCoupon(deps, {
        code: input.couponCode,
        channel: "online",
        by: "member",
        reference: ref,
        memberId: order.memberId,
      }).catch(async (err) => {
        const [fresh] = await db.select().from(coupons).where(eq(coupons.id, c.id));
        if (fresh?.status === "redeemed" && fresh.redeemedReference === ref) return fresh; // the twin request
        throw err;
      });
    }
  }
  if (points > subtotal - discount) {
    await giveCouponBack(deps, couponId, ref);
    throw tooManyPoints(subtotal - discount);
  }
  // The cart must still hold exactly what the discount was worked out on.
  const reservedTotal = sql`(SELECT coalesce(sum(l.qty * p.price), 0) FROM ${liveLines} l JOIN live_products p ON p.id = l.product_id WHERE l.order_id = ${order.id} AND l.status = 'reserved')`;
  const [row] = (await db.batch([
    db
      .update(liveOrders)
      .set({
        status: "confirmed",
        confirmedAt: now,
        fulfilment: input.fulfilment,
        pickupStoreId: input.fulfilment === "pickup" ? (input.pickupStoreId ?? null) : null,
        delivery: input.fulfilment === "delivery" ? JSON.stringify(input.delivery) : null,
        paymentMethod: input.paymentMethod,
        couponId,
        discount,
        pointsUsed: points,
        subtotal: reservedTotal,
        total: sql`${reservedTotal} - ${discount} - ${points}`,
      })
      .where(
        and(
          eq(liveOrders.id, order.id),
          eq(liveOrders.status, "cart"),
          sql`${reservedTotal} > 0`,
          sql`${reservedTotal} = ${subtotal}`,
        ),
      )
      .returning({ id: liveOrders.id }),
    db
      .update(liveLines)
      .set({ status: "cancelled", qty: 0 })
      .where(
        and(
          eq(liveLines.orderId, order.id),
          eq(liveLines.status, "waitlisted"),
          sql`(SELECT ${liveOrders.status} FROM ${liveOrders} WHERE ${liveOrders.id} = ${order.id}) = 'confirmed'`,
        ),
      ),
  ] as unknown as BatchArg)) as unknown as Array<Array<{ id: string }>>;
  if (!row?.length) {
    const [now2] = await ordersWithLines(db, sale.id, { orderId: order.id });
    if (now2?.status === "confirmed") return now2; // a double tap
    await giveCouponBack(deps, couponId, ref);
    throw new AppError(
      "CONFLICT",
      now2?.status === "cart"
        ? now2.subtotal === 0
          ? "Nothing in the cart to confirm. 購物車內沒有已保留的商品。"
          : "Your cart changed; please check it again. 購物車內容有變動，請再確認一次。"
        : "This cart can no longer be confirmed. 此購物車已無法結帳。",
      { status: now2?.status },
    );
  }
  if (points > 0 && order.memberId) {
    try {
      await redeemPoints(deps, {
        memberId: order.memberId,
        points,
        idempotencyKey: `${ref}:redeem`,
        reason: "used as cash online (live order)",
        actor: "member",
        reference: ref,
      });
    } catch (err) {
      // Not enough points after all: the cart goes back to open and the coupon back to the member.
      await db
        .update(liveOrders)
        .set({ status: "cart", confirmedAt: null, couponId: null, discount: 0, pointsUsed: 0 })
        .where(and(eq(liveOrders.id, order.id), eq(liveOrders.status, "confirmed")));
      await giveCouponBack(deps, couponId, ref);
      throw err;
    }
  }
  const [after] = await ordersWithLines(db, sale.id, { orderId: order.id });
  return after as OrderView;
}

/** The member's coupon for this order, checked (channel online, minimum spend) with its discount. */
async function couponForOrder(deps: AppDeps, code: string, memberId: string, subtotal: number) {
  const [row] = await deps.db
    .select({ coupon: coupons, tpl: couponTemplates })
    .from(coupons)
    .innerJoin(couponTemplates, eq(couponTemplates.id, coupons.templateId))
    .where(eq(coupons.code, code.trim().toUpperCase()));
  if (!row || row.coupon.memberId !== memberId) {
    throw new AppError("UNPROCESSABLE", "This coupon is not yours. 此優惠券不屬於您。", {
      reason: "NOT_YOURS",
    });
  }
  if (subtotal < row.tpl.minSpend) {
    const min = `NT$${row.tpl.minSpend.toLocaleString("en-US")}`;
    throw new AppError(
      "UNPROCESSABLE",
      `This coupon needs a spend of at least ${min}. 未達優惠券最低消費 ${min}。`,
      { reason: "MIN_SPEND_NOT_MET", field: "couponCode", minSpend: row.tpl.minSpend, amount: subtotal },
    );
  }
  const discount =
    row.tpl.kind === "amount"
      ? Math.min(row.tpl.value, subtotal)
      : Math.floor((subtotal * row.tpl.value) / 100);
  return { id: row.coupon.id, status: row.coupon.status, reference: row.coupon.redeemedReference, discount };
}

/** Points are cash for at most what is left to pay (1 point = NT$1). */
const tooManyPoints = (left: number) =>
  new AppError("UNPROCESSABLE", "More points than the amount left to pay. 折抵點數超過應付金額。", {
    reason: "TOO_MANY_POINTS",
    field: "pointsToUse",
    max: Math.max(0, left),
  });

/** Returns a coupon this order redeemed (the order did not happen or was cancelled). */
async function giveCouponBack(deps: AppDeps, couponId: string | null, ref: string): Promise<void> {
  if (!couponId) return;
  await deps.db
    .update(coupons)
    .set({ status: "issued", redeemedAt: null, redeemedBy: null, redeemedReference: null })
    .where(and(eq(coupons.id, couponId), eq(coupons.redeemedReference, ref), eq(coupons.status, "redeemed")));
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
  const items = orders.flatMap((o) =>
    o.buyer.lineUserId
      ? [
          {
            kind: "push" as const,
            to: o.buyer.lineUserId,
            messages: [promotedMessage(deps, sale, o)] as LineMessage[],
          },
        ]
      : [],
  );
  if (items.length > 0) await queueMessages(deps, items, { topic: `live:${sale.id}:promoted` });
}

/**
 * Scheduled: carts past their hold expire (their stock returns and the waitlist is promoted in
 * the same batch); carts close to expiring remind their LINE buyer once.
 */
export async function sweepCarts(deps: AppDeps): Promise<{ expired: number; reminded: number }> {
  const { db, clock } = deps;
  const now = clock.now();
  const due = await db
    .select({ id: liveOrders.id, saleId: liveOrders.saleId })
    .from(liveOrders)
    .where(and(eq(liveOrders.status, "cart"), lte(liveOrders.expiresAt, now)))
    .limit(500);
  let expired = 0;
  const bySale = new Map<string, string[]>();
  for (const d of due) bySale.set(d.saleId, [...(bySale.get(d.saleId) ?? []), d.id]);
  for (const [saleId, ids] of bySale) {
    const out = await runBatch(deps, [
      db
        .update(liveOrders)
        .set({ status: "expired", closedAt: now })
        .where(
          and(inArray(liveOrders.id, ids), eq(liveOrders.status, "cart"), lte(liveOrders.expiresAt, now)),
        )
        .returning({ id: liveOrders.id }),
      db
        .update(liveLines)
        .set({ status: "expired" })
        .where(
          and(
            inArray(liveLines.orderId, ids),
            inArray(liveLines.status, ["reserved", "waitlisted"]),
            sql`(SELECT o.status FROM ${liveOrders} o WHERE o.id = ${liveLines.orderId}) = 'expired'`,
          ),
        ),
      promoteStatement(deps, saleId, now),
    ]);
    expired += (out[0] as unknown[]).length;
    const [sale] = await db.select().from(liveSales).where(eq(liveSales.id, saleId));
    if (sale) await notifyPromoted(deps, sale, out[2] as Promoted[]);
  }
  return { expired, reminded: await remindCarts(deps, now) };
}

/** A reminder a quarter of the hold (at most 2 h) before a cart expires, once per cart. */
async function remindCarts(deps: AppDeps, now: Date): Promise<number> {
  const { db } = deps;
  const window = sql`min(${liveSales.holdMinutes} * 15000, 7200000)`;
  const claimed = await db
    .update(liveOrders)
    .set({ remindedAt: now })
    .where(
      and(
        eq(liveOrders.status, "cart"),
        sql`${liveOrders.remindedAt} IS NULL`,
        sql`${liveOrders.expiresAt} - ${now.getTime()} <= (SELECT ${window} FROM ${liveSales} WHERE ${liveSales.id} = ${liveOrders.saleId})`,
        sql`EXISTS (SELECT 1 FROM ${liveLines} l WHERE l.order_id = ${liveOrders.id} AND l.status = 'reserved')`,
        sql`EXISTS (SELECT 1 FROM ${liveBuyers} b WHERE b.id = ${liveOrders.buyerId} AND b.line_user_id IS NOT NULL)`,
      ),
    )
    .returning({ id: liveOrders.id, saleId: liveOrders.saleId });
  for (const c of claimed) {
    const [sale] = await db.select().from(liveSales).where(eq(liveSales.id, c.saleId));
    const [order] = sale ? await ordersWithLines(db, sale.id, { orderId: c.id }) : [];
    if (!sale || !order?.buyer.lineUserId) continue;
    await queueMessages(
      deps,
      [{ kind: "push", to: order.buyer.lineUserId, messages: [cartReminderMessage(deps, sale, order)] }],
      { topic: `live:${sale.id}:reminder`, idBase: `obx_remind_${order.id}` },
    );
  }
  return claimed.length;
}

/** The member behind a LINE user, for default pickup store. */
export async function memberOf(db: Db, lineUserId: string) {
  const [m] = await db.select().from(members).where(eq(members.lineUserId, lineUserId));
  return m;
}
