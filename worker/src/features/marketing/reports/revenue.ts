import { z } from "@hono/zod-openapi";
import { sql } from "drizzle-orm";
import type { AppDeps } from "../../../deps";
import { groupRows, largestFirst, perBucket, total } from "./group";
import { bucketOf, inRange, type ReportRange } from "./range";
import { RangeSchema, type Report, rangeJson, StaffLabels, StoreLabels } from "./report";
import { ATTRIBUTED_STORE, ATTRIBUTION_JOINS, CHANNEL_SUMS, IS_ORDER, NET, storeFilter } from "./sql";

const Int = z.number().int();
export const ByChannel = z.object({ store: Int, online: Int, live: Int }).openapi("RevenueByChannel");
type ByChannel = z.infer<typeof ByChannel>;
const Sums = { orders: Int, revenue: Int, byChannel: ByChannel };

const RevenueReport = z
  .object({
    range: RangeSchema,
    totals: z.object(Sums),
    series: z.array(z.object({ bucket: z.string(), ...Sums })),
    byStore: z.array(
      z.object({
        ...StoreLabels,
        ...Sums,
        series: z.array(z.object({ bucket: z.string(), revenue: Int })),
      }),
    ),
    byStaff: z.array(
      z.object({
        ...StaffLabels,
        ...Sums,
        /** 門市推薦人: online and live revenue credited to the staff member who bound the member. */
        referred: Int,
      }),
    ),
  })
  .openapi("RevenueReport");
export type RevenueReport = z.infer<typeof RevenueReport>;

interface Row extends ByChannel {
  bucket: string;
  storeId: string | null;
  storeName: string | null;
  staffId: string | null;
  staffName: string | null;
  staffStoreId: string | null;
  staffStoreName: string | null;
  orders: number;
  revenue: number;
}

const METRICS = ["orders", "revenue", "store", "online", "live"] as const;
/** Rows summed into orders, revenue and revenue by channel. */
const sums = (rows: readonly Row[]) => shape(total(rows, METRICS));
const shape = ({ orders, revenue, store, online, live }: Record<(typeof METRICS)[number], number>) => ({
  orders,
  revenue,
  byChannel: { store, online, live },
});

/**
 * Net revenue by channel per bucket, by attributed store (reports/sql.ts) and by the staff member
 * each purchase is credited to (`attributed_staff_id`), names resolved. One query groups by
 * bucket × store × staff; the grouped rows (few) are summed into the views here.
 */
async function revenueReport(
  deps: AppDeps,
  r: ReportRange,
  storeName: string | null,
): Promise<RevenueReport> {
  const rows = await deps.db.all<Row>(sql`
    SELECT g.*, s.name AS storeName, st.name AS staffName, st.store_id AS staffStoreId, ss.name AS staffStoreName
    FROM (
      SELECT ${bucketOf(r, sql`p.created_at`)} AS bucket, ${ATTRIBUTED_STORE} AS storeId, p.attributed_staff_id AS staffId,
        count(CASE WHEN ${IS_ORDER} THEN 1 END) AS orders, coalesce(sum(${NET}), 0) AS revenue, ${CHANNEL_SUMS}
      FROM purchases p ${ATTRIBUTION_JOINS}
      WHERE ${inRange(r, sql`p.created_at`)} ${storeFilter(ATTRIBUTED_STORE, r.storeId)}
      GROUP BY bucket, storeId, staffId
    ) g
    LEFT JOIN stores s ON s.id = g.storeId
    LEFT JOIN staff st ON st.id = g.staffId
    LEFT JOIN stores ss ON ss.id = st.store_id`);

  return {
    range: rangeJson(r, storeName),
    totals: sums(rows),
    series: perBucket(r, rows, METRICS).map(({ bucket, ...m }) => ({ bucket, ...shape(m) })),
    byStore: groupRows(
      rows,
      (row) => row.storeId,
      (row) => ({ storeId: row.storeId, storeName: row.storeName }),
    )
      .map(({ rows: mine, ...store }) => ({
        ...store,
        ...sums(mine),
        series: perBucket(r, mine, ["revenue"]),
      }))
      .sort(
        largestFirst(
          (x) => x.revenue,
          (x) => x.storeId,
        ),
      ),
    byStaff: groupRows(
      rows,
      (row) => row.staffId,
      (row) => ({
        staffId: row.staffId,
        staffName: row.staffName,
        storeId: row.staffStoreId,
        storeName: row.staffStoreName,
      }),
    )
      .map(({ rows: mine, ...person }) => {
        const s = sums(mine);
        return { ...person, ...s, referred: s.byChannel.online + s.byChannel.live };
      })
      .sort(
        largestFirst(
          (x) => x.revenue,
          (x) => x.staffId,
        ),
      ),
  };
}

export const revenue: Report<RevenueReport> = {
  name: "revenue",
  summary: "Net revenue by channel per bucket, by attributed store and by staff (門市推薦人)",
  schema: RevenueReport,
  stores: true,
  build: revenueReport,
};
