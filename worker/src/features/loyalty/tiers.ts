import { and, desc, eq, gt, inArray, type SQL, sql } from "drizzle-orm";
import { members, purchases, tierChanges } from "../../../../db/schema";
import type { AppDeps } from "../../deps";
import { batch } from "../../lib/batch";
import { errorMessage } from "../../lib/log";
import { issueCoupon } from "./coupons";
import { localDay } from "./dates";
import { DEFAULT_TIER_REVIEW_DAY, LOYALTY_SETTINGS, pagedSweep, pageSize, readSetting } from "./settings";

export type TierCode = "regular" | "gold" | "platinum";
/**
 * 會員等級: spend (paid less refunds, NT$) in a rolling 12-month window. A member is raised at
 * once when a purchase (or a merge) crosses a threshold, and lowered only at the review date
 * (app setting `tier_review_day`, `MM-DD` in the brand's zone, default `01-01`). Thresholds are
 * the demo brand's; names live in the front end's message files.
 */
export const TIERS: ReadonlyArray<{ code: TierCode; threshold: number }> = [
  { code: "regular", threshold: 0 },
  { code: "gold", threshold: 10_000 },
  { code: "platinum", threshold: 30_000 },
];
export const TIER_WINDOW_DAYS = 365;

/** What shoppers read for each tier (chat replies, the chat card, prompts), zh-TW and English. */
export const TIER_NAMES: Record<TierCode, { zh: string; en: string }> = {
  regular: { zh: "一般會員", en: "Member" },
  gold: { zh: "金卡會員", en: "Gold" },
  platinum: { zh: "白金會員", en: "Platinum" },
};
/** The coupon template a tier-up issues (once per member and tier): `tier_up_coupon_template:gold`, … */
export const tierCouponSetting = (tier: "gold" | "platinum") =>
  tier === "gold" ? LOYALTY_SETTINGS.goldCouponTemplate : LOYALTY_SETTINGS.platinumCouponTemplate;

/** The tiers with their thresholds and names, and how many members (not guests) hold each now. */
export async function tierOverview(db: AppDeps["db"]) {
  const rows = await db
    .select({ tier: members.tier, n: sql<number>`count(*)` })
    .from(members)
    .where(eq(members.status, "member"))
    .groupBy(members.tier);
  const count = new Map(rows.map((r) => [r.tier, Number(r.n)]));
  return {
    windowDays: TIER_WINDOW_DAYS,
    tiers: TIERS.map((t) => ({ ...t, ...TIER_NAMES[t.code], members: count.get(t.code) ?? 0 })),
  };
}

export interface TierStatus {
  /** The member's tier as kept (an upgrade shows at once; a downgrade waits for the review). */
  code: TierCode;
  /** Paid less refunds in the window, minor units (TWD has none: NT$). */
  spend: number;
  windowDays: number;
  next: { code: TierCode; threshold: number; remaining: number } | null;
}

const rank = (code: TierCode) => TIERS.findIndex((t) => t.code === code);

/** The tier a spend qualifies for. */
export function tierForSpend(spend: number): TierCode {
  let current: TierCode = "regular";
  for (const t of TIERS) if (spend >= t.threshold) current = t.code;
  return current;
}

/** A tier and a spend: how far the next tier above it is. */
export function tierFor(spend: number, kept: TierCode = tierForSpend(spend)): TierStatus {
  const next = TIERS.find((t) => rank(t.code) > rank(kept)) ?? null;
  return {
    code: kept,
    spend,
    windowDays: TIER_WINDOW_DAYS,
    next: next
      ? { code: next.code, threshold: next.threshold, remaining: Math.max(0, next.threshold - spend) }
      : null,
  };
}

const windowStart = (now: Date) => now.getTime() - TIER_WINDOW_DAYS * 86_400_000;

/** The window's spend as SQL (paid less refunds), for one member id expression. */
function spendSql(memberId: SQL | string, now: Date): SQL {
  return sql`(SELECT coalesce(sum(${purchases.paid} - ${purchases.refundedAmount}), 0) FROM ${purchases} WHERE ${purchases.memberId} = ${memberId} AND ${purchases.createdAt} >= ${windowStart(now)})`;
}
/** The tier a spend expression qualifies for, and a tier's rank, in SQL. */
function tierSql(spend: SQL): SQL {
  const cases = [...TIERS].reverse().map((t) => sql`WHEN s >= ${t.threshold} THEN ${t.code}`);
  return sql`(SELECT CASE ${sql.join(cases, sql` `)} ELSE 'regular' END FROM (SELECT ${spend} AS s))`;
}
function rankSql(tier: SQL): SQL {
  const cases = TIERS.map((t, i) => sql`WHEN ${t.code} THEN ${i}`);
  return sql`(CASE ${tier} ${sql.join(cases, sql` `)} ELSE 0 END)`;
}

/** The member's tier (kept) with the window's spend, summed in SQL. */
export async function memberTier(deps: Pick<AppDeps, "db" | "clock">, memberId: string): Promise<TierStatus> {
  const [row] = await deps.db
    .select({ tier: members.tier, spend: sql<number>`${spendSql(memberId, deps.clock.now())}` })
    .from(members)
    .where(eq(members.id, memberId));
  return tierFor(Number(row?.spend ?? 0), row?.tier ?? "regular");
}

/**
 * Raises the member's tier if the window's spend now qualifies for a higher one: one batch whose
 * history row and tier change are both decided in SQL (spend, tier and comparison), so
 * concurrent purchases record one upgrade. Never lowers. Then the tier-up coupon, once per tier.
 */
export async function applyTierUpgrade(
  deps: AppDeps,
  memberId: string,
): Promise<{ from: TierCode; to: TierCode } | null> {
  const change = await changeTier(deps, memberId, "upgrade");
  if (!change) return null;
  deps.log.info("tier up", { memberId, ...change });
  await issueTierCoupon(deps, memberId, change.to);
  return change;
}

/**
 * Moves the member to the tier the window's spend qualifies for — up only (`upgrade`) or down
 * only (`review`) — in one batch: the history row is inserted from the member row only if the
 * spend, the tier and their comparison (all in SQL) call for it, and the tier follows that row.
 */
async function changeTier(
  deps: AppDeps,
  memberId: string,
  reason: "upgrade" | "review",
): Promise<{ from: TierCode; to: TierCode } | null> {
  const { db } = deps;
  const now = deps.clock.now();
  const id = deps.ids.id("tch");
  const target = tierSql(spendSql(memberId, now));
  const moves =
    reason === "upgrade"
      ? sql`${rankSql(target)} > ${rankSql(sql`${members.tier}`)}`
      : sql`${rankSql(target)} < ${rankSql(sql`${members.tier}`)}`;
  await batch(db, [
    db.insert(tierChanges).select(
      db
        .select({
          id: sql`${id}`.as("id"),
          memberId: members.id,
          fromTier: members.tier,
          toTier: sql`${target}`.as("to_tier"),
          reason: sql`${reason}`.as("reason"),
          spend: sql`${spendSql(memberId, now)}`.as("spend"),
          at: sql`${now.getTime()}`.as("at"),
        })
        .from(members)
        .where(and(eq(members.id, memberId), moves)),
    ),
    db
      .update(members)
      .set({
        tier: sql`(SELECT ${tierChanges.toTier} FROM ${tierChanges} WHERE ${tierChanges.id} = ${id})`,
        updatedAt: now,
      })
      .where(
        and(
          eq(members.id, memberId),
          sql`EXISTS (SELECT 1 FROM ${tierChanges} WHERE ${tierChanges.id} = ${id})`,
        ),
      ),
  ]);
  const [change] = await db.select().from(tierChanges).where(eq(tierChanges.id, id));
  return change ? { from: change.fromTier, to: change.toTier } : null;
}

/**
 * The tier-up coupon (app setting `tier_up_coupon_template:<tier>`), once per member and tier
 * reached (issue key `tier:<tier>:<member>`): falling back and rising again issues nothing new.
 * Reaching platinum straight from regular issues platinum's coupon only.
 */
export async function issueTierCoupon(
  deps: AppDeps,
  memberId: string,
  tier: TierCode,
): Promise<string | null> {
  if (tier === "regular") return null;
  const templateId = await readSetting(deps.db, tierCouponSetting(tier));
  if (!templateId) return null;
  try {
    const { coupon } = await issueCoupon(deps, {
      templateId,
      memberId,
      issueKey: `tier:${tier}:${memberId}`,
    });
    return coupon.code;
  } catch (err) {
    deps.log.warn("tier-up coupon not issued", { memberId, tier, error: errorMessage(err) });
    return null;
  }
}

/** The latest review date on or before today (local), as `YYYY-MM-DD`: it names the review period. */
export function currentReview(now: Date, timeZone: string, reviewDay: string): string {
  const m = /^(\d{2})-(\d{2})$/.exec(reviewDay);
  const [mm, dd] = m ? [m[1] as string, m[2] as string] : ["01", "01"];
  const today = localDay(now, timeZone);
  const year = Number(today.slice(0, 4));
  const thisYear = `${year}-${mm}-${dd}`;
  return thisYear <= today ? thisYear : `${year - 1}-${mm}-${dd}`;
}

/**
 * The review: members above regular whose window spend no longer holds their tier go down to
 * what it does hold (history reason `review`). Each change is conditional on the tier read, so a
 * concurrent upgrade wins. Runs over `memberIds` (the sweeper pages through members).
 */
export async function reviewTiers(deps: AppDeps, memberIds: string[]): Promise<number> {
  if (memberIds.length === 0) return 0;
  const now = deps.clock.now();
  // A cheap first pass finds who may go down; each change is then decided in SQL (a purchase
  // landing meanwhile counts).
  const rows = await deps.db
    .select({ id: members.id, tier: members.tier, spend: sql<number>`${spendSql(sql`${members.id}`, now)}` })
    .from(members)
    .where(and(inArray(members.id, memberIds), gt(rankSql(sql`${members.tier}`), 0)));
  let changed = 0;
  for (const row of rows) {
    if (rank(tierForSpend(Number(row.spend))) >= rank(row.tier)) continue;
    if (await changeTier(deps, row.id, "review")) changed++;
  }
  return changed;
}

/** Members in tier order for the review's paging: ids after `after`, above regular. */
export async function membersAboveRegular(deps: Pick<AppDeps, "db">, after: string, limit: number) {
  const rows = await deps.db
    .select({ id: members.id })
    .from(members)
    .where(and(gt(members.id, after), sql`${members.tier} <> 'regular'`))
    .orderBy(members.id)
    .limit(limit);
  return rows.map((r) => r.id);
}

/**
 * The tier review as a sweep: on the review day (app setting `tier_review_day`, `MM-DD`, brand
 * time zone, default `01-01`) members above regular are paged through once; a review day that
 * passed before the app first ran is not run late.
 */
export async function runTierReview(deps: AppDeps): Promise<number> {
  const day = (await readSetting(deps.db, LOYALTY_SETTINGS.tierReviewDay)) ?? DEFAULT_TIER_REVIEW_DAY;
  let changed = 0;
  await pagedSweep(deps.db, {
    key: "tier-review",
    period: currentReview(deps.clock.now(), deps.config.brand.timeZone, day),
    startDone: true,
    limit: pageSize(deps.dbLimits.maxParams),
    page: (after, limit) => membersAboveRegular(deps, after, limit),
    each: async (ids) => {
      changed += await reviewTiers(deps, ids);
    },
  });
  return changed;
}

/** The tier history, newest first (member card, support). */
export async function tierHistory(deps: Pick<AppDeps, "db">, memberId: string) {
  return deps.db
    .select()
    .from(tierChanges)
    .where(eq(tierChanges.memberId, memberId))
    .orderBy(desc(tierChanges.at), desc(tierChanges.id));
}
