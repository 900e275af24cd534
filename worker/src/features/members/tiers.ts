import { and, eq, gte, sql } from "drizzle-orm";
import { purchases } from "../../../../db/schema";
import type { AppDeps } from "../../deps";

export type TierCode = "regular" | "gold" | "platinum";

/**
 * 會員等級: spend (paid, NT$) in a rolling 12-month window decides the tier; an upgrade shows at
 * once. Thresholds are the demo brand's; names live in the front end's message files.
 */
export const TIERS: ReadonlyArray<{ code: TierCode; threshold: number }> = [
  { code: "regular", threshold: 0 },
  { code: "gold", threshold: 10_000 },
  { code: "platinum", threshold: 30_000 },
];
export const TIER_WINDOW_DAYS = 365;

export interface TierStatus {
  code: TierCode;
  /** Paid in the window, minor units (TWD has none: NT$). */
  spend: number;
  windowDays: number;
  next: { code: TierCode; threshold: number; remaining: number } | null;
}

/** Where a spend puts a member: their tier and how far the next one is. */
export function tierFor(spend: number): TierStatus {
  let current = TIERS[0] as (typeof TIERS)[number];
  for (const t of TIERS) if (spend >= t.threshold) current = t;
  const next = TIERS.find((t) => t.threshold > spend) ?? null;
  return {
    code: current.code,
    spend,
    windowDays: TIER_WINDOW_DAYS,
    next: next ? { code: next.code, threshold: next.threshold, remaining: next.threshold - spend } : null,
  };
}

/** The member's tier from the database: the window's spend is summed in SQL. */
export async function memberTier(deps: Pick<AppDeps, "db" | "clock">, memberId: string): Promise<TierStatus> {
  const since = new Date(deps.clock.now().getTime() - TIER_WINDOW_DAYS * 86_400_000);
  const [row] = await deps.db
    .select({ spend: sql<number>`coalesce(sum(${purchases.paid}), 0)` })
    .from(purchases)
    .where(and(eq(purchases.memberId, memberId), gte(purchases.createdAt, since)));
  return tierFor(Number(row?.spend ?? 0));
}
