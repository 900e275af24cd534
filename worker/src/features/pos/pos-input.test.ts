/** Bad input from a POS: refused with a reason and the field, nothing recorded; a minimum spend holds. */
import { count, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { coupons, couponTemplates, purchases, refunds } from "../../../../db/schema";
import { startTestApp, type TestApp } from "../../../test/harness";
import { kit } from "../../../test/member-kit";
import { MAX_AMOUNT } from "../../lib/limits";
import { balanceCheck, earnPoints, issueCoupon } from "../loyalty";

type Refusal = { code: string; message: string; details?: Record<string, unknown> };

describe("POS API: amounts, points and minimum spend", () => {
  let t: TestApp;
  let k: ReturnType<typeof kit>;
  let key: string;
  let member: { id: string; memberCode: string };

  const post = (path: string, body: unknown) => k.pos(key, path, body);
  const refusal = async (res: Response, status: number): Promise<Refusal> => {
    expect(res.status).toBe(status);
    const { error } = (await res.json()) as { error: Refusal };
    expect(error.message).not.toMatch(/Invalid input|Too small|Too big|expected/);
    return error;
  };
  const state = async () => {
    const db = t.app.deps.db;
    const [p] = await db.select({ n: count() }).from(purchases);
    const [r] = await db.select({ n: count() }).from(refunds);
    return {
      purchases: p?.n,
      refunds: r?.n,
      balance: await balanceCheck(t.app.deps, member.id),
      coupons: await db.select({ code: coupons.code, status: coupons.status }).from(coupons),
    };
  };

  beforeAll(async () => {
    t = await startTestApp({ demo: true });
    k = kit(t);
    const taipei = (await k.stores()).find((s) => s.code === "TPE01");
    key = await k.posKey(taipei?.id as string);
    const m = await k.member("POS 客");
    member = { id: m.id, memberCode: m.memberCode };
    await earnPoints(t.app.deps, {
      memberId: member.id,
      points: 300,
      idempotencyKey: "pos-limits-seed",
      reason: "gift",
      actor: "admin",
      expiresAt: new Date("2027-12-31T15:59:59Z"),
    });
    await t.app.deps.db.insert(couponTemplates).values({
      id: "ctp_pos_min",
      name: "滿 500 折 100",
      kind: "amount",
      value: 100,
      minSpend: 500,
      validDays: 30,
      createdAt: t.clock.now(),
    });
  });
  afterAll(() => t.close());

  it("refuses bad totals, points and lines with the reason and field; records nothing", async () => {
    const before = await state();
    const cases: Array<[Record<string, unknown>, string, string]> = [
      [{ total: 12.5 }, "NOT_WHOLE", "total"],
      [{ total: -100 }, "TOO_SMALL", "total"],
      [{ total: MAX_AMOUNT + 1 }, "TOO_LARGE", "total"],
      [{ total: "1200" }, "NOT_A_NUMBER", "total"],
      [{ total: 1000, pointsToUse: -5 }, "TOO_SMALL", "pointsToUse"],
      [{ total: 1000, pointsToUse: 2.5 }, "NOT_WHOLE", "pointsToUse"],
      [
        { total: 1000, lines: [{ sku: "A", name: "a", quantity: 0.5, price: 1000 }] },
        "NOT_WHOLE",
        "lines.0.quantity",
      ],
      [
        { total: 1000, lines: [{ sku: "A", name: "a", quantity: 1, price: -1 }] },
        "TOO_SMALL",
        "lines.0.price",
      ],
    ];
    for (const [extra, reason, field] of cases) {
      const res = await post("/api/pos/transactions", {
        externalId: `POS-LIM-${reason}-${field}`,
        memberCode: member.memberCode,
        ...extra,
      });
      expect((await refusal(res, 400)).details, JSON.stringify(extra)).toMatchObject({ reason, field });
    }
    expect(await state()).toEqual(before);
  });

  it("a coupon with a minimum spend: below is refused (the coupon stays), at the minimum it applies", async () => {
    const { coupon } = await issueCoupon(t.app.deps, {
      templateId: "ctp_pos_min",
      memberId: member.id,
      issueKey: "pos-limits-1",
    });
    const before = await state();
    const below = await post("/api/pos/transactions", {
      externalId: "POS-LIM-MIN-1",
      memberCode: member.memberCode,
      total: 499,
      couponCode: coupon.code,
    });
    expect((await refusal(below, 422)).details).toMatchObject({ reason: "MIN_SPEND_NOT_MET", minSpend: 500 });
    const tooMany = await post("/api/pos/transactions", {
      externalId: "POS-LIM-MIN-2",
      memberCode: member.memberCode,
      total: 600,
      couponCode: coupon.code,
      pointsToUse: 501,
    });
    expect((await refusal(tooMany, 422)).details).toMatchObject({ reason: "TOO_MANY_POINTS", max: 500 });
    expect(await state()).toEqual(before);
    const [row] = await t.app.deps.db.select().from(coupons).where(eq(coupons.id, coupon.id));
    expect(row?.status).toBe("issued");

    const at = await post("/api/pos/transactions", {
      externalId: "POS-LIM-MIN-3",
      memberCode: member.memberCode,
      total: 500,
      couponCode: coupon.code,
    });
    expect(at.status).toBe(200);
    expect(await at.json()).toMatchObject({ paid: 400, pointsEarned: 4 });
  });

  it("refuses bad refund amounts and gives nothing back", async () => {
    expect(
      (
        await post("/api/pos/transactions", {
          externalId: "POS-LIM-R",
          memberCode: member.memberCode,
          total: 900,
        })
      ).status,
    ).toBe(200);
    const before = await state();
    for (const [amount, reason] of [
      [12.5, "NOT_WHOLE"],
      [-1, "TOO_SMALL"],
      [MAX_AMOUNT + 1, "TOO_LARGE"],
    ] as const) {
      const res = await post("/api/pos/transactions/POS-LIM-R/refund", {
        refundId: `pos-lim-${amount}`,
        amount,
      });
      expect((await refusal(res, 400)).details).toMatchObject({ reason, field: "amount" });
    }
    expect(await state()).toEqual(before);
  });
});
