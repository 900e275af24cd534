import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { coupons, couponTemplates, purchases } from "../../../../../db/schema";
import { expectCsvTwin, omoApp, reportPair, storeWithMember } from "../../../../test/report-kit";
import type { CouponsReport } from "./coupons";

describe("coupons report: the funnel per template", () => {
  const app = omoApp({ n: 150, seed: 21 });

  it("issued → redeemed / expired / voided / outstanding per template, as the coupons table has them", async () => {
    const { json: r, csv } = await reportPair<CouponsReport>(app(), "/api/reports/coupons", {
      from: "2026-05-01",
      to: "2026-11-24",
      granularity: "month",
    });
    const rows = await app().app.deps.db.all<{ templateId: string; status: string; n: number }>(sql`
      SELECT template_id AS templateId, status, count(*) AS n FROM coupons
      WHERE issued_at >= ${Date.parse("2026-04-30T16:00:00Z")} AND issued_at < ${Date.parse("2026-11-24T16:00:00Z")}
      GROUP BY template_id, status`);
    const n = (tpl: string | null, status?: string) =>
      rows
        .filter((x) => (tpl === null || x.templateId === tpl) && (!status || x.status === status))
        .reduce((a, x) => a + x.n, 0);
    expect(n(null)).toBeGreaterThan(40);
    expect(r.byTemplate.map((x) => x.templateId).sort()).toEqual(["tpl_vip", "tpl_welcome"]);
    for (const x of r.byTemplate) {
      expect(x).toMatchObject({
        issued: n(x.templateId),
        redeemed: n(x.templateId, "redeemed"),
        expired: n(x.templateId, "expired"),
        voided: n(x.templateId, "voided"),
        outstanding: n(x.templateId, "issued"),
      });
      expect(x.redemptionRate).toBeCloseTo(x.redeemed / x.issued, 12);
      expect(x.issued).toBe(x.redeemed + x.expired + x.voided + x.outstanding);
    }
    expect(r.byTemplate.find((x) => x.templateId === "tpl_vip")?.templateName).toBe("VIP 9 折");
    expect(r.totals.issued).toBe(n(null));
    expect(r.totals.redemptionRate).toBeCloseTo(n(null, "redeemed") / n(null), 12);
    // The revenue of the purchases the redeemed coupons were used on.
    const [used] = await app().app.deps.db.all<{ revenue: number; orders: number }>(sql`
      SELECT coalesce(sum(p.paid - p.refunded_amount), 0) AS revenue, count(*) AS orders FROM purchases p
      JOIN coupons c ON c.id = p.coupon_id
      WHERE c.issued_at >= ${Date.parse("2026-04-30T16:00:00Z")} AND c.issued_at < ${Date.parse("2026-11-24T16:00:00Z")}`);
    expect(used?.orders).toBeGreaterThan(3);
    expect([r.totals.revenue, r.totals.orders]).toEqual([used?.revenue, used?.orders]);

    expectCsvTwin(csv, r);
  });

  it("a coupon's revenue counts its store purchase and its paid live order, net of refunds; days are Taipei's", async () => {
    const db = app().app.deps.db;
    await db
      .insert(couponTemplates)
      .values({ id: "tpl_edge", name: "邊界券", kind: "amount", value: 100, createdAt: new Date() });
    await storeWithMember(db, "cp", "券店");
    const coupon = (id: string, status: "redeemed" | "expired" | "issued", issued: string, extra = {}) => ({
      id,
      templateId: "tpl_edge",
      memberId: "mem_cp",
      code: id,
      status,
      issueKey: id,
      issuedAt: new Date(issued),
      validFrom: new Date(issued),
      expiresAt: new Date("2026-11-03T15:30:00Z"),
      ...extra,
    });
    await db.insert(coupons).values([
      coupon("cpn_e1", "redeemed", "2026-11-01T15:30:00Z", { redeemedAt: new Date("2026-11-02T16:00:00Z") }),
      coupon("cpn_e2", "redeemed", "2026-11-01T16:00:00Z", {
        redeemedAt: new Date("2026-11-02T03:00:00Z"),
        redeemedReference: "live:ord_cp",
      }),
      coupon("cpn_e3", "expired", "2026-11-02T01:00:00Z"),
      coupon("cpn_e4", "issued", "2026-10-31T15:59:00Z"), // 23:59 on 31 Oct: before the range
    ]);
    const sale = (id: string, extra: Partial<typeof purchases.$inferInsert>) => ({
      id,
      source: "pos" as const,
      externalId: id,
      memberId: "mem_cp",
      channel: "store" as const,
      storeId: "sto_a",
      amount: 1000,
      paid: 900,
      createdAt: new Date("2026-11-02T16:00:00Z"),
      ...extra,
    });
    await db.insert(purchases).values([
      sale("pur_cp1", { couponId: "cpn_e1", refundedAmount: 200 }),
      sale("pur_cp2", { source: "live", channel: "live", externalId: "ord_cp", paid: 590 }),
      sale("pur_cp3", { paid: 5000 }), // no coupon
    ]);
    const q = { from: "2026-11-01", to: "2026-11-03", storeId: "sto_cp" };
    const r = (await reportPair<CouponsReport>(app(), "/api/reports/coupons", q)).json;
    expect(r.byTemplate).toEqual([
      {
        templateId: "tpl_edge",
        templateName: "邊界券",
        issued: 3,
        redeemed: 2,
        expired: 1,
        voided: 0,
        outstanding: 0,
        redemptionRate: 2 / 3,
        revenue: 700 + 590,
        orders: 2,
      },
    ]);
    const days = (
      await reportPair<CouponsReport>(app(), "/api/reports/coupons", { ...q, from: "2026-10-31" })
    ).json;
    expect(days.series.map((p) => [p.bucket, p.issued, p.redeemed, p.expired])).toEqual([
      ["2026-10-31", 1, 0, 0],
      ["2026-11-01", 1, 0, 0],
      ["2026-11-02", 2, 1, 0],
      ["2026-11-03", 0, 1, 1],
    ]);
  });
});
