import { count, eq, like } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { coupons, members, pointEntries, pointLots, purchases, tierChanges } from "../../../../db/schema";
import { startTestApp, type TestApp } from "../../../test/harness";
import { kit } from "../../../test/member-kit";
import { balanceCheck, memberTier, tierForSpend } from "../loyalty";
import { DEMO_MEMBERS, DEMO_OFFLINE_PHONE } from "./members";
import { seedDemoData } from "./seed";

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
    for (const d of DEMO_MEMBERS) {
      const id = `mem_demo_${d.key}`;
      const b = await balanceCheck(t.app.deps, id);
      expect(b.cached).toBe(b.ledger);
      expect(b.ledger).toBeGreaterThan(0);
      const lots = await t.app.deps.db.select().from(pointLots).where(eq(pointLots.memberId, id));
      expect(lots.reduce((s, l) => s + l.remaining, 0)).toBe(b.ledger);
      const tier = await memberTier(t.app.deps, id);
      expect(tier.code).toBe(tierForSpend(tier.spend));
    }
    expect((await memberTier(t.app.deps, "mem_demo_huang")).code).toBe("platinum");
    expect((await memberTier(t.app.deps, "mem_demo_lin")).code).toBe("gold");
    const statuses = new Set(
      (await t.app.deps.db.select().from(coupons).where(like(coupons.memberId, "mem_demo_%"))).map(
        (c) => c.status,
      ),
    );
    expect(statuses).toContain("redeemed");
    expect(statuses).toContain("issued");
    const offline = await t.app.deps.db
      .select()
      .from(purchases)
      .where(eq(purchases.customerPhone, DEMO_OFFLINE_PHONE));
    expect(offline.every((p) => p.memberId === null)).toBe(true);
    expect(offline).toHaveLength(2);
  });

  it("staff find them by card code; seeding again changes nothing", async () => {
    const k = kit(t);
    const clerk = await k.clerk("TPE01", 0, "王小明");
    const found = await k.json<{ displayName: string; points: number }>(
      k.get(clerk, "/api/staff/members/8800000000000001"),
    );
    expect(found.displayName).toBe("林怡君");
    const before = await counts();
    expect(before.members).toBe(DEMO_MEMBERS.length);
    await seedDemoData(t.app.deps);
    await Promise.all([seedDemoData(t.app.deps), seedDemoData(t.app.deps)]);
    expect(await counts()).toEqual(before);
  });
});
