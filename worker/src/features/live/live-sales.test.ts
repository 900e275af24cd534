import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../../../test/harness";
import { comment, json, liveKit } from "./live-kit";

let t: TestApp;
beforeEach(async () => {
  t = await startTestApp({ demo: true });
});
afterEach(async () => {
  await t.close();
});
const { newSale, post } = liveKit(() => t);

describe("sales", () => {
  it("creates a draft sale, opens and closes it; bad catalogues are refused", async () => {
    const sale = await newSale({}, false);
    expect(sale.status).toBe("draft");
    expect(sale.ingestKey).toMatch(/^lik_/);
    const got = (await (await t.admin(`/api/lives/${sale.id}`)).json()) as { products: unknown[] };
    expect(got.products).toEqual([
      { code: "A", name: "羊毛圍巾", price: 390, perBuyerLimit: null, stock: 10, variants: [] },
      {
        code: "B02",
        name: "針織外套",
        price: 1280,
        perBuyerLimit: 2,
        stock: 3,
        variants: [
          { name: "紅 M", stock: 2 },
          { name: "黑 L", stock: 1 },
        ],
      },
    ]);
    // Comments wait for the sale to open.
    const early = await t.admin(`/api/lives/${sale.id}/comments`, json({ comments: [comment("u1", "A+1")] }));
    expect(early.status).toBe(409);
    expect(((await early.json()) as { error: { code: string } }).error.code).toBe("SALE_NOT_OPEN");
    expect((await t.admin(`/api/lives/${sale.id}/open`, { method: "POST" })).status).toBe(200);
    expect((await t.admin(`/api/lives/${sale.id}/open`, { method: "POST" })).status).toBe(200); // a repeat is fine
    expect((await t.admin(`/api/lives/${sale.id}/close`, { method: "POST" })).status).toBe(200);
    expect((await t.admin(`/api/lives/${sale.id}/open`, { method: "POST" })).status).toBe(409);

    for (const bad of [
      {
        products: [
          { code: "A", name: "x", price: 1, stock: 1 },
          { code: "ａ", name: "y", price: 1, stock: 1 },
        ],
      },
      { products: [{ code: "A B", name: "x", price: 1, stock: 1 }] },
      { featuredCode: "Z", products: [{ code: "A", name: "x", price: 1, stock: 1 }] },
      { products: [{ code: "A", name: "x", price: -1, stock: 1 }] },
      { products: [] },
    ]) {
      const res = await t.admin("/api/lives", json({ title: "x", ...bad }));
      expect(res.status, JSON.stringify(bad)).toBe(400);
    }
    // The catalogue checks name the field they are about, for the console to put the message there.
    const fieldOf = async (bad: object) =>
      (
        (await (await t.admin("/api/lives", json({ title: "x", ...bad }))).json()) as {
          error: { details?: { field?: string } };
        }
      ).error.details?.field;
    const twice = [
      { code: "A", name: "x", price: 1, stock: 1 },
      { code: "B", name: "y", price: 1, stock: 1 },
      { code: "ａ", name: "z", price: 1, stock: 1 },
    ];
    expect(await fieldOf({ products: twice })).toBe("products.2.code");
    expect(
      await fieldOf({ featuredCode: "Z", products: [{ code: "A", name: "x", price: 1, stock: 1 }] }),
    ).toBe("featuredCode");
    const variants = [
      { name: "紅 M", stock: 1 },
      { name: "紅  M", stock: 1 },
    ];
    expect(await fieldOf({ products: [{ code: "A", name: "x", price: 1, stock: 0, variants }] })).toBe(
      "products.0.variants",
    );
  });

  it("needs the admin token or the sale's own ingestion key", async () => {
    const sale = await newSale();
    const other = await newSale();
    const anon = await fetch(`${t.app.url}/api/lives/${sale.id}/comments`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ comments: [comment("u1", "A+1")] }),
    });
    expect(anon.status).toBe(401);
    const wrong = await t.admin(`/api/lives/${sale.id}/comments`, {
      ...json({ comments: [comment("u1", "A+1")] }),
      headers: { authorization: `Bearer ${other.ingestKey}` },
    });
    expect(wrong.status).toBe(401);
    const [r] = await post(sale.id, [comment("u1", "A+1")], sale.ingestKey);
    expect(r?.outcome).toBe("ordered");
    // The ingestion key opens nothing else.
    const orders = await t.admin(`/api/lives/${sale.id}/orders`, {
      headers: { authorization: `Bearer ${sale.ingestKey}` },
    });
    expect(orders.status).toBe(401);
    expect((await fetch(`${t.app.url}/api/lives`, { method: "POST" })).status).toBe(401);
  });
});
