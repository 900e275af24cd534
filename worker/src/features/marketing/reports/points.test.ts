import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { pointEntries } from "../../../../../db/schema";
import { expectCsvTwin, omoApp, reportPair, storeWithMember } from "../../../../test/report-kit";
import type { PointsReport } from "./points";

describe("points report", () => {
  const app = omoApp({ n: 120, seed: 9 });

  const one = async <T>(q: ReturnType<typeof sql>) => (await app().app.deps.db.all<T>(q))[0] as T;

  it("liability = SUM(point_entries.points) = SUM(members.points_balance); the series runs up to it", async () => {
    const { json: r, csv } = await reportPair<PointsReport>(app(), "/api/reports/points", {
      from: "2025-10-01",
      to: "2026-11-24",
      granularity: "month",
    });
    const ledger = await one<{ points: number; balances: number; holders: number }>(sql`
      SELECT (SELECT sum(points) FROM point_entries) AS points, sum(points_balance) AS balances,
        count(CASE WHEN points_balance > 0 THEN 1 END) AS holders FROM members`);
    expect(ledger.points).toBeGreaterThan(1000);
    expect(ledger.balances).toBe(ledger.points);
    expect(r.liability).toMatchObject({
      balances: ledger.points,
      ledger: ledger.points,
      consistent: true,
      holders: ledger.holders,
      asOf: app().clock.now().toISOString(),
    });
    // Every seeded entry is in the range, so the ledger opens at 0 and closes at its sum.
    expect(r.liability.opening).toBe(0);
    expect(r.liability.closing).toBe(ledger.points);
    expect(r.series.at(-1)?.outstanding).toBe(ledger.points);

    const kinds = await one<Record<string, number>>(sql`
      SELECT sum(CASE WHEN kind = 'earn' THEN points END) AS earned, -sum(CASE WHEN kind = 'redeem' THEN points END) AS redeemed,
        -sum(CASE WHEN kind = 'expire' THEN points END) AS expired, -sum(CASE WHEN kind = 'reverse' THEN points END) AS reversed,
        coalesce(sum(CASE WHEN kind = 'adjust' THEN points END), 0) AS adjusted, sum(points) AS net FROM point_entries`);
    expect(r.totals).toEqual(kinds);
    expect(
      r.totals.earned - r.totals.redeemed - r.totals.expired - r.totals.reversed + r.totals.adjusted,
    ).toBe(r.totals.net);
    let running = 0;
    for (const p of r.series) {
      running += p.net;
      expect(p.outstanding).toBe(running);
    }
    expectCsvTwin(csv, r);
  });

  it("a range that starts late opens at the ledger's sum before it; a store's members only", async () => {
    const r = (
      await reportPair<PointsReport>(app(), "/api/reports/points", {
        from: "2026-06-01",
        to: "2026-11-24",
        granularity: "week",
      })
    ).json;
    const before = await one<{ n: number }>(
      sql`SELECT sum(points) AS n FROM point_entries WHERE created_at < ${Date.parse("2026-05-31T16:00:00Z")}`,
    );
    expect(r.liability.opening).toBe(before.n);
    expect(r.liability.closing).toBe(r.liability.ledger);

    const s = (await reportPair<PointsReport>(app(), "/api/reports/points", { storeId: "sto_b" })).json;
    const store = await one<{ balances: number; ledger: number }>(sql`
      SELECT sum(points_balance) AS balances, (SELECT sum(e.points) FROM point_entries e JOIN members m ON m.id = e.member_id
        WHERE m.home_store_id = 'sto_b') AS ledger FROM members WHERE home_store_id = 'sto_b'`);
    expect(s.liability).toMatchObject({ balances: store.balances, ledger: store.ledger, consistent: true });
    expect(s.liability.balances).toBeLessThan(r.liability.balances);
  });

  it("entries land on Taipei days; a cached balance that drifted from its ledger is reported", async () => {
    const db = app().app.deps.db;
    await storeWithMember(db, "pt", "點數店", { pointsBalance: 999 }); // the ledger below says 70
    const entry = (id: string, kind: "earn" | "redeem", points: number, at: string) => ({
      id,
      memberId: "mem_pt",
      kind,
      points,
      idempotencyKey: id,
      reason: kind,
      actor: "system",
      createdAt: new Date(at),
    });
    await db
      .insert(pointEntries)
      .values([
        entry("pte_pt1", "earn", 100, "2026-11-01T15:30:00Z"),
        entry("pte_pt2", "redeem", -30, "2026-11-01T16:00:00Z"),
      ]);
    const r = (
      await reportPair<PointsReport>(app(), "/api/reports/points", {
        from: "2026-11-01",
        to: "2026-11-02",
        storeId: "sto_pt",
      })
    ).json;
    expect(r.series.map((p) => [p.bucket, p.earned, p.redeemed, p.outstanding])).toEqual([
      ["2026-11-01", 100, 0, 100],
      ["2026-11-02", 0, 30, 70],
    ]);
    expect(r.liability).toMatchObject({
      opening: 0,
      closing: 70,
      balances: 999,
      ledger: 70,
      consistent: false,
    });
  });
});
