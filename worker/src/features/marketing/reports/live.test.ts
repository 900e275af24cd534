import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { expectCsvTwin, omoApp, reportPair } from "../../../../test/report-kit";
import type { LiveReport } from "./live";

type Counts = Omit<LiveReport["totals"], "conversionRate">;

describe("live report: +1 sales per sale", () => {
  const app = omoApp({ n: 100, seed: 4 });

  it("per sale, what live_orders and live_lines hold: orders, paid, units, revenue, conversion", async () => {
    const { json: r, csv } = await reportPair<LiveReport>(app(), "/api/reports/live", {
      from: "2026-01-01",
      to: "2026-11-24",
      granularity: "month",
    });
    const expected = await app().app.deps.db.all<Counts & { saleId: string }>(sql`
      SELECT o.sale_id AS saleId, count(*) AS orders,
        count(CASE WHEN o.status IN ('paid', 'picked_up') THEN 1 END) AS paidOrders,
        count(CASE WHEN o.status = 'cancelled' THEN 1 END) AS cancelledOrders,
        count(CASE WHEN o.status = 'expired' THEN 1 END) AS expiredOrders,
        coalesce(sum(l.units), 0) AS units,
        coalesce(sum(CASE WHEN o.status IN ('paid', 'picked_up') THEN l.units END), 0) AS unitsSold,
        coalesce(sum(CASE WHEN o.status IN ('paid', 'picked_up') THEN o.total END), 0) AS revenue
      FROM live_orders o
      LEFT JOIN (SELECT order_id, sum(qty) AS units, count(*) AS n FROM live_lines WHERE status = 'reserved' GROUP BY order_id) l
        ON l.order_id = o.id
      WHERE NOT (o.status = 'cart' AND o.id NOT IN (SELECT order_id FROM live_lines))
      GROUP BY o.sale_id ORDER BY o.sale_id`);
    const s2 = expected.find((x) => x.saleId === "sal_2") as Counts;
    expect(s2.revenue).toBeGreaterThan(1000);
    expect(s2.units).toBeGreaterThan(s2.unitsSold);
    for (const e of expected) {
      const sale = r.bySale.find((x) => x.saleId === e.saleId);
      expect(sale).toMatchObject(e);
      expect(sale?.conversionRate).toBeCloseTo(e.paidOrders / e.orders, 12);
    }
    expect(r.bySale.find((x) => x.saleId === "sal_2")).toMatchObject({
      title: "冬季新品直播",
      status: "closed",
    });
    expect(r.bySale[0]?.saleId).toBe("sal_2"); // most revenue first
    const total = (k: keyof Counts) => expected.reduce((a, x) => a + x[k], 0);
    for (const k of ["orders", "paidOrders", "units", "unitsSold", "revenue"] as const) {
      expect(r.totals[k]).toBe(total(k));
      expect(r.series.reduce((a, p) => a + p[k], 0)).toBe(total(k));
    }
    expectCsvTwin(csv, r);
  });

  it("a store's orders are those picked up or attributed there; an empty range has no sales and no rate", async () => {
    const q = { from: "2026-01-01", to: "2026-11-24", granularity: "month" };
    const a = (await reportPair<LiveReport>(app(), "/api/reports/live", { ...q, storeId: "sto_a" })).json;
    const [n] = await app().app.deps.db.all<{ orders: number; revenue: number }>(sql`
      SELECT count(*) AS orders, coalesce(sum(CASE WHEN status IN ('paid', 'picked_up') THEN total END), 0) AS revenue
      FROM live_orders o WHERE coalesce(pickup_store_id, attributed_store_id) = 'sto_a'
        AND NOT (o.status = 'cart' AND o.id NOT IN (SELECT order_id FROM live_lines))`);
    expect(n?.orders).toBeGreaterThan(3);
    expect([a.totals.orders, a.totals.revenue]).toEqual([n?.orders, n?.revenue]);
    const none = (
      await reportPair<LiveReport>(app(), "/api/reports/live", { from: "2024-01-01", to: "2024-01-07" })
    ).json;
    expect(none.bySale).toEqual([]);
    expect(none.totals).toMatchObject({ orders: 0, revenue: 0, conversionRate: null });
    expect(none.series).toHaveLength(7);
  });
});
