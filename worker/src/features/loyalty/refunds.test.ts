import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { coupons, couponTemplates, pointEntries, pointLots, purchases, refunds } from "../../../../db/schema";
import { startTestApp, type TestApp } from "../../../test/harness";
import { errorOf, kit } from "../../../test/member-kit";
import { issueCoupon } from "./coupons";
import { balanceCheck } from "./ledger";

type RefundJson = {
  id: string;
  amount: number;
  pointsDue: number;
  pointsReversed: number;
  pointsShortfall: number;
  purchase: { id: string; paid: number; refunded: number };
  replayed: boolean;
};

describe("refunds: staff and POS", () => {
  let t: TestApp;
  let k: ReturnType<typeof kit>;
  let taipeiClerk: string;
  let taichungClerk: string;
  let n = 0;

  beforeAll(async () => {
    t = await startTestApp({ demo: true });
    k = kit(t);
    taipeiClerk = await k.clerk("TPE01", 0, "王小明");
    taichungClerk = await k.clerk("TXG01", 0, "林志豪");
  });
  afterAll(() => t.close());

  const buy = async (memberCode: string, amount: number, extra: Record<string, unknown> = {}) => {
    const res = await k.post(taipeiClerk, "/api/staff/purchases", {
      purchaseId: `buy-${String(++n).padStart(8, "0")}`,
      memberCode,
      amount,
      ...extra,
    });
    expect(res.status).toBe(200);
    return k.json<{ id: string; paid: number; pointsEarned: number }>(res);
  };
  const refund = (clerk: string, purchaseId: string, body: Record<string, unknown>) =>
    k.post(clerk, `/api/staff/purchases/${purchaseId}/refund`, body);
  const balance = async (memberId: string) => {
    const b = await balanceCheck(t.app.deps, memberId);
    expect(b.cached).toBe(b.ledger);
    const lots = await t.app.deps.db.select().from(pointLots).where(eq(pointLots.memberId, memberId));
    expect(lots.reduce((s, l) => s + l.remaining, 0)).toBe(b.ledger);
    expect(lots.every((l) => l.remaining >= 0)).toBe(true);
    return b.ledger;
  };

  it("a partial refund reverses its share of the points; a replay changes nothing; the rest reverses the rest", async () => {
    const m = await k.member("退款客");
    const p = await buy(m.memberCode, 2000);
    expect(p.pointsEarned).toBe(20);

    const first = await refund(taipeiClerk, p.id, {
      refundId: "refund-0001",
      amount: 500,
      reason: "尺寸不合",
    });
    expect(first.status).toBe(200);
    const r1 = await k.json<RefundJson>(first);
    expect(r1).toMatchObject({
      amount: 500,
      pointsDue: 5,
      pointsReversed: 5,
      pointsShortfall: 0,
      purchase: { paid: 2000, refunded: 500 },
      replayed: false,
    });
    expect(await balance(m.id)).toBe(15);

    const again = await k.json<RefundJson>(
      refund(taipeiClerk, p.id, { refundId: "refund-0001", amount: 500 }),
    );
    expect(again).toMatchObject({ id: r1.id, pointsReversed: 5, replayed: true });
    expect(await balance(m.id)).toBe(15);

    const rest = await k.json<RefundJson>(refund(taipeiClerk, p.id, { refundId: "refund-0002" }));
    expect(rest).toMatchObject({
      amount: 1500,
      pointsDue: 15,
      pointsReversed: 15,
      purchase: { refunded: 2000 },
    });
    expect(await balance(m.id)).toBe(0);

    const over = await refund(taipeiClerk, p.id, { refundId: "refund-0003", amount: 1 });
    expect(over.status).toBe(409);
    expect((await errorOf(over)).details?.reason).toBe("ALREADY_REFUNDED");

    const rows = await t.app.deps.db.select().from(refunds).where(eq(refunds.purchaseId, p.id));
    expect(rows).toHaveLength(2);
    const reversals = await t.app.deps.db.select().from(pointEntries).where(eq(pointEntries.memberId, m.id));
    expect(reversals.filter((e) => e.kind === "reverse").map((e) => e.points)).toEqual([-5, -15]);
  });

  it("refuses more than is left to refund, saying how much is", async () => {
    const m = await k.member("多退客");
    const p = await buy(m.memberCode, 800);
    await refund(taipeiClerk, p.id, { refundId: "refund-0101", amount: 300 });
    const res = await refund(taipeiClerk, p.id, { refundId: "refund-0102", amount: 600 });
    expect(res.status).toBe(422);
    expect((await errorOf(res)).details).toMatchObject({ reason: "MORE_THAN_PAID", refundable: 500 });
    expect((await refund(taipeiClerk, p.id, { refundId: "refund-0103", amount: 0 })).status).toBe(400);
  });

  it("points already spent: what remains is reversed, the rest recorded as shortfall, never below zero", async () => {
    const m = await k.member("花光客");
    const big = await buy(m.memberCode, 5000); // 50 points
    const spend = await buy(m.memberCode, 1000, { pointsToUse: 50 }); // pays 950 → 9 points
    expect(spend).toMatchObject({ paid: 950, pointsEarned: 9 });
    expect(await balance(m.id)).toBe(9);

    const r = await k.json<RefundJson>(refund(taipeiClerk, big.id, { refundId: "refund-0201" }));
    expect(r).toMatchObject({ amount: 5000, pointsDue: 50, pointsReversed: 9, pointsShortfall: 41 });
    expect(await balance(m.id)).toBe(0);
    const [row] = await t.app.deps.db.select().from(refunds).where(eq(refunds.id, r.id));
    expect(row).toMatchObject({ pointsDue: 50, pointsReversed: 9 });
  });

  it("the coupon and the points used stay used: a refund gives back money only", async () => {
    const m = await k.member("券客");
    await t.app.deps.db.insert(couponTemplates).values({
      id: "tpl_refund",
      name: "NT$200",
      kind: "amount",
      value: 200,
      validDays: 30,
      perMemberLimit: 5,
      createdAt: t.clock.now(),
    });
    const { coupon } = await issueCoupon(t.app.deps, {
      templateId: "tpl_refund",
      memberId: m.id,
      issueKey: "refund-coupon",
    });
    const p = await buy(m.memberCode, 1200, { couponCode: coupon.code });
    expect(p).toMatchObject({ paid: 1000, pointsEarned: 10 });
    const r = await k.json<RefundJson>(refund(taipeiClerk, p.id, { refundId: "refund-0301" }));
    expect(r).toMatchObject({ amount: 1000, pointsReversed: 10 });
    const [c] = await t.app.deps.db.select().from(coupons).where(eq(coupons.id, coupon.id));
    expect(c?.status).toBe("redeemed");
  });

  it("staff of another store cannot refund; a member cannot refund at all", async () => {
    const m = await k.member("跨店客");
    const p = await buy(m.memberCode, 3000);
    const res = await refund(taichungClerk, p.id, { refundId: "refund-0401" });
    expect(res.status).toBe(403);
    expect((await refund(m.userId, p.id, { refundId: "refund-0402" })).status).toBe(403);
    expect((await refund(taipeiClerk, "pur_nope", { refundId: "refund-0403" })).status).toBe(404);
    const [row] = await t.app.deps.db.select().from(purchases).where(eq(purchases.id, p.id));
    expect(row?.refundedAmount).toBe(0);
    expect(await balance(m.id)).toBe(30);
  });

  it("a refund id used for another purchase is refused", async () => {
    const m = await k.member("重號客");
    const a = await buy(m.memberCode, 1000);
    const b = await buy(m.memberCode, 1000);
    expect((await refund(taipeiClerk, a.id, { refundId: "refund-0501", amount: 100 })).status).toBe(200);
    const res = await refund(taipeiClerk, b.id, { refundId: "refund-0501", amount: 100 });
    expect(res.status).toBe(409);
  });

  it("concurrent refunds of one purchase never give back more than was paid", async () => {
    const m = await k.member("搶退客");
    const p = await buy(m.memberCode, 2000);
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        refund(taipeiClerk, p.id, { refundId: `refund-race-${i}`, amount: 300 }).then((r) => r.status),
      ),
    );
    expect(results.filter((s) => s === 200)).toHaveLength(6);
    expect(results.filter((s) => s !== 200).every((s) => s === 422)).toBe(true);
    const [row] = await t.app.deps.db.select().from(purchases).where(eq(purchases.id, p.id));
    expect(row?.refundedAmount).toBe(1800);
    // round(20 × 1800 / 2000) = 18 reversed in all, whatever the order.
    expect(await balance(m.id)).toBe(2);
  });

  it("POS refunds by the transaction's external id, only at its own store, idempotently", async () => {
    const stores = await k.stores();
    const taipei = stores.find((s) => s.code === "TPE01") as { id: string };
    const taichung = stores.find((s) => s.code === "TXG01") as { id: string };
    const [keyA, keyB] = [await k.posKey(taipei.id), await k.posKey(taichung.id)];
    const m = await k.member("POS 退款客");
    const sale = await k.pos(keyA, "/api/pos/transactions", {
      externalId: "T-0001",
      memberCode: m.memberCode,
      total: 1500,
    });
    expect(await k.json(sale)).toMatchObject({ pointsEarned: 15 });
    // Another store's POS with the same numbering records its own sale, and cannot refund ours.
    const other = await k.pos(keyB, "/api/pos/transactions", { externalId: "T-0001", total: 990 });
    expect(await k.json(other)).toMatchObject({ paid: 990, replayed: false });
    const theirs = await k.pos(keyB, "/api/pos/transactions/T-0001/refund", { refundId: "R-00000001" });
    expect(await k.json(theirs)).toMatchObject({ amount: 990, pointsDue: 0, purchase: { paid: 990 } });

    const first = await k.pos(keyA, "/api/pos/transactions/T-0001/refund", {
      refundId: "R-00000001",
      amount: 700,
    });
    expect(first.status).toBe(200);
    expect(await k.json(first)).toMatchObject({ amount: 700, pointsReversed: 7, replayed: false });
    const again = await k.pos(keyA, "/api/pos/transactions/T-0001/refund", {
      refundId: "R-00000001",
      amount: 700,
    });
    expect(await k.json(again)).toMatchObject({ amount: 700, pointsReversed: 7, replayed: true });
    expect(
      (await k.pos(keyA, "/api/pos/transactions/T-9999/refund", { refundId: "R-00000002" })).status,
    ).toBe(404);
    expect(await balance(m.id)).toBe(8);
  });
});
