import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, TEST_ADMIN_TOKEN, type TestApp } from "../../../test/harness";
import { createFriend } from "../../../test/line-helpers";
import type { SaleSummary } from "./console-routes";
import { DEMO_SALE_ID } from "./demo";

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ demo: true });
});
afterAll(async () => {
  await t.close();
});

const post = (body: unknown) => ({ method: "POST", body: JSON.stringify(body) });
type List = { sales: SaleSummary[]; nextCursor: string | null };
const list = async (query = "") => {
  const res = await t.admin(`/api/lives${query}`);
  expect(res.status).toBe(200);
  return (await res.json()) as List;
};

async function newSale(title: string) {
  const res = await t.admin(
    "/api/lives",
    post({
      title,
      featuredCode: "A",
      products: [
        { code: "A", name: "羊毛圍巾", price: 390, stock: 3 },
        {
          code: "B02",
          name: "針織外套",
          price: 1280,
          stock: 0,
          variants: [
            { name: "紅 M", stock: 2 },
            { name: "黑 L", stock: 1 },
          ],
        },
      ],
    }),
  );
  expect(res.status).toBe(201);
  return (await res.json()) as { id: string };
}

let seq = 0;
const comment = (platform: string, userId: string, text: string) => ({
  platform,
  commentId: `k${++seq}`,
  userId,
  userName: `viewer ${userId}`,
  text,
  postedAt: "2026-11-24T02:00:00Z",
});

describe("GET /api/lives (seller console list)", () => {
  it("lists sales newest first with units, orders by status and revenue of checked-out orders", async () => {
    const empty = await newSale("還沒開始");
    const sale = await newSale("週五直播");
    expect((await t.admin(`/api/lives/${sale.id}/open`, { method: "POST" })).status).toBe(200);
    const friend = await createFriend(t, "小芳");
    const results = await t.admin(
      `/api/lives/${sale.id}/comments`,
      post({
        comments: [
          comment("line", friend, "A+2"), // reserved 2 × 390, then checked out
          comment("facebook", "fb1", "A+2"), // only 1 left: both waitlisted
          comment("facebook", "fb2", "B02 紅 M +1"), // reserved, then cancelled by the seller
          comment("facebook", "fb3", "Z+1"), // unknown code: an order row with no line
          comment("facebook", "fb4", "好漂亮"), // not an order
        ],
      }),
    );
    expect(results.status).toBe(200);

    const idToken = (
      (await (await t.line.control(`/users/${friend}/id-token`, { method: "POST" })).json()) as {
        idToken: string;
      }
    ).idToken;
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
    const orders = (await (await t.admin(`/api/lives/${sale.id}/orders`)).json()) as {
      orders: Array<{ id: string; buyer: { name: string } }>;
    };
    const fb2 = orders.orders.find((o) => o.buyer.name === "viewer fb2")!;
    expect(
      (await t.admin(`/api/lives/${sale.id}/orders/${fb2.id}/status`, post({ status: "cancelled" }))).status,
    ).toBe(200);

    const { sales, nextCursor } = await list();
    expect(nextCursor).toBeNull();
    expect(sales.map((s) => s.id)).toEqual([sale.id, empty.id, DEMO_SALE_ID]);
    const got = sales[0]!;
    expect(got).toMatchObject({
      title: "週五直播",
      status: "open",
      featuredCode: "A",
      closedAt: null,
      products: 2,
      // A: 3 in stock, 2 reserved, 2 waitlisted; B02: 3 in stock, the 紅 M unit released.
      units: { stock: 6, ordered: 2, remaining: 4, waitlisted: 2 },
      orderedValue: 2 * 390,
      orders: {
        total: 2,
        byStatus: { cart: 1, confirmed: 1, paid: 0, picked_up: 0, cancelled: 1, expired: 0 },
      },
      revenue: 2 * 390,
    });
    expect(got.openedAt).toBe("2026-11-24T02:00:00.000Z");
    expect(sales[1]).toMatchObject({
      title: "還沒開始",
      status: "draft",
      openedAt: null,
      units: { stock: 6, ordered: 0, remaining: 6, waitlisted: 0 },
      orders: { total: 0 },
      revenue: 0,
    });
    // The sandbox's demo sale is listed like any other.
    expect(sales[2]).toMatchObject({ status: "draft", products: 4, units: { stock: 39, ordered: 0 } });

    // Marking the confirmed order paid keeps its revenue; status filter and paging.
    const mine = orders.orders.find((o) => o.buyer.name === `viewer ${friend}`)!;
    expect(
      (await t.admin(`/api/lives/${sale.id}/orders/${mine.id}/status`, post({ status: "paid" }))).status,
    ).toBe(200);
    const [paid] = (await list("?status=open")).sales;
    expect(paid).toMatchObject({
      id: sale.id,
      revenue: 780,
      orders: { byStatus: { confirmed: 0, paid: 1 } },
    });
    expect((await list("?status=closed")).sales).toEqual([]);
    const first = await list("?limit=2");
    expect(first.sales.map((s) => s.id)).toEqual([sale.id, empty.id]);
    expect(first.nextCursor).toEqual(expect.any(String));
    const second = await list(`?limit=2&before=${encodeURIComponent(first.nextCursor!)}`);
    expect(second).toEqual({ sales: [expect.objectContaining({ id: DEMO_SALE_ID })], nextCursor: null });
  });

  it("refuses bad queries with the one error shape", async () => {
    for (const q of ["?limit=0", "?limit=101", "?status=live", "?before=nope"]) {
      const res = await t.admin(`/api/lives${q}`);
      expect(res.status, q).toBe(400);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe("VALIDATION_FAILED");
    }
  });

  it("is described in /openapi.json", async () => {
    const doc = (await (await fetch(`${t.app.url}/openapi.json`)).json()) as {
      paths: Record<string, Record<string, unknown>>;
    };
    expect(Object.keys(doc.paths["/api/lives"] ?? {}).sort()).toEqual(["get", "post"]);
  });
});

describe("GET /api/lives security", () => {
  it("needs the admin token; an ingestion key or a wrong token is refused", async () => {
    expect((await fetch(`${t.app.url}/api/lives`)).status).toBe(401);
    for (const token of ["wrong-token", `${TEST_ADMIN_TOKEN}x`, "lik_abc"]) {
      const res = await fetch(`${t.app.url}/api/lives`, { headers: { authorization: `Bearer ${token}` } });
      expect(res.status).toBe(401);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe("UNAUTHORIZED");
    }
  });
});
