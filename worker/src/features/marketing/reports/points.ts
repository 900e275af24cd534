import { z } from "@hono/zod-openapi";
import { sql } from "drizzle-orm";
import type { AppDeps } from "../../../deps";
import { perBucket, total } from "./group";
import { bucketOf, inRange, type ReportRange } from "./range";
import { RangeSchema, type Report, rangeJson } from "./report";
import { homeStore } from "./sql";

const Int = z.number().int();
const Moves = { earned: Int, redeemed: Int, expired: Int, reversed: Int, adjusted: Int, net: Int };
const KINDS = ["earned", "redeemed", "expired", "reversed", "adjusted", "net"] as const;

const PointsReport = z
  .object({
    range: RangeSchema,
    totals: z.object(Moves),
    series: z.array(z.object({ bucket: z.string(), ...Moves, outstanding: Int })),
    liability: z.object({
      /** The ledger's sum before the range opens, and when it closes (`opening + totals.net`). */
      opening: Int,
      closing: Int,
      /** Now: the members' cached balances, the ledger's sum, and whether they agree. */
      balances: Int,
      ledger: Int,
      consistent: z.boolean(),
      holders: Int,
      asOf: z.string(),
    }),
  })
  .openapi("PointsReport");
export type PointsReport = z.infer<typeof PointsReport>;

type MoveRow = { bucket: string } & Record<(typeof KINDS)[number], number>;

/**
 * The points ledger per bucket: issued (earn), redeemed, expired and reversed as positive numbers,
 * adjustments signed, and the outstanding liability at each bucket's end (the ledger's running
 * sum). Liability now is the sum of members' balances, checked against the ledger's sum. With
 * `storeId`, the store's members (home store).
 */
async function pointsReport(deps: AppDeps, r: ReportRange, storeName: string | null): Promise<PointsReport> {
  const { db } = deps;
  const [moves, [before], [now]] = await Promise.all([
    db.all<MoveRow>(sql`
      SELECT ${bucketOf(r, sql`e.created_at`)} AS bucket,
        coalesce(sum(CASE WHEN e.kind = 'earn' THEN e.points END), 0) AS earned,
        -coalesce(sum(CASE WHEN e.kind = 'redeem' THEN e.points END), 0) AS redeemed,
        -coalesce(sum(CASE WHEN e.kind = 'expire' THEN e.points END), 0) AS expired,
        -coalesce(sum(CASE WHEN e.kind = 'reverse' THEN e.points END), 0) AS reversed,
        coalesce(sum(CASE WHEN e.kind = 'adjust' THEN e.points END), 0) AS adjusted,
        coalesce(sum(e.points), 0) AS net
      FROM point_entries e ${homeStore("e", r.storeId)}
      WHERE ${inRange(r, sql`e.created_at`)}
      GROUP BY bucket`),
    db.all<{ opening: number }>(sql`
      SELECT coalesce(sum(e.points), 0) AS opening FROM point_entries e ${homeStore("e", r.storeId)}
      WHERE e.created_at < ${r.lo}`),
    db.all<{ balances: number; holders: number; ledger: number }>(sql`
      SELECT coalesce(sum(m.points_balance), 0) AS balances, count(CASE WHEN m.points_balance > 0 THEN 1 END) AS holders,
        (SELECT coalesce(sum(e.points), 0) FROM point_entries e ${homeStore("e", r.storeId)}) AS ledger
      FROM members m WHERE 1 = 1 ${r.storeId === null ? sql`` : sql`AND m.home_store_id = ${r.storeId}`}`),
  ]);
  const opening = before?.opening ?? 0;
  let running = opening;
  const series = perBucket(r, moves, KINDS).map((point) => {
    running += point.net;
    return { ...point, outstanding: running };
  });
  const balances = now?.balances ?? 0;
  const ledger = now?.ledger ?? 0;
  return {
    range: rangeJson(r, storeName),
    totals: total(moves, KINDS),
    series,
    liability: {
      opening,
      closing: running,
      balances,
      ledger,
      consistent: balances === ledger,
      holders: now?.holders ?? 0,
      asOf: deps.clock.now().toISOString(),
    },
  };
}

export const points: Report<PointsReport> = {
  name: "points",
  summary: "Points issued, redeemed, expired and reversed per bucket, and the outstanding liability",
  schema: PointsReport,
  stores: true,
  build: pointsReport,
};
