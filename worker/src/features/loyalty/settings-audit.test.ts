import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../../../test/harness";
import { DEFAULT_EARN_RULES } from "./earn-rules";

type Entry = {
  action: string;
  before: Record<string, unknown>;
  after: Record<string, unknown>;
  reason: string;
};

describe("loyalty settings and earn rules: audited changes", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ demo: true });
  });
  afterAll(() => t.close());

  const put = (path: string, body: unknown) => t.admin(path, { method: "PUT", body: JSON.stringify(body) });
  const entries = async (action: string) =>
    ((await (await t.admin(`/api/admin/audit?action=${action}`)).json()) as { entries: Entry[] }).entries;

  it("a settings change is one entry with the changed fields before → after; the same change again writes none", async () => {
    const before = (await (await t.admin("/api/admin/loyalty/settings")).json()) as Record<
      string,
      string | null
    >;
    const res = await put("/api/admin/loyalty/settings", {
      birthdayCouponTemplate: "tpl_demo_welcome",
      expiryReminderDays: 14,
      tierReviewDay: before.tierReviewDay,
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      birthdayCouponTemplate: "tpl_demo_welcome",
      expiryReminderDays: "14",
    });
    const [entry, ...more] = await entries("loyalty.settings");
    expect(more).toEqual([]);
    expect(entry?.before).toEqual({
      birthdayCouponTemplate: before.birthdayCouponTemplate,
      expiryReminderDays: before.expiryReminderDays,
    });
    expect(entry?.after).toEqual({ birthdayCouponTemplate: "tpl_demo_welcome", expiryReminderDays: "14" });

    expect((await put("/api/admin/loyalty/settings", { expiryReminderDays: 14 })).status).toBe(200);
    expect(await entries("loyalty.settings")).toHaveLength(1);
  });

  it("refuses an unknown template on its field and a bad day, changing nothing and writing no entry", async () => {
    const now = await (await t.admin("/api/admin/loyalty/settings")).json();
    const missing = await put("/api/admin/loyalty/settings", {
      expiryReminderDays: 7,
      welcomeCouponTemplate: "tpl_missing",
    });
    expect(missing.status).toBe(404);
    const body = (await missing.json()) as {
      error: { code: string; details: { issues: Array<{ path: string }> } };
    };
    expect(body.error.code).toBe("NOT_FOUND");
    expect(body.error.details.issues.map((i) => i.path)).toEqual(["welcomeCouponTemplate"]);
    expect((await put("/api/admin/loyalty/settings", { tierReviewDay: "02-30x" })).status).toBe(400);
    expect(await (await t.admin("/api/admin/loyalty/settings")).json()).toEqual(now);
    expect(await entries("loyalty.settings")).toHaveLength(1);
  });

  it("earn rules: the changed fields only, flat (tier.gold, channel.live); refused rules write nothing", async () => {
    expect(
      (await put("/api/admin/loyalty/earn-rules", { ...DEFAULT_EARN_RULES, amountPerPoint: 0 })).status,
    ).toBe(400);
    expect(await entries("loyalty.earnRules")).toEqual([]);
    const rules = {
      ...DEFAULT_EARN_RULES,
      tierMultipliers: { ...DEFAULT_EARN_RULES.tierMultipliers, gold: 1.8 },
      channelMultipliers: { ...DEFAULT_EARN_RULES.channelMultipliers, live: 2 },
    };
    expect((await put("/api/admin/loyalty/earn-rules", rules)).status).toBe(200);
    expect((await put("/api/admin/loyalty/earn-rules", rules)).status).toBe(200);
    const list = await entries("loyalty.earnRules");
    expect(list).toHaveLength(1);
    expect(list[0]?.before).toEqual({ "tier.gold": 1.5, "channel.live": 1 });
    expect(list[0]?.after).toEqual({ "tier.gold": 1.8, "channel.live": 2 });
  });
});

describe("loyalty tiers overview", () => {
  it("names each tier with its threshold, and counts the members (not guests) holding it", async () => {
    const t = await startTestApp({ demo: true });
    try {
      const r = (await (await t.admin("/api/admin/loyalty/tiers")).json()) as {
        windowDays: number;
        tiers: Array<{ code: string; threshold: number; zh: string; members: number }>;
      };
      expect(r.windowDays).toBe(365);
      expect(r.tiers.map((x) => [x.code, x.threshold, x.zh])).toEqual([
        ["regular", 0, "一般會員"],
        ["gold", 10_000, "金卡會員"],
        ["platinum", 30_000, "白金會員"],
      ]);
      const rows = await t.app.deps.db.all<{ tier: string; n: number }>(
        sql`SELECT tier, count(*) AS n FROM members WHERE status = 'member' GROUP BY tier`,
      );
      for (const x of r.tiers)
        expect(x.members).toBe(Number(rows.find((row) => row.tier === x.code)?.n ?? 0));
      expect(r.tiers.reduce((a, x) => a + x.members, 0)).toBeGreaterThan(0);
    } finally {
      await t.close();
    }
  });
});
