import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { memberScores, members, purchases } from "../../../../db/schema";
import { startTestApp, type TestApp } from "../../../test/harness";
import { seedInteractions, seedMarketing } from "../../../test/marketing-kit";
import { rfmOracle, rfmSnapshot } from "../../../test/rfm-oracle";

type Grid = {
  computedAt: string | null;
  scored: number;
  unscored: number;
  groups: Array<{ code: string; zh: string; en: string; size: number }>;
  cells: Array<{ r: number; fm: number; group: string; size: number }>;
};

describe("RFM API (admin) and the daily sweep", () => {
  let t: TestApp;
  const expected = async () => rfmOracle(await rfmSnapshot(t.app.deps.db), t.clock.now());
  const scoredIds = async () =>
    (await t.app.deps.db.select({ id: memberScores.memberId }).from(memberScores)).map((r) => r.id).sort();

  beforeAll(async () => {
    t = await startTestApp();
    await t.settle(); // the start-up sweep
    const opts = { n: 150, seed: 5, now: t.clock.now() };
    await seedMarketing(t.app.deps.db, opts);
    await seedInteractions(t.app.deps.db, opts);
  });
  afterAll(() => t.close());

  it("the sweep scores everyone once per brand day (Asia/Taipei), not per sweep", async () => {
    // The app swept when it started (2026-11-24 10:00 in Taipei), before the world was seeded:
    // sweeps later that Taipei day leave the kit's stand-in scores as they are.
    const before = await scoredIds();
    await t.app.sweep();
    t.clock.set("2026-11-24T15:59:00.000Z"); // 23:59 in Taipei
    await t.app.sweep();
    expect(await scoredIds()).toEqual(before);

    // Midnight in Taipei (still the 24th in UTC): the next sweep scores everyone, once.
    t.clock.set("2026-11-24T16:00:00.000Z");
    await t.app.sweep();
    expect(await scoredIds()).toEqual([...(await expected()).keys()].sort());
    const computedAt = async () => ((await (await t.admin("/api/marketing/rfm")).json()) as Grid).computedAt;
    expect(await computedAt()).toBe("2026-11-24T16:00:00.000Z");

    // A newcomer buys: not scored by the sweeps of the same day, scored the next.
    const [newcomer] = await t.app.deps.db
      .insert(members)
      .values({ id: "mem_newcomer", lineUserId: "Unewcomer", memberCode: "N0001", source: "organic" })
      .returning();
    await t.app.deps.db.insert(purchases).values({
      id: "pur_newcomer",
      source: "pos",
      externalId: "newcomer",
      memberId: newcomer?.id,
      channel: "store",
      storeId: "sto_a",
      amount: 500,
      paid: 500,
      createdAt: t.clock.now(),
    });
    t.clock.set("2026-11-25T15:00:00.000Z"); // 23:00 in Taipei
    await t.app.sweep();
    expect(await scoredIds()).not.toContain("mem_newcomer");
    expect(await computedAt()).toBe("2026-11-24T16:00:00.000Z");
    t.clock.set("2026-11-25T16:30:00.000Z");
    await t.app.sweep();
    await t.app.sweep();
    expect(await scoredIds()).toContain("mem_newcomer");
    expect(await scoredIds()).toEqual([...(await expected()).keys()].sort());
    expect(await computedAt()).toBe("2026-11-25T16:30:00.000Z");
  });

  it("recomputes on demand: the size of each group, as the oracle has them; the grid adds up", async () => {
    const res = await t.admin("/api/marketing/rfm/recompute", { method: "POST" });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { computedAt: string; scored: number; groups: Grid["groups"] };
    const oracle = [...(await expected()).values()];
    expect(body.computedAt).toBe(t.clock.now().toISOString());
    expect(body.scored).toBe(oracle.length);
    expect(Object.fromEntries(body.groups.map((g) => [g.code, g.size]))).toEqual(
      Object.fromEntries(
        body.groups.map((g) => [g.code, oracle.filter((s) => s.rfmGroup === g.code).length]),
      ),
    );

    const grid = (await (await t.admin("/api/marketing/rfm")).json()) as Grid;
    expect(grid.groups).toEqual(body.groups);
    expect(grid.cells).toHaveLength(25);
    expect(grid.cells.reduce((n, c) => n + c.size, 0)).toBe(oracle.length);
    expect(grid.cells.find((c) => c.r === 5 && c.fm === 1)?.group).toBe("new");
    expect(grid.cells.find((c) => c.r === 1 && c.fm === 5)?.group).toBe("cant_lose");
    expect(grid.groups.find((g) => g.code === "at_risk")).toMatchObject({ zh: "流失風險", en: "At risk" });
    expect(grid.scored + grid.unscored).toBe(
      (await t.app.deps.db.select().from(members)).filter((m) => m.deletedAt === null).length,
    );
  });

  it("a member's scores with the values behind them; a member who never bought has none", async () => {
    const oracle = await expected();
    const [id, e] = [...oracle.entries()].find(([, s]) => s.interactions > 0 && s.rfmGroup === "champions") ??
      [...oracle.entries()][0] ?? ["", undefined];
    if (!e) throw new Error("nobody scored");
    const res = await t.admin(`/api/marketing/members/${id}/rfm`);
    expect(res.status).toBe(200);
    const why = (await res.json()) as Record<string, unknown>;
    expect(why).toEqual({
      memberId: id,
      computedAt: t.clock.now().toISOString(),
      windowDays: 365,
      interactionDays: 90,
      group: expect.objectContaining({ code: e.rfmGroup, zh: expect.any(String), en: expect.any(String) }),
      scores: { r: e.r, f: e.f, m: e.m, i: e.i, fm: Math.round((e.f + e.m) / 2) },
      values: {
        recencyDays: e.recencyDays,
        frequency: e.frequency,
        monetary: e.monetary,
        interactions: e.interactions,
      },
    });

    const all = await t.app.deps.db.select().from(members);
    const never = all.find((m) => m.deletedAt === null && !oracle.has(m.id));
    const gone = all.find((m) => m.deletedAt !== null);
    const none = (await (await t.admin(`/api/marketing/members/${never?.id}/rfm`)).json()) as Record<
      string,
      unknown
    >;
    expect(none).toMatchObject({ memberId: never?.id, group: null, scores: null, values: null });
    expect((await t.admin(`/api/marketing/members/${gone?.id}/rfm`)).status).toBe(404);
    expect((await t.admin("/api/marketing/members/mem_nobody/rfm")).status).toBe(404);
  });

  it("is admin only", async () => {
    for (const [method, path] of [
      ["GET", "/api/marketing/rfm"],
      ["POST", "/api/marketing/rfm/recompute"],
      ["GET", "/api/marketing/members/mem_0001/rfm"],
    ] as const) {
      const res = await fetch(`${t.app.url}${path}`, { method, headers: { authorization: "Bearer nope" } });
      expect(res.status, path).toBe(401);
    }
  });
});
