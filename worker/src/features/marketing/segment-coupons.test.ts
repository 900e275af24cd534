import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../../../test/harness";
import { seedMarketing, snapshot } from "../../../test/marketing-kit";
import { oracle } from "../../../test/segment-oracle";
import { parseRule } from "./rule";

type Issue = { members: number; issued: number; alreadyIssued: number; notIssued: number };

describe("issuing a coupon template to a segment (admin)", () => {
  let t: TestApp;
  let expected: string[];
  const RULE = { field: "tag", op: "has", value: "VIP" };
  beforeAll(async () => {
    t = await startTestApp();
    await seedMarketing(t.app.deps.db, { n: 120, seed: 11, now: t.clock.now() });
    expected = oracle(await snapshot(t.app.deps.db), parseRule(RULE), t.clock.now());
  });
  afterAll(() => t.close());

  const post = async (path: string, body: unknown) => {
    const res = await t.admin(path, { method: "POST", body: JSON.stringify(body) });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };
  const segment = async (name: string) =>
    (await post("/api/segments", { name, rule: RULE })).body.id as string;
  const template = async (extra: Record<string, unknown>) =>
    (
      await post("/api/admin/coupon-templates", {
        name: "VIP 禮",
        kind: "amount",
        value: 100,
        validDays: 30,
        ...extra,
      })
    ).body.id as string;
  const couponsOf = (templateId: string) =>
    t.app.deps.db.all<{ member_id: string; code: string; issue_key: string; expires_at: number }>(
      sql`SELECT member_id, code, issue_key, expires_at FROM coupons WHERE template_id = ${templateId} ORDER BY member_id`,
    );

  it("gives every member of the segment one coupon, with its own code and the template's expiry; a repeat gives none", async () => {
    expect(expected.length).toBeGreaterThan(10);
    const seg = await segment("VIP 發券");
    const tpl = await template({});
    const first = await post(`/api/segments/${seg}/coupons`, { templateId: tpl, batchKey: "dec" });
    expect(first.status).toBe(200);
    expect(first.body as Issue).toEqual({
      members: expected.length,
      issued: expected.length,
      alreadyIssued: 0,
      notIssued: 0,
    });
    const rows = await couponsOf(tpl);
    expect(rows.map((r) => r.member_id)).toEqual(expected);
    expect(new Set(rows.map((r) => r.code)).size).toBe(rows.length);
    expect(rows.every((r) => /^[2-9A-HJ-NP-Z]{12}$/.test(r.code))).toBe(true);
    expect(rows.every((r) => r.expires_at === t.clock.now().getTime() + 30 * 86_400_000)).toBe(true);
    expect(rows[0]?.issue_key).toBe(`segment:${seg}:${tpl}:dec:${expected[0]}`);

    const again = await post(`/api/segments/${seg}/coupons`, { templateId: tpl, batchKey: "dec" });
    expect(again.body as Issue).toEqual({
      members: expected.length,
      issued: 0,
      alreadyIssued: expected.length,
      notIssued: 0,
    });
    expect(await couponsOf(tpl)).toHaveLength(expected.length);
    const [count] = await t.app.deps.db.all<{ issued_count: number }>(
      sql`SELECT issued_count FROM coupon_templates WHERE id = ${tpl}`,
    );
    expect(count?.issued_count).toBe(expected.length);
  });

  it("keeps to the template's total quantity and per-member limit, in the same statement", async () => {
    const seg = await segment("VIP 限量");
    const tpl = await template({ totalQuantity: 5 });
    const r = await post(`/api/segments/${seg}/coupons`, { templateId: tpl, batchKey: "a" });
    expect(r.body as Issue).toEqual({
      members: expected.length,
      issued: 5,
      alreadyIssued: 0,
      notIssued: expected.length - 5,
    });
    expect((await couponsOf(tpl)).map((x) => x.member_id)).toEqual(expected.slice(0, 5));
    // A new batch of a one-per-member template gives nobody a second one.
    const once = await template({});
    const firstOnce = await post(`/api/segments/${seg}/coupons`, { templateId: once, batchKey: "a" });
    expect(firstOnce.body as Issue).toEqual({
      members: expected.length,
      issued: expected.length,
      alreadyIssued: 0,
      notIssued: 0,
    });
    const second = await post(`/api/segments/${seg}/coupons`, { templateId: once, batchKey: "b" });
    expect(second.body as Issue).toEqual({
      members: expected.length,
      issued: 0,
      alreadyIssued: 0,
      notIssued: expected.length,
    });
  });

  it("refuses an unknown template or segment and a non-admin, issuing nothing", async () => {
    const seg = await segment("VIP 拒絕");
    const missing = await post(`/api/segments/${seg}/coupons`, { templateId: "tpl_nope", batchKey: "x" });
    expect([missing.status, (missing.body.error as { code: string }).code]).toEqual([404, "NOT_FOUND"]);
    expect(
      (await post("/api/segments/seg_nope/coupons", { templateId: "tpl_nope", batchKey: "x" })).status,
    ).toBe(404);
    const res = await fetch(`${t.app.url}/api/segments/${seg}/coupons`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ templateId: "tpl_nope", batchKey: "x" }),
    });
    expect(res.status).toBe(401);
  });
});
