/** 加購 after checkout: a new "+1" from a buyer who checked out opens a second cart in the sale. */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../../../test/harness";
import { chatLog, createFriend } from "../../../test/line-helpers";
import { comment, liveKit, unit } from "./live-kit";

let t: TestApp;
beforeEach(async () => {
  t = await startTestApp({ demo: true });
});
afterEach(async () => {
  await t.close();
});
const { newSale, post, tally, say } = liveKit(() => t);

interface Order {
  id: string;
  status: string;
  subtotal: number;
  total: number;
  lines: Array<{ code: string; qty: number; status: string }>;
}

const products = [
  { code: "A", name: "羊毛圍巾", price: 390, stock: 5, perBuyerLimit: 3 },
  { code: "C", name: "最後一件", price: 100, stock: 1 },
];

/** The buyer's LIFF calls: the cart and its checkout. */
async function liff(user: string, saleId: string) {
  const { idToken } = (await (
    await t.line.control(`/users/${user}/id-token`, { method: "POST" })
  ).json()) as {
    idToken: string;
  };
  const headers = { authorization: `Bearer ${idToken}`, "content-type": "application/json" };
  const cart = async () =>
    (await (await fetch(`${t.app.url}/api/me/lives/${saleId}/cart`, { headers })).json()) as {
      order: Order;
      otherOrders: Order[];
      defaultPickupStoreId: string;
    };
  const confirm = async () => {
    const res = await fetch(`${t.app.url}/api/me/lives/${saleId}/cart/confirm`, {
      method: "POST",
      headers,
      body: JSON.stringify({
        fulfilment: "pickup",
        pickupStoreId: (await cart()).defaultPickupStoreId,
        paymentMethod: "pay_at_pickup",
      }),
    });
    expect(res.status).toBe(200);
    return (await res.json()) as Order;
  };
  return { cart, confirm };
}

const consoleOrders = async (saleId: string) =>
  ((await (await t.admin(`/api/lives/${saleId}/orders`)).json()) as { orders: Order[] }).orders;

describe("adding to an order after checkout", () => {
  it("through the ingestion API: a second cart, stock and the limit across both, its own checkout", async () => {
    const sale = await newSale({ products });
    const user = await createFriend(t, "小芳");
    const line = (text: string, id?: string) => ({ ...comment(user, text, id), platform: "line" });
    const [first] = await post(sale.id, [line("A+2")]);
    expect(first).toMatchObject({ outcome: "ordered" });
    expect(first).not.toHaveProperty("newCart");
    const buyer = await liff(user, sale.id);
    const one = await buyer.confirm();
    expect(one).toMatchObject({ status: "confirmed", total: 780 });

    const [again] = await post(sale.id, [line("A+1", "after-1")]);
    expect(again).toMatchObject({
      outcome: "ordered",
      newCart: true,
      items: [{ code: "A", qty: 1, status: "reserved" }],
    });
    const second = (again as { orderId?: string }).orderId;
    expect(second).toBeDefined();
    expect(second).not.toBe(one.id);
    // A relay's retry orders nothing more.
    expect((await post(sale.id, [line("A+1", "after-1")]))[0]?.outcome).toBe("duplicate");
    expect(unit(await tally(sale.id), "A")).toMatchObject({ ordered: 3, remaining: 2 });
    // The per-buyer limit (3) counts the checked-out order too.
    const [over] = await post(sale.id, [line("A+1")]);
    expect(over).toMatchObject({
      outcome: "rejected",
      items: [{ status: "rejected", reason: "OVER_LIMIT" }],
    });
    expect(unit(await tally(sale.id), "A").ordered).toBe(3);

    // The checkout page: the new cart to check out, and the earlier order's status.
    const open = await buyer.cart();
    expect(open.order).toMatchObject({ id: second, status: "cart", subtotal: 390 });
    expect(open.order.lines).toEqual([expect.objectContaining({ code: "A", qty: 1, status: "reserved" })]);
    expect(open.otherOrders.map((o) => [o.id, o.status, o.subtotal])).toEqual([[one.id, "confirmed", 780]]);
    const two = await buyer.confirm();
    expect(two).toMatchObject({ id: second, status: "confirmed", total: 390 });
    const after = await buyer.cart();
    expect(after.order.id).toBe(second);
    expect(after.otherOrders.map((o) => o.id)).toEqual([one.id]);
    // The first order is untouched.
    expect(one.lines.map((l) => l.qty)).toEqual([2]);

    // A cancel of what is only in checked-out orders is refused with the reason, and moves nothing.
    const [cancel] = await post(sale.id, [line("A-1")]);
    expect(cancel).toMatchObject({ outcome: "rejected", items: [{ reason: "ORDER_CLOSED" }] });
    expect(unit(await tally(sale.id), "A").ordered).toBe(3);

    // The seller's console lists both orders (not the empty cart the cancel left).
    const orders = await consoleOrders(sale.id);
    expect(orders.map((o) => [o.id, o.status, o.subtotal]).sort()).toEqual(
      [
        [one.id, "confirmed", 780],
        [second, "confirmed", 390],
      ].sort(),
    );
    // Paid and picked up separately.
    for (const id of [one.id, second]) {
      const res = await t.admin(`/api/lives/${sale.id}/orders/${id}/status`, {
        method: "POST",
        body: JSON.stringify({ status: "picked_up" }),
      });
      expect(res.status).toBe(200);
    }
    expect((await consoleOrders(sale.id)).map((o) => o.status)).toEqual(["picked_up", "picked_up"]);
  });

  it("in a LINE group and 1:1 chat: the reply says the items are in a new cart, with the link", async () => {
    const sale = await newSale({ products });
    const user = await createFriend(t, "小美");
    const res = await t.line.control("/groups", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ groupName: "團購群", memberIds: [user] }),
    });
    await t.settle();
    const { groupId } = (await res.json()) as { groupId: string };
    const chat = { type: "group", groupId };
    const greeting = (await chatLog(t, groupId)).filter((e) => e.direction === "out").length;
    const replies = async () => {
      t.clock.advance(3_000);
      await t.app.sweep();
      await t.settle();
      return (await chatLog(t, groupId))
        .filter((e) => e.direction === "out")
        .slice(greeting)
        .map((e) => (e.message as { text: string }).text);
    };
    await say(chat, user, "A+1");
    const [first] = await replies();
    expect(first).toContain("✅ A×1");
    expect(first).not.toContain("新的購物車");
    const buyer = await liff(user, sale.id);
    const one = await buyer.confirm();

    await say(chat, user, "A+2");
    const all = await replies();
    expect(all).toHaveLength(2);
    expect(all[1]).toContain("✅ A×2 🛒 已放入新的購物車，請再結帳一次");
    expect(all[1]).toContain(`/live/${sale.id}`);
    expect(all.join("\n")).not.toContain("加購請洽客服");
    // Over the limit across both orders (1 + 2 held): told, and nothing more taken.
    await say(chat, user, "A+1");
    expect((await replies())[2]).toContain("A 已達每人限購數量");
    expect(unit(await tally(sale.id), "A").ordered).toBe(3);

    // In 1:1 chat the card says the same, and shows the new cart.
    await say({ type: "user", userId: user }, user, "C+1");
    const card = JSON.stringify(
      (await chatLog(t, user)).filter((e) => e.direction === "out").at(-1)?.message,
    );
    expect(card).toContain("這次的商品已放入新的購物車");
    expect(card).toContain("羊毛圍巾 ×2"); // the new cart, not the order checked out (×1)
    expect(card).toContain("NT$880");
    const open = await buyer.cart();
    expect(open.order.lines.map((l) => [l.code, l.qty])).toEqual([
      ["A", 2],
      ["C", 1],
    ]);
    expect(open.otherOrders.map((o) => o.id)).toEqual([one.id]);
    expect(await buyer.confirm()).toMatchObject({ status: "confirmed", total: 880 });
    expect((await consoleOrders(sale.id)).map((o) => o.subtotal).sort()).toEqual([390, 880]);
  });
});
