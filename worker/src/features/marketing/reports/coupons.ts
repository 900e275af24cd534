import { z } from "@hono/zod-openapi";
import { sql } from "drizzle-orm";
import type { AppDeps } from "../../../deps";
import { ratio } from "../results-stats";
import { perBucket, total } from "./group";
import { bucketOf, inRange, type ReportRange } from "./range";
import { RangeSchema, type Report, rangeJson } from "./report";
import { homeStore, NET } from "./sql";

const Int = z.number().int();
const Funnel = {
  issued: Int,
  redeemed: Int,
  expired: Int,
  voided: Int,
  /** Still issued (or held for an unpaid online order): neither redeemed, expired nor voided (yet). */
  outstanding: Int,
  redemptionRate: z.number().nullable(),
  /** Net revenue and count of the purchases (and paid live orders) the redeemed ones were used on. */
  revenue: Int,
  orders: Int,
};
const STATUSES = ["issued", "redeemed", "expired", "voided", "outstanding", "revenue", "orders"] as const;

const CouponsReport = z
  .object({
    range: RangeSchema,
    totals: z.object(Funnel),
    byTemplate: z.array(z.object({ templateId: z.string(), templateName: z.string(), ...Funnel })),
    series: z.array(z.object({ bucket: z.string(), issued: Int, redeemed: Int, expired: Int })),
  })
  .openapi("CouponsReport");
export type CouponsReport = z.infer<typeof CouponsReport>;

type Counts = Record<(typeof STATUSES)[number], number>;
type TemplateRow = { templateId: string; templateName: string } & Counts;

const withRate = <T extends Counts>(x: T) => ({ ...x, redemptionRate: ratio(x.redeemed, x.issued) });

/**
 * The purchases a coupon was used on: a purchase that carries it, or the live order that redeemed
 * it (`live:<order>`) once paid (a purchase of source live with the order's id). Found through
 * the member's purchases (an index), never a scan.
 */
const USED_ON = sql`p.member_id = c.member_id AND (p.coupon_id = c.id OR (p.source = 'live' AND c.redeemed_reference = 'live:' || p.external_id))`;

/**
 * 優惠券 funnel per template: of the coupons issued in the range (a cohort), how many were
 * redeemed, expired, voided or are still outstanding — and the revenue of the purchases the
 * redeemed ones were used on. The series counts what happened in each bucket: issued (issued_at),
 * redeemed (redeemed_at), expired (expires_at of those now expired). With `storeId`, coupons of
 * the store's members (home store).
 */
async function couponsReport(
  deps: AppDeps,
  r: ReportRange,
  storeName: string | null,
): Promise<CouponsReport> {
  const { db } = deps;
  const [templates, activity] = await Promise.all([
    db.all<TemplateRow>(sql`
      SELECT c.template_id AS templateId, t.name AS templateName, count(*) AS issued,
        count(CASE WHEN c.status = 'redeemed' THEN 1 END) AS redeemed,
        count(CASE WHEN c.status = 'expired' THEN 1 END) AS expired,
        count(CASE WHEN c.status = 'voided' THEN 1 END) AS voided,
        count(CASE WHEN c.status IN ('issued', 'reserved') THEN 1 END) AS outstanding,
        coalesce(sum(CASE WHEN c.status = 'redeemed' THEN (SELECT sum(${NET}) FROM purchases p WHERE ${USED_ON}) END), 0) AS revenue,
        coalesce(sum(CASE WHEN c.status = 'redeemed' THEN (SELECT count(*) FROM purchases p WHERE ${USED_ON}) END), 0) AS orders
      FROM coupons c JOIN coupon_templates t ON t.id = c.template_id ${homeStore("c", r.storeId)}
      WHERE ${inRange(r, sql`c.issued_at`)}
      GROUP BY c.template_id, t.name
      ORDER BY issued DESC, c.template_id`),
    db.all<{ bucket: string; issued: number; redeemed: number; expired: number }>(sql`
      WITH cs AS (SELECT c.* FROM coupons c ${homeStore("c", r.storeId)})
      SELECT ${bucketOf(r, sql`issued_at`)} AS bucket, count(*) AS issued, 0 AS redeemed, 0 AS expired
        FROM cs WHERE ${inRange(r, sql`issued_at`)} GROUP BY 1
      UNION ALL SELECT ${bucketOf(r, sql`redeemed_at`)}, 0, count(*), 0
        FROM cs WHERE status = 'redeemed' AND ${inRange(r, sql`redeemed_at`)} GROUP BY 1
      UNION ALL SELECT ${bucketOf(r, sql`expires_at`)}, 0, 0, count(*)
        FROM cs WHERE status = 'expired' AND ${inRange(r, sql`expires_at`)} GROUP BY 1`),
  ]);
  return {
    range: rangeJson(r, storeName),
    totals: withRate(total(templates, STATUSES)),
    byTemplate: templates.map(withRate),
    series: perBucket(r, activity, ["issued", "redeemed", "expired"]),
  };
}

export const couponFunnel: Report<CouponsReport> = {
  name: "coupons",
  summary:
    "Coupons per template: issued → redeemed / expired / voided, redemption rate, revenue of their purchases",
  schema: CouponsReport,
  stores: true,
  build: couponsReport,
};
