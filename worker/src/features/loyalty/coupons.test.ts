import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { couponTemplates, members } from "../../../../db/schema";
import { startTestApp, type TestApp } from "../../../test/harness";
import { newMemberCode } from "../members";
import { expireCoupons, issueCoupon, redeemCoupon } from "./coupons";

describe("coupons", () => {
  let t: TestApp;
  let n = 0;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  const member = async () => {
    const id = `mem_c_${++n}`;
    await t.app.deps.db.insert(members).values({
      id,
      lineUserId: `Uc${String(n).padStart(31, "0")}`,
      memberCode: newMemberCode(t.app.deps),
      source: "organic",
    });
    return id;
  };
  const template = async (over: Partial<typeof couponTemplates.$inferInsert> = {}) => {
    const id = `tpl_${++n}`;
    await t.app.deps.db.insert(couponTemplates).values({
      id,
      name: "新會員 NT$100 折價券",
      kind: "amount",
      value: 100,
      minSpend: 500,
      validDays: 30,
      createdAt: t.clock.now(),
      ...over,
    });
    return id;
  };
  const issue = (templateId: string, memberId: string, issueKey: string) =>
    issueCoupon(t.app.deps, { templateId, memberId, issueKey });

  it("issues a coupon with its own code, once per issue key", async () => {
    const m = await member();
    const tpl = await template();
    const a = await issue(tpl, m, `binding:${m}`);
    const b = await issue(tpl, m, `binding:${m}`);
    expect(a.created).toBe(true);
    expect(b).toEqual({ coupon: a.coupon, created: false });
    expect(a.coupon.code).toMatch(/^[2-9A-HJ-NP-Z]{12}$/);
    expect(a.coupon.expiresAt.getTime() - t.clock.now().getTime()).toBe(30 * 86_400_000);
  });

  it("respects the per-member limit and the total quantity", async () => {
    const tpl = await template({ totalQuantity: 2, perMemberLimit: 1 });
    const [m1, m2, m3] = [await member(), await member(), await member()];
    await issue(tpl, m1, "q1");
    await expect(issue(tpl, m1, "q1-again")).rejects.toMatchObject({
      message: expect.stringMatching(/as many/),
    });
    await issue(tpl, m2, "q2");
    await expect(issue(tpl, m3, "q3")).rejects.toMatchObject({ message: expect.stringMatching(/given out/) });
  });

  it("100 concurrent redemptions of one coupon: exactly one succeeds", async () => {
    const { coupon } = await issue(await template(), await member(), "race");
    const results = await Promise.allSettled(
      Array.from({ length: 100 }, (_, i) =>
        redeemCoupon(t.app.deps, { code: coupon.code, channel: "store", by: `stf_${i}` }),
      ),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const refusals = results.flatMap((r) =>
      r.status === "rejected" ? [(r.reason as { details: { reason: string } }).details.reason] : [],
    );
    expect(new Set(refusals)).toEqual(new Set(["ALREADY_REDEEMED"]));
  });

  it("refuses with the reason: expired, wrong channel, someone else's, unknown", async () => {
    const m = await member();
    const online = await issue(await template({ channel: "online" }), m, "online-only");
    await expect(
      redeemCoupon(t.app.deps, { code: online.coupon.code, channel: "store", by: "stf_1" }),
    ).rejects.toMatchObject({
      details: { reason: "WRONG_CHANNEL" },
    });
    await expect(
      redeemCoupon(t.app.deps, {
        code: online.coupon.code,
        channel: "online",
        by: "online",
        memberId: "mem_other",
      }),
    ).rejects.toMatchObject({ details: { reason: "NOT_YOURS" } });
    await expect(redeemCoupon(t.app.deps, { code: "NOPE", channel: "store", by: "x" })).rejects.toMatchObject(
      { code: "NOT_FOUND" },
    );
    const soon = await issue(await template({ validDays: 1 }), m, "short");
    t.clock.advance(2 * 86_400_000);
    await expect(
      redeemCoupon(t.app.deps, { code: soon.coupon.code.toLowerCase(), channel: "store", by: "x" }),
    ).rejects.toMatchObject({
      details: { reason: "EXPIRED" },
    });
    expect(await expireCoupons(t.app.deps)).toBeGreaterThanOrEqual(1);
  });
});
