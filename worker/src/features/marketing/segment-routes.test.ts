import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../../../test/harness";
import { seedMarketing, snapshot } from "../../../test/marketing-kit";
import { oracle } from "../../../test/segment-oracle";
import { parseRule } from "./rule";

type ErrorBody = { error: { code: string; message: string; details?: { reason?: string; field?: string } } };

describe("segments API (admin)", () => {
  let t: TestApp;
  let snap: Awaited<ReturnType<typeof snapshot>>;
  const VIP_90 = {
    all: [
      { field: "tag", op: "has", value: "VIP" },
      { field: "spend", op: "gte", value: 1500, days: 90 },
    ],
  };
  beforeAll(async () => {
    t = await startTestApp();
    await seedMarketing(t.app.deps.db, { n: 150, seed: 3, now: t.clock.now() });
    snap = await snapshot(t.app.deps.db);
  });
  afterAll(() => t.close());

  const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    t.admin(path, { method: "POST", body: JSON.stringify(body), headers });

  it("previews a rule: the count and a sample of members, as the oracle has them", async () => {
    const res = await post("/api/segments/preview", { rule: VIP_90 });
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      count: number;
      sample: Array<{ memberId: string; lineUserId: string }>;
    };
    const expected = oracle(snap, parseRule(VIP_90), t.clock.now());
    expect(expected.length).toBeGreaterThan(3);
    expect(body.count).toBe(expected.length);
    expect(body.sample.map((m) => m.memberId)).toEqual(expected.slice(0, 10));
    expect(body.sample[0]?.lineUserId).toMatch(/^U/);
  });

  it("an unknown field or op is a 400 naming it, in the reader's language", async () => {
    const field = await post("/api/segments/preview", {
      rule: { all: [{ field: "shoeSize", op: "eq", value: 42 }] },
    });
    expect(field.status).toBe(400);
    const f = (await field.json()) as ErrorBody;
    expect(f.error.code).toBe("VALIDATION_FAILED");
    expect(f.error.details).toMatchObject({ reason: "UNKNOWN_FIELD", field: "rule.all.0.field" });
    expect(f.error.message).toContain("shoeSize");
    expect(f.error.message).toMatch(/[\u4e00-\u9fff]/);

    const op = await post(
      "/api/segments/preview",
      { rule: { any: [{ field: "tier", op: "contains", value: "gold" }] } },
      { "accept-language": "en" },
    );
    expect(op.status).toBe(400);
    const o = (await op.json()) as ErrorBody;
    expect(o.error.details).toMatchObject({ reason: "UNKNOWN_OP", field: "rule.any.0.op" });
    expect(o.error.message).toBe('Unknown op "contains" (at rule.any.0.op).');

    const wrongOp = (await (
      await post(
        "/api/segments/preview",
        { rule: { field: "spend", op: "has", value: 1 } },
        { "accept-language": "en" },
      )
    ).json()) as ErrorBody;
    expect(wrongOp.error.message).toBe('Field "spend" does not take op "has" (at rule.op).');
    const badValue = (await (
      await post("/api/segments/preview", { rule: { field: "tier", op: "eq", value: "diamond" } })
    ).json()) as ErrorBody;
    expect(badValue.error.details).toMatchObject({ reason: "INVALID", field: "rule.value" });
  });

  it("saves a segment with its count, lists it, and pages its members by cursor", async () => {
    const res = await post("/api/segments", { name: "VIP 近 90 天", rule: VIP_90 });
    expect(res.status).toBe(201);
    const seg = (await res.json()) as { id: string; count: number; name: string };
    const expected = oracle(snap, parseRule(VIP_90), t.clock.now());
    expect(seg).toMatchObject({ name: "VIP 近 90 天", count: expected.length });
    expect((await post("/api/segments", { name: "VIP 近 90 天", rule: VIP_90 })).status).toBe(409);

    const list = (await (await t.admin("/api/segments")).json()) as { segments: Array<{ id: string }> };
    expect(list.segments.map((s) => s.id)).toContain(seg.id);

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page = (await (
        await t.admin(`/api/segments/${seg.id}/members?limit=4${cursor ? `&cursor=${cursor}` : ""}`)
      ).json()) as { count: number; members: Array<{ memberId: string }>; nextCursor: string | null };
      expect(page.count).toBe(expected.length);
      seen.push(...page.members.map((m) => m.memberId));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(expected);
  });

  it("exports a segment as CSV: a header and one row per member, formula-safe", async () => {
    const seg = (await (
      await post("/api/segments", { name: "金卡以上", rule: { field: "tier", op: "gte", value: "gold" } })
    ).json()) as {
      id: string;
      count: number;
    };
    const res = await t.admin(`/api/segments/${seg.id}/members.csv`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/csv");
    const lines = (await res.text())
      .replace(/^\uFEFF/, "")
      .trimEnd()
      .split("\r\n");
    expect(lines[0]).toBe(
      "memberCode,displayName,name,tier,homeStoreId,referrerStaffId,points,rfmGroup,following,marketingConsent",
    );
    expect(lines.length - 1).toBe(seg.count);
    expect(lines.slice(1).every((l) => /,(gold|platinum),/.test(l))).toBe(true);
  });

  it("renames and re-rules a segment, recounting it; deletes it", async () => {
    const seg = (await (
      await post("/api/segments", { name: "暫時", rule: { field: "points", op: "gte", value: 0 } })
    ).json()) as { id: string };
    const res = await t.admin(`/api/segments/${seg.id}`, {
      method: "PATCH",
      body: JSON.stringify({ name: "無點數", rule: { field: "points", op: "lte", value: 0 } }),
    });
    expect(res.status).toBe(200);
    const rule = parseRule({ field: "points", op: "lte", value: 0 });
    expect(await res.json()).toMatchObject({
      name: "無點數",
      count: oracle(snap, rule, t.clock.now()).length,
    });
    expect((await t.admin(`/api/segments/${seg.id}`, { method: "DELETE" })).status).toBe(204);
    expect((await t.admin(`/api/segments/${seg.id}`)).status).toBe(404);
  });

  it("lists the builder's fields with their ops", async () => {
    const body = (await (await t.admin("/api/segments/fields")).json()) as {
      fields: Array<{ field: string; ops: string[] }>;
    };
    expect(body.fields.find((f) => f.field === "spend")?.ops).toContain("between");
    expect(body.fields.map((f) => f.field)).toEqual(
      expect.arrayContaining(["tier", "homeStore", "rfmGroup", "bought"]),
    );
  });

  it("is admin only", async () => {
    const res = await fetch(`${t.app.url}/api/segments/preview`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ rule: VIP_90 }),
    });
    expect(res.status).toBe(401);
  });
});
