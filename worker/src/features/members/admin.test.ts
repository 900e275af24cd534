import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog, members, pointEntries, pointLots } from "../../../../db/schema";
import { startTestApp, type TestApp } from "../../../test/harness";
import { errorOf, kit } from "../../../test/member-kit";

interface Hit {
  id: string;
  memberCode: string;
  name: string | null;
  points: number;
}

describe("members for the admin", () => {
  let t: TestApp;
  let k: ReturnType<typeof kit>;
  let mei: { id: string; memberCode: string; userId: string };
  beforeAll(async () => {
    t = await startTestApp();
    k = kit(t);
    mei = await k.member("林美玲", "0912-345-678");
    await k.member("王大同", "0922333444");
  });
  afterAll(() => t.close());

  const find = async (q: string) => {
    const res = await t.admin(`/api/admin/members?q=${encodeURIComponent(q)}`);
    expect(res.status).toBe(200);
    return ((await res.json()) as { members: Hit[] }).members;
  };
  const adjust = (id: string, body: unknown) =>
    t.admin(`/api/admin/members/${id}/points`, { method: "POST", body: JSON.stringify(body) });

  it("finds a member by code, phone in any form, part of the name; never without the admin token", async () => {
    expect((await fetch(`${t.app.url}/api/admin/members?q=x`)).status).toBe(401);
    for (const q of [
      mei.memberCode,
      mei.memberCode.toLowerCase(),
      "0912345678",
      "+886 912 345 678",
      "0912-345-678",
      "345678",
      "美玲",
      "林美",
    ])
      expect(
        (await find(q)).map((m) => m.id),
        q,
      ).toEqual([mei.id]);
    expect(await find("陳")).toEqual([]);
    // `%` is a character, not a wildcard.
    expect(await find("%")).toEqual([]);
    expect((await find("")).length).toBe(2);
  });

  it("adjusts points with a reason: up, down, never below zero, once per key, audited", async () => {
    const key = (n: string) => `test-adjust-${n}`;
    const up = await adjust(mei.id, { delta: 120, reason: "客訴補償", idempotencyKey: key("1") });
    expect(up.status).toBe(200);
    expect(await up.json()).toMatchObject({ created: true, points: 120, balance: 120 });
    // The same key again: nothing twice.
    const again = await adjust(mei.id, { delta: 120, reason: "客訴補償", idempotencyKey: key("1") });
    expect(await again.json()).toMatchObject({ created: false, balance: 120 });
    const down = await adjust(mei.id, { delta: -20, reason: "誤加扣回", idempotencyKey: key("2") });
    expect(await down.json()).toMatchObject({ created: true, points: -20, balance: 100 });
    const over = await adjust(mei.id, { delta: -101, reason: "太多", idempotencyKey: key("3") });
    expect(over.status).toBe(422);
    expect((await errorOf(over)).details?.reason).toBe("NOT_ENOUGH_POINTS");
    for (const bad of [
      { delta: 10, reason: "", idempotencyKey: key("4") },
      { delta: 0, reason: "x", idempotencyKey: key("5") },
      { delta: 1.5, reason: "x", idempotencyKey: key("6") },
      { delta: 10, reason: "x" },
    ])
      expect((await adjust(mei.id, bad)).status, JSON.stringify(bad)).toBe(400);
    expect((await adjust("mem_nobody", { delta: 1, reason: "x", idempotencyKey: key("7") })).status).toBe(
      404,
    );

    const audit = await t.app.deps.db.select().from(auditLog).where(eq(auditLog.memberId, mei.id));
    expect(
      audit
        .sort(
          (a, b) =>
            a.at.getTime() - b.at.getTime() || (a.before?.balance as number) - (b.before?.balance as number),
        )
        .map((a) => [a.action, a.actorId, a.before, a.after, a.reason]),
    ).toEqual([
      ["points.adjust", "admin", { balance: 0 }, { balance: 120, delta: 120 }, "客訴補償"],
      ["points.adjust", "admin", { balance: 120 }, { balance: 100, delta: -20 }, "誤加扣回"],
    ]);
    const page = await (await t.admin(`/api/admin/audit?memberId=${mei.id}`)).json();
    expect((page as { entries: unknown[] }).entries).toHaveLength(2);
  });

  it("20 concurrent take-backs never go below zero; the ledger sums to the balance", async () => {
    const m = await k.member("併發測試", "0933111222");
    await adjust(m.id, { delta: 50, reason: "起始", idempotencyKey: "test-conc-start" });
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        adjust(m.id, { delta: -7, reason: "併發", idempotencyKey: `test-conc-${i}` }).then((r) => r.status),
      ),
    );
    expect(results.filter((s) => s === 200)).toHaveLength(7);
    expect(results.filter((s) => s !== 200).every((s) => s === 422 || s === 409)).toBe(true);
    const [row] = await t.app.deps.db.select().from(members).where(eq(members.id, m.id));
    const [sum] = await t.app.deps.db
      .select({ n: sql<number>`sum(${pointEntries.points})` })
      .from(pointEntries)
      .where(eq(pointEntries.memberId, m.id));
    const [lots] = await t.app.deps.db
      .select({ n: sql<number>`sum(${pointLots.remaining})` })
      .from(pointLots)
      .where(eq(pointLots.memberId, m.id));
    expect(row?.pointsBalance).toBe(1);
    expect(sum?.n).toBe(1);
    expect(lots?.n).toBe(1);
    const audited = await t.app.deps.db.select().from(auditLog).where(eq(auditLog.memberId, m.id));
    expect(audited).toHaveLength(8);
  });

  it("shows a member's page and exports the search as CSV", async () => {
    const res = await t.admin(`/api/admin/members/${mei.id}`);
    expect(res.status).toBe(200);
    const d = (await res.json()) as Record<string, unknown> & {
      ledger: Array<{ kind: string; points: number }>;
    };
    expect(d).toMatchObject({
      memberCode: mei.memberCode,
      name: "林美玲",
      points: 100,
      phone: "+886912345678",
    });
    expect(d.ledger.map((e) => [e.kind, e.points])).toEqual([
      ["adjust", -20],
      ["adjust", 120],
    ]);
    expect((await t.admin("/api/admin/members/mem_nobody")).status).toBe(404);
    const csv = await (await t.admin(`/api/admin/members.csv?q=${encodeURIComponent("美玲")}`)).text();
    const lines = csv
      .replace(/^\uFEFF/, "")
      .trim()
      .split("\r\n");
    expect(lines[0]).toBe("memberCode,name,lineName,phone,status,tier,points,store,source,joinedAt");
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain(`${mei.memberCode},林美玲`);
  });
});
