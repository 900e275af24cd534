/**
 * Who an online order counts for: a staff link used for the order, else the member's referrer
 * (within the window), else the home store — the precedence a setting; a forged or another
 * shop's token refused; links only under the shop's address; a cart from the catalogue.
 */
import { afterEach, describe, expect, it } from "vitest";
import { eshopKit, type Json } from "../../../test/eshop-kit";
import { startTestApp, type TestApp } from "../../../test/harness";
import { chatLog } from "../../../test/line-helpers";

const DAY = 86_400_000;

describe("online orders: attribution", () => {
  let t: TestApp;
  afterEach(() => t.close());

  it("link > referrer > store by default; the setting reorders them; the referrer's window ends", async () => {
    t = await startTestApp({ demo: true });
    const k = eshopKit(t);
    const shop = await k.shop("官網", {
      cartUrlTemplate: "https://shop.example.com/cart?add={items}&omo_ref={ref}",
    });
    const linker = await k.clerk("TPE01", 0, "推廣店員");
    const referrer = await k.clerk("TXG01", 0, "綁定店員");
    const staffOf = async (userId: string) => {
      const me = await k.json<{ staff: { id: string }; store: { id: string } }>(
        k.get(userId, "/api/staff/binding-qr"),
      );
      return { id: me.staff.id, storeId: me.store.id };
    };
    const [a, b] = [await staffOf(linker), await staffOf(referrer)];
    // The member bound with the referrer's personal QR.
    const m = await k.member("被推薦的會員");
    const qr = await k.json<{ personalLink: { url: string } }>(k.get(referrer, "/api/staff/binding-qr"));
    const bindToken = new URL(qr.personalLink.url).searchParams.get("t");
    expect((await k.post(m.userId, "/api/bind", { token: bindToken, consent: true })).status).toBe(200);

    const link = await k.json<{ url: string; token: string }>(
      k.post(linker, "/api/staff/shop-links", { shopId: shop.id, url: "/products/tee?color=white" }),
    );
    expect(new URL(link.url).searchParams.get("omo_ref")).toBe(link.token);
    expect(link.url).toMatch(/^https:\/\/shop\.example\.com\/products\/tee\?color=white&omo_ref=/);
    const order = async (orderId: string, extra: Json = {}) =>
      (await (
        await shop.order({
          orderId,
          customer: { memberCode: m.memberCode },
          lines: [{ sku: "TEE", name: "T恤", quantity: 1, price: 990 }],
          total: 990,
          ...extra,
        })
      ).json()) as Json;
    expect(await order("A1", { attributionToken: link.token })).toMatchObject({
      attribution: "link",
      attributedStaffId: a.id,
      attributedStoreId: a.storeId,
    });
    expect(await order("A2")).toMatchObject({ attribution: "referrer", attributedStaffId: b.id });

    const put = await t.admin("/api/admin/eshop/attribution", {
      method: "PUT",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ precedence: ["referrer", "link", "store"], referrerDays: 20 }),
    });
    expect(put.status).toBe(200);
    expect(await order("A3", { attributionToken: link.token })).toMatchObject({
      attribution: "referrer",
      attributedStaffId: b.id,
    });
    // 21 days after binding the referrer no longer counts: the link (good for 30 days) does.
    t.clock.advance(21 * DAY);
    expect(await order("A4", { attributionToken: link.token })).toMatchObject({ attribution: "link" });
    expect(await order("A5")).toMatchObject({ attribution: "store", attributedStaffId: null });

    const forged = await shop.order({
      orderId: "A6",
      lines: [{ sku: "TEE", name: "T恤", quantity: 1, price: 990 }],
      total: 990,
      attributionToken: `${link.token.slice(0, -4)}AAAA`,
    });
    expect(forged.status).toBe(422);
    expect(((await forged.json()) as { error: { details: Json } }).error.details).toMatchObject({
      reason: "BAD_ATTRIBUTION",
    });
    const other = await k.shop("另一家店");
    const foreign = await other.order({
      orderId: "A7",
      lines: [{ sku: "TEE", name: "T恤", quantity: 1, price: 990 }],
      total: 990,
      attributionToken: link.token,
    });
    expect(foreign.status).toBe(422);
  });

  it("links point only under the shop's address; a cart takes the catalogue's products and prices", async () => {
    t = await startTestApp({ demo: true });
    const k = eshopKit(t);
    const shop = await k.shop("官網", {
      cartUrlTemplate: "https://shop.example.com/cart?add={items}&omo_ref={ref}",
    });
    const clerk = await k.clerk("TPE01");
    const away = await k.post(clerk, "/api/staff/shop-links", {
      shopId: shop.id,
      url: "https://evil.example/x",
    });
    expect(away.status).toBe(400);
    // A path is under the shop's own address, which may itself be a path.
    const sub = await k.shop("子路徑商店", { baseUrl: "https://brand.example.com/shop" });
    const path = await k.json<{ url: string }>(
      k.post(clerk, "/api/staff/shop-links", { shopId: sub.id, url: "/p/TEE" }),
    );
    expect(path.url).toMatch(/^https:\/\/brand\.example\.com\/shop\/p\/TEE\?omo_ref=/);
    const full = await k.json<{ url: string }>(
      k.post(clerk, "/api/staff/shop-links", { shopId: sub.id, url: "https://brand.example.com/shop/sale" }),
    );
    expect(full.url).toMatch(/^https:\/\/brand\.example\.com\/shop\/sale\?omo_ref=/);
    const beside = await k.post(clerk, "/api/staff/shop-links", {
      shopId: sub.id,
      url: "https://brand.example.com/blog",
    });
    expect(beside.status).toBe(400);
    const csv =
      'sku,name,price,url\nTEE-W,白色T恤,990,https://shop.example.com/p/tee-w\nCAP,棒球帽,"1,290",\n';
    const up = await t.admin(`/api/admin/shops/${shop.id}/products`, {
      method: "PUT",
      headers: { "content-type": "text/csv" },
      body: csv,
    });
    expect(await up.json()).toEqual({ products: 2 });
    const listed = await k.json<{
      shops: Array<{ id: string; carts: boolean; products: Array<{ sku: string }> }>;
    }>(k.get(clerk, "/api/staff/shops"));
    expect(listed.shops.find((x) => x.id === shop.id)).toMatchObject({ carts: true });
    expect(listed.shops.find((x) => x.id === shop.id)?.products.map((p) => p.sku)).toEqual(["CAP", "TEE-W"]);
    const cart = await k.json<{ url: string; items: Json[]; total: number }>(
      k.post(clerk, "/api/staff/cart-links", {
        shopId: shop.id,
        items: [
          { sku: "TEE-W", quantity: 2 },
          { sku: "CAP", quantity: 1 },
        ],
      }),
    );
    expect(cart.total).toBe(2 * 990 + 1290);
    expect(cart.url).toMatch(/^https:\/\/shop\.example\.com\/cart\?add=TEE-W:2,CAP:1&omo_ref=/);
    const missing = await k.post(clerk, "/api/staff/cart-links", {
      shopId: shop.id,
      items: [{ sku: "NOPE", quantity: 1 }],
    });
    expect(missing.status).toBe(404);
    // Sent in LINE to a member of the clerk's store: the member's chat gets the cart.
    const buyer = await k.member("購物車收件人");
    const qr = await k.json<{ personalLink: { url: string } }>(k.get(clerk, "/api/staff/binding-qr"));
    const bind = new URL(qr.personalLink.url).searchParams.get("t");
    expect((await k.post(buyer.userId, "/api/bind", { token: bind, consent: true })).status).toBe(200);
    const sent = await k.post(clerk, "/api/staff/cart-links/send", {
      shopId: shop.id,
      memberCode: buyer.memberCode,
      items: [{ sku: "CAP", quantity: 2 }],
    });
    expect(sent.status).toBe(201);
    const sentCart = (await sent.json()) as { url: string; total: number };
    expect(sentCart.total).toBe(2580);
    await t.settle();
    const log = await chatLog(t, buyer.userId);
    const card = log.find((e) => e.via === "push" && JSON.stringify(e.message).includes("為您準備了購物車"));
    expect(JSON.stringify(card?.message)).toContain(`"uri":"${sentCart.url}"`);
    const stranger = await k.member("別店會員");
    const refused = await k.post(clerk, "/api/staff/cart-links/send", {
      shopId: shop.id,
      memberCode: stranger.memberCode,
      items: [{ sku: "CAP", quantity: 1 }],
    });
    expect(refused.status).toBe(403);
    // A member (not staff) cannot make links.
    const m = await k.member("路人");
    expect(
      (
        await k.post(m.userId, "/api/staff/cart-links", {
          shopId: shop.id,
          items: [{ sku: "CAP", quantity: 1 }],
        })
      ).status,
    ).toBe(403);
  });
});
