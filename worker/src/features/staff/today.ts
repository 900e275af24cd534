import { and, desc, eq, gte, sql } from "drizzle-orm";
import { bindingScans, members, purchases, staff } from "../../../../db/schema";
import type { AppDeps } from "../../deps";

/** Midnight today in the brand's time zone, as a UTC instant (the database stores UTC). */
export function startOfDay(now: Date, timeZone: string): Date {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat("en-US", {
      timeZone,
      hour12: false,
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    })
      .formatToParts(now)
      .map((p) => [p.type, p.value]),
  );
  // The zone's wall clock now, read as if it were UTC; the difference is the zone's offset.
  const wall = Date.UTC(
    Number(parts.year),
    Number(parts.month) - 1,
    Number(parts.day),
    Number(parts.hour) % 24,
    Number(parts.minute),
    Number(parts.second),
  );
  const offset = wall - Math.floor(now.getTime() / 1000) * 1000;
  return new Date(Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day)) - offset);
}

/** "王小明" → "王＊明", "Amy" → "A＊y": enough for a clerk to recognise, not to copy out. */
export function maskName(name: string | null): string | null {
  if (!name) return null;
  const chars = [...name];
  if (chars.length <= 1) return name;
  if (chars.length === 2) return `${chars[0]}＊`;
  return `${chars[0]}${"＊".repeat(chars.length - 2)}${chars.at(-1)}`;
}

export interface TodayTotals {
  membersBound: number;
  purchases: number;
  paid: number;
  pointsEarned: number;
}

/**
 * Today at the counter: members bound and purchases recorded by this clerk and by their store
 * (any clerk or the store's POS), since midnight in the brand's time zone. Sums are done in SQL.
 */
export async function staffToday(deps: AppDeps, clerk: { id: string; storeId: string }) {
  const { db } = deps;
  const now = deps.clock.now();
  const since = startOfDay(now, deps.config.brand.timeZone);
  const bound = async (by: "staff" | "store") => {
    const [row] = await db
      .select({ n: sql<number>`count(*)` })
      .from(bindingScans)
      .where(
        and(
          by === "staff" ? eq(bindingScans.staffId, clerk.id) : eq(bindingScans.storeId, clerk.storeId),
          eq(bindingScans.result, "bound"),
          gte(bindingScans.scannedAt, since),
        ),
      );
    return Number(row?.n ?? 0);
  };
  const sales = async (by: "staff" | "store") => {
    const [row] = await db
      .select({
        n: sql<number>`count(*)`,
        paid: sql<number>`coalesce(sum(${purchases.paid} - ${purchases.refundedAmount}), 0)`,
        points: sql<number>`coalesce(sum(${purchases.pointsEarned}), 0)`,
      })
      .from(purchases)
      .where(
        and(
          by === "staff" ? eq(purchases.staffId, clerk.id) : eq(purchases.storeId, clerk.storeId),
          eq(purchases.channel, "store"),
          gte(purchases.createdAt, since),
        ),
      );
    return { purchases: Number(row?.n ?? 0), paid: Number(row?.paid ?? 0), points: Number(row?.points ?? 0) };
  };
  const [meBound, storeBound, meSales, storeSales] = await Promise.all([
    bound("staff"),
    bound("store"),
    sales("staff"),
    sales("store"),
  ]);
  const recentPurchases = await db
    .select({
      id: purchases.id,
      createdAt: purchases.createdAt,
      amount: purchases.amount,
      paid: purchases.paid,
      refunded: purchases.refundedAmount,
      pointsEarned: purchases.pointsEarned,
      staffId: purchases.staffId,
      staffName: staff.name,
      memberCode: members.memberCode,
    })
    .from(purchases)
    .leftJoin(staff, eq(staff.id, purchases.staffId))
    .leftJoin(members, eq(members.id, purchases.memberId))
    .where(
      and(
        eq(purchases.storeId, clerk.storeId),
        eq(purchases.channel, "store"),
        gte(purchases.createdAt, since),
      ),
    )
    .orderBy(desc(purchases.createdAt), desc(purchases.id))
    .limit(20);
  const recentMembers = await db
    .select({
      id: bindingScans.id,
      scannedAt: bindingScans.scannedAt,
      staffId: bindingScans.staffId,
      staffName: staff.name,
      name: sql<string | null>`coalesce(${members.name}, ${members.displayName})`,
    })
    .from(bindingScans)
    .leftJoin(staff, eq(staff.id, bindingScans.staffId))
    .leftJoin(members, eq(members.id, bindingScans.memberId))
    .where(
      and(
        eq(bindingScans.storeId, clerk.storeId),
        eq(bindingScans.result, "bound"),
        gte(bindingScans.scannedAt, since),
      ),
    )
    .orderBy(desc(bindingScans.scannedAt), desc(bindingScans.id))
    .limit(20);
  const totals = (b: number, s: Awaited<ReturnType<typeof sales>>): TodayTotals => ({
    membersBound: b,
    purchases: s.purchases,
    paid: s.paid,
    pointsEarned: s.points,
  });
  return {
    since,
    me: totals(meBound, meSales),
    store: totals(storeBound, storeSales),
    purchases: recentPurchases.map((p) => ({
      id: p.id,
      at: p.createdAt.toISOString(),
      amount: p.amount,
      paid: p.paid,
      refunded: p.refunded,
      pointsEarned: p.pointsEarned,
      byMe: p.staffId === clerk.id,
      staffName: p.staffName ?? null,
      // Last four digits: enough to match a receipt.
      memberCode: p.memberCode ? `…${p.memberCode.slice(-4)}` : null,
    })),
    members: recentMembers.map((m) => ({
      id: m.id,
      at: m.scannedAt.toISOString(),
      byMe: m.staffId === clerk.id,
      staffName: m.staffName ?? null,
      name: maskName(m.name),
    })),
  };
}
