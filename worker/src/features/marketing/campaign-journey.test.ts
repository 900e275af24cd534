/**
 * The marketer's whole loop through the product, as issue 13's "done when" has it, with LINE
 * users of the emulator (the chat simulator's): a segment counted live, a Flex message with a
 * coupon sent to it with a 10 % holdout after the cost and quota check, the simulated users
 * receiving it in their chats, one claiming the coupon and buying at the counter with it, and the
 * campaign's results and the OMO revenue report showing that purchase — numbers that reconcile
 * with the database.
 */
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { broadcastApi, type Json } from "../../../test/broadcast-api";
import { startTestApp, type TestApp } from "../../../test/harness";
import { kit } from "../../../test/member-kit";

const FLEX = {
  type: "flex",
  altText: "冬季會員日：全館 85 折",
  contents: {
    type: "bubble",
    body: {
      type: "box",
      layout: "vertical",
      contents: [{ type: "text", text: "冬季會員日：全館 85 折", wrap: true }],
    },
  },
};

describe("a campaign from segment to results, end to end", () => {
  let t: TestApp;
  let k: ReturnType<typeof kit>;
  let api: ReturnType<typeof broadcastApi>;
  const friends: Array<{ userId: string; id: string; memberCode: string }> = [];

  beforeAll(async () => {
    t = await startTestApp({ demo: true });
    k = kit(t);
    api = broadcastApi(t);
    for (let i = 0; i < 10; i++)
      friends.push(await k.member(`會員日${i}`, `+8869120000${String(i).padStart(2, "0")}`));
    const tagged = await api.post("/api/marketing/tags/bulk", {
      tag: "冬季會員日",
      memberCodes: friends.map((f) => f.memberCode),
    });
    expect(tagged.body).toMatchObject({ added: 10 });
  });
  afterAll(() => t.close());

  const RULE = {
    all: [
      { field: "tag", op: "has", value: "冬季會員日" },
      { field: "following", op: "eq", value: true },
    ],
  };
  const deliveriesTo = async (userId: string) => {
    const res = await t.line.control(`/deliveries?chatId=${userId}`);
    const rows = ((await res.json()) as { deliveries: Array<{ chatId: string; multicast: number }> })
      .deliveries;
    return rows[0]?.multicast ?? 0;
  };

  // One journey, one test: each step stands on the one before it.
  it("segment → broadcast with holdout → delivered → coupon claimed and used → results and report", async () => {
    // 1. The segment counted live; the broadcast created with a 10 % holdout, its cost and quota.
    // The plan's month: 1,000 messages, 10 used.
    await t.line.control("/quota", {
      method: "PUT",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ type: "limited", value: 1000, totalUsage: 10 }),
    });
    const preview = await api.post("/api/segments/preview", { rule: RULE });
    expect(preview.body.count).toBe(10);
    const tpl = await api.post("/api/admin/coupon-templates", {
      name: "會員日 NT$200 折價券",
      kind: "amount",
      value: 200,
      validDays: 14,
    });
    expect(tpl.status).toBe(201);
    const b = await api.create({
      name: "冬季會員日",
      rule: RULE,
      messages: [FLEX],
      holdoutPercent: 10,
      couponTemplateId: tpl.body.id,
    });
    expect(b).toMatchObject({ state: "draft", eligible: 10, recipients: 9, holdout: 1, countedMessages: 9 });
    expect(b.quota).toMatchObject({ type: "limited", limit: 1000, used: 10, remaining: 990, afterSend: 981 });
    const broadcastId = b.id;
    const rows = await t.app.deps.db.all<{ member_id: string; role: string }>(
      sql`SELECT member_id, role FROM broadcast_members WHERE broadcast_id = ${b.id}`,
    );
    const role = new Map(rows.map((r) => [r.member_id, r.role]));

    // 2. Sent: every recipient's chat gets the Flex message and the coupon card once, the holdout nothing.
    expect((await api.send(broadcastId)).status).toBe(202);
    await t.settle();
    await t.app.sweep();
    await t.settle();
    const view = await api.view(broadcastId);
    expect(view).toMatchObject({ state: "sent", recipients: 9, sent: 9, failed: 0 });
    for (const f of friends) {
      const got = await deliveriesTo(f.userId);
      expect(got, f.memberCode).toBe(role.get(f.id) === "recipient" ? 1 : 0);
      if (role.get(f.id) !== "recipient") continue;
      const log = (await (await t.line.control(`/chats/${f.userId}/log`)).json()) as { entries: Json[] };
      const text = JSON.stringify(log.entries);
      expect(text).toContain("冬季會員日：全館 85 折");
      expect(text).toContain("會員日 NT$200 折價券");
    }

    // 3. A recipient claims the coupon and buys with it at the counter; results and report show it.
    const buyer = friends.find((f) => role.get(f.id) === "recipient");
    if (!buyer) throw new Error("no recipient");
    const claim = await fetch(`${t.app.url}/api/me/broadcasts/${broadcastId}/claim`, {
      method: "POST",
      headers: { authorization: `Bearer ${await t.line.emulator.issueIdToken(buyer.userId)}` },
    });
    expect(claim.status).toBe(200);
    const coupon = ((await claim.json()) as { coupon: { code: string } }).coupon;
    const clerk = await k.clerk("TPE01");
    const sale = await k.post(clerk, "/api/staff/purchases", {
      purchaseId: "pur_journey_0001",
      memberCode: buyer.memberCode,
      amount: 1800,
      couponCode: coupon.code,
    });
    expect(sale.status).toBe(200);
    const recorded = (await sale.json()) as { couponDiscount: number; paid: number };
    expect(recorded).toMatchObject({ couponDiscount: 200, paid: 1600 });
    const paid = recorded.paid;

    const results = (await (await t.admin(`/api/broadcasts/${broadcastId}/results`)).json()) as Json;
    expect(results.recipients).toMatchObject({
      members: 9,
      purchasers: 1,
      orders: 1,
      revenue: paid,
      campaignCouponRedemptions: 1,
    });
    expect(results.holdout).toMatchObject({ members: 1, purchasers: 0, revenue: 0 });
    const [db] = await t.app.deps.db.all<{ net: number }>(
      sql`SELECT SUM(paid - refunded_amount) AS net FROM purchases WHERE member_id = ${buyer.id}`,
    );
    expect(db?.net).toBe(paid);

    const day = t.clock.now().toISOString().slice(0, 10);
    const report = (await (
      await t.admin(`/api/reports/revenue?from=${day}&to=${day}&granularity=day`)
    ).json()) as {
      totals: { revenue: number };
    };
    const [today] = await t.app.deps.db.all<{ net: number }>(
      sql`SELECT COALESCE(SUM(paid - refunded_amount), 0) AS net FROM purchases WHERE created_at >= ${Date.parse(`${day}T00:00:00+08:00`)} AND created_at < ${Date.parse(`${day}T00:00:00+08:00`) + 86_400_000}`,
    );
    expect(report.totals.revenue).toBe(today?.net);
    expect(report.totals.revenue).toBeGreaterThanOrEqual(paid);
  });
});
