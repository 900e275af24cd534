import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../../../test/harness";
import { createFriend } from "../../../test/line-helpers";
import { comment, json, liveKit, unit } from "./live-kit";

let t: TestApp;
beforeEach(async () => {
  t = await startTestApp({ demo: true });
});
afterEach(async () => {
  await t.close();
});
const { newSale, post, tally, say } = liveKit(() => t);

describe("LINE", () => {
  it("a Facebook buyer claims their orders in LINE with the seller's link, once", async () => {
    const sale = await newSale();
    await post(sale.id, [comment("fb-77", "A+2")]);
    const res = await t.admin(`/api/lives/${sale.id}/claim-links`, {
      ...json({
        buyers: [
          { platform: "facebook", userId: "fb-77" },
          { platform: "facebook", userId: "nobody" },
        ],
      }),
      headers: { authorization: `Bearer ${sale.ingestKey}` },
    });
    expect(res.status).toBe(200);
    const { links } = (await res.json()) as { links: Array<{ url: string; claimed: boolean }> };
    expect(links).toHaveLength(1);
    expect(links[0]?.claimed).toBe(false);
    const token = new URL(links[0]?.url ?? "").searchParams.get("t") ?? "";
    const user = await createFriend(t, "臉書來的");
    const other = await createFriend(t, "別人");
    const idToken = async (u: string) =>
      (
        (await (await t.line.control(`/users/${u}/id-token`, { method: "POST" })).json()) as {
          idToken: string;
        }
      ).idToken;
    const claim = async (u: string, tk: string) =>
      fetch(`${t.app.url}/api/me/lives/claims`, {
        method: "POST",
        headers: { authorization: `Bearer ${await idToken(u)}`, "content-type": "application/json" },
        body: JSON.stringify({ token: tk }),
      });
    expect((await claim(user, token)).status).toBe(200);
    expect((await claim(user, token)).status).toBe(200); // the same person again: fine
    expect((await claim(other, token)).status).toBe(409);
    expect((await claim(user, `${token.slice(0, -2)}xx`)).status).toBe(400);
    const cart = (await (
      await fetch(`${t.app.url}/api/me/lives/${sale.id}/cart`, {
        headers: { authorization: `Bearer ${await idToken(user)}` },
      })
    ).json()) as { order: { subtotal: number; memberId: string | null } };
    expect(cart.order.subtotal).toBe(780);
    expect(cart.order.memberId).not.toBeNull(); // attributed to the member who claimed it
  });

  it("claiming into a LINE cart of the same sale makes one cart; the bank account is shown for transfers", async () => {
    const sale = await newSale();
    const user = await createFriend(t, "兩邊都買");
    await say({ type: "user", userId: user }, user, "A+1");
    await post(sale.id, [comment("fb-9", "A+2")]);
    const link = (await (
      await t.admin(
        `/api/lives/${sale.id}/claim-links`,
        json({ buyers: [{ platform: "facebook", userId: "fb-9" }] }),
      )
    ).json()) as { links: Array<{ url: string }> };
    const token = new URL(link.links[0]?.url ?? "").searchParams.get("t") ?? "";
    const idToken = (
      (await (await t.line.control(`/users/${user}/id-token`, { method: "POST" })).json()) as {
        idToken: string;
      }
    ).idToken;
    const headers = { authorization: `Bearer ${idToken}`, "content-type": "application/json" };
    const claimed = await fetch(`${t.app.url}/api/me/lives/claims`, {
      method: "POST",
      headers,
      body: JSON.stringify({ token }),
    });
    expect(claimed.status).toBe(200);
    const cart = (await (await fetch(`${t.app.url}/api/me/lives/${sale.id}/cart`, { headers })).json()) as {
      order: { lines: Array<{ code: string; qty: number }> };
      payment: { bankTransferAccount: string | null };
    };
    expect(cart.order.lines).toEqual([expect.objectContaining({ code: "A", qty: 3 })]);
    expect(cart.payment.bankTransferAccount).toBeNull();
    const all = (await (await t.admin(`/api/lives/${sale.id}/orders`)).json()) as {
      orders: Array<{ status: string }>;
    };
    expect(all.orders.map((o) => o.status).sort()).toEqual(["cancelled", "cart"]);
    expect(unit(await tally(sale.id), "A").ordered).toBe(3);
  });

  it("checkout online with a coupon and points; a cancel gives both back", async () => {
    const sale = await newSale();
    const user = await createFriend(t, "用券的人");
    const idToken = await t.line.emulator.issueIdToken(user);
    const headers = { authorization: `Bearer ${idToken}`, "content-type": "application/json" };
    const me = (await (await fetch(`${t.app.url}/api/me`, { headers })).json()) as {
      member: { memberCode: string };
    };
    // 200 points from a store purchase, and the demo NT$100 coupon (min spend NT$500).
    const stores = ((await (await t.admin("/api/admin/stores")).json()) as { stores: Array<{ id: string }> })
      .stores;
    const key = (
      (await (await t.admin(`/api/admin/stores/${stores[0]?.id}/pos-keys`, { method: "POST" })).json()) as {
        key: string;
      }
    ).key;
    await fetch(`${t.app.url}/api/pos/transactions`, {
      method: "POST",
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
      body: JSON.stringify({ externalId: "CPN-1", memberCode: me.member.memberCode, total: 20_000 }),
    });
    await t.admin(
      "/api/admin/coupon-templates/tpl_demo_welcome/issue",
      json({ batchKey: "live-test", memberCodes: [me.member.memberCode], reason: "test" }),
    );
    const available = async () =>
      (
        (await (await fetch(`${t.app.url}/api/me/coupons?status=available`, { headers })).json()) as {
          coupons: Array<{ code: string }>;
        }
      ).coupons;
    const start = await available();
    const code = (start.find((c) => JSON.stringify(c).includes("100")) ?? start[0])?.code as string;
    const points = async () =>
      ((await (await fetch(`${t.app.url}/api/me/card`, { headers })).json()) as { points: number }).points;
    const before = await points();

    await say({ type: "user", userId: user }, user, "A+3");
    const cart = (await (await fetch(`${t.app.url}/api/me/lives/${sale.id}/cart`, { headers })).json()) as {
      order: { id: string };
      defaultPickupStoreId: string;
    };
    const confirm = (extra: Record<string, unknown>) =>
      fetch(`${t.app.url}/api/me/lives/${sale.id}/cart/confirm`, {
        method: "POST",
        headers,
        body: JSON.stringify({
          fulfilment: "pickup",
          pickupStoreId: cart.defaultPickupStoreId,
          paymentMethod: "pay_at_pickup",
          ...extra,
        }),
      });
    const tooMany = await confirm({ couponCode: code, pointsToUse: 5_000 });
    expect(tooMany.status).toBe(422);
    // Refused: the coupon is still available.
    expect((await available()).map((c) => c.code)).toContain(code);
    const [one, two] = await Promise.all([
      confirm({ couponCode: code, pointsToUse: 50 }),
      confirm({ couponCode: code, pointsToUse: 50 }),
    ]);
    expect([one.status, two.status]).toEqual([200, 200]);
    expect(await one.json()).toMatchObject({
      subtotal: 1170,
      discount: 100,
      pointsUsed: 50,
      total: 1020,
      coupon: { code },
    });
    expect(await points()).toBe(before - 50);
    expect((await available()).map((c) => c.code)).not.toContain(code);

    expect(
      (await t.admin(`/api/lives/${sale.id}/orders/${cart.order.id}/status`, json({ status: "cancelled" })))
        .status,
    ).toBe(200);
    expect(await points()).toBe(before);
    expect((await available()).map((c) => c.code)).toContain(code);
  });

  it("the sandbox demo sale is there in draft, opens, and takes '+1' from the featured product", async () => {
    const got = await t.admin("/api/lives/sal_demo_friday");
    expect(got.status).toBe(200);
    expect(((await got.json()) as { status: string }).status).toBe("draft");
    expect((await t.admin("/api/lives/sal_demo_friday/open", { method: "POST" })).status).toBe(200);
    const [r] = await post("sal_demo_friday", [comment("demo-1", "+1")]);
    expect(r).toMatchObject({ outcome: "ordered", items: [{ code: "B", qty: 1, status: "reserved" }] });
    const [v] = await post("sal_demo_friday", [comment("demo-2", "A 黑L +1")]);
    expect(v).toMatchObject({ outcome: "ordered", items: [{ code: "A", variant: "黑 L", qty: 1 }] });
  });

  it("checkout in LIFF: the buyer confirms pickup; the seller marks it paid and the member earns points", async () => {
    const sale = await newSale();
    const user = await createFriend(t, "小芳");
    await say({ type: "user", userId: user }, user, "A+3");
    const token = (await (await t.line.control(`/users/${user}/id-token`, { method: "POST" })).json()) as {
      idToken: string;
    };
    const auth = { authorization: `Bearer ${token.idToken}`, "content-type": "application/json" };
    const cart = (await (
      await fetch(`${t.app.url}/api/me/lives/${sale.id}/cart`, { headers: auth })
    ).json()) as {
      order: { id: string; subtotal: number; lines: unknown[] };
      defaultPickupStoreId: string;
      stores: unknown[];
    };
    expect(cart.order.subtotal).toBe(1170);
    expect(cart.stores.length).toBeGreaterThan(0);
    const confirm = () =>
      fetch(`${t.app.url}/api/me/lives/${sale.id}/cart/confirm`, {
        method: "POST",
        headers: auth,
        body: JSON.stringify({
          fulfilment: "pickup",
          pickupStoreId: cart.defaultPickupStoreId,
          paymentMethod: "pay_at_pickup",
        }),
      });
    const [one, two] = await Promise.all([confirm(), confirm()]);
    expect([one.status, two.status]).toEqual([200, 200]);
    expect(((await one.json()) as { status: string; total: number }).total).toBe(1170);
    // A comment after checkout does not change the confirmed order: it opens a second cart.
    await say({ type: "user", userId: user }, user, "A+1");
    expect(unit(await tally(sale.id), "A").ordered).toBe(4);
    const after = (await (
      await fetch(`${t.app.url}/api/me/lives/${sale.id}/cart`, { headers: auth })
    ).json()) as {
      order: { id: string; status: string; subtotal: number };
      otherOrders: Array<{ id: string; status: string; total: number }>;
    };
    expect(after.order).toMatchObject({ status: "cart", subtotal: 390 });
    expect(after.order.id).not.toBe(cart.order.id);
    expect(after.otherOrders).toEqual([
      expect.objectContaining({ id: cart.order.id, status: "confirmed", total: 1170 }),
    ]);

    // Without a valid token nothing is shown.
    expect((await fetch(`${t.app.url}/api/me/lives/${sale.id}/cart`)).status).toBe(401);

    const paid = await t.admin(
      `/api/lives/${sale.id}/orders/${cart.order.id}/status`,
      json({ status: "picked_up" }),
    );
    expect(paid.status).toBe(200);
    const me = (await (await fetch(`${t.app.url}/api/me/card`, { headers: auth })).json()) as {
      points: number;
    };
    expect(me.points).toBe(11);
    // Recorded once as a live-channel purchase at the pickup store (a repeat changes nothing).
    expect(
      (await t.admin(`/api/lives/${sale.id}/orders/${cart.order.id}/status`, json({ status: "picked_up" })))
        .status,
    ).toBe(200);
    const { purchases } = await import("../../../../db/schema");
    const { eq } = await import("drizzle-orm");
    const rows = await t.app.deps.db.select().from(purchases).where(eq(purchases.externalId, cart.order.id));
    expect(rows.map((r) => [r.channel, r.source, r.paid, r.pointsEarned, r.storeId])).toEqual([
      ["live", "live", 1170, 11, cart.defaultPickupStoreId],
    ]);
    const csv = await (await t.admin(`/api/lives/${sale.id}/picking.csv`)).text();
    expect(csv).not.toContain(cart.order.id); // picked up: not in the picking list any more
  });
});
