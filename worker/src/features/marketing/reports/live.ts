import { z } from "@hono/zod-openapi";
import { sql } from "drizzle-orm";
import type { AppDeps } from "../../../deps";
import { ratio } from "../results-stats";
import { groupRows, largestFirst, perBucket, total } from "./group";
import { bucketOf, inRange, type ReportRange } from "./range";
import { RangeSchema, type Report, rangeJson } from "./report";

const Int = z.number().int();
const Counts = {
  /** Carts with something in them, and every order past the cart. */
  orders: Int,
  paidOrders: Int,
  cancelledOrders: Int,
  expiredOrders: Int,
  /** Units the orders hold (reserved lines), and of them those in paid orders. */
  units: Int,
  unitsSold: Int,
  /** What the paid orders came to (their totals, after coupon and points). */
  revenue: Int,
};
const METRICS = [
  "orders",
  "paidOrders",
  "cancelledOrders",
  "expiredOrders",
  "units",
  "unitsSold",
  "revenue",
] as const;
const Conversion = { conversionRate: z.number().nullable().openapi({ description: "paidOrders / orders" }) };

const LiveReport = z
  .object({
    range: RangeSchema,
    totals: z.object({ ...Counts, ...Conversion }),
    series: z.array(z.object({ bucket: z.string(), ...Counts })),
    bySale: z.array(
      z.object({
        saleId: z.string(),
        title: z.string(),
        status: z.enum(["draft", "open", "closed"]),
        ...Counts,
        ...Conversion,
      }),
    ),
  })
  .openapi("LiveReport");
export type LiveReport = z.infer<typeof LiveReport>;

type Row = { bucket: string; saleId: string; title: string; status: "draft" | "open" | "closed" } & Record<
  (typeof METRICS)[number],
  number
>;

const sums = (rows: readonly Row[]) => {
  const s = total(rows, METRICS);
  return { ...s, conversionRate: ratio(s.paidOrders, s.orders) };
};

/**
 * "+1" sales per live sale: the orders made in the range (by when the first comment made the
 * cart), how many were paid (paid or picked up), cancelled or expired, the units they hold and
 * the paid orders' revenue; conversion is paid over orders. Empty carts (every line cancelled
 * before anything else happened) are not orders. With `storeId`, orders picked up at the store,
 * or (delivered) attributed to it — the store their purchase is recorded at.
 */
async function liveReport(deps: AppDeps, r: ReportRange, storeName: string | null): Promise<LiveReport> {
  const rows = await deps.db.all<Row>(sql`
    SELECT g.*, s.title, s.status FROM (
      SELECT x.bucket, x.sale_id AS saleId, count(*) AS orders, sum(x.paid) AS paidOrders,
        count(CASE WHEN x.status = 'cancelled' THEN 1 END) AS cancelledOrders,
        count(CASE WHEN x.status = 'expired' THEN 1 END) AS expiredOrders,
        sum(x.units) AS units, sum(CASE WHEN x.paid THEN x.units ELSE 0 END) AS unitsSold,
        sum(CASE WHEN x.paid THEN x.total ELSE 0 END) AS revenue
      FROM (
        SELECT ${bucketOf(r, sql`o.created_at`)} AS bucket, o.sale_id, o.status, o.total, o.created_at, o.status IN ('paid', 'picked_up') AS paid,
          coalesce((SELECT sum(l.qty) FROM live_lines l WHERE l.order_id = o.id AND l.status = 'reserved'), 0) AS units
        FROM live_orders o
        WHERE ${inRange(r, sql`o.created_at`)}
          AND NOT (o.status = 'cart' AND NOT EXISTS (SELECT 1 FROM live_lines l WHERE l.order_id = o.id))
          ${r.storeId === null ? sql`` : sql`AND coalesce(o.pickup_store_id, o.attributed_store_id) = ${r.storeId}`}
      ) x
      GROUP BY x.bucket, x.sale_id
    ) g JOIN live_sales s ON s.id = g.saleId`);
  return {
    range: rangeJson(r, storeName),
    totals: sums(rows),
    series: perBucket(r, rows, METRICS),
    bySale: groupRows(
      rows,
      (row) => row.saleId,
      (row) => ({ saleId: row.saleId, title: row.title, status: row.status }),
    )
      .map(({ rows: mine, ...sale }) => ({ ...sale, ...sums(mine) }))
      .sort(
        largestFirst(
          (x) => x.revenue,
          (x) => x.saleId,
        ),
      ),
  };
}

export const liveSales: Report<LiveReport> = {
  name: "live",
  summary: '"+1" live sales: orders, units, revenue and conversion from cart to paid, per sale',
  schema: LiveReport,
  stores: true,
  build: liveReport,
};
