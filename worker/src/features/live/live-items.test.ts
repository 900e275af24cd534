import { asc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { liveProducts, members, purchaseItems, purchases } from "../../../../db/schema";
import { startTestApp, type TestApp } from "../../../test/harness";
import { createFriend } from "../../../test/line-helpers";
import { json, liveKit } from "./live-kit";

let t: TestApp;
const { newSale, say } = liveKit(() => t);

describe("a paid live order's lines become its purchase's items", () => {
  beforeAll(async () => {
    t = await startTestApp({ demo: true });
  });
  afterAll(() => t.close());

  it("one item per stock unit held (sku live:<productId>), once; a bought segment finds the buyer", async () => {
    const sale = await newSale();
    const user = await createFriend(t, "小芳");
    await say({ type: "user", userId: user }, user, "A+2");
    await say({ type: "user", userId: user }, user, "B02 紅M +1");
    const token = (await (await t.line.control(`/users/${user}/id-token`, { method: "POST" })).json()) as {
      idToken: string;
    };
    const auth = { authorization: `Bearer ${token.idToken}`, "content-type": "application/json" };
    const cart = (await (
      await fetch(`${t.app.url}/api/me/lives/${sale.id}/cart`, { headers: auth })
    ).json()) as {
      order: { id: string };
      defaultPickupStoreId: string;
    };
    const confirm = await fetch(`${t.app.url}/api/me/lives/${sale.id}/cart/confirm`, {
      method: "POST",
      headers: auth,
      body: JSON.stringify({
        fulfilment: "pickup",
        pickupStoreId: cart.defaultPickupStoreId,
        paymentMethod: "bank_transfer",
      }),
    });
    expect(confirm.status).toBe(200);
    const status = (to: string) =>
      t.admin(`/api/lives/${sale.id}/orders/${cart.order.id}/status`, json({ status: to }));
    expect((await status("paid")).status).toBe(200);
    expect((await status("paid")).status).toBe(200); // a repeat
    expect((await status("picked_up")).status).toBe(200);

    const [purchase] = await t.app.deps.db
      .select()
      .from(purchases)
      .where(eq(purchases.externalId, cart.order.id));
    const [member] = await t.app.deps.db.select().from(members).where(eq(members.lineUserId, user));
    const products = await t.app.deps.db
      .select()
      .from(liveProducts)
      .where(eq(liveProducts.saleId, sale.id))
      .orderBy(asc(liveProducts.position));
    const [a, b] = products;
    const items = await t.app.deps.db
      .select()
      .from(purchaseItems)
      .where(eq(purchaseItems.purchaseId, purchase?.id ?? ""))
      .orderBy(asc(purchaseItems.line));
    expect(items.map((i) => [i.line, i.sku, i.name, i.quantity, i.price, i.memberId])).toEqual([
      [0, `live:${a?.id}`, "羊毛圍巾", 2, 390, member?.id],
      [1, `live:${b?.id}`, "針織外套 紅 M", 1, 1280, member?.id],
    ]);
    expect(items.every((i) => i.createdAt.getTime() === purchase?.createdAt.getTime())).toBe(true);

    const preview = await t.admin("/api/segments/preview", {
      method: "POST",
      body: JSON.stringify({ rule: { field: "bought", op: "has", value: `live:${b?.id}`, days: 30 } }),
    });
    expect(await preview.json()).toMatchObject({ count: 1, sample: [{ memberId: member?.id }] });
  });
});
