import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { bindingScans, members, purchases, staff, stores } from "../../../../../db/schema";
import { expectCsvTwin, omoApp, reportPair, sum } from "../../../../test/report-kit";
import type { MembersReport } from "./members";

describe("members report: bindings by store and staff, new and returning buyers", () => {
  const app = omoApp({ n: 120, seed: 5 });

  it("bindings add up to the binding scans of the range, per store and per staff, names resolved", async () => {
    const { json: r, csv } = await reportPair<MembersReport>(app(), "/api/reports/members", {
      from: "2025-12-01",
      to: "2026-11-24",
      granularity: "month",
    });
    const [expected] = await app().app.deps.db.all<{ bound: number; kept: number }>(sql`
      SELECT count(CASE WHEN result = 'bound' THEN 1 END) AS bound, count(CASE WHEN result = 'kept' THEN 1 END) AS kept
      FROM binding_scans WHERE scanned_at >= ${Date.parse("2025-11-30T16:00:00Z")} AND scanned_at < ${Date.parse("2026-11-24T16:00:00Z")}`);
    expect(expected?.bound).toBeGreaterThan(30);
    expect(r.totals).toMatchObject(expected ?? {});
    expect(r.series).toHaveLength(12);
    expect(sum(r.series.map((s) => s.bound))).toBe(expected?.bound);
    expect(sum(r.series.map((s) => s.kept))).toBe(expected?.kept);
    expect(sum(r.byStore.map((s) => s.bound))).toBe(expected?.bound);
    expect(sum(r.byStaff.map((s) => s.bound))).toBe(expected?.bound);
    for (const s of r.byStore) expect(sum(s.series.map((p) => p.bound))).toBe(s.bound);
    expect(r.byStore.find((s) => s.storeId === "sto_c")?.storeName).toBe("門市2");
    expect(r.byStaff.find((s) => s.staffId === "stf_4")).toMatchObject({ staffName: "店員3" });
    // Scans by a store's QR (no staff member) are there, so the staff add up.
    expect(r.byStaff.some((s) => s.staffId === null && s.storeName !== null)).toBe(true);

    expectCsvTwin(csv, r, { byStore: ["storeId", "storeName"] });
  });

  it("a member bound again after the attribution window counts at each store, on Taipei days", async () => {
    const db = app().app.deps.db;
    await db.insert(stores).values([
      { id: "sto_x", code: "X", name: "信義店" },
      { id: "sto_y", code: "Y", name: "板橋店" },
    ]);
    await db.insert(staff).values({ id: "stf_x", code: "EX", name: "小美", storeId: "sto_x" });
    await db
      .insert(members)
      .values({ id: "mem_rebound", lineUserId: "Urebound", memberCode: "RB0001", source: "store_qr" });
    const scan = (
      id: string,
      storeId: string,
      staffId: string | null,
      at: string,
      result: "bound" | "kept",
    ) => ({
      id,
      tokenId: "tok",
      memberId: "mem_rebound",
      lineUserId: "Urebound",
      storeId,
      staffId,
      source: "store_qr" as const,
      result,
      scannedAt: new Date(at),
    });
    await db.insert(bindingScans).values([
      scan("bsc_r1", "sto_x", "stf_x", "2026-05-03T15:30:00Z", "bound"), // 23:30 on 3 May in Taipei
      scan("bsc_r2", "sto_y", null, "2026-06-01T04:00:00Z", "kept"),
      scan("bsc_r3", "sto_y", null, "2026-11-10T16:10:00Z", "bound"), // 00:10 on 11 Nov
    ]);
    const x = (
      await reportPair<MembersReport>(app(), "/api/reports/members", {
        from: "2026-05-03",
        to: "2026-05-04",
        storeId: "sto_x",
      })
    ).json;
    expect(x.series.map((s) => [s.bucket, s.bound])).toEqual([
      ["2026-05-03", 1],
      ["2026-05-04", 0],
    ]);
    expect(x.byStaff).toEqual([
      { staffId: "stf_x", staffName: "小美", storeId: "sto_x", storeName: "信義店", bound: 1, kept: 0 },
    ]);
    const y = (
      await reportPair<MembersReport>(app(), "/api/reports/members", {
        from: "2026-05-01",
        to: "2026-11-30",
        granularity: "month",
        storeId: "sto_y",
      })
    ).json;
    expect(y.totals).toMatchObject({ bound: 1, kept: 1 });
    expect(y.series.find((s) => s.bucket === "2026-11-01")?.bound).toBe(1);
    expect(y.byStore).toMatchObject([{ storeId: "sto_y", storeName: "板橋店", bound: 1, kept: 1 }]);
  });

  it("new buyers bought for the first time in the bucket, returning ones had bought before", async () => {
    const db = app().app.deps.db;
    await db.insert(stores).values({ id: "sto_nr", code: "NR", name: "新舊店" });
    await db.insert(members).values(
      ["a", "b", "c"].map((k) => ({
        id: `mem_nr_${k}`,
        lineUserId: `Unr${k}`,
        memberCode: `NR000${k}`,
        source: "organic" as const,
      })),
    );
    const buy = (id: string, member: string, at: string, storeId = "sto_nr", refunded = 0) => ({
      id,
      source: "pos" as const,
      externalId: id,
      memberId: `mem_nr_${member}`,
      channel: "store" as const,
      storeId,
      amount: 500,
      paid: 500,
      refundedAmount: refunded,
      createdAt: new Date(at),
    });
    await db.insert(purchases).values([
      buy("pur_nr_a1", "a", "2026-09-03T04:00:00Z"), // a: first ever in September…
      buy("pur_nr_a2", "a", "2026-09-20T04:00:00Z"),
      buy("pur_nr_a3", "a", "2026-10-05T04:00:00Z"), // …so returning in October
      buy("pur_nr_b0", "b", "2025-01-05T04:00:00Z", "sto_a"), // b: bought long ago, elsewhere
      buy("pur_nr_b1", "b", "2026-09-10T04:00:00Z"),
      buy("pur_nr_c0", "c", "2026-08-01T04:00:00Z", "sto_nr", 500), // c: refunded in full before…
      buy("pur_nr_c1", "c", "2026-10-31T15:30:00Z"), // …so new on 31 Oct, 23:30 local
    ]);
    const { json: r, csv } = await reportPair<MembersReport>(app(), "/api/reports/members", {
      from: "2026-09-01",
      to: "2026-10-31",
      granularity: "month",
      storeId: "sto_nr",
    });
    expect(r.series.map((s) => [s.bucket, s.buyers, s.newBuyers, s.returningBuyers])).toEqual([
      ["2026-09-01", 2, 1, 1],
      ["2026-10-01", 2, 1, 1],
    ]);
    // Over the range: a, b and c once each; a and c new to the brand in it.
    expect(r.totals).toEqual({ bound: 0, kept: 0, buyers: 3, newBuyers: 2, returningBuyers: 1 });
    expectCsvTwin(csv, r, { byStore: ["storeId", "storeName"] });
  });
});
