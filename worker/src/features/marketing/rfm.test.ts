import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { memberScores, members, purchases } from "../../../../db/schema";
import { seedInteractions, seedWorld, type World } from "../../../test/marketing-kit";
import { type OracleScore, rfmOracle, rfmSnapshot, tiesAcrossTiles } from "../../../test/rfm-oracle";
import { memberRfm, recomputeRfm, rfmGrid } from "./rfm";
import { RFM_MAP } from "./rfm-catalogue";

describe("RFM(+I) scores computed in SQL agree with a plain JS computation on seeded data", () => {
  let w: World;
  const clock = { now: () => w.now };
  const stored = async () =>
    new Map((await w.db.select().from(memberScores)).map((s) => [s.memberId, s] as const));
  const expectOracle = async () => {
    const expected = rfmOracle(await rfmSnapshot(w.db), w.now);
    const rows = await stored();
    expect([...rows.keys()].sort()).toEqual([...expected.keys()].sort());
    for (const [id, e] of expected) {
      const s = rows.get(id);
      expect(
        s && {
          memberId: s.memberId,
          recencyDays: s.recencyDays,
          frequency: s.frequency,
          monetary: s.monetary,
          interactions: s.interactions,
          r: s.r,
          f: s.f,
          m: s.m,
          i: s.i,
          rfmGroup: s.rfmGroup,
        },
        id,
      ).toEqual(e);
    }
    return expected;
  };

  beforeAll(async () => {
    w = await seedWorld(300, 11);
    await seedInteractions(w.db, { n: 300, seed: 11, now: w.now });
  });
  afterAll(() => w.close());

  it("scores every member who bought in the window as the oracle does; nobody else has a row", async () => {
    const counts = await recomputeRfm({ db: w.db, clock });
    const expected = await expectOracle();
    const all = await w.db.select().from(members);
    const scored = [...expected.values()];
    // The world has what the rules are about: members who never bought (or only before the
    // window), deleted members who bought, refunds, interactions of every kind.
    expect(all.filter((m) => m.deletedAt === null && !expected.has(m.id)).length).toBeGreaterThan(20);
    const ps = await w.db.select().from(purchases);
    expect(all.some((m) => m.deletedAt !== null && ps.some((p) => p.memberId === m.id))).toBe(true);
    expect(ps.some((p) => p.refundedAmount > 0 && expected.has(p.memberId ?? ""))).toBe(true);
    expect(scored.filter((s) => s.interactions > 0).length).toBeGreaterThan(scored.length / 2);
    expect(counts.scored).toBe(expected.size);
    for (const g of counts.groups)
      expect(g.size, g.code).toBe(scored.filter((s) => s.rfmGroup === g.code).length);
    expect(counts.groups.map((g) => g.code)).toHaveLength(11);
  });

  it("ties: members with the same value share a score, even where NTILE would split them", async () => {
    const scored = [...rfmOracle(await rfmSnapshot(w.db), w.now).values()];
    const axes: Array<[string, (x: OracleScore) => number, (x: OracleScore) => number]> = [
      ["r", (x) => -x.recencyDays, (x) => x.r],
      ["f", (x) => x.frequency, (x) => x.f],
      ["m", (x) => x.monetary, (x) => x.m],
      ["i", (x) => x.interactions, (x) => x.i],
    ];
    const rows = await stored();
    for (const [axis, value, score] of axes) {
      expect(tiesAcrossTiles(scored, value), `${axis} has a tie across a tile boundary`).toBe(true);
      const byValue = new Map<number, Set<number>>();
      for (const s of scored) {
        const mine = rows.get(s.memberId);
        if (!mine) throw new Error(`no row for ${s.memberId}`);
        const set = byValue.get(value(s)) ?? new Set();
        set.add({ r: mine.r, f: mine.f, m: mine.m, i: mine.i }[axis] as number);
        byValue.set(value(s), set);
      }
      expect(
        [...byValue.values()].every((set) => set.size === 1),
        axis,
      ).toBe(true);
      // Higher is better on every axis.
      const sorted = [...scored].sort((a, b) => value(a) - value(b));
      expect(score(sorted[0] as OracleScore)).toBe(1);
      expect(score(sorted.at(-1) as OracleScore)).toBe(5);
    }
  });

  it("recomputes after the data changes: a refund, a deletion, a purchase leaving the window", async () => {
    const rows = await stored();
    const [someone, gone, old] = [...rows.keys()];
    if (!someone || !gone || !old) throw new Error("too few scored members");
    await w.db.run(sql`UPDATE purchases SET refunded_amount = paid WHERE member_id = ${someone}`);
    await w.db.update(members).set({ deletedAt: w.now }).where(eq(members.id, gone));
    await w.db
      .update(purchases)
      .set({ createdAt: new Date(w.now.getTime() - 366 * 86_400_000) })
      .where(eq(purchases.memberId, old));
    await recomputeRfm({ db: w.db, clock });
    const expected = await expectOracle();
    expect(expected.get(someone)?.monetary).toBe(0);
    expect(expected.has(gone)).toBe(false);
    expect(expected.has(old)).toBe(false);
    expect((await memberRfm(w.db, old)).group).toBeNull();
  });

  it("the grid: 25 cells in DOMAIN.md's map, sizes adding up to each group's", async () => {
    await recomputeRfm({ db: w.db, clock });
    const grid = await rfmGrid(w.db);
    const expected = [...rfmOracle(await rfmSnapshot(w.db), w.now).values()];
    expect(grid.cells).toHaveLength(25);
    for (const c of grid.cells) {
      expect(c.group).toBe(RFM_MAP[5 - c.r]?.[c.fm - 1]);
      expect(c.size, `${c.r}×${c.fm}`).toBe(
        expected.filter((s) => s.r === c.r && Math.round((s.f + s.m) / 2) === c.fm).length,
      );
    }
    expect(grid.scored).toBe(expected.length);
    const live = (await w.db.select().from(members)).filter((m) => m.deletedAt === null).length;
    expect(grid.unscored).toBe(live - expected.length);
    expect(grid.groups.find((g) => g.code === "champions")).toMatchObject({ zh: "冠軍", en: "Champions" });
  });
});
