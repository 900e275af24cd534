import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { members, memberTags, purchases, tagRules } from "../../../../db/schema";
import { startTestApp, type TestApp } from "../../../test/harness";
import { seedMarketing, snapshot } from "../../../test/marketing-kit";
import { oracle } from "../../../test/segment-oracle";
import { parseRule, type Rule } from "./rule";

type TagRuleJson = {
  id: string;
  tag: string;
  enabled: boolean;
  source: string;
  lastRunAt: string | null;
  lastCount: number | null;
};
const DAY = 86_400_000;

describe("tag rules: member_tags with source rule:<id> kept equal to the rule's members", () => {
  let t: TestApp;
  const BIG = { field: "spend", op: "gte", value: 3000, days: 90 };
  const post = (path: string, body?: unknown) =>
    t.admin(path, { method: "POST", ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  const ruleRows = async (id: string) =>
    (
      await t.app.deps.db
        .select()
        .from(memberTags)
        .where(eq(memberTags.source, `rule:${id}`))
    )
      .map((r) => r.memberId)
      .sort();
  /** Who the rule should tag now: its members, less those who have the tag from elsewhere. */
  const expected = async (rule: unknown, tag: string, source: string) => {
    const snap = await snapshot(t.app.deps.db);
    const other = new Set(
      snap.tags.filter((x) => x.tag === tag && x.source !== source).map((x) => x.memberId),
    );
    return oracle(snap, parseRule(rule), t.clock.now()).filter((id) => !other.has(id));
  };

  beforeAll(async () => {
    t = await startTestApp();
    await t.settle();
    await seedMarketing(t.app.deps.db, { n: 120, seed: 9, now: t.clock.now() });
  });
  afterAll(() => t.close());

  let big: TagRuleJson;
  let manual: string;
  let manualOutside: string;

  it("creating a rule tags its members at once; a tag given by hand keeps its source", async () => {
    const snap = await snapshot(t.app.deps.db);
    const matching = oracle(snap, parseRule(BIG), t.clock.now());
    const outside = snap.members.find((m) => m.deletedAt === null && !matching.includes(m.id));
    manual = matching[0] as string;
    manualOutside = outside?.id as string;
    for (const id of [manual, manualOutside])
      expect((await post(`/api/marketing/members/${id}/tags`, { tag: "高消費" })).status).toBe(200);

    const res = await post("/api/marketing/tag-rules", { tag: "高消費", rule: BIG });
    expect(res.status).toBe(201);
    big = (await res.json()) as TagRuleJson;
    const want = await expected(BIG, "高消費", big.source);
    expect(want.length).toBeGreaterThan(3);
    expect(big).toMatchObject({ enabled: true, source: `rule:${big.id}`, lastCount: want.length });
    expect(big.lastRunAt).toBe(t.clock.now().toISOString());
    expect(await ruleRows(big.id)).toEqual(want);
    const [kept] = await t.app.deps.db
      .select()
      .from(memberTags)
      .where(sql`${memberTags.memberId} = ${manual} AND ${memberTags.tag} = '高消費'`);
    expect(kept?.source).toBe("admin");

    expect((await post("/api/marketing/tag-rules", { tag: "高消費", rule: BIG })).status).toBe(409);
    const bad = await post("/api/marketing/tag-rules", {
      tag: "壞",
      rule: { field: "shoeSize", op: "eq", value: 1 },
    });
    expect(bad.status).toBe(400);
  });

  it("the sweep adds and removes as data changes, at most every 10 minutes; manual tags stay", async () => {
    const snap = await snapshot(t.app.deps.db);
    const tagged = await ruleRows(big.id);
    const newcomer = snap.members.find(
      (m) => m.deletedAt === null && !tagged.includes(m.id) && m.id !== manual && m.id !== manualOutside,
    );
    const leaver = tagged[0] as string;
    await t.app.deps.db.insert(purchases).values({
      id: "pur_big_new",
      source: "pos",
      externalId: "big-new",
      memberId: newcomer?.id,
      channel: "store",
      storeId: "sto_a",
      amount: 9000,
      paid: 9000,
      createdAt: t.clock.now(),
    });
    await t.app.deps.db.run(sql`UPDATE purchases SET refunded_amount = paid WHERE member_id = ${leaver}`);

    t.clock.advance(5 * 60_000);
    await t.app.sweep(); // not due yet
    expect(await ruleRows(big.id)).toEqual(tagged);

    t.clock.advance(5 * 60_000);
    await t.app.sweep();
    const now = await ruleRows(big.id);
    expect(now).toContain(newcomer?.id);
    expect(now).not.toContain(leaver);
    expect(now).toEqual(await expected(BIG, "高消費", big.source));
    const tags = await t.app.deps.db.select().from(memberTags).where(eq(memberTags.tag, "高消費"));
    expect(
      tags
        .filter((x) => x.source === "admin")
        .map((x) => x.memberId)
        .sort(),
    ).toEqual([manual, manualOutside].sort());
  });

  it("the clock moving is data changing: purchases leave the 90-day window, their members the tag", async () => {
    const before = await ruleRows(big.id);
    t.clock.advance(60 * DAY);
    await t.app.sweep();
    const after = await ruleRows(big.id);
    expect(after).toEqual(await expected(BIG, "高消費", big.source));
    expect(before.filter((id) => !after.includes(id)).length).toBeGreaterThan(0);
  });

  it("deleted members lose the rule's tag; a run on demand says who was added and removed", async () => {
    const [someone] = await ruleRows(big.id);
    await t.app.deps.db
      .update(members)
      .set({ deletedAt: t.clock.now() })
      .where(eq(members.id, someone ?? ""));
    const res = await post(`/api/marketing/tag-rules/${big.id}/run`);
    expect(res.status).toBe(200);
    const run = (await res.json()) as { added: number; removed: number; count: number };
    expect(run).toMatchObject({ added: 0, removed: 1, count: (await ruleRows(big.id)).length });
    expect(await ruleRows(big.id)).not.toContain(someone);

    const all = (await (await post("/api/marketing/tag-rules/run")).json()) as {
      runs: Array<{ id: string }>;
    };
    expect(all.runs.map((r) => r.id)).toEqual([big.id]);
  });

  it("renaming moves the rule's members to the new tag; disabling stops it; deleting removes its tags only", async () => {
    const members0 = await ruleRows(big.id);
    const renamed = await t.admin(`/api/marketing/tag-rules/${big.id}`, {
      method: "PATCH",
      body: JSON.stringify({ tag: "大戶" }),
    });
    expect(renamed.status).toBe(200);
    const rows = await t.app.deps.db
      .select()
      .from(memberTags)
      .where(eq(memberTags.source, `rule:${big.id}`));
    expect(new Set(rows.map((r) => r.tag))).toEqual(new Set(["大戶"]));
    expect(rows.map((r) => r.memberId).sort()).toEqual(await expected(BIG, "大戶", big.source));
    expect(rows.length).toBeGreaterThanOrEqual(members0.length); // the manual 高消費 member is now tagged too

    const off = (await (
      await t.admin(`/api/marketing/tag-rules/${big.id}`, {
        method: "PATCH",
        body: JSON.stringify({ enabled: false }),
      })
    ).json()) as TagRuleJson;
    expect(off.enabled).toBe(false);
    const frozen = await ruleRows(big.id);
    t.clock.advance(200 * DAY);
    await t.app.sweep();
    expect(await ruleRows(big.id)).toEqual(frozen);

    expect((await t.admin(`/api/marketing/tag-rules/${big.id}`, { method: "DELETE" })).status).toBe(204);
    expect(await ruleRows(big.id)).toEqual([]);
    const left = await t.app.deps.db.select().from(memberTags).where(eq(memberTags.tag, "高消費"));
    expect(left.map((x) => x.source)).toEqual(["admin", "admin"]);
    expect((await t.admin(`/api/marketing/tag-rules/${big.id}`)).status).toBe(404);
    expect((await t.admin(`/api/marketing/tag-rules/${big.id}`, { method: "DELETE" })).status).toBe(404);
  });

  it("a rule may name an RFM group: the sweep scores first, then tags", async () => {
    const rule = { field: "rfmGroup", op: "in", value: ["champions", "loyal"] };
    const res = await post("/api/marketing/tag-rules", { tag: "好客人", rule, enabled: false });
    const made = (await res.json()) as TagRuleJson;
    expect(made.lastRunAt).toBeNull();
    await t.admin(`/api/marketing/tag-rules/${made.id}`, {
      method: "PATCH",
      body: JSON.stringify({ enabled: true }),
    });
    t.clock.advance(DAY);
    await t.app.sweep();
    expect((await ruleRows(made.id)).length).toBeGreaterThan(0);
    expect(await ruleRows(made.id)).toEqual(await expected(rule, "好客人", made.source));
    const list = (await (await t.admin("/api/marketing/tag-rules")).json()) as { rules: TagRuleJson[] };
    expect(list.rules.map((r) => r.tag)).toEqual(["好客人"]);
  });

  it("in the sweep a broken rule is logged and skipped: the other rules still run", async () => {
    // A stored rule this version no longer understands (a field since removed, say).
    const stale = { field: "shoeSize", op: "eq", value: 42 } as unknown as Rule;
    await t.app.deps.db.insert(tagRules).values({
      id: "trl_broken",
      tag: "壞掉",
      rule: stale,
      createdAt: t.clock.now(),
      updatedAt: t.clock.now(),
    });
    const rule = { field: "tier", op: "eq", value: "gold" };
    const gold = (await (
      await post("/api/marketing/tag-rules", { tag: "金卡", rule })
    ).json()) as TagRuleJson;
    await t.app.deps.db.run(sql`UPDATE members SET tier = 'gold' WHERE tier = 'platinum'`);
    t.clock.advance(15 * 60_000);
    await t.app.sweep();
    expect(await ruleRows(gold.id)).toEqual(await expected(rule, "金卡", gold.source));
    expect((await post("/api/marketing/tag-rules/run")).status).toBe(500);
    await t.app.deps.db.delete(tagRules).where(eq(tagRules.id, "trl_broken"));
  });

  it("is admin only", async () => {
    const res = await fetch(`${t.app.url}/api/marketing/tag-rules`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ tag: "x", rule: BIG }),
    });
    expect(res.status).toBe(401);
  });
});
