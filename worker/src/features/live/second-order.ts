import { and, eq, inArray, type SQL, sql } from "drizzle-orm";
import type { Db } from "../../../../db/client";
import { liveComments, liveLines, liveOrders } from "../../../../db/schema";
import type { CommentResult } from "./ingest";
import type { OrderView } from "./tally";

/**
 * 加購 after checkout: a buyer whose order is confirmed, paid or picked up and who comments "+1"
 * again gets a new cart in the same sale (one open cart per buyer, a partial unique index).
 */

const CHECKED_OUT = sql`('confirmed', 'paid', 'picked_up')`;

/**
 * In a line statement (values `sale`, `order`, `product`): what the buyer holds of the product in
 * all their orders of the sale — the per-buyer limit counts orders checked out before too.
 */
export const heldByBuyer = (p: (name: string) => unknown): SQL =>
  sql`(SELECT coalesce(sum(l.qty), 0) FROM ${liveLines} l JOIN ${liveOrders} o ON o.id = l.order_id WHERE o.sale_id = ${p("sale")} AND o.buyer_id = (SELECT b.buyer_id FROM ${liveOrders} b WHERE b.id = ${p("order")}) AND l.product_id = ${p("product")} AND l.status IN ('reserved', 'waitlisted'))`;

/** Marks `newCart` on results whose items were taken for a buyer who already checked out. */
export async function markNewCarts(db: Db, saleId: string, results: CommentResult[]): Promise<void> {
  const taken = results.filter((r) =>
    r.items.some((i) => i.status === "reserved" || i.status === "waitlisted"),
  );
  const after = await checkedOutBuyers(db, saleId, [
    ...new Set(taken.flatMap((r) => (r.buyerId ? [r.buyerId] : []))),
  ]);
  for (const r of taken) if (r.buyerId && after.has(r.buyerId)) r.newCart = true;
}

/** Of these buyers, those who already checked out an order in the sale. */
export async function checkedOutBuyers(db: Db, saleId: string, buyerIds: string[]): Promise<Set<string>> {
  if (buyerIds.length === 0) return new Set();
  const rows = await db
    .selectDistinct({ b: liveOrders.buyerId })
    .from(liveOrders)
    .where(
      and(
        eq(liveOrders.saleId, saleId),
        inArray(liveOrders.buyerId, buyerIds),
        sql`${liveOrders.status} IN ${CHECKED_OUT}`,
      ),
    );
  return new Set(rows.map((r) => r.b));
}

/** Of these comment rows, those whose buyer already checked out an order in the comment's sale. */
export async function commentsAfterCheckout(db: Db, rowIds: string[]): Promise<Set<string>> {
  if (rowIds.length === 0) return new Set();
  const rows = await db
    .select({ id: liveComments.id })
    .from(liveComments)
    .where(
      and(
        inArray(liveComments.id, rowIds),
        sql`EXISTS (SELECT 1 FROM ${liveOrders} o WHERE o.sale_id = ${liveComments.saleId} AND o.buyer_id = ${liveComments.buyerId} AND o.status IN ${CHECKED_OUT})`,
      ),
    );
  return new Set(rows.map((r) => r.id));
}

/** The group line's note for items that went into a new cart. */
export const newCartNote = (en: boolean) =>
  en ? "🛒 Added to a new cart — please check out again" : "🛒 已放入新的購物車，請再結帳一次";

/**
 * The order to show a buyer who may hold several in a sale: the open cart with items, else the
 * newest checked-out order, else the newest cancelled or expired one, else an empty cart.
 */
export function currentOrder<O extends Pick<OrderView, "status" | "lines" | "createdAt">>(
  orders: O[],
): O | undefined {
  const rank = (o: O) =>
    o.status === "cart"
      ? o.lines.length > 0
        ? 0
        : 3
      : o.status === "cancelled" || o.status === "expired"
        ? 2
        : 1;
  // Ties: the later one (orders come oldest first).
  const at = new Map(orders.map((o, i) => [o, i]));
  const sorted = [...orders].sort(
    (a, b) =>
      rank(a) - rank(b) || b.createdAt.localeCompare(a.createdAt) || (at.get(b) ?? 0) - (at.get(a) ?? 0),
  );
  return sorted[0];
}
