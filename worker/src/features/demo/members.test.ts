import { asc, count, eq, like } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { coupons, members, pointEntries, pointLots, purchases, tierChanges } from "../../../../db/schema";
import { startTestApp, type TestApp } from "../../../test/harness";
import { kit } from "../../../test/member-kit";
import { balanceCheck, memberTier } from "../loyalty";
import { seedDemoData } from "./seed";

/**
 * What the demo brand's members come to, worked out from their history in `members.ts` (not read
 * back from it): spend is what they paid in the last 365 days (after coupons and points used),
 * e.g. 林怡君 2,380 + 4,500 + 1,680 + 4,600 − NT$100 welcome coupon − 40 points = 13,020 (gold);
 * 黃美玲 34,500 − 100 − 150 points − 10% birthday on 3,200 = 33,930 (platinum).
 */
const EXPECTED = [
  {
    id: "mem_demo_lin",
    memberCode: "8800000000000001",
    displayName: "林怡君",
    points: 89,
    lots: 4,
    tier: "gold",
    spend: 13020,
    coupons: ["tpl_demo_gold:issued", "tpl_demo_welcome:redeemed"],
  },
  {
    id: "mem_demo_chen",
    memberCode: "8800000000000002",
    displayName: "陳建宏",
    points: 21,
    lots: 2,
    tier: "regular",
    spend: 2240,
    coupons: ["tpl_demo_welcome:issued"],
  },
  {
    id: "mem_demo_huang",
    memberCode: "8800000000000003",
    displayName: "黃美玲",
    points: 188,
    lots: 4,
    tier: "platinum",
    spend: 33930,
    coupons: [
      "tpl_demo_birthday:redeemed",
      "tpl_demo_gold:expired",
      "tpl_demo_platinum:expired",
      "tpl_demo_welcome:redeemed",
    ],
  },
] as const;
/** The offline customer (POS sales with this phone, no card) to try merging. */
const OFFLINE_PHONE = "+886987654321";

describe("demo members with history", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ demo: true });
  });
  afterAll(() => t.close());

  const counts = async () => {
    const db = t.app.deps.db;
    const n = async (q: Promise<Array<{ n: number }>>) => (await q)[0]?.n ?? 0;
    return {
      members: await n(db.select({ n: count() }).from(members).where(like(members.id, "mem_demo_%"))),
      purchases: await n(db.select({ n: count() }).from(purchases)),
      entries: await n(db.select({ n: count() }).from(pointEntries)),
      lots: await n(db.select({ n: count() }).from(pointLots)),
      coupons: await n(db.select({ n: count() }).from(coupons)),
      tiers: await n(db.select({ n: count() }).from(tierChanges)),
    };
  };

  it("are consistent: balance = ledger = lots, tier from spend, coupons used and unused", async () => {
    const db = t.app.deps.db;
    const seeded = await db
      .select({ id: members.id, memberCode: members.memberCode, displayName: members.displayName })
      .from(members)
      .where(like(members.id, "mem_demo_%"))
      .orderBy(asc(members.memberCode));
    expect(seeded).toEqual(
      EXPECTED.map((e) => ({ id: e.id, memberCode: e.memberCode, displayName: e.displayName })),
    );
    for (const e of EXPECTED) {
      const b = await balanceCheck(t.app.deps, e.id);
      expect(b).toEqual({ cached: e.points, ledger: e.points });
      const lots = await db.select().from(pointLots).where(eq(pointLots.memberId, e.id));
      expect(lots).toHaveLength(e.lots);
      expect(lots.reduce((s, l) => s + l.remaining, 0)).toBe(e.points);
      const tier = await memberTier(t.app.deps, e.id);
      expect({ code: tier.code, spend: tier.spend }).toEqual({ code: e.tier, spend: e.spend });
      const own = await db.select().from(coupons).where(eq(coupons.memberId, e.id));
      expect(own.map((c) => `${c.templateId}:${c.status}`).sort()).toEqual([...e.coupons]);
    }
    expect((await memberTier(t.app.deps, "mem_demo_huang")).code).toBe("platinum");
    expect((await memberTier(t.app.deps, "mem_demo_lin")).code).toBe("gold");
    const statuses = new Set(
      (await db.select().from(coupons).where(like(coupons.memberId, "mem_demo_%"))).map((c) => c.status),
    );
    expect(statuses).toContain("redeemed");
    expect(statuses).toContain("issued");
    const offline = await db
      .select()
      .from(purchases)
      .where(eq(purchases.customerPhone, OFFLINE_PHONE))
      .orderBy(asc(purchases.amount));
    expect(offline.every((p) => p.memberId === null)).toBe(true);
    expect(offline).toHaveLength(2);
    expect(offline.map((p) => p.amount)).toEqual([1980, 3250]);
  });

  it("staff find them by card code; seeding again changes nothing", async () => {
    const k = kit(t);
    const clerk = await k.clerk("TPE01", 0, "王小明");
    const found = await k.json<{ displayName: string; points: number }>(
      k.get(clerk, "/api/staff/members/8800000000000001"),
    );
    expect(found.displayName).toBe("林怡君");
    expect(found.points).toBe(89);
    const before = await counts();
    expect(before.members).toBe(3);
    expect(before).toEqual({ members: 3, purchases: 12, entries: 12, lots: 10, coupons: 7, tiers: 3 });
    await seedDemoData(t.app.deps);
    await Promise.all([seedDemoData(t.app.deps), seedDemoData(t.app.deps)]);
    expect(await counts()).toEqual(before);
  });
});
