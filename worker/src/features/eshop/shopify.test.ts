/**
 * The Shopify connector on the real server, with payloads shaped like Shopify's own (REST Admin
 * API order and refund webhooks): signed deliveries create, pay, cancel and refund orders; a
 * forged or missing signature is refused with nothing written; a redelivered webhook id is
 * answered and done once; codes that are not our coupons are left off.
 */
import { sql } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { eshopKit, type Json } from "../../../test/eshop-kit";
import { startTestApp, type TestApp } from "../../../test/harness";
import { signShopify } from "./shopify";

const SECRET = "shpss_test_0123456789abcdef0123456789abcdef";
const DOMAIN = "omo-demo.myshopify.com";

/** An `orders/create` payload as Shopify sends it (trimmed to what a real one always has). */
function shopifyOrder(over: Json = {}, notes: Array<{ name: string; value: string }> = []): Json {
  return {
    id: 5_123_456_789_012,
    admin_graphql_api_id: "gid://shopify/Order/5123456789012",
    name: "#1001",
    order_number: 1001,
    email: "buyer@example.com",
    created_at: "2026-11-24T10:00:00+08:00",
    currency: "TWD",
    financial_status: "pending",
    fulfillment_status: null,
    subtotal_price: "1400.00",
    total_discounts: "100.00",
    total_price: "1490.00",
    total_tax: "70.95",
    taxes_included: true,
    phone: null,
    customer: { id: 7_001, email: "buyer@example.com", phone: "+886912000111", first_name: "小明" },
    line_items: [
      {
        id: 13_001,
        variant_id: 44_001,
        product_id: 8_001,
        sku: "TEE-01",
        title: "有機棉T恤",
        quantity: 2,
        price: "700.00",
        total_discount: "0.00",
      },
      {
        id: 13_002,
        variant_id: 44_002,
        product_id: 8_002,
        sku: "",
        title: "帆布袋",
        quantity: 1,
        price: "100.00",
        total_discount: "0.00",
      },
    ],
    discount_codes: [],
    note_attributes: notes,
    total_shipping_price_set: {
      shop_money: { amount: "90.00", currency_code: "TWD" },
      presentment_money: { amount: "90.00", currency_code: "TWD" },
    },
    ...over,
  };
}

function shopifyRefund(orderId: number, amount: string): Json {
  return {
    id: 9_001,
    order_id: orderId,
    created_at: "2026-11-26T10:00:00+08:00",
    note: "尺寸不合",
    restock: true,
    refund_line_items: [{ id: 1, line_item_id: 13_001, quantity: 1, subtotal: 700 }],
    transactions: [
      { id: 60_001, order_id: orderId, kind: "refund", status: "failure", amount, currency: "TWD" },
      { id: 60_002, order_id: orderId, kind: "refund", status: "success", amount, currency: "TWD" },
    ],
  };
}

async function setUp(env: Record<string, string> = { SHOPIFY_WEBHOOK_SECRET: SECRET }) {
  const t = await startTestApp({ demo: true, env });
  const k = eshopKit(t);
  const shop = await k.shop("Shopify 官網", { platform: "shopify", domain: DOMAIN });
  let n = 0;
  const deliver = async (
    topic: string,
    payload: unknown,
    opts: { id?: string; secret?: string; domain?: string; signature?: string | null } = {},
  ) => {
    const body = JSON.stringify(payload);
    const signature =
      opts.signature === undefined ? await signShopify(opts.secret ?? SECRET, body) : opts.signature;
    return fetch(`${t.app.url}/webhooks/shopify`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "x-shopify-topic": topic,
        "x-shopify-shop-domain": opts.domain ?? DOMAIN,
        "x-shopify-webhook-id": opts.id ?? `wh-${++n}`,
        "x-shopify-api-version": "2025-10",
        ...(signature === null ? {} : { "x-shopify-hmac-sha256": signature }),
      },
      body,
    });
  };
  const db = t.app.deps.db;
  const count = async (table: string) =>
    Number((await db.all<{ n: number }>(sql.raw(`SELECT count(*) AS n FROM ${table}`)))[0]?.n);
  const points = async (memberId: string) =>
    Number(
      (await db.all<{ p: number }>(sql`SELECT points_balance AS p FROM members WHERE id = ${memberId}`))[0]
        ?.p,
    );
  const couponStatus = async (code: string) =>
    (await db.all<{ status: string }>(sql`SELECT status FROM coupons WHERE code = ${code}`))[0]?.status;
  return { t, k, shop, deliver, count, points, couponStatus };
}

describe("Shopify connector", () => {
  let t: TestApp;
  afterEach(() => t.close());

  it("a signed orders/create makes the order (our coupon held, a shop-only code left off), orders/paid earns, a redelivery is done once", async () => {
    const s = await setUp();
    t = s.t;
    const m = await s.k.member("Shopify 客");
    const code = await s.k.coupon(m);
    const order = shopifyOrder(
      {
        discount_codes: [
          { code: "WELCOME10", amount: "0.00", type: "fixed_amount" },
          { code, amount: "100.00", type: "fixed_amount" },
        ],
      },
      [{ name: "line_user_id", value: m.userId }],
    );
    const created = await s.deliver("orders/create", order, { id: "wh-create" });
    expect(created.status).toBe(200);
    expect(await created.json()).toEqual({
      ok: true,
      topic: "orders/create",
      orderId: "5123456789012",
      state: "created",
    });
    const [row] = await s.t.app.deps.db.all<Json>(
      sql`SELECT member_id, subtotal, total, shipping, coupon_code, lines FROM online_orders`,
    );
    expect(row).toMatchObject({
      member_id: m.id,
      subtotal: 1500,
      total: 1490,
      shipping: 90,
      coupon_code: code,
    });
    expect(JSON.parse(String(row?.lines))).toEqual([
      { sku: "TEE-01", name: "有機棉T恤", quantity: 2, price: 700 },
      { sku: "44002", name: "帆布袋", quantity: 1, price: 100 },
    ]);
    expect(await s.couponStatus(code)).toBe("reserved");

    // The same delivery again (Shopify retries): answered, nothing done twice.
    const again = await s.deliver("orders/create", order, { id: "wh-create" });
    expect(await again.json()).toEqual({ ok: true, topic: "orders/create", replayed: true });
    expect(await s.count("online_orders")).toBe(1);

    const paid = { ...order, financial_status: "paid" };
    expect(await (await s.deliver("orders/paid", paid, { id: "wh-paid" })).json()).toMatchObject({
      state: "paid",
    });
    expect(await (await s.deliver("orders/paid", paid, { id: "wh-paid" })).json()).toMatchObject({
      replayed: true,
    });
    // A second delivery of the event under a new id changes nothing either (the order is paid).
    expect((await s.deliver("orders/paid", paid)).status).toBe(200);
    expect(await s.count("purchases WHERE source = 'online'")).toBe(1);
    expect(await s.couponStatus(code)).toBe("redeemed");
    expect(await s.points(m.id)).toBe(14); // NT$1,400 of goods (shipping earns none)
    expect(await s.count("shop_webhooks")).toBe(3); // wh-create, wh-paid and the new id

    const other = await s.deliver("products/update", { id: 1, title: "帆布袋" });
    expect(await other.json()).toEqual({ ok: true, topic: "products/update", ignored: true });
    const stranger = await s.deliver("orders/create", order, { domain: "someone-else.myshopify.com" });
    expect(stranger.status).toBe(404);
  });

  it("a forged, missing or other-secret signature is a 401 and writes nothing; no secret configured is a 503", async () => {
    const s = await setUp();
    t = s.t;
    const order = shopifyOrder({ financial_status: "paid" });
    const forged = await s.deliver("orders/create", order, {
      signature: "c2lnbmF0dXJlIGZvcmdlZCBieSBzb21lb25lIGVsc2U=",
    });
    expect(forged.status).toBe(401);
    expect(((await forged.json()) as { error: { code: string } }).error.code).toBe("INVALID_SIGNATURE");
    expect((await s.deliver("orders/create", order, { signature: null })).status).toBe(401);
    expect((await s.deliver("orders/create", order, { secret: "another-app-secret" })).status).toBe(401);
    // The body changed after signing: the signature is over the raw bytes.
    const body = JSON.stringify(order);
    const tampered = await fetch(`${t.app.url}/webhooks/shopify`, {
      method: "POST",
      headers: {
        "x-shopify-topic": "orders/create",
        "x-shopify-shop-domain": DOMAIN,
        "x-shopify-webhook-id": "wh-tampered",
        "x-shopify-hmac-sha256": await signShopify(SECRET, body),
      },
      body: body.replace('"1490.00"', '"14.90"'),
    });
    expect(tampered.status).toBe(401);
    expect(await s.count("online_orders")).toBe(0);
    expect(await s.count("shop_webhooks")).toBe(0);
    expect(await s.count("purchases WHERE source = 'online'")).toBe(0);
    await t.close();

    const bare = await setUp({});
    t = bare.t;
    const res = await bare.deliver("orders/create", order);
    expect(res.status).toBe(503);
    expect(((await res.json()) as { error: { message: string } }).error.message).toContain(
      "SHOPIFY_WEBHOOK_SECRET",
    );
    expect(await bare.count("online_orders")).toBe(0);
  });

  it("orders/cancelled gives the coupon back and reverses the points; refunds/create in part reverses in proportion", async () => {
    const s = await setUp();
    t = s.t;
    const m = await s.k.member("退貨客");
    const code = await s.k.coupon(m);
    const notes = [{ name: "line_user_id", value: m.userId }];
    const paidOrder = shopifyOrder(
      {
        id: 777,
        name: "#1002",
        financial_status: "paid",
        discount_codes: [{ code, amount: "100.00", type: "fixed_amount" }],
      },
      notes,
    );
    expect((await s.deliver("orders/create", paidOrder)).status).toBe(200);
    expect(await s.points(m.id)).toBe(14);
    expect(await s.couponStatus(code)).toBe("redeemed");
    const cancelled = await s.deliver("orders/cancelled", {
      ...paidOrder,
      cancelled_at: "2026-11-25T09:00:00+08:00",
      cancel_reason: "customer",
    });
    expect(await cancelled.json()).toMatchObject({ orderId: "777", state: "cancelled" });
    expect(await s.points(m.id)).toBe(0);
    expect(await s.couponStatus(code)).toBe("issued");
    expect((await s.deliver("orders/cancelled", paidOrder)).status).toBe(200);
    expect(await s.points(m.id)).toBe(0);

    // orders/paid for an order whose create was missed: made and paid at once.
    const second = shopifyOrder(
      {
        id: 888,
        name: "#1003",
        financial_status: "paid",
        total_price: "3090.00",
        line_items: [
          { id: 1, variant_id: 44_001, sku: "TEE-01", title: "有機棉T恤", quantity: 3, price: "1000.00" },
        ],
      },
      notes,
    );
    expect(await (await s.deliver("orders/paid", second)).json()).toMatchObject({ state: "paid" });
    expect(await s.points(m.id)).toBe(30);
    const refund = await s.deliver("refunds/create", shopifyRefund(888, "1000.00"), { id: "wh-refund" });
    expect(await refund.json()).toMatchObject({ orderId: "888", state: "paid" });
    expect(await s.points(m.id)).toBe(20); // a third of the goods back: a third of the points
    expect(
      (await s.deliver("refunds/create", shopifyRefund(888, "1000.00"), { id: "wh-refund" })).status,
    ).toBe(200);
    // The same refund redelivered under a new webhook id is still one refund (its refund id).
    expect((await s.deliver("refunds/create", shopifyRefund(888, "1000.00"))).status).toBe(200);
    expect(await s.points(m.id)).toBe(20);
    const [o] = await t.app.deps.db.all<Json>(
      sql`SELECT refunded_amount FROM online_orders WHERE external_id = '888'`,
    );
    expect(o).toEqual({ refunded_amount: 1000 });
    // A refund for an order we never saw: 422 in the error shape, and Shopify may retry it.
    const unknown = await s.deliver("refunds/create", shopifyRefund(999, "10.00"), { id: "wh-unknown" });
    expect(unknown.status).toBe(422);
    expect(await s.count("shop_webhooks WHERE webhook_id = 'wh-unknown'")).toBe(0);
  });
});
