/**
 * The e-shop orders API on the real Worker bundle in workerd (worker/test/workerd-rig.ts), on D1 —
 * whose batches cannot bind a raw statement's parameters, and which lacks some SQLite features:
 * a shop and its CSV catalogue, an order posted 10 times at once with a coupon and points, a
 * partial refund, a cancel, and the checkout's quotes, each checked against the D1 rows.
 */
import { describe, expect, it } from "vitest";
import { WORKERD_ADMIN, workerdSuite } from "./workerd-kit";
import { eventually } from "./workerd-rig";

type Order = {
  id: string;
  state: string;
  replayed?: boolean;
  purchaseId: string | null;
  refundedAmount: number;
};

describe("Workers host in workerd: e-shop orders on D1", () => {
  const { call, ok, control, as, rows, one } = workerdSuite();
  const count = async (query: string, ...params: unknown[]) =>
    Number((await one<{ n: number }>(query, ...params)).n);
  const friendsNow = () => count(`SELECT count(*) AS n FROM members WHERE friendship = 'friend'`);
  /** A LINE user who follows the OA, once the Worker has made them a following member. */
  const member = async (displayName: string) => {
    const before = await friendsNow();
    const { userId } = (await (await control("/users", { displayName })).json()) as { userId: string };
    await control(`/users/${userId}/follow`);
    await eventually(friendsNow, (n) => n === before + 1, `${displayName} following`);
    const me = await ok<{ member: { id: string; memberCode: string } }>(as(userId, "/api/me"));
    return { userId, id: me.member.id, memberCode: me.member.memberCode };
  };
  const balance = async (memberId: string) =>
    Number((await one(`SELECT points_balance AS n FROM members WHERE id = ?`, memberId)).n);
  const couponStatus = async (code: string) =>
    (await one(`SELECT status FROM coupons WHERE code = ?`, code)).status;
  /** A coupon template issued to the member; its code from the D1 row. */
  const coupon = async (m: { id: string; memberCode: string }, name: string) => {
    const { id } = await ok<{ id: string }>(
      call("/api/admin/coupon-templates", { name, kind: "amount", value: 100, validDays: 30 }),
      201,
    );
    await ok(
      call(`/api/admin/coupon-templates/${id}/issue`, {
        batchKey: `k-${id}`,
        memberCodes: [m.memberCode],
        reason: "test",
      }),
    );
    const row = await one<{ code: string; status: string }>(
      `SELECT code, status FROM coupons WHERE template_id = ? AND member_id = ?`,
      id,
      m.id,
    );
    expect(row.status).toBe("issued");
    return row.code;
  };

  it("a shop's CSV catalogue, an order posted 10 times at once, a partial refund, a cancel and the quotes, on D1", async () => {
    // The shop, connected: its key answered once.
    const shop = await ok<{ id: string; key: string }>(
      call("/api/admin/shops", { name: "D1 官網", baseUrl: "https://shop.example.com" }),
      201,
    );
    expect(shop.key).toBeTruthy();
    const shopHeaders = {
      authorization: `Bearer ${shop.key}`,
      "content-type": "application/json",
      "accept-language": "zh-TW",
    };
    const asShop = <T>(path: string, body: unknown, status = 200) =>
      ok<T>(call(path, body, shopHeaders), status);

    // The catalogue as CSV (a quoted name with a comma, a price with a thousands separator).
    const csv = (text: string) =>
      ok<{ products: number }>(
        call(
          `/api/admin/shops/${shop.id}/products`,
          text,
          { ...WORKERD_ADMIN, "content-type": "text/csv" },
          "PUT",
        ),
      );
    expect(
      await csv(
        'sku,name,price,url\nTEE-01,有機棉T恤,1200,https://shop.example.com/p/tee\nCAP-02,"帽子, 黑","1,500",\nSOCK-03,襪子,500,\n',
      ),
    ).toEqual({ products: 3 });
    expect(
      await rows(
        `SELECT sku, name, price, url, active FROM shop_products WHERE shop_id = ? ORDER BY sku`,
        shop.id,
      ),
    ).toEqual([
      { sku: "CAP-02", name: "帽子, 黑", price: 1500, url: null, active: 1 },
      { sku: "SOCK-03", name: "襪子", price: 500, url: null, active: 1 },
      { sku: "TEE-01", name: "有機棉T恤", price: 1200, url: "https://shop.example.com/p/tee", active: 1 },
    ]);
    // Again without the cap, a new price: the cap kept but inactive, the rest updated in place.
    expect(await csv("sku,name,price\nTEE-01,有機棉T恤,1200\nSOCK-03,襪子,520\n")).toEqual({ products: 2 });
    expect(
      await rows(`SELECT sku, price, active FROM shop_products WHERE shop_id = ? ORDER BY sku`, shop.id),
    ).toEqual([
      { sku: "CAP-02", price: 1500, active: 0 },
      { sku: "SOCK-03", price: 520, active: 1 },
      { sku: "TEE-01", price: 1200, active: 1 },
    ]);
    const listed = await ok<{ products: Array<{ sku: string }> }>(
      call(`/api/admin/shops/${shop.id}/products`),
    );
    expect(listed.products.map((p) => p.sku)).toEqual(["SOCK-03", "TEE-01"]);

    // A member (a LINE user who follows) with points from a store sale.
    const { id: storeId } = await ok<{ id: string }>(
      call("/api/admin/stores", { code: "ESH01", name: "網購一店" }),
      201,
    );
    const { key: posKey } = await ok<{ key: string }>(call(`/api/admin/stores/${storeId}/pos-keys`, {}), 201);
    const m = await member("網購客");
    await ok(
      call(
        "/api/pos/transactions",
        { externalId: "ESH-SEED-1", memberCode: m.memberCode, total: 20_000 },
        { authorization: `Bearer ${posKey}`, "content-type": "application/json" },
      ),
    );
    const seeded = await balance(m.id);
    expect(seeded).toBeGreaterThanOrEqual(50);
    const code = await coupon(m, "D1 網購券");

    // The checkout's quotes before the order.
    const customer = { memberCode: m.memberCode };
    expect(
      await asShop("/api/shop/checkout/coupon-quote", { customer, couponCode: code, amount: 2400 }),
    ).toMatchObject({
      usable: true,
      reason: null,
      discount: 100,
      coupon: { code, kind: "amount", value: 100 },
    });
    expect(await asShop("/api/shop/checkout/points-quote", { customer, amount: 30 })).toEqual({
      balance: seeded,
      pointValue: 1,
      maxUsable: Math.min(seeded, 30),
    });
    const offered = await asShop<{ coupons: Array<{ code: string; usable: boolean; discount: number }> }>(
      "/api/shop/checkout/coupons",
      { customer, amount: 2400 },
    );
    expect(offered.coupons).toEqual([expect.objectContaining({ code, usable: true, discount: 100 })]);

    // The same paid order posted 10 times at once: one order, one purchase, one redeem, one earn.
    const body = {
      orderId: "SO-D1-1",
      customer,
      lines: [{ sku: "TEE-01", name: "有機棉T恤", quantity: 2, price: 1200 }],
      couponCode: code,
      pointsToUse: 50,
      total: 2400 - 100 - 50,
      paid: true,
    };
    const answers = await Promise.all(
      Array.from({ length: 10 }, async () => {
        const r = await call("/api/shop/orders", body, shopHeaders);
        return { status: r.status, body: JSON.parse(await r.text()) as Order };
      }),
    );
    expect(
      answers.map((a) => a.status),
      JSON.stringify(answers),
    ).toEqual(Array(10).fill(200));
    expect(new Set(answers.map((a) => a.body.id)).size).toBe(1);
    expect(answers.filter((a) => a.body.replayed === false)).toHaveLength(1);
    const order = await one(
      `SELECT id, state, member_id, subtotal, coupon_discount, points_used, total, purchase_id
      FROM online_orders WHERE shop_id = ? AND external_id = 'SO-D1-1'`,
      shop.id,
    );
    expect(order).toMatchObject({
      state: "paid",
      member_id: m.id,
      subtotal: 2400,
      coupon_discount: 100,
      points_used: 50,
      total: 2250,
    });
    expect(await count(`SELECT count(*) AS n FROM online_orders`)).toBe(1);
    expect(await count(`SELECT count(*) AS n FROM purchases WHERE source = 'online'`)).toBe(1);
    const purchase = await one<{
      id: string;
      channel: string;
      paid: number;
      coupon_discount: number;
      points_used: number;
      points_earned: number;
    }>(
      `SELECT id, channel, paid, coupon_discount, points_used, points_earned FROM purchases WHERE source = 'online'`,
    );
    expect(purchase).toMatchObject({
      id: order.purchase_id,
      channel: "online",
      paid: 2250,
      coupon_discount: 100,
      points_used: 50,
    });
    const earned = purchase.points_earned;
    expect(earned).toBeGreaterThan(0);
    expect(
      await rows(`SELECT sku, quantity, price FROM purchase_items WHERE purchase_id = ?`, purchase.id),
    ).toEqual([{ sku: "TEE-01", quantity: 2, price: 1200 }]);
    const entries = (kind: string) =>
      rows<{ points: number }>(
        `SELECT points FROM point_entries WHERE member_id = ? AND kind = ? AND reference LIKE 'online:%'`,
        m.id,
        kind,
      );
    expect(await entries("redeem")).toEqual([{ points: -50 }]);
    expect(
      await count(
        `SELECT count(*) AS n FROM point_entries WHERE member_id = ? AND kind = 'earn'
      AND reference = ?`,
        m.id,
        `online:online:${order.id}`,
      ),
    ).toBe(1);
    expect(await couponStatus(code)).toBe("redeemed");
    expect(await balance(m.id)).toBe(seeded - 50 + earned);
    // The used coupon is no longer offered, and a quote says why.
    expect(
      await asShop("/api/shop/checkout/coupon-quote", { customer, couponCode: code, amount: 2400 }),
    ).toMatchObject({ usable: false, reason: "ALREADY_REDEEMED", discount: 0 });
    expect(
      (await asShop<{ coupons: unknown[] }>("/api/shop/checkout/coupons", { customer, amount: 2400 }))
        .coupons,
    ).toEqual([]);

    // A partial refund reverses points in proportion; the same refund again changes nothing.
    const afterPay = await balance(m.id);
    const refund = { refundId: "R1", amount: 750 };
    const due = Math.floor((earned * 750) / 2250);
    expect(await asShop(`/api/shop/orders/SO-D1-1/refunds`, refund)).toMatchObject({
      amount: 750,
      pointsDue: due,
    });
    expect(await asShop(`/api/shop/orders/SO-D1-1/refunds`, refund)).toMatchObject({
      amount: 750,
      pointsDue: due,
    });
    expect(await balance(m.id)).toBe(afterPay - due);
    expect(await count(`SELECT count(*) AS n FROM refunds WHERE purchase_id = ?`, purchase.id)).toBe(1);
    expect(await one(`SELECT refunded_amount FROM purchases WHERE id = ?`, purchase.id)).toEqual({
      refunded_amount: 750,
    });
    expect(await one(`SELECT state, refunded_amount FROM online_orders WHERE id = ?`, order.id)).toEqual({
      state: "paid",
      refunded_amount: 750,
    });
    expect(
      await count(
        `SELECT coalesce(-sum(points), 0) AS n FROM point_entries WHERE member_id = ? AND kind = 'reverse'`,
        m.id,
      ),
    ).toBe(due);

    // A second order, created and not paid, holds a new coupon and takes points; cancelled, both come back.
    const second = await coupon(m, "D1 取消券");
    const beforeSecond = await balance(m.id);
    const created = await asShop<Order>("/api/shop/orders", {
      orderId: "SO-D1-2",
      customer,
      lines: [{ sku: "SOCK-03", name: "襪子", quantity: 1, price: 500 }],
      couponCode: second,
      pointsToUse: 40,
      total: 500 - 100 - 40,
    });
    expect(created).toMatchObject({ state: "created", purchaseId: null });
    expect(await couponStatus(second)).toBe("reserved");
    expect(await balance(m.id)).toBe(beforeSecond - 40);
    expect(await asShop(`/api/shop/orders/SO-D1-2/cancelled`, {})).toMatchObject({ state: "cancelled" });
    expect(await asShop(`/api/shop/orders/SO-D1-2/cancelled`, {})).toMatchObject({ state: "cancelled" });
    expect(await couponStatus(second)).toBe("issued");
    expect(await one(`SELECT reserved_for FROM coupons WHERE code = ?`, second)).toEqual({
      reserved_for: null,
    });
    expect(await balance(m.id)).toBe(beforeSecond);
    expect(await count(`SELECT count(*) AS n FROM purchases WHERE source = 'online'`)).toBe(1);
    await ok(call(`/api/shop/orders/SO-D1-2/paid`, {}, shopHeaders), 409);
    expect(await ok<Order>(call(`/api/shop/orders/SO-D1-2`, undefined, shopHeaders))).toMatchObject({
      state: "cancelled",
      purchaseId: null,
    });
    // The coupon given back is offered again.
    expect(
      (
        await asShop<{ coupons: Array<{ code: string }> }>("/api/shop/checkout/coupons", {
          customer,
          amount: 500,
        })
      ).coupons.map((c) => c.code),
    ).toEqual([second]);

    // The ledger and the balance agree.
    expect(
      await count(`SELECT coalesce(sum(points), 0) AS n FROM point_entries WHERE member_id = ?`, m.id),
    ).toBe(await balance(m.id));
  });
});
