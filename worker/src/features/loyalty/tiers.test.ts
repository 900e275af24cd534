import { and, eq, like } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { coupons, tierChanges } from "../../../../db/schema";
import { startTestApp, type TestApp } from "../../../test/harness";
import { kit } from "../../../test/member-kit";
import { currentReview, tierFor } from "./tiers";

type Card = {
  tier: { code: string; spend: number; next: { code: string; remaining: number } | null };
};

describe("tier rules", () => {
  it("progress is measured from the kept tier", () => {
    expect(tierFor(12_000)).toMatchObject({ code: "gold", next: { code: "platinum", remaining: 18_000 } });
    expect(tierFor(6_000, "gold")).toMatchObject({
      code: "gold",
      next: { code: "platinum", remaining: 24_000 },
    });
    expect(tierFor(40_000).next).toBeNull();
  });
  it("names the review period by the latest review day on or before today (brand time zone)", () => {
    // 2026-12-31 16:30 UTC is already 1 January 2027 in Taipei.
    expect(currentReview(new Date("2026-12-31T16:30:00Z"), "Asia/Taipei", "01-01")).toBe("2027-01-01");
    expect(currentReview(new Date("2026-12-31T15:30:00Z"), "Asia/Taipei", "01-01")).toBe("2026-01-01");
    expect(currentReview(new Date("2026-11-24T02:00:00Z"), "Asia/Taipei", "12-01")).toBe("2025-12-01");
    expect(currentReview(new Date("2026-11-24T02:00:00Z"), "Asia/Taipei", "bad")).toBe("2026-01-01");
  });
});

describe("tiers: upgrade at once, downgrade at the review, a coupon per tier reached", () => {
  let t: TestApp;
  let k: ReturnType<typeof kit>;
  let clerk: string;
  let n = 0;

  beforeAll(async () => {
    t = await startTestApp({ demo: true });
    k = kit(t);
    clerk = await k.clerk("TPE01", 0, "王小明");
    for (const [id, name] of [
      ["gold", "金卡禮 NT$300"],
      ["platinum", "白金禮 NT$1000"],
    ] as const) {
      const res = await t.admin("/api/admin/coupon-templates", {
        method: "POST",
        body: JSON.stringify({ name, kind: "amount", value: 300, validDays: 90, perMemberLimit: 5 }),
      });
      const tpl = (await res.json()) as { id: string };
      const key = id === "gold" ? "goldCouponTemplate" : "platinumCouponTemplate";
      const set = await t.admin("/api/admin/loyalty/settings", {
        method: "PUT",
        body: JSON.stringify({ [key]: tpl.id, tierReviewDay: "12-01" }),
      });
      expect(set.status).toBe(200);
    }
    await t.app.sweep();
  });
  afterAll(() => t.close());

  const buy = async (
    memberCode: string,
    amount: number,
    purchaseId = `tier-buy-${String(++n).padStart(6, "0")}`,
  ) => {
    const res = await k.post(clerk, "/api/staff/purchases", { purchaseId, memberCode, amount });
    expect(res.status).toBe(200);
    return k.json<{ id: string }>(res);
  };
  const history = (memberId: string) =>
    t.app.deps.db
      .select()
      .from(tierChanges)
      .where(eq(tierChanges.memberId, memberId))
      .orderBy(tierChanges.at);
  const tierCoupons = (memberId: string) =>
    t.app.deps.db
      .select()
      .from(coupons)
      .where(and(eq(coupons.memberId, memberId), like(coupons.issueKey, "tier:%")));

  it("the admin settings read back", async () => {
    const s = (await (await t.admin("/api/admin/loyalty/settings")).json()) as Record<string, string | null>;
    expect(s).toMatchObject({ tierReviewDay: "12-01", welcomeCouponTemplate: "tpl_demo_welcome" });
    const bad = await t.admin("/api/admin/loyalty/settings", {
      method: "PUT",
      body: JSON.stringify({ birthdayCouponTemplate: "tpl_missing" }),
    });
    expect(bad.status).toBe(404);
    expect(
      (
        await t.admin("/api/admin/loyalty/settings", {
          method: "PUT",
          body: JSON.stringify({ tierReviewDay: "13-01" }),
        })
      ).status,
    ).toBe(400);
  });

  it("a purchase that crosses a threshold upgrades at once, with history and the tier's coupon, once", async () => {
    const m = await k.member("升等客");
    await buy(m.memberCode, 6000);
    expect((await k.json<Card>(k.get(m.userId, "/api/me/card"))).tier).toMatchObject({
      code: "regular",
      spend: 6000,
      next: { code: "gold", remaining: 4000 },
    });
    const crossing = `tier-cross-${m.id}`;
    await buy(m.memberCode, 5000, crossing);
    expect((await k.json<Card>(k.get(m.userId, "/api/me/card"))).tier).toMatchObject({
      code: "gold",
      spend: 11000,
      next: { code: "platinum", remaining: 19000 },
    });
    expect(await history(m.id)).toEqual([
      expect.objectContaining({ fromTier: "regular", toTier: "gold", reason: "upgrade", spend: 11000 }),
    ]);
    await buy(m.memberCode, 5000, crossing); // a replay
    expect(await history(m.id)).toHaveLength(1);
    expect((await tierCoupons(m.id)).map((c) => c.issueKey)).toEqual([`tier:gold:${m.id}`]);
    const available = await k.json<{ coupons: Array<{ name: string }> }>(k.get(m.userId, "/api/me/coupons"));
    expect(available.coupons.map((c) => c.name)).toContain("金卡禮 NT$300");
  });

  it("a refund lowers the spend but not the tier until the review day; then down; up again issues no second coupon", async () => {
    const m = await k.member("降等客");
    const p = await buy(m.memberCode, 12000);
    const refund = await k.post(clerk, `/api/staff/purchases/${p.id}/refund`, {
      refundId: `tier-refund-${m.id}`,
      amount: 6000,
    });
    expect(refund.status).toBe(200);
    expect((await k.json<Card>(k.get(m.userId, "/api/me/card"))).tier).toMatchObject({
      code: "gold",
      spend: 6000,
    });
    await t.app.sweep();
    expect((await k.json<Card>(k.get(m.userId, "/api/me/card"))).tier.code).toBe("gold");

    t.clock.set("2026-11-30T16:00:01Z"); // 1 December in Taipei: the review day
    await t.app.sweep();
    expect((await k.json<Card>(k.get(m.userId, "/api/me/card"))).tier).toMatchObject({
      code: "regular",
      next: { code: "gold", remaining: 4000 },
    });
    expect((await history(m.id)).map((h) => [h.fromTier, h.toTier, h.reason])).toEqual([
      ["regular", "gold", "upgrade"],
      ["gold", "regular", "review"],
    ]);
    await t.app.sweep(); // the review runs once
    expect(await history(m.id)).toHaveLength(2);

    await buy(m.memberCode, 4000);
    expect((await history(m.id)).at(-1)).toMatchObject({ toTier: "gold", reason: "upgrade" });
    expect(await tierCoupons(m.id)).toHaveLength(1);
  });

  it("straight to platinum: one change and platinum's coupon only", async () => {
    const m = await k.member("白金客");
    await buy(m.memberCode, 31000);
    expect((await history(m.id)).map((h) => h.toTier)).toEqual(["platinum"]);
    expect((await tierCoupons(m.id)).map((c) => c.issueKey)).toEqual([`tier:platinum:${m.id}`]);
  });

  it("purchases crossing the threshold at the same moment record one upgrade", async () => {
    const m = await k.member("同時升等客");
    await buy(m.memberCode, 8000);
    await Promise.all(Array.from({ length: 5 }, () => buy(m.memberCode, 2500)));
    expect((await history(m.id)).map((h) => h.toTier)).toEqual(["gold"]);
    expect(await tierCoupons(m.id)).toHaveLength(1);
  });
});
