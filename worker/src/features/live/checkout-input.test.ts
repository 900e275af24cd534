/** Live checkout with bad points or a coupon below its minimum: refused with the reason, nothing changes. */
import { count, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { coupons, liveOrders, members, pointEntries } from "../../../../db/schema";
import { startTestApp, type TestApp } from "../../../test/harness";
import { createFriend } from "../../../test/line-helpers";
import { MAX_POINTS_TO_USE } from "../../lib/limits";
import { earnPoints } from "../loyalty";

type Refusal = { code: string; message: string; details?: Record<string, unknown> };

describe("live checkout: points and coupon refusals", () => {
  let t: TestApp;
  let saleId: string;
  let user: string;
  let memberId: string;
  let couponCode: string;
  let headers: Record<string, string>;
  let storeId: string;

  const admin = async <T>(path: string, body?: unknown): Promise<T> => {
    const res = await t.admin(path, body === undefined ? {} : { method: "POST", body: JSON.stringify(body) });
    expect(res.status, path).toBeLessThan(300);
    return (await res.json()) as T;
  };
  const say = async (text: string) => {
    const res = await t.line.control("/messages", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        chat: { type: "user", userId: user },
        from: user,
        message: { type: "text", text },
      }),
    });
    expect(res.status).toBe(202);
    await t.settle();
  };
  const confirm = (extra: Record<string, unknown>) =>
    fetch(`${t.app.url}/api/me/lives/${saleId}/cart/confirm`, {
      method: "POST",
      headers,
      body: JSON.stringify({
        fulfilment: "pickup",
        pickupStoreId: storeId,
        paymentMethod: "pay_at_pickup",
        ...extra,
      }),
    });
  const refusal = async (res: Response, status: number): Promise<Refusal> => {
    expect(res.status).toBe(status);
    const { error } = (await res.json()) as { error: Refusal };
    expect(error.message).not.toMatch(/Invalid input|Too small|Too big|expected/);
    return error;
  };
  const state = async () => {
    const db = t.app.deps.db;
    const [m] = await db.select({ b: members.pointsBalance }).from(members).where(eq(members.id, memberId));
    const [e] = await db.select({ n: count() }).from(pointEntries).where(eq(pointEntries.memberId, memberId));
    return {
      balance: m?.b,
      entries: e?.n,
      coupons: await db.select({ code: coupons.code, status: coupons.status }).from(coupons),
      orders: await db.select({ id: liveOrders.id, status: liveOrders.status }).from(liveOrders),
    };
  };

  beforeAll(async () => {
    t = await startTestApp({ demo: true });
    const sale = await admin<{ id: string }>("/api/lives", {
      title: "週五直播",
      products: [{ code: "A", name: "羊毛圍巾", price: 390, stock: 10 }],
    });
    saleId = sale.id;
    await admin(`/api/lives/${saleId}/open`, {});
    user = await createFriend(t, "點點");
    headers = {
      authorization: `Bearer ${await t.line.emulator.issueIdToken(user)}`,
      "content-type": "application/json",
    };
    const me = (await (await fetch(`${t.app.url}/api/me`, { headers })).json()) as {
      member: { id: string; memberCode: string };
    };
    memberId = me.member.id;
    await earnPoints(t.app.deps, {
      memberId,
      points: 99,
      idempotencyKey: "live-limits-seed",
      reason: "gift",
      actor: "admin",
      expiresAt: new Date("2027-12-31T15:59:59Z"),
    });
    // The demo NT$100 coupon, minimum spend NT$500.
    await admin("/api/admin/coupon-templates/tpl_demo_welcome/issue", {
      batchKey: "live-limits",
      reason: "test",
      memberCodes: [me.member.memberCode],
    });
    const [c] = await t.app.deps.db.select().from(coupons).where(eq(coupons.memberId, memberId));
    couponCode = c?.code as string;
    await say("A+1"); // NT$390: below the coupon's minimum
    storeId = (
      (await (await fetch(`${t.app.url}/api/me/lives/${saleId}/cart`, { headers })).json()) as {
        defaultPickupStoreId: string;
      }
    ).defaultPickupStoreId;
  });
  afterAll(() => t.close());

  it("refuses bad points with the reason and field", async () => {
    const before = await state();
    for (const [pointsToUse, reason] of [
      [-5, "TOO_SMALL"],
      [12.5, "NOT_WHOLE"],
      ["50", "NOT_A_NUMBER"],
      [MAX_POINTS_TO_USE + 1, "TOO_LARGE"],
    ] as const) {
      const error = await refusal(await confirm({ pointsToUse }), 400);
      expect(error.details, String(pointsToUse)).toMatchObject({ reason, field: "pointsToUse" });
    }
    // More than is left to pay, and more than the balance.
    expect((await refusal(await confirm({ pointsToUse: 391 }), 422)).details).toMatchObject({
      reason: "TOO_MANY_POINTS",
      field: "pointsToUse",
      max: 390,
    });
    expect((await refusal(await confirm({ pointsToUse: 100 }), 422)).details).toMatchObject({
      reason: "NOT_ENOUGH_POINTS",
      available: 99,
    });
    expect(await state()).toEqual(before);
  });

  it("a coupon below its minimum spend is refused with the minimum; at the minimum it applies", async () => {
    const before = await state();
    const below = await refusal(await confirm({ couponCode }), 422);
    expect(below.details).toMatchObject({ reason: "MIN_SPEND_NOT_MET", minSpend: 500 });
    expect(await state()).toEqual(before);

    await say("A+1"); // NT$780
    const tooMany = await refusal(await confirm({ couponCode, pointsToUse: 99 + 1 }), 422);
    expect(tooMany.details).toMatchObject({ reason: "NOT_ENOUGH_POINTS" });
    const [c] = await t.app.deps.db.select().from(coupons).where(eq(coupons.code, couponCode));
    expect(c?.status).toBe("issued");
    const ok = await confirm({ couponCode, pointsToUse: 99 });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ subtotal: 780, discount: 100, pointsUsed: 99, total: 581 });
  });
});
