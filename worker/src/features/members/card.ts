import { and, asc, desc, eq, gt, lt, sql } from "drizzle-orm";
import {
  couponGifts,
  coupons,
  couponTemplates,
  members,
  pointEntries,
  pointLots,
  stores,
} from "../../../../db/schema";
import type { AppDeps } from "../../deps";

const SOON_DAYS = 60;

/** What the member card shows: code, points, points expiring soon, home store. */
export async function memberCard(deps: Pick<AppDeps, "db" | "clock">, lineUserId: string) {
  const { db, clock } = deps;
  const [row] = await db
    .select({ m: members, storeName: stores.name })
    .from(members)
    .leftJoin(stores, eq(stores.id, members.homeStoreId))
    .where(eq(members.lineUserId, lineUserId));
  if (!row) return undefined;
  const now = clock.now();
  const soon = new Date(now.getTime() + SOON_DAYS * 86_400_000);
  const [expiring] = await db
    .select({
      points: sql<number>`coalesce(sum(${pointLots.remaining}), 0)`,
      first: sql<number | null>`min(${pointLots.expiresAt})`,
    })
    .from(pointLots)
    .where(
      and(
        eq(pointLots.memberId, row.m.id),
        gt(pointLots.remaining, 0),
        gt(pointLots.expiresAt, now),
        lt(pointLots.expiresAt, soon),
      ),
    );
  return {
    member: row.m,
    homeStore: row.storeName ?? null,
    points: row.m.pointsBalance,
    expiringSoon: {
      points: Number(expiring?.points ?? 0),
      firstAt: expiring?.first ? new Date(Number(expiring.first)) : null,
    },
  };
}

export async function pointsHistory(
  deps: Pick<AppDeps, "db">,
  memberId: string,
  opts: { before?: string; limit: number },
) {
  // Cursor = the last entry's `createdAt|id`, so paging is stable while new entries arrive.
  const [at, id] = (opts.before ?? "").split("|");
  const rows = await deps.db
    .select()
    .from(pointEntries)
    .where(
      and(
        eq(pointEntries.memberId, memberId),
        opts.before
          ? sql`(${pointEntries.createdAt}, ${pointEntries.id}) < (${Number(at)}, ${id ?? ""})`
          : undefined,
      ),
    )
    .orderBy(desc(pointEntries.createdAt), desc(pointEntries.id))
    .limit(opts.limit + 1);
  const page = rows.slice(0, opts.limit);
  const last = page.at(-1);
  return {
    entries: page,
    nextCursor: rows.length > opts.limit && last ? `${last.createdAt.getTime()}|${last.id}` : null,
  };
}

export async function memberCoupons(
  deps: Pick<AppDeps, "db" | "clock">,
  memberId: string,
  status: "available" | "used" | "expired",
) {
  const now = deps.clock.now();
  const where =
    status === "available"
      ? and(eq(coupons.status, "issued"), gt(coupons.expiresAt, now))
      : status === "used"
        ? eq(coupons.status, "redeemed")
        : sql`(${coupons.status} IN ('expired', 'voided') OR (${coupons.status} = 'issued' AND ${coupons.expiresAt} <= ${now.getTime()}))`;
  // With the coupon's open gift link, if any: at most one (a partial unique index), not expired.
  return deps.db
    .select({ c: coupons, t: couponTemplates, giftExpiresAt: couponGifts.expiresAt })
    .from(coupons)
    .innerJoin(couponTemplates, eq(couponTemplates.id, coupons.templateId))
    .leftJoin(
      couponGifts,
      and(
        eq(couponGifts.couponId, coupons.id),
        eq(couponGifts.state, "pending"),
        eq(couponGifts.fromMemberId, memberId),
        gt(couponGifts.expiresAt, now),
      ),
    )
    .where(and(eq(coupons.memberId, memberId), where))
    .orderBy(asc(coupons.expiresAt));
}
