import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { couponTemplates } from "../../../../db/schema";
import { startTestApp, type TestApp } from "../../../test/harness";
import { createFriend } from "../../../test/line-helpers";
import { balanceCheck, earnPoints, issueCoupon } from "../loyalty";

type Store = { id: string; code: string; staff: Array<{ id: string; code: string }> };

describe("staff: invites, roles, member look-up, purchases and coupons", () => {
  let t: TestApp;
  let stores: Store[];
  let clerkUser: string;
  let shopperUser: string;
  let member: { id: string; memberCode: string };

  const as = async (userId: string, path: string, body?: unknown) =>
    fetch(`${t.app.url}${path}`, {
      method: body === undefined ? "GET" : "POST",
      headers: {
        authorization: `Bearer ${await t.line.emulator.issueIdToken(userId)}`,
        "content-type": "application/json",
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  const invite = async (staffId: string) =>
    (
      (await (await t.admin(`/api/admin/staff/${staffId}/invite`, { method: "POST" })).json()) as {
        token: string;
        url: string;
      }
    ).token;

  beforeAll(async () => {
    t = await startTestApp({ demo: true });
    stores = ((await (await t.admin("/api/admin/stores")).json()) as { stores: Store[] }).stores;
    clerkUser = await createFriend(t, "王小明");
    shopperUser = await createFriend(t, "顧客");
    member = (
      (await (await as(shopperUser, "/api/me")).json()) as { member: { id: string; memberCode: string } }
    ).member;
  });
  afterAll(() => t.close());

  const taipei = () => stores.find((s) => s.code === "TPE01") as Store;

  it("a one-time invite links a LINE account to a staff record", async () => {
    const staffId = (taipei().staff[0] as { id: string }).id;
    const token = await invite(staffId);
    const joined = await as(clerkUser, "/api/staff/join", { token });
    expect(joined.status).toBe(200);
    expect(await joined.json()).toMatchObject({ id: staffId, role: "staff", store: { id: taipei().id } });
    const stranger = await createFriend(t, "路人");
    expect((await as(stranger, "/api/staff/join", { token })).status).toBe(409);
    expect((await as(clerkUser, "/api/staff/me")).status).toBe(200);
  });

  it("members cannot call staff or admin endpoints", async () => {
    expect((await as(shopperUser, "/api/staff/me")).status).toBe(403);
    expect((await as(shopperUser, `/api/staff/members/${member.memberCode}`)).status).toBe(403);
    expect(
      (
        await as(shopperUser, "/api/staff/purchases", {
          purchaseId: "p-xxxxxxxx",
          memberCode: member.memberCode,
          amount: 100,
        })
      ).status,
    ).toBe(403);
    expect((await as(shopperUser, "/api/admin/stores")).status).toBe(401);
  });

  it("records a store purchase with a coupon and points; a double tap changes nothing", async () => {
    await earnPoints(t.app.deps, {
      memberId: member.id,
      points: 50,
      idempotencyKey: "seed-points",
      reason: "welcome",
      actor: "admin",
      expiresAt: new Date("2027-12-31T15:59:59Z"),
    });
    await t.app.deps.db.insert(couponTemplates).values({
      id: "tpl_store100",
      name: "NT$100 折價券",
      kind: "amount",
      value: 100,
      minSpend: 500,
      validDays: 30,
      createdAt: t.clock.now(),
    });
    const { coupon } = await issueCoupon(t.app.deps, {
      templateId: "tpl_store100",
      memberId: member.id,
      issueKey: "test-coupon",
    });

    const lookup = (await (await as(clerkUser, `/api/staff/members/${member.memberCode}`)).json()) as {
      points: number;
      coupons: Array<{ code: string }>;
    };
    expect(lookup.points).toBe(50);
    expect(lookup.coupons.map((c) => c.code)).toEqual([coupon.code]);

    const body = {
      purchaseId: "11111111-aaaa-4bbb-8ccc-000000000001",
      memberCode: member.memberCode,
      amount: 1280,
      couponCode: coupon.code,
      pointsToUse: 30,
    };
    const first = await as(clerkUser, "/api/staff/purchases", body);
    expect(first.status).toBe(200);
    // 1280 − 100 (coupon) − 30 (points) = 1150 paid → 11 points
    expect(await first.json()).toMatchObject({
      couponDiscount: 100,
      pointsUsed: 30,
      paid: 1150,
      pointsEarned: 11,
      replayed: false,
    });
    const again = await as(clerkUser, "/api/staff/purchases", body);
    expect(await again.json()).toMatchObject({ paid: 1150, pointsEarned: 11, replayed: true });
    expect(await balanceCheck(t.app.deps, member.id)).toEqual({ ledger: 31, cached: 31 });

    const redeemAgain = await as(clerkUser, "/api/staff/coupons/redeem", { code: coupon.code });
    expect(redeemAgain.status).toBe(422);
    expect(
      ((await redeemAgain.json()) as { error: { details: { reason: string } } }).error.details.reason,
    ).toBe("ALREADY_REDEEMED");
  });

  it("refuses more points than the member has, and gives the coupon back", async () => {
    const { coupon } = await issueCoupon(t.app.deps, {
      templateId: "tpl_store100",
      memberId: member.id,
      issueKey: "second-coupon",
    }).catch(async () => {
      await t.app.deps.db.insert(couponTemplates).values({
        id: "tpl_store100b",
        name: "b",
        kind: "amount",
        value: 100,
        minSpend: 0,
        validDays: 30,
        createdAt: t.clock.now(),
      });
      return issueCoupon(t.app.deps, {
        templateId: "tpl_store100b",
        memberId: member.id,
        issueKey: "second-coupon",
      });
    });
    const res = await as(clerkUser, "/api/staff/purchases", {
      purchaseId: "11111111-aaaa-4bbb-8ccc-000000000002",
      memberCode: member.memberCode,
      amount: 5000,
      couponCode: coupon.code,
      pointsToUse: 999,
    });
    expect(res.status).toBe(422);
    const lookup = (await (await as(clerkUser, `/api/staff/members/${member.memberCode}`)).json()) as {
      coupons: Array<{ code: string }>;
    };
    expect(lookup.coupons.map((c) => c.code)).toContain(coupon.code);
  });
});
