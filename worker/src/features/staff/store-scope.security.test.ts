/**
 * Staff act only for their own store, whatever the request says; members and bad tokens get
 * nowhere near staff or admin endpoints; money and coupons hold under concurrent requests.
 */
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { coupons, couponTemplates, customerMerges, purchases, staff } from "../../../../db/schema";
import { startTestApp, type TestApp } from "../../../test/harness";
import { type DemoStore, errorOf, kit } from "../../../test/member-kit";
import { phoneKit } from "../../../test/phone-kit";
import { balanceCheck, earnPoints, issueCoupon } from "../loyalty";
import { startOfDay } from "./today";

describe("store scope, roles and tokens on the staff API", () => {
  let t: TestApp;
  let k: ReturnType<typeof kit>;
  let taipei: DemoStore;
  let taichung: DemoStore;
  let clerk1: string; // Taipei
  let clerk2: string; // Taichung
  let shopper: Awaited<ReturnType<ReturnType<typeof kit>["member"]>>;

  beforeAll(async () => {
    t = await startTestApp({ demo: true });
    k = kit(t);
    const stores = await k.stores();
    taipei = stores.find((s) => s.code === "TPE01") as DemoStore;
    taichung = stores.find((s) => s.code === "TXG01") as DemoStore;
    clerk1 = await k.clerk("TPE01", 0, "王小明");
    clerk2 = await k.clerk("TXG01", 0, "林志豪");
    shopper = await k.member("顧客", "0912300001");
    await t.app.deps.db.insert(couponTemplates).values({
      id: "tpl_scope",
      name: "NT$50",
      kind: "amount",
      value: 50,
      validDays: 30,
      perMemberLimit: 50,
      createdAt: t.clock.now(),
    });
  });
  afterAll(() => t.close());

  const storeOfStaff = async (userId: string) => {
    const [row] = await t.app.deps.db.select().from(staff).where(eq(staff.lineUserId, userId));
    return row;
  };
  const newCoupon = async (key: string) =>
    (await issueCoupon(t.app.deps, { templateId: "tpl_scope", memberId: shopper.id, issueKey: key })).coupon;

  it("forged, expired and wrong-audience ID tokens get 401 on staff and member endpoints", async () => {
    const forged = await t.line.emulator.issueIdToken(clerk1, { forge: true });
    const wrongAud = await t.line.emulator.issueIdToken(clerk1, { audience: "9999999999" });
    const expired = await t.line.emulator.issueIdToken(clerk1, { expiresInSec: 60 });
    t.clock.advance(5 * 60_000);
    const endpoints: Array<[string, string, unknown?]> = [
      ["GET", "/api/staff/me"],
      ["GET", `/api/staff/members/${shopper.memberCode}`],
      [
        "POST",
        "/api/staff/purchases",
        { purchaseId: "tok-00000001", memberCode: shopper.memberCode, amount: 100 },
      ],
      ["POST", "/api/staff/purchases/pur_x/refund", { refundId: "tok-00000001" }],
      ["POST", "/api/staff/merges", { memberCode: shopper.memberCode, phone: "0912300001" }],
      ["POST", "/api/staff/coupons/redeem", { code: "ABCDEFGHJKLM" }],
      ["POST", "/api/me/merge", { code: "123456" }],
      ["GET", "/api/me/card"],
    ];
    for (const token of [forged, wrongAud, expired]) {
      for (const [method, path, body] of endpoints) {
        const res = await fetch(`${t.app.url}${path}`, {
          method,
          headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        });
        expect(res.status, `${method} ${path}`).toBe(401);
      }
    }
  });

  it("a member cannot call staff or admin endpoints", async () => {
    const u = shopper.userId;
    expect((await k.post(u, "/api/staff/purchases/pur_x/refund", { refundId: "member-0001" })).status).toBe(
      403,
    );
    expect(
      (await k.post(u, "/api/staff/merges", { memberCode: shopper.memberCode, phone: "0912300001" })).status,
    ).toBe(403);
    expect((await k.post(u, "/api/staff/coupons/redeem", { code: "ABCDEFGHJKLM" })).status).toBe(403);
    expect((await k.get(u, "/api/staff/today")).status).toBe(403);
    for (const path of ["/api/admin/loyalty/settings", "/api/admin/coupon-templates", "/api/admin/stores"])
      expect((await k.get(u, path)).status).toBe(401);
  });

  it("purchases are recorded for the clerk's own store, whatever the body says", async () => {
    const res = await k.post(clerk1, "/api/staff/purchases", {
      purchaseId: "scope-p-0001",
      memberCode: shopper.memberCode,
      amount: 1000,
      storeId: taichung.id,
      staffId: taichung.staff[0]?.id,
    });
    expect(res.status).toBe(200);
    const { id } = await k.json<{ id: string }>(res);
    const [row] = await t.app.deps.db.select().from(purchases).where(eq(purchases.id, id));
    expect(row?.storeId).toBe(taipei.id);
    expect(row?.staffId).toBe((await storeOfStaff(clerk1))?.id);
  });

  it("another store's clerk reusing a purchase id records their own sale and learns nothing of ours", async () => {
    const body = { purchaseId: "scope-p-0002", memberCode: shopper.memberCode, amount: 2000 };
    const ours = await k.json<{ id: string; replayed: boolean }>(
      k.post(clerk1, "/api/staff/purchases", body),
    );
    const theirs = await k.json<{ id: string; replayed: boolean; paid: number }>(
      k.post(clerk2, "/api/staff/purchases", { ...body, amount: 300 }),
    );
    expect(theirs).toMatchObject({ replayed: false, paid: 300 });
    expect(theirs.id).not.toBe(ours.id);
    const [row] = await t.app.deps.db.select().from(purchases).where(eq(purchases.id, theirs.id));
    expect(row?.storeId).toBe(taichung.id);
  });

  it("refunds only in the purchase's own store", async () => {
    const { id } = await k.json<{ id: string }>(
      k.post(clerk1, "/api/staff/purchases", {
        purchaseId: "scope-p-0003",
        memberCode: shopper.memberCode,
        amount: 900,
      }),
    );
    const res = await k.post(clerk2, `/api/staff/purchases/${id}/refund`, { refundId: "scope-r-0001" });
    expect(res.status).toBe(403);
    expect((await errorOf(res)).code).toBe("FORBIDDEN");
    expect(
      (await k.post(clerk1, `/api/staff/purchases/${id}/refund`, { refundId: "scope-r-0001" })).status,
    ).toBe(200);
  });

  it("a redemption is the redeeming clerk's; another clerk cannot pass off a repeat as theirs", async () => {
    const c = await newCoupon("scope-c1");
    const first = await k.post(clerk1, "/api/staff/coupons/redeem", {
      code: c.code,
      requestId: "scope-redeem-1",
    });
    expect(first.status).toBe(200);
    const [row] = await t.app.deps.db.select().from(coupons).where(eq(coupons.id, c.id));
    expect(row?.redeemedBy).toBe((await storeOfStaff(clerk1))?.id);
    const copy = await k.post(clerk2, "/api/staff/coupons/redeem", {
      code: c.code,
      requestId: "scope-redeem-1",
    });
    expect(copy.status).toBe(422);
    expect((await errorOf(copy)).details?.reason).toBe("ALREADY_REDEEMED");
    const again = await k.post(clerk1, "/api/staff/coupons/redeem", {
      code: c.code,
      requestId: "scope-redeem-1",
    });
    expect(await k.json(again)).toMatchObject({ replayed: true });
  });

  it("member look-up is brand-wide (points work in every store) but today's figures are the clerk's store only", async () => {
    expect((await k.get(clerk2, `/api/staff/members/${shopper.memberCode}`)).status).toBe(200);
    const today = await k.json<{ store: { id: string }; storeTotals: { purchases: number } }>(
      k.get(clerk2, `/api/staff/today?storeId=${taipei.id}`),
    );
    expect(today.store.id).toBe(taichung.id);
    const since = startOfDay(t.clock.now(), "Asia/Taipei");
    const taichungSales = await t.app.deps.db
      .select()
      .from(purchases)
      .where(eq(purchases.storeId, taichung.id));
    const todays = taichungSales.filter((p) => p.createdAt >= since);
    expect(todays.length).toBeGreaterThan(0);
    expect(today.storeTotals.purchases).toBe(todays.length);
  });

  it("a staff merge is recorded at the clerk's store", async () => {
    const key = await k.posKey(taichung.id);
    await k.pos(key, "/api/pos/transactions", {
      externalId: "SCOPE-OFF-1",
      total: 1000,
      customerPhone: "0912300001",
    });
    await phoneKit(t).verify(shopper.userId, "+886912300001"); // staff merges count only a verified phone
    const res = await k.post(clerk1, "/api/staff/merges", {
      memberCode: shopper.memberCode,
      phone: "0912300001",
      storeId: taichung.id,
    });
    expect(res.status).toBe(200);
    const { id } = await k.json<{ id: string }>(res);
    const [merge] = await t.app.deps.db.select().from(customerMerges).where(eq(customerMerges.id, id));
    expect(merge).toMatchObject({ storeId: taipei.id, proof: "staff" });
    // Nothing is left to merge for that phone, so no POS hands out a code for it.
    expect((await k.pos(key, "/api/pos/merge-codes", { phone: "0912300001" })).status).toBe(404);
  });

  it("100 concurrent redemptions of one coupon from two stores: exactly one succeeds", async () => {
    const c = await newCoupon("scope-race");
    const results = await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        k.post(i % 2 ? clerk1 : clerk2, "/api/staff/coupons/redeem", { code: c.code }).then((r) => r.status),
      ),
    );
    expect(results.filter((s) => s === 200)).toHaveLength(1);
    expect(results.filter((s) => s !== 200).every((s) => s === 422)).toBe(true);
  });

  it("concurrent purchases paying with points above the balance never take it below zero", async () => {
    const m = await k.member("點數客", "0912300002");
    await earnPoints(t.app.deps, {
      memberId: m.id,
      points: 100,
      idempotencyKey: "scope-points",
      reason: "gift",
      actor: "admin",
      expiresAt: new Date("2027-12-31T15:59:59Z"),
    });
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        k
          .post(i % 2 ? clerk1 : clerk2, "/api/staff/purchases", {
            purchaseId: `scope-pts-${String(i).padStart(4, "0")}`,
            memberCode: m.memberCode,
            amount: 99, // earns nothing, so only the redemptions move the balance
            pointsToUse: 30,
          })
          .then((r) => r.status),
      ),
    );
    expect(results.filter((s) => s === 200)).toHaveLength(3);
    expect(results.filter((s) => s !== 200).every((s) => s === 422 || s === 409)).toBe(true);
    expect(await balanceCheck(t.app.deps, m.id)).toEqual({ ledger: 10, cached: 10 });
  });
});
