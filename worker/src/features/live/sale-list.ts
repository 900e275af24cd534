import type { z } from "@hono/zod-openapi";
import { and, desc, eq, inArray, lt, or, sql } from "drizzle-orm";
import type { Db } from "../../../../db/client";
import { liveLines, liveOrders, liveProducts, liveSales, liveVariants } from "../../../../db/schema";
import { AppError, say } from "../../lib/errors";
import { ORDER_STATUSES, type SaleListQuery, type SaleSummary } from "./schema";

/** Orders whose money counts: the buyer checked out (and maybe paid or picked up). */
const REVENUE_STATUSES = ["confirmed", "paid", "picked_up"] as const;

const cursorOf = (createdAt: Date, id: string) => `${createdAt.getTime()}.${id}`;

function parseCursor(cursor: string): { at: Date; id: string } {
  const m = /^(\d{1,15})\.(.+)$/.exec(cursor);
  if (!m)
    throw new AppError("VALIDATION_FAILED", say("分頁參數無效。", "before: not a cursor from this list."));
  return { at: new Date(Number(m[1])), id: m[2] ?? "" };
}

/**
 * 直播列表: a page of sales, newest first, each with its unit counters and order figures. Three
 * statements: the page, then the counters and the orders of just those sales, grouped (indexes
 * on live_products(sale_id, …) and live_orders(sale_id, …) keep them to the page's rows).
 */
export async function listSales(db: Db, q: z.infer<typeof SaleListQuery>) {
  const after = q.before ? parseCursor(q.before) : undefined;
  const page = await db
    .select()
    .from(liveSales)
    .where(
      and(
        q.status ? eq(liveSales.status, q.status) : undefined,
        after
          ? or(
              lt(liveSales.createdAt, after.at),
              and(eq(liveSales.createdAt, after.at), lt(liveSales.id, after.id)),
            )
          : undefined,
      ),
    )
    .orderBy(desc(liveSales.createdAt), desc(liveSales.id))
    .limit(q.limit + 1);
  const more = page.length > q.limit;
  const sales = more ? page.slice(0, q.limit) : page;
  if (sales.length === 0) return { sales: [], nextCursor: null };
  const ids = sales.map((s) => s.id);

  const [units, orders] = await Promise.all([
    db
      .select({
        saleId: liveProducts.saleId,
        products: sql<number>`count(DISTINCT ${liveProducts.id})`,
        stock: sql<number>`coalesce(sum(${liveVariants.stock}), 0)`,
        reserved: sql<number>`coalesce(sum(${liveVariants.reserved}), 0)`,
        waitlisted: sql<number>`coalesce(sum(${liveVariants.waitlisted}), 0)`,
        value: sql<number>`coalesce(sum(${liveVariants.reserved} * ${liveProducts.price}), 0)`,
      })
      .from(liveProducts)
      .innerJoin(liveVariants, eq(liveVariants.productId, liveProducts.id))
      .where(inArray(liveProducts.saleId, ids))
      .groupBy(liveProducts.saleId),
    db
      .select({
        saleId: liveOrders.saleId,
        status: liveOrders.status,
        // A cart counts once it holds a line (a buyer whose every comment was refused has none).
        // Spelled out: drizzle leaves columns unqualified in a one-table select.
        n: sql<number>`sum(CASE WHEN "live_orders"."status" <> 'cart' OR EXISTS (SELECT 1 FROM ${liveLines} l WHERE l.order_id = "live_orders"."id" AND l.status IN ('reserved', 'waitlisted')) THEN 1 ELSE 0 END)`,
        total: sql<number>`coalesce(sum(${liveOrders.total}), 0)`,
      })
      .from(liveOrders)
      .where(inArray(liveOrders.saleId, ids))
      .groupBy(liveOrders.saleId, liveOrders.status),
  ]);

  const unitsBySale = new Map(units.map((u) => [u.saleId, u]));
  return {
    sales: sales.map((s): SaleSummary => {
      const u = unitsBySale.get(s.id);
      const byStatus = Object.fromEntries(ORDER_STATUSES.map((st) => [st, 0])) as Record<
        (typeof ORDER_STATUSES)[number],
        number
      >;
      let revenue = 0;
      for (const o of orders) {
        if (o.saleId !== s.id) continue;
        byStatus[o.status] = Number(o.n);
        if ((REVENUE_STATUSES as readonly string[]).includes(o.status)) revenue += Number(o.total);
      }
      const stock = Number(u?.stock ?? 0);
      const ordered = Number(u?.reserved ?? 0);
      return {
        id: s.id,
        title: s.title,
        status: s.status,
        featuredCode: s.featuredCode,
        createdAt: s.createdAt.toISOString(),
        openedAt: s.openedAt?.toISOString() ?? null,
        closedAt: s.closedAt?.toISOString() ?? null,
        products: Number(u?.products ?? 0),
        units: { stock, ordered, remaining: stock - ordered, waitlisted: Number(u?.waitlisted ?? 0) },
        orderedValue: Number(u?.value ?? 0),
        orders: {
          total: byStatus.cart + byStatus.confirmed + byStatus.paid + byStatus.picked_up,
          byStatus,
        },
        revenue,
      };
    }),
    nextCursor: more ? cursorOf(sales[sales.length - 1]!.createdAt, sales[sales.length - 1]!.id) : null,
  };
}
