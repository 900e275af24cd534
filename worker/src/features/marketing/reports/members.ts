import { z } from "@hono/zod-openapi";
import { type SQL, sql } from "drizzle-orm";
import type { AppDeps } from "../../../deps";
import { groupRows, largestFirst, perBucket, total } from "./group";
import { bucketOf, inRange, type ReportRange } from "./range";
import { RangeSchema, type Report, rangeJson, StaffLabels, StoreLabels } from "./report";
import { ATTRIBUTED_STORE, ATTRIBUTION_JOINS, IS_ORDER, isOrder, storeFilter } from "./sql";

const Int = z.number().int();
const Bindings = { bound: Int, kept: Int };
const Buyers = { buyers: Int, newBuyers: Int, returningBuyers: Int };

const MembersReport = z
  .object({
    range: RangeSchema,
    totals: z.object({ ...Bindings, ...Buyers }),
    series: z.array(z.object({ bucket: z.string(), ...Bindings, ...Buyers })),
    byStore: z.array(
      z.object({
        ...StoreLabels,
        ...Bindings,
        series: z.array(z.object({ bucket: z.string(), bound: Int })),
      }),
    ),
    byStaff: z.array(
      z.object({
        ...StaffLabels,
        ...Bindings,
      }),
    ),
  })
  .openapi("MembersReport");
export type MembersReport = z.infer<typeof MembersReport>;

interface ScanRow {
  bucket: string;
  storeId: string | null;
  storeName: string | null;
  staffId: string | null;
  staffName: string | null;
  bound: number;
  kept: number;
}
interface BuyerRow {
  bucket: string;
  buyers: number;
  newBuyers: number;
}

/**
 * Bindings come from `binding_scans`, the evidence of each scan at its time, with the store and
 * staff member of that scan: `bound` set the attribution, `kept` found an earlier one still
 * holding. (`members.bound_at` keeps only the latest binding: a member bound again after the
 * attribution window would move their first binding to the new store and time.)
 */
function scans(deps: AppDeps, r: ReportRange) {
  return deps.db.all<ScanRow>(sql`
    SELECT g.*, s.name AS storeName, st.name AS staffName
    FROM (
      SELECT ${bucketOf(r, sql`bs.scanned_at`)} AS bucket, bs.store_id AS storeId, bs.staff_id AS staffId,
        count(CASE WHEN bs.result = 'bound' THEN 1 END) AS bound,
        count(CASE WHEN bs.result = 'kept' THEN 1 END) AS kept
      FROM binding_scans bs
      WHERE ${inRange(r, sql`bs.scanned_at`)} ${storeFilter(sql`bs.store_id`, r.storeId)}
      GROUP BY bucket, bs.store_id, bs.staff_id
    ) g
    LEFT JOIN stores s ON s.id = g.storeId
    LEFT JOIN staff st ON st.id = g.staffId`);
}

/**
 * Members who bought (an order: not refunded in full) in each bucket — or, `bucket` null, in the
 * whole range — and of them the new ones: their first order ever (anywhere) is in that bucket.
 * With `storeId`, the bucket's orders are that store's; an earlier order at any store still makes
 * a returning buyer.
 */
function buyers(deps: AppDeps, r: ReportRange, bucket: "each" | "whole") {
  const key = (t: SQL) => (bucket === "each" ? bucketOf(r, t) : sql`${r.from}`);
  return deps.db.all<BuyerRow>(sql`
    SELECT x.bucket, count(*) AS buyers,
      count(CASE WHEN x.first >= ${r.lo} AND ${key(sql`x.first`)} = x.bucket THEN 1 END) AS newBuyers
    FROM (
      SELECT y.bucket, (SELECT min(q.created_at) FROM purchases q WHERE q.member_id = y.member_id AND ${isOrder("q")}) AS first
      FROM (
        SELECT ${key(sql`p.created_at`)} AS bucket, p.member_id
        FROM purchases p ${ATTRIBUTION_JOINS}
        WHERE ${inRange(r, sql`p.created_at`)} AND p.member_id IS NOT NULL AND ${IS_ORDER}
          ${storeFilter(ATTRIBUTED_STORE, r.storeId)}
        GROUP BY 1, p.member_id
      ) y
    ) x
    GROUP BY x.bucket`);
}

const withReturning = (x: { buyers: number; newBuyers: number }) => ({
  buyers: x.buyers,
  newBuyers: x.newBuyers,
  returningBuyers: x.buyers - x.newBuyers,
});

/**
 * Members bound per store and per staff member over time (binding scans), and buyers per bucket,
 * new against returning. The totals' buyers are distinct over the whole range (a member buying
 * in two buckets is one buyer), so they are counted again over the range as one.
 */
async function membersReport(
  deps: AppDeps,
  r: ReportRange,
  storeName: string | null,
): Promise<MembersReport> {
  const [scanRows, buyerRows, [overall]] = await Promise.all([
    scans(deps, r),
    buyers(deps, r, "each"),
    buyers(deps, r, "whole"),
  ]);
  const bindings = perBucket(r, scanRows, ["bound", "kept"]);
  const bought = perBucket(r, buyerRows, ["buyers", "newBuyers"]);
  return {
    range: rangeJson(r, storeName),
    totals: {
      ...total(scanRows, ["bound", "kept"]),
      ...withReturning(overall ?? { buyers: 0, newBuyers: 0 }),
    },
    series: bindings.map((b, i) => ({ ...b, ...withReturning(bought[i] ?? { buyers: 0, newBuyers: 0 }) })),
    byStore: groupRows(
      scanRows,
      (row) => row.storeId,
      (row) => ({ storeId: row.storeId, storeName: row.storeName }),
    )
      .map(({ rows, ...store }) => ({
        ...store,
        ...total(rows, ["bound", "kept"]),
        series: perBucket(r, rows, ["bound"]),
      }))
      .sort(
        largestFirst(
          (x) => x.bound,
          (x) => x.storeId,
        ),
      ),
    byStaff: groupRows(
      scanRows,
      (row) => `${row.staffId ?? ""} ${row.storeId ?? ""}`,
      (row) => ({
        staffId: row.staffId,
        staffName: row.staffName,
        storeId: row.storeId,
        storeName: row.storeName,
      }),
    )
      .map(({ rows, ...person }) => ({ ...person, ...total(rows, ["bound", "kept"]) }))
      .sort(
        largestFirst(
          (x) => x.bound,
          (x) => x.staffId,
        ),
      ),
  };
}

export const membersBound: Report<MembersReport> = {
  name: "members",
  summary: "Members bound per store and staff over time (binding scans), buyers new and returning",
  schema: MembersReport,
  stores: true,
  build: membersReport,
};
