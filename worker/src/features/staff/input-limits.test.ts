/**
 * Bad input on the staff API (the LIFF staff pages): every refused amount answers a code, a
 * machine-readable reason and the field, never zod's English, and writes nothing; a coupon with
 * a minimum spend needs the purchase amount it is used on.
 */
import { count, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { coupons, couponTemplates, pointEntries, purchases, refunds } from "../../../../db/schema";
import { startTestApp, type TestApp } from "../../../test/harness";
import { kit } from "../../../test/member-kit";
import { MAX_AMOUNT } from "../../lib/limits";
import { balanceCheck, earnPoints, issueCoupon } from "../loyalty";

type Refusal = {
  code: string;
  message: string;
  details?: { reason?: string; field?: string; min?: number; max?: number; minSpend?: number };
};

describe("staff API: amounts, points and minimum spend", () => {
  let t: TestApp;
  let k: ReturnType<typeof kit>;
  let clerk: string;
  let shopper: string;
  let member: { id: string; memberCode: string };
  let n = 0;
  const purchaseId = () => `limits-p-${String(++n).padStart(4, "0")}`;

  const refusal = async (res: Response, status: number): Promise<Refusal> => {
    expect(res.status).toBe(status);
    const { error } = (await res.json()) as { error: Refusal };
    // The page says it in its own words; what the API says is ours, in both languages, not zod's.
    expect(error.message).not.toMatch(/Invalid input|Too small|Too big|expected/);
    expect(error.message).toMatch(/[\u4e00-\u9fff]/);
    return error;
  };
  /** Everything a bad request could have changed. */
  const state = async () => {
    const db = t.app.deps.db;
    const [p] = await db.select({ n: count() }).from(purchases);
    const [r] = await db.select({ n: count() }).from(refunds);
    const [e] = await db
      .select({ n: count() })
      .from(pointEntries)
      .where(eq(pointEntries.memberId, member.id));
    const cs = await db.select({ code: coupons.code, status: coupons.status }).from(coupons);
    const refunded = await db.select({ id: purchases.id, r: purchases.refundedAmount }).from(purchases);
    return {
      purchases: p?.n,
      refunds: r?.n,
      entries: e?.n,
      balance: await balanceCheck(t.app.deps, member.id),
      coupons: cs,
      refunded,
    };
  };
  const newCoupon = async (minSpend: number, key: string, channel: "online" | "store" | "both" = "both") => {
    const id = `ctp_limits_${key}`;
    await t.app.deps.db.insert(couponTemplates).values({
      id,
      name: minSpend ? `滿 ${minSpend} 折 100` : "折 100",
      kind: "amount",
      value: 100,
      minSpend,
      channel,
      validDays: 30,
      createdAt: t.clock.now(),
    });
    return (await issueCoupon(t.app.deps, { templateId: id, memberId: member.id, issueKey: `limits:${key}` }))
      .coupon;
  };

  beforeAll(async () => {
    t = await startTestApp({ demo: true });
    k = kit(t);
    clerk = await k.clerk("TPE01", 0, "王小明");
    const m = await k.member("小美");
    shopper = m.userId;
    member = { id: m.id, memberCode: m.memberCode };
    await earnPoints(t.app.deps, {
      memberId: member.id,
      points: 300,
      idempotencyKey: "limits-seed",
      reason: "gift",
      actor: "admin",
      expiresAt: new Date("2027-12-31T15:59:59Z"),
    });
  });
  afterAll(() => t.close());

  it("publishes the limits: the page's staff record and the OpenAPI schema", async () => {
    const me = await k.json<{ limits: { maxAmount: number } }>(k.get(clerk, "/api/staff/me"));
    expect(me.limits).toEqual({ maxAmount: MAX_AMOUNT });
    const summary = await k.json<{ earn: { amountPerPoint: number; percent: number } }>(
      k.get(clerk, `/api/staff/members/${member.memberCode}`),
    );
    expect(summary.earn).toEqual({ amountPerPoint: 100, percent: 100 });
    const doc = (await (await fetch(`${t.app.url}/openapi.json`)).json()) as {
      paths: Record<
        string,
        { post: { requestBody: { content: { "application/json": { schema: unknown } } } } }
      >;
    };
    const body = (path: string) =>
      doc.paths[path]?.post.requestBody.content["application/json"].schema as {
        properties?: Record<string, { maximum?: number; minimum?: number }>;
        $ref?: string;
      };
    expect(body("/api/staff/purchases").properties?.amount).toMatchObject({
      minimum: 1,
      maximum: MAX_AMOUNT,
    });
    expect(body("/api/staff/coupons/redeem").properties?.amount).toMatchObject({ maximum: MAX_AMOUNT });
  });

  it("refuses every bad purchase amount with its reason and field, and records nothing", async () => {
    const before = await state();
    const cases: Array<[unknown, string, Partial<Refusal["details"]>]> = [
      [12.5, "NOT_WHOLE", {}],
      [-100, "TOO_SMALL", { min: 1 }],
      [0, "TOO_SMALL", { min: 1 }],
      [MAX_AMOUNT + 1, "TOO_LARGE", { max: MAX_AMOUNT }],
      [1e10, "TOO_LARGE", { max: MAX_AMOUNT }],
      ["1200", "NOT_A_NUMBER", {}],
      [undefined, "REQUIRED", {}],
    ];
    for (const [amount, reason, extra] of cases) {
      const res = await k.post(clerk, "/api/staff/purchases", {
        purchaseId: purchaseId(),
        memberCode: member.memberCode,
        ...(amount === undefined ? {} : { amount }),
      });
      const error = await refusal(res, 400);
      expect(error.code, String(amount)).toBe("VALIDATION_FAILED");
      expect(error.details, String(amount)).toMatchObject({ reason, field: "amount", ...extra });
    }
    for (const [points, reason] of [
      [-5, "TOO_SMALL"],
      [1.5, "NOT_WHOLE"],
      [MAX_AMOUNT + 1, "TOO_LARGE"],
    ] as const) {
      const res = await k.post(clerk, "/api/staff/purchases", {
        purchaseId: purchaseId(),
        memberCode: member.memberCode,
        amount: 1000,
        pointsToUse: points,
      });
      expect((await refusal(res, 400)).details, String(points)).toMatchObject({
        reason,
        field: "pointsToUse",
      });
    }
    expect(await state()).toEqual(before);
  });

  it("more points than is left to pay after the coupon: refused before the coupon is taken", async () => {
    const coupon = await newCoupon(0, "points");
    const before = await state();
    const res = await k.post(clerk, "/api/staff/purchases", {
      purchaseId: purchaseId(),
      memberCode: member.memberCode,
      amount: 250,
      couponCode: coupon.code,
      pointsToUse: 200, // 250 − 100 leaves 150 to pay
    });
    expect((await refusal(res, 422)).details).toMatchObject({
      reason: "TOO_MANY_POINTS",
      field: "pointsToUse",
      max: 150,
    });
    expect(await state()).toEqual(before);
    const [row] = await t.app.deps.db.select().from(coupons).where(eq(coupons.id, coupon.id));
    expect(row).toMatchObject({ status: "issued", redeemedAt: null, redeemedReference: null });
  });

  it("a purchase with a minimum-spend coupon below the minimum is refused with the minimum", async () => {
    const coupon = await newCoupon(500, "purchase");
    const before = await state();
    const res = await k.post(clerk, "/api/staff/purchases", {
      purchaseId: purchaseId(),
      memberCode: member.memberCode,
      amount: 499,
      couponCode: coupon.code,
    });
    expect((await refusal(res, 422)).details).toMatchObject({ reason: "MIN_SPEND_NOT_MET", minSpend: 500 });
    expect(await state()).toEqual(before);
    const ok = await k.post(clerk, "/api/staff/purchases", {
      purchaseId: purchaseId(),
      memberCode: member.memberCode,
      amount: 500,
      couponCode: coupon.code,
    });
    expect(await k.json(ok)).toMatchObject({ couponDiscount: 100, paid: 400, pointsEarned: 4 });
  });

  it("the largest amount is taken exactly, and earns by the rule", async () => {
    const res = await k.post(clerk, "/api/staff/purchases", {
      purchaseId: purchaseId(),
      memberCode: member.memberCode,
      amount: MAX_AMOUNT,
    });
    expect(res.status).toBe(200);
    expect(await k.json(res)).toMatchObject({ amount: MAX_AMOUNT, paid: MAX_AMOUNT, pointsEarned: 100_000 });
  });

  it("refuses every bad refund amount and gives nothing back", async () => {
    const { id } = await k.json<{ id: string }>(
      k.post(clerk, "/api/staff/purchases", {
        purchaseId: purchaseId(),
        memberCode: member.memberCode,
        amount: 2000,
      }),
    );
    const before = await state();
    for (const [amount, reason] of [
      [12.5, "NOT_WHOLE"],
      [-100, "TOO_SMALL"],
      [0, "TOO_SMALL"],
      [MAX_AMOUNT + 1, "TOO_LARGE"],
      ["500", "NOT_A_NUMBER"],
    ] as const) {
      const res = await k.post(clerk, `/api/staff/purchases/${id}/refund`, {
        refundId: `limits-r-${String(amount)}`,
        amount,
      });
      expect((await refusal(res, 400)).details, String(amount)).toMatchObject({ reason, field: "amount" });
    }
    const over = await k.post(clerk, `/api/staff/purchases/${id}/refund`, {
      refundId: "limits-r-over",
      amount: 2001,
    });
    expect((await refusal(over, 422)).details).toMatchObject({ reason: "MORE_THAN_PAID" });
    expect(await state()).toEqual(before);
  });

  it("a minimum-spend coupon at the counter: without an amount, below and at the minimum", async () => {
    const coupon = await newCoupon(500, "redeem");
    const looked = await k.json<{ minSpend: number; status: string; name: string }>(
      k.get(clerk, `/api/staff/coupons/${coupon.code.toLowerCase()}`),
    );
    expect(looked).toMatchObject({
      minSpend: 500,
      status: "issued",
      name: "滿 500 折 100",
      value: 100,
      channel: "both",
    });
    const before = await state();
    const redeem = (extra: Record<string, unknown>) =>
      k.post(clerk, "/api/staff/coupons/redeem", {
        code: coupon.code,
        requestId: "limits-redeem-1",
        ...extra,
      });

    const without = await refusal(await redeem({}), 400);
    expect(without.details).toMatchObject({ reason: "AMOUNT_REQUIRED", field: "amount", minSpend: 500 });
    const below = await refusal(await redeem({ amount: 499 }), 422);
    expect(below.details).toMatchObject({ reason: "MIN_SPEND_NOT_MET", field: "amount", minSpend: 500 });
    for (const [amount, reason] of [
      [12.5, "NOT_WHOLE"],
      [-500, "TOO_SMALL"],
      [MAX_AMOUNT + 1, "TOO_LARGE"],
    ] as const)
      expect((await refusal(await redeem({ amount }), 400)).details).toMatchObject({
        reason,
        field: "amount",
      });
    expect(await state()).toEqual(before);

    const at = await redeem({ amount: 500 });
    expect(at.status).toBe(200);
    expect(await k.json(at)).toMatchObject({ status: "redeemed", replayed: false });
    // A repeat of that request replays; another is told it was used, whatever amount it says.
    expect(await k.json(await redeem({ amount: 500 }))).toMatchObject({ replayed: true });
    const other = await k.post(clerk, "/api/staff/coupons/redeem", { code: coupon.code, amount: 9000 });
    expect((await refusal(other, 422)).details).toMatchObject({ reason: "ALREADY_REDEEMED" });
    expect((await k.json<{ status: string }>(k.get(clerk, `/api/staff/coupons/${coupon.code}`))).status).toBe(
      "redeemed",
    );
  });

  it("a coupon without a minimum still redeems without an amount; look-up is for staff only", async () => {
    const coupon = await newCoupon(0, "plain");
    expect((await k.post(clerk, "/api/staff/coupons/redeem", { code: coupon.code })).status).toBe(200);
    expect((await k.get(clerk, "/api/staff/coupons/ZZZZZZZZZZZZ")).status).toBe(404);
    expect((await k.get(shopper, `/api/staff/coupons/${coupon.code}`)).status).toBe(403);
    // An online-only coupon says so before the clerk tries it.
    const online = await newCoupon(0, "online", "online");
    expect(await k.json(k.get(clerk, `/api/staff/coupons/${online.code}`))).toMatchObject({
      channel: "online",
      status: "issued",
    });
  });
});
