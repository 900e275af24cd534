/**
 * 成效 (campaign results): what a broadcast's recipients bought in its attribution window against
 * its holdout, who were never messaged — orders, net revenue by channel, conversion, coupons —
 * and the uplift with 95 % intervals (results-stats.ts). Everything per member is summed in SQL.
 */
import { z } from "@hono/zod-openapi";
import { type SQL, sql } from "drizzle-orm";
import type { AppDeps } from "../../deps";
import { AppError, say } from "../../lib/errors";
import { requireBroadcast } from "./broadcasts";
import { CHANNEL_SUMS, IS_ORDER, NET } from "./reports/sql";
import { excludesZero, meanDiff, proportionDiff, ratio } from "./results-stats";

const DAY = 86_400_000;
const Int = z.number().int();
const Interval = z
  .tuple([z.number(), z.number()])
  .nullable()
  .openapi({ description: "95 % interval [lo, hi]" });

const Group = z
  .object({
    members: Int,
    /** Members with an order in the window (a purchase not refunded in full). */
    purchasers: Int,
    orders: Int,
    /** Net of refunds (paid − refunded), minor units; all channels. */
    revenue: Int,
    revenueByChannel: z.object({ store: Int, online: Int, live: Int }),
    conversionRate: z.number().nullable(),
    revenuePerMember: z.number().nullable(),
    /** Coupons the group redeemed in the window, and of them the broadcast's own (null: it has none). */
    couponRedemptions: Int,
    campaignCouponRedemptions: Int.nullable(),
  })
  .openapi("CampaignGroupResults");

export const CampaignResults = z
  .object({
    recipients: Group,
    holdout: Group,
    uplift: z.object({
      conversionRate: z.object({
        difference: z.number().nullable(),
        ci95: Interval,
        relative: z.number().nullable(),
      }),
      revenuePerMember: z.object({ difference: z.number().nullable(), ci95: Interval }),
      /** Revenue per member's difference × recipients, minor units. */
      incrementalRevenue: Int.nullable(),
      /** The conversion difference's 95 % interval leaves 0 out. */
      significant: z.boolean(),
    }),
    window: z.object({ from: z.string(), to: z.string(), days: Int, open: z.boolean() }),
  })
  .openapi("CampaignResults");
export type CampaignResults = z.infer<typeof CampaignResults>;

type GroupName = "recipients" | "holdout";
interface PurchaseRow {
  g: GroupName;
  members: number;
  purchasers: number;
  orders: number;
  revenue: number;
  store: number;
  online: number;
  live: number;
  /** Σ(x − x̄)² of the members' revenues (x = 0 for those who bought nothing). */
  ss: number;
}

/**
 * The two groups: recipients planned into a multicast (`chunk` set: those the send was for), and
 * the holdout. Capped and excluded members, and recipients never planned, are in neither.
 */
const groups = (id: string): SQL => sql`grp AS (
  SELECT bm.member_id, CASE WHEN bm.role = 'holdout' THEN 'holdout' ELSE 'recipients' END AS g
  FROM broadcast_members bm
  WHERE bm.broadcast_id = ${id} AND (bm.role = 'holdout' OR (bm.role = 'recipient' AND bm.chunk IS NOT NULL)))`;

export async function campaignResults(deps: AppDeps, id: string): Promise<CampaignResults> {
  const b = await requireBroadcast(deps.db, id);
  if (!b.startedAt)
    throw new AppError(
      "CONFLICT",
      say("此群發尚未送出，還沒有成效。", "This broadcast has not been sent yet, so it has no results."),
      { reason: "NOT_SENT", state: b.state },
    );
  const from = b.startedAt.getTime();
  const to = from + b.attributionDays * DAY;
  const [bought, redeemed] = await Promise.all([
    // Per member first (a LEFT JOIN: members who bought nothing are 0), then per group with the
    // centred sum of squares, for Welch's interval.
    deps.db.all<PurchaseRow>(sql`
      WITH ${groups(id)},
      per AS (
        SELECT grp.g, grp.member_id, coalesce(sum(${NET}), 0) AS revenue,
          count(CASE WHEN ${IS_ORDER} THEN 1 END) AS orders, ${CHANNEL_SUMS}
        FROM grp LEFT JOIN purchases p ON p.member_id = grp.member_id AND p.created_at >= ${from} AND p.created_at < ${to}
        GROUP BY grp.g, grp.member_id
      ),
      mean AS (SELECT g, avg(revenue) AS mean FROM per GROUP BY g)
      SELECT per.g, count(*) AS members, count(CASE WHEN per.orders > 0 THEN 1 END) AS purchasers,
        sum(per.orders) AS orders, sum(per.revenue) AS revenue,
        sum(per.store) AS store, sum(per.online) AS online, sum(per.live) AS live,
        total((per.revenue - mean.mean) * (per.revenue - mean.mean)) AS ss
      FROM per JOIN mean ON mean.g = per.g
      GROUP BY per.g`),
    deps.db.all<{ g: GroupName; all: number; campaign: number }>(sql`
      WITH ${groups(id)}
      SELECT grp.g, count(*) AS "all", count(CASE WHEN c.template_id = ${b.couponTemplateId} THEN 1 END) AS campaign
      FROM grp JOIN coupons c ON c.member_id = grp.member_id AND c.status = 'redeemed'
        AND c.redeemed_at >= ${from} AND c.redeemed_at < ${to}
      GROUP BY grp.g`),
  ]);
  const group = (g: GroupName) => {
    const p = bought.find((x) => x.g === g);
    const c = redeemed.find((x) => x.g === g);
    const n = p?.members ?? 0;
    const revenue = p?.revenue ?? 0;
    return {
      json: {
        members: n,
        purchasers: p?.purchasers ?? 0,
        orders: p?.orders ?? 0,
        revenue,
        revenueByChannel: { store: p?.store ?? 0, online: p?.online ?? 0, live: p?.live ?? 0 },
        conversionRate: ratio(p?.purchasers ?? 0, n),
        revenuePerMember: ratio(revenue, n),
        couponRedemptions: c?.all ?? 0,
        campaignCouponRedemptions: b.couponTemplateId ? (c?.campaign ?? 0) : null,
      },
      moments: { n, sum: revenue, ss: p?.ss ?? 0 },
    };
  };
  const recipients = group("recipients");
  const holdout = group("holdout");
  const conversion = proportionDiff(
    { n: recipients.json.members, k: recipients.json.purchasers },
    { n: holdout.json.members, k: holdout.json.purchasers },
  );
  const perMember = meanDiff(recipients.moments, holdout.moments);
  return {
    recipients: recipients.json,
    holdout: holdout.json,
    uplift: {
      conversionRate: conversion,
      revenuePerMember: { difference: perMember.difference, ci95: perMember.ci95 },
      incrementalRevenue:
        perMember.difference === null ? null : Math.round(perMember.difference * recipients.json.members),
      significant: excludesZero(conversion.ci95),
    },
    window: {
      from: new Date(from).toISOString(),
      to: new Date(to).toISOString(),
      days: b.attributionDays,
      open: deps.clock.now().getTime() < to,
    },
  };
}
