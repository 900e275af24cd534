import { and, eq, sql } from "drizzle-orm";
import { coupons, couponTemplates, liveLines, liveOrders, stores } from "../../../../db/schema";
import type { AppDeps } from "../../deps";
import { batch } from "../../lib/batch";
import { AppError, say } from "../../lib/errors";
import { redeemCoupon, redeemPoints } from "../loyalty";
import type { SaleRow } from "./sales";
import { type OrderView, ordersWithLines } from "./tally";

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
      throw new AppError("VALIDATION_FAILED", say("請選擇取貨門市。", "Choose a store for pickup."));
    const [store] = await db
      .select({ id: stores.id })
      .from(stores)
      .where(and(eq(stores.id, input.pickupStoreId), eq(stores.active, true)));
    if (!store)
      throw new AppError("VALIDATION_FAILED", say("此門市無法取貨。", "That store cannot take pickups."));
  } else if (!input.delivery) {
    throw new AppError("VALIDATION_FAILED", say("請填寫寄送資料。", "Give a delivery address."));
  } else if (input.paymentMethod === "pay_at_pickup") {
    throw new AppError(
      "VALIDATION_FAILED",
      say("取貨付款僅限門市取貨。", "Pay at pickup needs store pickup."),
    );
  }
  if (order.status === "confirmed") return order; // a double tap that lost the race
  const points = input.pointsToUse ?? 0;
  if ((input.couponCode || points > 0) && !order.memberId) {
    throw new AppError(
      "VALIDATION_FAILED",
      say(
        "使用優惠券或點數需先成為會員。",
        "Coupons and points need a member card: open the member card page first.",
      ),
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
  const [row] = await batch(db, [
    db
      .update(liveOrders)
      .set({
        status: "confirmed",
        confirmedAt: now,
        fulfilment: input.fulfilment,
        pickupStoreId: input.fulfilment === "pickup" ? (input.pickupStoreId ?? null) : null,
        delivery: input.fulfilment === "delivery" ? input.delivery : null,
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
  ]);
  if (!row?.length) {
    const [now2] = await ordersWithLines(db, sale.id, { orderId: order.id });
    if (now2?.status === "confirmed") return now2; // a double tap
    await giveCouponBack(deps, couponId, ref);
    throw new AppError(
      "CONFLICT",
      now2?.status === "cart"
        ? now2.subtotal === 0
          ? say("購物車內沒有已保留的商品。", "Nothing in the cart to confirm.")
          : say("購物車內容有變動，請再確認一次。", "Your cart changed; please check it again.")
        : say("此購物車已無法結帳。", "This cart can no longer be confirmed."),
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
    throw new AppError("UNPROCESSABLE", say("此優惠券不屬於您。", "This coupon is not yours."), {
      reason: "NOT_YOURS",
    });
  }
  if (subtotal < row.tpl.minSpend) {
    const min = `NT$${row.tpl.minSpend.toLocaleString("en-US")}`;
    throw new AppError(
      "UNPROCESSABLE",
      say(`未達優惠券最低消費 ${min}。`, `This coupon needs a spend of at least ${min}.`),
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
  new AppError("UNPROCESSABLE", say("折抵點數超過應付金額。", "More points than the amount left to pay."), {
    reason: "TOO_MANY_POINTS",
    field: "pointsToUse",
    max: Math.max(0, left),
  });

export /** Returns a coupon this order redeemed (the order did not happen or was cancelled). */
async function giveCouponBack(deps: AppDeps, couponId: string | null, ref: string): Promise<void> {
  if (!couponId) return;
  await deps.db
    .update(coupons)
    .set({ status: "issued", redeemedAt: null, redeemedBy: null, redeemedReference: null })
    .where(and(eq(coupons.id, couponId), eq(coupons.redeemedReference, ref), eq(coupons.status, "redeemed")));
}
