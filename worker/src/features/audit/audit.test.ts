import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../../../test/harness";
import { ADMIN_ACTOR, auditEntry } from ".";

interface Page {
  entries: Array<{
    id: string;
    action: string;
    actor: { kind: string; id: string };
    before: unknown;
    after: unknown;
    reason: string;
  }>;
  next: string | null;
}

describe("audit log API", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
    const deps = t.app.deps;
    const staff = { kind: "staff" as const, id: "stf_1", name: "小林" };
    // Five entries, two in the same millisecond (the cursor orders those by id).
    for (const [i, actor] of [ADMIN_ACTOR, staff, ADMIN_ACTOR, staff, ADMIN_ACTOR].entries()) {
      if (i !== 2) t.clock.advance(1000);
      await auditEntry(deps, {
        actor,
        action: i % 2 ? "purchase.record" : "points.adjust",
        subject: { kind: i % 2 ? "purchase" : "member", id: `sub_${i}` },
        memberId: "mem_1",
        before: i % 2 ? null : { balance: i * 10 },
        after: { balance: i * 10 + 5 },
        reason: i % 2 ? "" : `reason ${i}`,
      });
    }
  });
  afterAll(() => t.close());

  const get = async (q: string) => {
    const res = await t.admin(`/api/admin/audit${q}`);
    expect(res.status).toBe(200);
    return (await res.json()) as Page;
  };

  it("needs the admin token", async () => {
    expect((await fetch(`${t.app.url}/api/admin/audit`)).status).toBe(401);
  });

  it("lists newest first with before → after, the actor and the reason", async () => {
    const page = await get("");
    expect(page.entries.map((e) => e.reason)).toEqual(["reason 4", "", "reason 2", "", "reason 0"]);
    expect(page.entries[0]).toMatchObject({
      action: "points.adjust",
      actor: { kind: "admin", id: "admin" },
      before: { balance: 40 },
      after: { balance: 45 },
    });
    expect(page.next).toBeNull();
  });

  it("pages with before = next, with no entry twice or missed", async () => {
    const seen: string[] = [];
    let next: string | null = "";
    while (next !== null) {
      const page: Page = await get(`?limit=2${next ? `&before=${encodeURIComponent(next)}` : ""}`);
      seen.push(...page.entries.map((e) => e.id));
      next = page.next;
    }
    expect(seen).toEqual((await get("")).entries.map((e) => e.id));
    expect(new Set(seen).size).toBe(5);
  });

  it("filters by action, actor and member; refuses an unknown action or a bad cursor", async () => {
    expect((await get("?action=purchase.record")).entries).toHaveLength(2);
    expect((await get("?actorId=stf_1")).entries.every((e) => e.actor.id === "stf_1")).toBe(true);
    expect((await get("?memberId=mem_1")).entries).toHaveLength(5);
    expect((await get("?memberId=mem_2")).entries).toHaveLength(0);
    const bad = await t.admin("/api/admin/audit?action=points.steal");
    expect(bad.status).toBe(400);
    expect((await t.admin("/api/admin/audit?before=nope")).status).toBe(400);
  });
});
