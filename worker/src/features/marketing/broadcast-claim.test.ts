/**
 * A broadcast's coupon: its card opens the LIFF coupons page with the broadcast's id, and a
 * recipient claims the coupon there once (a repeat, even five at once, answers the same coupon);
 * the holdout and anyone it was not sent to are refused.
 */
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { broadcastApi, type Json } from "../../../test/broadcast-api";
import { type AudienceMember, roles, seedAudience, tagged } from "../../../test/broadcast-kit";
import { startTestApp, type TestApp } from "../../../test/harness";

describe("claiming a broadcast's coupon (LIFF ID token)", () => {
  let t: TestApp;
  let api: ReturnType<typeof broadcastApi>;
  let broadcastId: string;
  let recipients: AudienceMember[];
  let holdout: AudienceMember[];
  beforeAll(async () => {
    t = await startTestApp();
    api = broadcastApi(t);
    const audience = await seedAudience(t.app.deps.db, t.line.emulator.state, { n: 20, tag: "領券" });
    const tpl = await api.post("/api/admin/coupon-templates", {
      name: "雙11 NT$100 折價券",
      kind: "amount",
      value: 100,
      validDays: 14,
    });
    expect(tpl.status).toBe(201);
    const b = await api.create({ rule: tagged("領券"), holdoutPercent: 50, couponTemplateId: tpl.body.id });
    broadcastId = b.id;
    const r = await roles(t.app.deps.db, b.id);
    recipients = audience.filter((m) => r.get(m.id) === "recipient");
    holdout = audience.filter((m) => r.get(m.id) === "holdout");
    expect([recipients.length, holdout.length]).toEqual([10, 10]);
  });
  afterAll(() => t.close());

  const claim = async (userId: string, id = broadcastId) => {
    const res = await fetch(`${t.app.url}/api/me/broadcasts/${id}/claim`, {
      method: "POST",
      headers: { authorization: `Bearer ${await t.line.emulator.issueIdToken(userId)}` },
    });
    return { status: res.status, body: (await res.json()) as Json };
  };
  const reason = (r: { body: Json }) => ((r.body.error as Json).details as Json).reason;

  it("before the send nobody can claim: it reached no one yet", async () => {
    const first = recipients[0] as AudienceMember;
    const early = await claim(first.userId);
    expect([early.status, reason(early)]).toEqual([422, "NOT_RECIPIENT"]);
  });

  it("the message ends with the coupon's card: a button to the LIFF coupons page for this broadcast", async () => {
    expect((await api.send(broadcastId)).status).toBe(202);
    await t.settle();
    const [call] = await api.multicasts();
    const messages = call?.body.messages as Json[];
    expect(messages).toHaveLength(2);
    expect(JSON.stringify(messages[1])).toContain("雙11 NT$100 折價券");
    expect(JSON.stringify(messages[1])).toContain(
      JSON.stringify(`https://liff.line.me/2000000001-test/member/coupons?broadcast=${broadcastId}`),
    );
  });

  it("a recipient claims it once: a repeat, even five at once, answers the same coupon", async () => {
    const m = recipients[1] as AudienceMember;
    const first = await claim(m.userId);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ broadcastId, created: true, coupon: { status: "issued" } });
    const again = await Promise.all(Array.from({ length: 5 }, () => claim(m.userId)));
    for (const r of again)
      expect(r.body).toMatchObject({ created: false, coupon: first.body.coupon as Json });
    const rows = await t.app.deps.db.all<{ issue_key: string }>(
      sql`SELECT issue_key FROM coupons WHERE member_id = ${m.id}`,
    );
    expect(rows).toEqual([{ issue_key: `broadcast:${broadcastId}:${m.id}` }]);
    const mine = await fetch(`${t.app.url}/api/me/coupons`, {
      headers: { authorization: `Bearer ${await t.line.emulator.issueIdToken(m.userId)}` },
    });
    const { coupons } = (await mine.json()) as { coupons: Array<{ code: string }> };
    expect(coupons.map((c) => c.code)).toEqual([(first.body.coupon as Json).code]);
  });

  it("the holdout, a stranger and a broadcast without a coupon are refused; nothing is issued", async () => {
    for (const m of holdout.slice(0, 3)) {
      const r = await claim(m.userId);
      expect([r.status, reason(r)]).toEqual([422, "NOT_RECIPIENT"]);
    }
    const [stranger] = await seedAudience(t.app.deps.db, t.line.emulator.state, {
      n: 1,
      tag: "路人",
      from: 500,
    });
    const s = await claim((stranger as AudienceMember).userId);
    expect([s.status, reason(s)]).toEqual([422, "NOT_RECIPIENT"]);
    const plain = await api.create({ rule: tagged("領券"), holdoutPercent: 0 });
    const p = await claim((recipients[2] as AudienceMember).userId, plain.id);
    expect([p.status, reason(p)]).toEqual([422, "NO_COUPON"]);
    expect((await claim((recipients[2] as AudienceMember).userId, "brd_none")).status).toBe(404);
    const issued = await t.app.deps.db.all<{ n: number }>(
      sql`SELECT count(*) AS n FROM coupons WHERE issue_key LIKE 'broadcast:%'`,
    );
    expect(issued).toEqual([{ n: 1 }]);
  });
});
