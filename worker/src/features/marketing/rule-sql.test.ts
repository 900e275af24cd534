import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { prng, SKUS, seedWorld, snapshot, TAGS, type World } from "../../../test/marketing-kit";
import { oracle } from "../../../test/segment-oracle";
import { FIELDS, parseRule, type Rule } from "./rule";
import { countRule, pageRule } from "./segments";

/** One or more conditions for every op of every field, with values that split the seeded world. */
const CONDITIONS: Record<keyof typeof FIELDS, unknown[]> = {
  tier: [
    { field: "tier", op: "eq", value: "gold" },
    { field: "tier", op: "neq", value: "regular" },
    { field: "tier", op: "in", value: ["gold", "platinum"] },
    { field: "tier", op: "notIn", value: ["gold"] },
    { field: "tier", op: "gte", value: "gold" },
    { field: "tier", op: "lte", value: "gold" },
  ],
  homeStore: [
    { field: "homeStore", op: "eq", value: "sto_a" },
    { field: "homeStore", op: "neq", value: "sto_a" },
    { field: "homeStore", op: "in", value: ["sto_b", "sto_c"] },
    { field: "homeStore", op: "notIn", value: ["sto_b"] },
    { field: "homeStore", op: "exists" },
    { field: "homeStore", op: "notExists" },
  ],
  referrerStaff: [
    { field: "referrerStaff", op: "eq", value: "stf_2" },
    { field: "referrerStaff", op: "neq", value: "stf_2" },
    { field: "referrerStaff", op: "in", value: ["stf_1", "stf_4"] },
    { field: "referrerStaff", op: "notIn", value: ["stf_1"] },
    { field: "referrerStaff", op: "exists" },
    { field: "referrerStaff", op: "notExists" },
  ],
  bindSource: [
    { field: "bindSource", op: "eq", value: "store_qr" },
    { field: "bindSource", op: "neq", value: "organic" },
    { field: "bindSource", op: "in", value: ["liff", "staff_link"] },
    { field: "bindSource", op: "notIn", value: ["liff"] },
  ],
  boundAt: [
    { field: "boundAt", op: "within", value: 90 },
    { field: "boundAt", op: "notWithin", value: 90 },
    { field: "boundAt", op: "after", value: "2026-06-01" },
    { field: "boundAt", op: "before", value: "2026-06-01" },
    { field: "boundAt", op: "exists" },
    { field: "boundAt", op: "notExists" },
  ],
  registered: [
    { field: "registered", op: "eq", value: true },
    { field: "registered", op: "eq", value: false },
  ],
  tag: [
    { field: "tag", op: "has", value: "VIP" },
    { field: "tag", op: "notHas", value: "VIP" },
    { field: "tag", op: "hasAny", value: ["親子", "直播粉"] },
    { field: "tag", op: "has", value: "nobody-has-this" },
  ],
  rfmGroup: [
    { field: "rfmGroup", op: "eq", value: "champions" },
    { field: "rfmGroup", op: "eq", value: "none" },
    { field: "rfmGroup", op: "neq", value: "lost" },
    { field: "rfmGroup", op: "in", value: ["loyal", "at_risk"] },
    { field: "rfmGroup", op: "notIn", value: ["none", "new"] },
  ],
  spend: [
    { field: "spend", op: "gte", value: 3000, days: 90 },
    { field: "spend", op: "lt", value: 500, days: 90 },
    { field: "spend", op: "eq", value: 0 },
    { field: "spend", op: "neq", value: 0, days: 30 },
    { field: "spend", op: "gt", value: 2000, channel: "live" },
    { field: "spend", op: "lte", value: 1000, channel: "store", store: "sto_a" },
    { field: "spend", op: "between", value: [1000, 6000], days: 365, channel: "online" },
    { field: "spend", op: "gte", value: 1, days: 90, store: "sto_b" },
  ],
  purchases: [
    { field: "purchases", op: "gte", value: 3 },
    { field: "purchases", op: "eq", value: 0, days: 60 },
    { field: "purchases", op: "lt", value: 2, channel: "online" },
    { field: "purchases", op: "between", value: [1, 2], days: 180, channel: "store", store: "sto_c" },
    { field: "purchases", op: "neq", value: 1 },
    { field: "purchases", op: "gt", value: 0, channel: "live", days: 120 },
    { field: "purchases", op: "lte", value: 4 },
  ],
  lastPurchaseDays: [
    { field: "lastPurchaseDays", op: "gt", value: 90 },
    { field: "lastPurchaseDays", op: "lte", value: 30 },
    { field: "lastPurchaseDays", op: "between", value: [30, 180] },
    { field: "lastPurchaseDays", op: "gte", value: 0 },
    { field: "lastPurchaseDays", op: "lt", value: 7 },
    { field: "lastPurchaseDays", op: "eq", value: 10 },
    { field: "lastPurchaseDays", op: "neq", value: 10 },
  ],
  bought: [
    { field: "bought", op: "has", value: SKUS[0] },
    { field: "bought", op: "notHas", value: SKUS[3] },
    { field: "bought", op: "hasAny", value: [SKUS[1], SKUS[2]], days: 200 },
    { field: "bought", op: "has", value: SKUS[2], days: 30 },
  ],
  liveOrders: [
    { field: "liveOrders", op: "gte", value: 1 },
    { field: "liveOrders", op: "eq", value: 0 },
    { field: "liveOrders", op: "gt", value: 0, days: 100 },
    { field: "liveOrders", op: "lt", value: 1, days: 100 },
    { field: "liveOrders", op: "neq", value: 0 },
    { field: "liveOrders", op: "lte", value: 0 },
    { field: "liveOrders", op: "between", value: [1, 5] },
  ],
  points: [
    { field: "points", op: "gte", value: 1000 },
    { field: "points", op: "lt", value: 0 },
    { field: "points", op: "between", value: [100, 200] },
    { field: "points", op: "eq", value: 0 },
    { field: "points", op: "neq", value: 0 },
    { field: "points", op: "gt", value: 2500 },
    { field: "points", op: "lte", value: 10 },
  ],
  birthdayMonth: [
    { field: "birthdayMonth", op: "eq", value: 12 },
    { field: "birthdayMonth", op: "neq", value: 12 },
    { field: "birthdayMonth", op: "in", value: [1, 2, 3] },
    { field: "birthdayMonth", op: "notIn", value: [1, 2, 3] },
  ],
  following: [
    { field: "following", op: "eq", value: true },
    { field: "following", op: "eq", value: false },
  ],
  marketingConsent: [
    { field: "marketingConsent", op: "eq", value: true },
    { field: "marketingConsent", op: "eq", value: false },
  ],
};

describe("segment rules evaluated in SQL agree with a plain JS computation on seeded data", () => {
  let w: World;
  let snap: Awaited<ReturnType<typeof snapshot>>;
  beforeAll(async () => {
    w = await seedWorld(120);
    snap = await snapshot(w.db);
  });
  afterAll(() => w.close());

  const idsOf = async (rule: Rule) => {
    const ids: string[] = [];
    let after: string | undefined;
    do {
      const page = await pageRule(w.db, rule, w.now, { limit: 37, ...(after ? { after } : {}) });
      ids.push(...page.members.map((m) => m.memberId));
      after = page.nextCursor ?? undefined;
    } while (after);
    return ids;
  };

  it("covers every op of every field", () => {
    for (const [field, spec] of Object.entries(FIELDS)) {
      const ops = new Set(CONDITIONS[field as keyof typeof FIELDS].map((c) => (c as { op: string }).op));
      expect([...ops].sort(), field).toEqual([...spec.ops].sort());
    }
  });

  for (const [field, conditions] of Object.entries(CONDITIONS)) {
    it(`${field}: the count and the members are the oracle's`, async () => {
      for (const raw of conditions) {
        const rule = parseRule(raw);
        const expected = oracle(snap, rule, w.now);
        const label = JSON.stringify(raw);
        expect(await countRule(w.db, rule, w.now), label).toBe(expected.length);
        expect(await idsOf(rule), label).toEqual(expected);
      }
    });
  }

  it("each field's conditions split the world (none selects everyone or no one, unless meant to)", () => {
    const live = snap.members.filter((m) => m.deletedAt === null).length;
    const sizes = Object.values(CONDITIONS)
      .flat()
      .map((raw) => oracle(snap, parseRule(raw), w.now).length);
    // The seeded world is varied enough that most conditions select some but not all members.
    expect(sizes.filter((n) => n > 0 && n < live).length).toBeGreaterThan(sizes.length * 0.8);
  });

  it("nested all / any / not, generated at random, agree with the oracle", async () => {
    const r = prng(99);
    const pool = Object.values(CONDITIONS).flat();
    const gen = (depth: number): unknown => {
      if (depth === 0 || r.chance(0.35)) return r.pick(pool);
      const kind = r.pick(["all", "any", "not"] as const);
      if (kind === "not") return { not: gen(depth - 1) };
      return { [kind]: Array.from({ length: r.int(1, 3) }, () => gen(depth - 1)) };
    };
    for (let i = 0; i < 60; i++) {
      const raw = gen(4);
      const rule = parseRule(raw);
      const expected = oracle(snap, rule, w.now);
      expect(await countRule(w.db, rule, w.now), JSON.stringify(raw)).toBe(expected.length);
      expect(await idsOf(rule), JSON.stringify(raw)).toEqual(expected);
    }
  });

  it("never counts deleted members or purchases without a member", async () => {
    const everyone = parseRule({ field: "points", op: "gte", value: -1_000_000 });
    expect(await countRule(w.db, everyone, w.now)).toBe(
      snap.members.filter((m) => m.deletedAt === null).length,
    );
    expect(snap.members.some((m) => m.deletedAt !== null)).toBe(true);
    const storeA = parseRule({ field: "spend", op: "gte", value: 1, store: "sto_a" });
    expect(await countRule(w.db, storeA, w.now)).toBe(oracle(snap, storeA, w.now).length);
  });

  it("a tag name is data, not SQL", async () => {
    const rule = parseRule({ field: "tag", op: "has", value: "VIP' OR 1=1 --" });
    expect(await countRule(w.db, rule, w.now)).toBe(0);
    expect(TAGS).toContain("VIP");
  });
});
