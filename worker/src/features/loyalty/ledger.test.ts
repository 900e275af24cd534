import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { members, pointEntries, pointLots } from "../../../../db/schema";
import { startTestApp, type TestApp } from "../../../test/harness";
import { newMemberCode } from "../members";
import { balanceCheck, earnPoints, expirePoints, redeemPoints } from "./ledger";

describe("points ledger", () => {
  let t: TestApp;
  let n = 0;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  const newMember = async () => {
    const id = `mem_test_${++n}`;
    await t.app.deps.db.insert(members).values({
      id,
      lineUserId: `U${String(n).padStart(32, "0")}`,
      memberCode: newMemberCode(t.app.deps),
      source: "organic",
    });
    return id;
  };
  const days = (d: number) => new Date(t.clock.now().getTime() + d * 86_400_000);
  const earn = (memberId: string, points: number, key: string, expiresInDays = 365) =>
    earnPoints(t.app.deps, {
      memberId,
      points,
      idempotencyKey: key,
      reason: "purchase",
      actor: "system",
      expiresAt: days(expiresInDays),
    });
  const redeem = (memberId: string, points: number, key: string) =>
    redeemPoints(t.app.deps, {
      memberId,
      points,
      idempotencyKey: key,
      reason: "used as cash",
      actor: "member",
    });

  it("earning is idempotent: a retried key adds nothing", async () => {
    const m = await newMember();
    const a = await earn(m, 120, "purchase:p1");
    const b = await earn(m, 120, "purchase:p1");
    expect(a.created).toBe(true);
    expect(b).toEqual({ entry: a.entry, created: false });
    expect(await balanceCheck(t.app.deps, m)).toEqual({ ledger: 120, cached: 120 });
    expect(await t.app.deps.db.select().from(pointLots).where(eq(pointLots.memberId, m))).toHaveLength(1);
  });

  it("redemption consumes the earliest-expiring lots first", async () => {
    const m = await newMember();
    await earn(m, 50, "e-late", 300);
    await earn(m, 30, "e-soon", 10);
    await earn(m, 40, "e-mid", 100);
    await redeem(m, 60, "r1");
    const lots = await t.app.deps.db
      .select()
      .from(pointLots)
      .where(eq(pointLots.memberId, m))
      .orderBy(pointLots.expiresAt);
    expect(lots.map((l) => l.remaining)).toEqual([0, 10, 50]);
    expect(await balanceCheck(t.app.deps, m)).toEqual({ ledger: 60, cached: 60 });
    expect((await redeem(m, 60, "r1")).created).toBe(false);
  });

  it("refuses to go below zero, with the numbers", async () => {
    const m = await newMember();
    await earn(m, 10, "small");
    await expect(redeem(m, 11, "too-much")).rejects.toMatchObject({
      code: "UNPROCESSABLE",
      details: { available: 10, requested: 11 },
    });
    expect(await balanceCheck(t.app.deps, m)).toEqual({ ledger: 10, cached: 10 });
  });

  it("concurrent redemptions above the balance: exactly as many succeed as the points allow, never negative", async () => {
    const m = await newMember();
    await earn(m, 40, "c1", 30);
    await earn(m, 60, "c2", 60);
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) => redeem(m, 30, `concurrent-${i}`)),
    );
    const ok = results.filter((r) => r.status === "fulfilled");
    expect(ok).toHaveLength(3);
    expect(await balanceCheck(t.app.deps, m)).toEqual({ ledger: 10, cached: 10 });
    const lots = await t.app.deps.db.select().from(pointLots).where(eq(pointLots.memberId, m));
    expect(lots.every((l) => l.remaining >= 0)).toBe(true);
    expect(lots.reduce((s, l) => s + l.remaining, 0)).toBe(10);
  });

  it("expires what is left of past lots, once, in order", async () => {
    const m = await newMember();
    await earn(m, 100, "x1", 5);
    await earn(m, 50, "x2", 50);
    await redeem(m, 30, "x-r");
    t.clock.advance(6 * 86_400_000);
    expect(await expirePoints(t.app.deps)).toBeGreaterThanOrEqual(1);
    expect(await expirePoints(t.app.deps)).toBe(0);
    expect(await balanceCheck(t.app.deps, m)).toEqual({ ledger: 50, cached: 50 });
    const entries = await t.app.deps.db.select().from(pointEntries).where(eq(pointEntries.memberId, m));
    expect(entries.filter((e) => e.kind === "expire").map((e) => e.points)).toEqual([-70]);
    await expect(redeem(m, 51, "after-expiry")).rejects.toMatchObject({ code: "UNPROCESSABLE" });
  });
});
