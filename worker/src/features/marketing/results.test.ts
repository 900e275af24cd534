/**
 * Campaign results on hand-made rows (the broadcast, who was in which group, their purchases and
 * coupons), every number worked out by hand: the window's edges, the groups kept apart, refunds
 * netted, the uplift against results-stats' hand-computed cases. Then one broadcast made and sent
 * through the API, so the rows are the broadcast feature's own.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  broadcastMembers,
  broadcasts,
  coupons,
  couponTemplates,
  members,
  purchases,
} from "../../../../db/schema";
import { broadcastApi } from "../../../test/broadcast-api";
import { seedAudience, tagged } from "../../../test/broadcast-kit";
import { startTestApp, type TestApp } from "../../../test/harness";
import { loadDoc, responseValidator } from "../../../test/openapi-kit";
import { expectCsvTwin } from "../../../test/report-kit";
import type { CampaignResults } from "./results";

const DAY = 86_400_000;
const START = Date.parse("2026-11-20T04:00:00.000Z");
const at = (ms: number) => new Date(START + ms);

type Role = "recipient" | "holdout" | "capped" | "excluded";
/** Who is in the broadcast: [member, role, chunk]. R5 was a recipient the send never planned. */
const PEOPLE: Array<[string, Role, number | null]> = [
  ["R1", "recipient", 0],
  ["R2", "recipient", 0],
  ["R3", "recipient", 1],
  ["R4", "recipient", 1],
  ["R5", "recipient", null],
  ["C1", "capped", null],
  ["E1", "excluded", null],
  ["H1", "holdout", null],
  ["H2", "holdout", null],
  ["H3", "holdout", null],
];

describe("campaign results: recipients against the holdout in the attribution window", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
    const db = t.app.deps.db;
    await db.insert(members).values(
      PEOPLE.map(([k]) => ({
        id: `mem_${k}`,
        lineUserId: `U${k}`,
        memberCode: `CR${k}`,
        source: "organic" as const,
      })),
    );
    await db.insert(couponTemplates).values([
      { id: "tpl_campaign", name: "雙11 券", kind: "amount", value: 100, createdAt: at(-DAY) },
      { id: "tpl_other", name: "生日券", kind: "amount", value: 50, createdAt: at(-DAY) },
    ]);
    const broadcast = (
      id: string,
      startedAt: Date | null,
      extra: Partial<typeof broadcasts.$inferInsert> = {},
    ) => ({
      id,
      name: id,
      state: startedAt ? ("sent" as const) : ("draft" as const),
      rule: { field: "following" as const, op: "eq" as const, value: true },
      messages: [],
      holdoutPercent: 30,
      attributionDays: 7,
      eligible: 10,
      recipients: 5,
      holdout: 3,
      startedAt,
      ...extra,
    });
    await db
      .insert(broadcasts)
      .values([
        broadcast("brd_1", at(0), { couponTemplateId: "tpl_campaign" }),
        broadcast("brd_draft", null),
        broadcast("brd_noholdout", at(0), { holdoutPercent: 0 }),
      ]);
    await db.insert(broadcastMembers).values([
      ...PEOPLE.map(([k, role, chunk]) => ({
        broadcastId: "brd_1",
        memberId: `mem_${k}`,
        lineUserId: `U${k}`,
        role,
        chunk,
      })),
      {
        broadcastId: "brd_noholdout",
        memberId: "mem_R1",
        lineUserId: "UR1",
        role: "recipient" as const,
        chunk: 0,
      },
    ]);
    let n = 0;
    const buy = (
      k: string,
      when: number,
      channel: "store" | "online" | "live",
      paid: number,
      refunded = 0,
    ) => ({
      id: `pur_cr_${++n}`,
      source: channel === "store" ? ("pos" as const) : channel,
      externalId: `cr-${n}`,
      memberId: `mem_${k}`,
      channel,
      storeId: channel === "store" ? "sto_x" : "online",
      amount: paid,
      paid,
      refundedAmount: refunded,
      createdAt: at(when),
    });
    await db.insert(purchases).values([
      buy("R1", 0, "store", 1000), // at started_at: in
      buy("R1", -1, "store", 5000), // a millisecond before: out
      buy("R2", 7 * DAY - 1, "online", 300), // the window's last millisecond: in
      buy("R2", 7 * DAY, "online", 9999), // started_at + 7 days: out
      buy("R3", 2 * DAY, "live", 2000, 500), // refunded in part: 1500
      buy("R4", 3 * DAY, "store", 800, 800), // refunded in full: no order, no revenue
      buy("R5", DAY, "store", 6666), // never planned: in neither group
      buy("C1", DAY, "store", 7777), // capped: in neither
      buy("E1", DAY, "store", 8888), // excluded: in neither
      buy("H1", 4 * DAY, "store", 400),
    ]);
    const coupon = (id: string, k: string, tpl: string, redeemedAt: number | null) => ({
      id,
      templateId: tpl,
      memberId: `mem_${k}`,
      code: id,
      status: redeemedAt === null ? ("issued" as const) : ("redeemed" as const),
      issueKey: id,
      issuedAt: at(-DAY),
      validFrom: at(-DAY),
      expiresAt: at(30 * DAY),
      redeemedAt: redeemedAt === null ? null : at(redeemedAt),
    });
    await db.insert(coupons).values([
      coupon("cpn_cr1", "R1", "tpl_campaign", DAY),
      coupon("cpn_cr2", "R2", "tpl_other", 2 * DAY),
      coupon("cpn_cr3", "R3", "tpl_campaign", 7 * DAY), // redeemed as the window closed: out
      coupon("cpn_cr4", "R4", "tpl_campaign", null), // not redeemed
      coupon("cpn_cr5", "H1", "tpl_campaign", 3_600_000),
      coupon("cpn_cr6", "C1", "tpl_campaign", DAY), // capped: in neither
    ]);
  });
  afterAll(() => t.close());

  const results = async (id: string, headers: Record<string, string> = {}) => {
    const res = await t.admin(`/api/broadcasts/${id}/results`, { headers });
    return {
      status: res.status,
      body: (await res.json()) as CampaignResults & { error?: { details?: unknown; message: string } },
    };
  };

  it("counts what each group bought in [started_at, started_at + days), net of refunds, in every channel", async () => {
    const { status, body } = await results("brd_1");
    expect(status).toBe(200);
    expect(body.recipients).toEqual({
      members: 4,
      purchasers: 3,
      orders: 3,
      revenue: 1000 + 300 + 1500,
      revenueByChannel: { store: 1000, online: 300, live: 1500 },
      conversionRate: 0.75,
      revenuePerMember: 700,
      couponRedemptions: 2,
      campaignCouponRedemptions: 1,
    });
    expect(body.holdout).toEqual({
      members: 3,
      purchasers: 1,
      orders: 1,
      revenue: 400,
      revenueByChannel: { store: 400, online: 0, live: 0 },
      conversionRate: 1 / 3,
      revenuePerMember: 400 / 3,
      couponRedemptions: 1,
      campaignCouponRedemptions: 1,
    });
    expect(body.window).toEqual({
      from: "2026-11-20T04:00:00.000Z",
      to: "2026-11-27T04:00:00.000Z",
      days: 7,
      open: true, // the clock says 2026-11-24
    });
  });

  it("the uplift: 3/4 against 1/3 converted, [1000, 300, 1500, 0] against [400, 0, 0] per member", async () => {
    const { uplift } = (await results("brd_1")).body;
    // Worked out in results-stats.test.ts: SE = .347777, Welch df = 3.8608, t = 2.816373.
    expect(uplift.conversionRate.difference).toBeCloseTo(5 / 12, 12);
    expect(uplift.conversionRate.ci95?.[0]).toBeCloseTo(-0.2649643826970188, 12);
    expect(uplift.conversionRate.ci95?.[1]).toBeCloseTo(1.0982977160303522, 12);
    expect(uplift.conversionRate.relative).toBeCloseTo(1.25, 12);
    expect(uplift.revenuePerMember.difference).toBeCloseTo(566.6666666666666, 9);
    expect(uplift.revenuePerMember.ci95?.[0]).toBeCloseTo(-459.57926790341924, 6);
    expect(uplift.revenuePerMember.ci95?.[1]).toBeCloseTo(1592.9126012367524, 6);
    expect(uplift.incrementalRevenue).toBe(Math.round((700 - 400 / 3) * 4)); // 2267
    expect(uplift.significant).toBe(false);
    // Intervals and all, the answer is what /openapi.json declares.
    const validate = responseValidator(await loadDoc(t.app.url));
    expect(
      validate("GET", "/api/broadcasts/{id}/results", 200, (await results("brd_1")).body).issues,
    ).toEqual([]);
  });

  it("the window closes: later purchases change nothing and it says so", async () => {
    t.clock.set(at(7 * DAY));
    await t.app.deps.db.insert(purchases).values({
      id: "pur_cr_late",
      source: "pos",
      externalId: "cr-late",
      memberId: "mem_R4",
      channel: "store",
      storeId: "sto_x",
      amount: 1200,
      paid: 1200,
      createdAt: at(7 * DAY + 1),
    });
    const { body } = await results("brd_1");
    expect(body.window.open).toBe(false);
    expect(body.recipients).toMatchObject({ purchasers: 3, revenue: 2800 });
  });

  it("as CSV: each group, the uplift and the window a row, saying what the JSON says", async () => {
    const res = await t.admin("/api/broadcasts/brd_1/results.csv");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-disposition")).toContain("results-brd_1.csv");
    expectCsvTwin(await res.text(), (await results("brd_1")).body);
  });

  it("no holdout: no difference, no interval, nothing significant; no coupon template: null", async () => {
    const { body } = await results("brd_noholdout");
    expect(body.recipients).toMatchObject({
      members: 1,
      purchasers: 1,
      conversionRate: 1,
      campaignCouponRedemptions: null,
    });
    expect(body.holdout).toMatchObject({
      members: 0,
      purchasers: 0,
      conversionRate: null,
      revenuePerMember: null,
    });
    expect(body.uplift).toEqual({
      conversionRate: { difference: null, ci95: null, relative: null },
      revenuePerMember: { difference: null, ci95: null },
      incrementalRevenue: null,
      significant: false,
    });
  });

  it("not sent yet: 409 NOT_SENT, in the reader's language; unknown: 404; admin only", async () => {
    const draft = await results("brd_draft", { "accept-language": "en" });
    expect(draft.status).toBe(409);
    expect(draft.body.error?.details).toMatchObject({ reason: "NOT_SENT", state: "draft" });
    expect(draft.body.error?.message).toBe("This broadcast has not been sent yet, so it has no results.");
    expect((await t.admin("/api/broadcasts/brd_draft/results.csv")).status).toBe(409);
    expect((await results("brd_nope")).status).toBe(404);
    for (const path of ["/api/broadcasts/brd_1/results", "/api/broadcasts/brd_1/results.csv"]) {
      expect((await fetch(`${t.app.url}${path}`)).status).toBe(401);
      expect((await fetch(`${t.app.url}${path}`, { headers: { authorization: "Bearer nope" } })).status).toBe(
        401,
      );
    }
  });
});

describe("campaign results of a broadcast made and sent through the API", () => {
  it("recipients are those the send planned, the holdout those it drew; the window opens at the send", async () => {
    const t = await startTestApp();
    try {
      const db = t.app.deps.db;
      await seedAudience(db, t.line.emulator.state, { n: 20, tag: "VIP" });
      const api = broadcastApi(t);
      const b = await api.create({ rule: tagged("VIP"), holdoutPercent: 25, attributionDays: 3 });
      expect((await t.admin(`/api/broadcasts/${b.id}/results`)).status).toBe(409);
      expect((await api.send(b.id)).status).toBe(202);
      await t.settle();
      const sentAt = t.clock.now();
      const rows = await db.select().from(broadcastMembers);
      const of = (role: Role) =>
        rows.filter((r) => r.role === role && (role === "holdout" || r.chunk !== null));
      // One purchase by a recipient and one by a held-out member, an hour after the send.
      const buy = (memberId: string, id: string) => ({
        id,
        source: "pos" as const,
        externalId: id,
        memberId,
        channel: "store" as const,
        storeId: "sto_x",
        amount: 500,
        paid: 500,
        createdAt: new Date(sentAt.getTime() + 3_600_000),
      });
      await db
        .insert(purchases)
        .values([
          buy(of("recipient")[0]?.memberId ?? "", "pur_api_1"),
          buy(of("holdout")[0]?.memberId ?? "", "pur_api_2"),
        ]);
      const res = await t.admin(`/api/broadcasts/${b.id}/results`);
      expect(res.status).toBe(200);
      const r = (await res.json()) as CampaignResults;
      expect(r.recipients).toMatchObject({ members: of("recipient").length, purchasers: 1, revenue: 500 });
      expect(r.holdout).toMatchObject({ members: of("holdout").length, purchasers: 1, revenue: 500 });
      expect([r.recipients.members, r.holdout.members]).toEqual([15, 5]);
      expect(r.window).toMatchObject({ days: 3, open: true });
      expect(Date.parse(r.window.to) - Date.parse(r.window.from)).toBe(3 * DAY);
      expect(Date.parse(r.window.from)).toBeLessThanOrEqual(sentAt.getTime());
    } finally {
      await t.close();
    }
  });
});
