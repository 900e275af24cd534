import { and, eq, inArray, lte, sql } from "drizzle-orm";
import { liveBuyers, liveLines, liveOrders, liveSales } from "../../../../db/schema";
import type { AppDeps } from "../../deps";
import { runBatch } from "../../lib/sql-batch";
import { queueMessages } from "../../line/outbox";
import { readerLangOf } from "../../line/reader";
import type { Promoted } from "./ingest";
import { cartReminderMessage } from "./messages";
import { notifyPromoted } from "./orders";
import { promoteStatement } from "./statements";
import { ordersWithLines } from "./tally";

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
    const lang = await readerLangOf(db, order.buyer.lineUserId);
    await queueMessages(
      deps,
      [
        {
          kind: "push",
          to: order.buyer.lineUserId,
          messages: [cartReminderMessage(deps, sale, order, lang)],
        },
      ],
      { topic: `live:${sale.id}:reminder`, idBase: `obx_remind_${order.id}` },
    );
  }
  return claimed.length;
}
