import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { purchases, stores } from "../../../../../db/schema";
import { expectCsvTwin, omoApp, reportPair, sum } from "../../../../test/report-kit";
import type { RevenueReport } from "./revenue";

// 2026-06-01 … 2026-11-24 in Taipei: local midnights, written out by hand.
const LO = Date.parse("2026-05-31T16:00:00Z");
const HI = Date.parse("2026-11-24T16:00:00Z");

describe("revenue report", () => {
  const app = omoApp({ n: 120, seed: 11 });

  const ledger = async (where = sql`1 = 1`) => {
    const [row] = await app().app.deps.db.all<{
      revenue: number;
      orders: number;
      online: number;
      live: number;
      store: number;
    }>(sql`
      SELECT coalesce(sum(paid - refunded_amount), 0) AS revenue,
        count(CASE WHEN refunded_amount = 0 OR refunded_amount < paid THEN 1 END) AS orders,
        coalesce(sum(CASE WHEN channel = 'store' THEN paid - refunded_amount END), 0) AS store,
        coalesce(sum(CASE WHEN channel = 'online' THEN paid - refunded_amount END), 0) AS online,
        coalesce(sum(CASE WHEN channel = 'live' THEN paid - refunded_amount END), 0) AS live
      FROM purchases WHERE created_at >= ${LO} AND created_at < ${HI} AND ${where}`);
    return row as NonNullable<typeof row>;
  };

  it("the series, the stores and the staff each add up to SUM(paid − refunded_amount) over the range", async () => {
    const { json: r, csv } = await reportPair<RevenueReport>(app(), "/api/reports/revenue", {
      from: "2026-06-01",
      to: "2026-11-24",
      granularity: "week",
    });
    const expected = await ledger();
    expect(expected.revenue).toBeGreaterThan(50_000);
    expect(r.totals).toEqual({
      orders: expected.orders,
      revenue: expected.revenue,
      byChannel: { store: expected.store, online: expected.online, live: expected.live },
    });
    expect(r.series.map((s) => s.bucket)).toEqual(
      Array.from({ length: 26 }, (_, i) =>
        new Date(Date.parse("2026-06-01") + i * 7 * 86_400_000).toISOString().slice(0, 10),
      ),
    );
    expect(sum(r.series.map((s) => s.revenue))).toBe(expected.revenue);
    expect(sum(r.series.map((s) => s.orders))).toBe(expected.orders);
    expect(sum(r.series.map((s) => s.byChannel.live))).toBe(expected.live);
    for (const s of r.series)
      expect(s.byChannel.store + s.byChannel.online + s.byChannel.live).toBe(s.revenue);
    expect(sum(r.byStore.map((s) => s.revenue))).toBe(expected.revenue);
    expect(sum(r.byStaff.map((s) => s.revenue))).toBe(expected.revenue);
    for (const s of r.byStore) expect(sum(s.series.map((p) => p.revenue))).toBe(s.revenue);
    expect(r.byStore.map((s) => s.storeName)).toContain("門市0");

    expectCsvTwin(csv, r, { byStore: ["storeId", "storeName"] });
  });

  it("門市推薦人: online and live revenue credited to the staff member who bound the member, with names", async () => {
    const { json: r } = await reportPair<RevenueReport>(app(), "/api/reports/revenue", {
      from: "2026-06-01",
      to: "2026-11-24",
      granularity: "month",
    });
    const clerk = r.byStaff.find((s) => s.staffId === "stf_2");
    const credited = await ledger(sql`attributed_staff_id = 'stf_2'`);
    expect(clerk).toMatchObject({ staffName: "店員1", storeId: "sto_b", storeName: "門市1" });
    expect(clerk?.referred).toBe(credited.online + credited.live);
    expect(clerk?.referred).toBeGreaterThan(0);
    expect(clerk?.revenue).toBe(credited.revenue);
    // What no staff member is credited with is there too, so the staff add up.
    expect(r.byStaff.find((s) => s.staffId === null)?.staffName).toBeNull();
  });

  it("buckets are Taipei days: a sale at 23:30 local is on that day, one at 00:00 on the next", async () => {
    const db = app().app.deps.db;
    await db.insert(stores).values({ id: "sto_edge", code: "EDGE", name: "邊界店" });
    const sale = (id: string, at: string, paid: number, refunded = 0) => ({
      id,
      source: "pos" as const,
      externalId: id,
      memberId: null,
      channel: "store" as const,
      storeId: "sto_edge",
      amount: paid,
      paid,
      refundedAmount: refunded,
      createdAt: new Date(at),
    });
    await db.insert(purchases).values([
      sale("pur_e1", "2026-11-09T15:59:59.999Z", 1), // 23:59:59.999 on the 9th
      sale("pur_e2", "2026-11-10T15:30:00.000Z", 200), // 23:30 on the 10th
      sale("pur_e3", "2026-11-10T16:00:00.000Z", 3000, 1000), // 00:00 on the 11th, partly refunded
      sale("pur_e4", "2026-11-11T02:00:00.000Z", 500, 500), // refunded in full: no order, no revenue
    ]);
    const { json: r } = await reportPair<RevenueReport>(app(), "/api/reports/revenue", {
      from: "2026-11-10",
      to: "2026-11-11",
      storeId: "sto_edge",
    });
    expect(r.range).toMatchObject({
      from: "2026-11-10",
      to: "2026-11-11",
      storeId: "sto_edge",
      storeName: "邊界店",
    });
    expect(r.series.map((s) => [s.bucket, s.orders, s.revenue])).toEqual([
      ["2026-11-10", 1, 200],
      ["2026-11-11", 1, 2000],
    ]);
    expect(r.byStore).toMatchObject([{ storeId: "sto_edge", storeName: "邊界店", revenue: 2200 }]);
  });

  it("a store's report is what is attributed to it; an unknown store is a 404; a bad range a 400", async () => {
    const q = { from: "2026-06-01", to: "2026-11-24", granularity: "month" };
    const all = (await reportPair<RevenueReport>(app(), "/api/reports/revenue", q)).json;
    const one = (await reportPair<RevenueReport>(app(), "/api/reports/revenue", { ...q, storeId: "sto_a" }))
      .json;
    expect(one.totals).toEqual(
      (({ series: _, storeId: _id, storeName: _name, ...s }) => s)(
        all.byStore.find((s) => s.storeId === "sto_a") as RevenueReport["byStore"][number],
      ),
    );
    expect(one.byStore.map((s) => s.storeId)).toEqual(["sto_a"]);
    expect((await app().admin("/api/reports/revenue?storeId=sto_nope")).status).toBe(404);
    const bad = await app().admin("/api/reports/revenue?from=2026-11-02&to=2026-11-01", {
      headers: { "accept-language": "en" },
    });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { details: unknown } }).error.details).toMatchObject({
      reason: "INVALID",
      field: "from",
    });
    expect((await app().admin("/api/reports/revenue?from=2026-02-30")).status).toBe(400);
  });
});
