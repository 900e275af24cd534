import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../../../test/harness";
import { loadConfig } from "../../config";
import { balanceCheck, memberTier, tierForSpend } from "../loyalty";
import { Calendar, DAY } from "./crowd-rng";
import { DEMO_PRODUCTS, DEMO_STAFF, DEMO_STORES } from "./data";
import { seedDemoHistory } from "./history";
import { seedDemoData } from "./seed";

/**
 * The demo history (history.ts) on a fresh database, checked from the rows it left — never from
 * the generator's own numbers: the crowd's mixes, a year of purchases in every channel, the
 * ledger replayed lot by lot, tiers replayed from spend, coupons against their purchases, and a
 * second seeding (and two at once) writing nothing.
 */
const CROWD = sql.raw(`m.id LIKE 'mem\\_crowd\\_%' ESCAPE '\\'`);
const TABLES = [
  "members",
  "binding_scans",
  "coupons",
  "coupon_templates",
  "purchases",
  "purchase_items",
  "refunds",
  "point_lots",
  "point_entries",
  "tier_changes",
  "member_tags",
  "conversations",
  "conversation_messages",
  "member_visits",
  "live_sales",
  "live_orders",
  "live_lines",
  "broadcasts",
  "broadcast_members",
  "broadcast_chunks",
  "outbox_messages",
  "member_scores",
  "app_settings",
];

describe("demo history", () => {
  let t: TestApp;
  let now: number;
  const all = <T>(q: ReturnType<typeof sql>) => t.app.deps.db.all<T>(q);
  const one = async <T>(q: ReturnType<typeof sql>) => (await all<T>(q))[0] as T;
  beforeAll(async () => {
    t = await startTestApp({ demo: true, env: { DEMO_HISTORY: "true" } });
    now = t.clock.now().getTime();
  }, 120_000);
  afterAll(() => t.close());

  it("has ≥ 2,000 members over every store and staff member, with an OA's mixes", async () => {
    const m = await one<
      Record<
        | "n"
        | "stores"
        | "staff"
        | "registered"
        | "guests"
        | "blocked"
        | "optedOut"
        | "sources"
        | "codes"
        | "lineIds"
        | "digits"
        | "lineShaped"
        | "birthdays"
        | "firstBound"
        | "lastBound"
        | "boundLately"
        | "boundEarly",
        number
      >
    >(sql`
      SELECT count(*) AS n, count(DISTINCT m.home_store_id) AS stores, count(DISTINCT m.referrer_staff_id) AS staff,
        sum(m.status = 'member') AS registered, sum(m.status = 'guest') AS guests,
        sum(m.friendship = 'blocked') AS blocked, sum(m.marketing_opt_out_at IS NOT NULL) AS optedOut,
        count(DISTINCT m.source) AS sources, count(DISTINCT m.member_code) AS codes, count(DISTINCT m.line_user_id) AS lineIds,
        sum(m.member_code GLOB '[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]') AS digits,
        sum(m.line_user_id GLOB 'U[0-9a-f]*' AND length(m.line_user_id) = 33) AS lineShaped,
        sum(m.birthday IS NOT NULL) AS birthdays, min(m.bound_at) AS firstBound, max(m.bound_at) AS lastBound,
        sum(m.bound_at >= ${now - 90 * DAY}) AS boundLately, sum(m.bound_at < ${now - 335 * DAY}) AS boundEarly
      FROM members m WHERE ${CROWD}`);
    expect(m.n).toBeGreaterThanOrEqual(2000);
    expect(m.stores).toBe(DEMO_STORES.length);
    expect(m.staff).toBe(DEMO_STAFF.filter((s) => s.role === "staff").length);
    expect(m.codes).toBe(m.n);
    expect(m.lineIds).toBe(m.n);
    expect(m.digits).toBe(m.n);
    expect(m.lineShaped).toBe(m.n);
    expect(m.registered).toBeGreaterThan(m.n * 0.6);
    expect(m.guests).toBeGreaterThan(m.n * 0.1);
    expect(m.blocked / m.n).toBeGreaterThan(0.05);
    expect(m.blocked / m.n).toBeLessThan(0.11);
    expect(m.optedOut / m.n).toBeGreaterThan(0.03);
    expect(m.optedOut / m.n).toBeLessThan(0.09);
    expect(m.sources).toBe(4);
    expect(m.birthdays).toBe(m.registered);
    expect((m.lastBound - m.firstBound) / DAY).toBeGreaterThan(365);
    expect(m.boundLately).toBeGreaterThan(m.boundEarly);
    const named = await all<{ code: string }>(
      sql`SELECT member_code AS code FROM members WHERE id LIKE 'mem_demo_%'`,
    );
    expect(named.map((r) => r.code).sort()).toEqual([
      "8800000000000001",
      "8800000000000002",
      "8800000000000003",
    ]);
    // Every binding scan names a store and the staff member, and the member's store is its first.
    const scans = await one<{ bad: number; n: number }>(sql`
      SELECT count(*) AS n, sum(s.result = 'bound' AND s.store_id <> m.home_store_id) AS bad
      FROM binding_scans s JOIN members m ON m.id = s.member_id WHERE ${CROWD}`);
    expect(scans.n).toBeGreaterThan(1500);
    expect(scans.bad).toBe(0);
  });

  it("has store, online and live purchases in each of the last 12 months, after each member's binding", async () => {
    for (let k = 0; k < 12; k++) {
      const rows = await all<{ channel: string; n: number }>(sql`
        SELECT channel, count(*) AS n FROM purchases
        WHERE created_at >= ${now - (k + 1) * 30 * DAY} AND created_at < ${now - k * 30 * DAY} GROUP BY channel`);
      expect(rows.map((r) => r.channel).sort(), `month ${k + 1} back`).toEqual(["live", "online", "store"]);
    }
    const c = await one<
      Record<
        | "n"
        | "store"
        | "online"
        | "live"
        | "early"
        | "future"
        | "outOfRange"
        | "badClerk"
        | "badReferrer"
        | "badPaid"
        | "refunded"
        | "badRefund"
        | "fullRefund"
        | "badItems",
        number
      >
    >(sql`
      SELECT count(*) AS n, sum(p.channel = 'store') AS store, sum(p.channel = 'online') AS online, sum(p.channel = 'live') AS live,
        sum(p.created_at < coalesce(m.bound_at, m.created_at)) AS early, sum(p.created_at > ${now}) AS future,
        sum(p.amount < 300 OR p.amount > 6000) AS outOfRange,
        sum(p.channel = 'store' AND (st.store_id IS NOT p.store_id OR p.attributed_staff_id IS NOT p.staff_id)) AS badClerk,
        sum(p.channel <> 'store' AND p.attributed_staff_id IS NOT m.referrer_staff_id) AS badReferrer,
        sum(p.paid <> p.amount - p.coupon_discount - p.points_used) AS badPaid,
        sum(p.refunded_amount > 0) AS refunded,
        sum(p.refunded_amount <> coalesce((SELECT sum(r.amount) FROM refunds r WHERE r.purchase_id = p.id), 0)) AS badRefund,
        sum(p.refunded_amount >= p.paid AND p.refunded_amount > 0) AS fullRefund,
        sum(p.channel <> 'live' AND p.amount <> (SELECT sum(i.quantity * i.price) FROM purchase_items i WHERE i.purchase_id = p.id)) AS badItems
      FROM purchases p JOIN members m ON m.id = p.member_id LEFT JOIN staff st ON st.id = p.staff_id WHERE ${CROWD}`);
    expect(c).toMatchObject({
      early: 0,
      future: 0,
      outOfRange: 0,
      badClerk: 0,
      badReferrer: 0,
      badPaid: 0,
      badRefund: 0,
      fullRefund: 0,
      badItems: 0,
    });
    expect(c.store / c.n).toBeGreaterThan(0.5);
    expect(c.online / c.n).toBeGreaterThan(0.15);
    expect(c.live / c.n).toBeGreaterThan(0.08);
    expect(c.refunded / c.store).toBeGreaterThan(0.015);
    expect(c.refunded / c.store).toBeLessThan(0.05);
    const skus = await all<{ sku: string }>(sql`
      SELECT DISTINCT i.sku FROM purchase_items i JOIN purchases p ON p.id = i.purchase_id WHERE p.channel <> 'live' AND p.id LIKE 'pur_crowd_%'`);
    expect(skus.map((s) => s.sku).sort()).toEqual(DEMO_PRODUCTS.map((p) => p.sku).sort());
    // Double-11 and the year-end: their days sell more than an average day.
    const cal = new Calendar(now, t.app.deps.config.brand.timeZone);
    const days = await all<{ at: number }>(
      sql`SELECT created_at AS at FROM purchases WHERE channel = 'online' AND id LIKE 'pur_crowd_%'`,
    );
    const on = (month: number, from: number, to: number) =>
      days.filter((d) => {
        const x = cal.day(d.at);
        return x.month === month && x.day >= from && x.day <= to;
      }).length /
      (to - from + 1);
    expect(on(11, 9, 11)).toBeGreaterThan((2.5 * days.length) / 365);
  });

  it("keeps the ledger: the balance check passes, lots consumed earliest-expiry-first, keys unique", async () => {
    const ids = await all<{ id: string }>(sql`SELECT m.id FROM members m WHERE ${CROWD}`);
    for (const { id } of ids) {
      const b = await balanceCheck(t.app.deps, id);
      expect(b.cached, id).toBe(b.ledger);
    }
    const sums = await one<
      Record<"members" | "lotsOff" | "negative" | "duplicateKeys" | "earning" | "earns" | "redeems", number>
    >(sql`
      SELECT count(*) AS members, sum(m.points_balance <> coalesce((SELECT sum(l.remaining) FROM point_lots l WHERE l.member_id = m.id), 0)) AS lotsOff,
        sum(m.points_balance < 0) AS negative,
        (SELECT count(*) - count(DISTINCT idempotency_key) FROM point_entries) AS duplicateKeys,
        (SELECT count(*) FROM purchases p WHERE p.points_earned > 0 AND p.member_id LIKE 'mem_crowd_%') AS earning,
        (SELECT count(*) FROM point_entries e WHERE e.kind = 'earn' AND e.member_id LIKE 'mem_crowd_%') AS earns,
        (SELECT count(*) FROM point_entries e WHERE e.kind = 'redeem' AND e.member_id LIKE 'mem_crowd_%') AS redeems
      FROM members m WHERE ${CROWD}`);
    expect(sums).toMatchObject({ lotsOff: 0, negative: 0, duplicateKeys: 0 });
    expect(sums.earns).toBe(sums.earning);
    expect(sums.redeems).toBeGreaterThan(100);
    // Replay every entry in time order: each debit takes the earliest-expiring live lots (a
    // refund its purchase's own lot first); the lots must end as stored.
    const entries = await all<{
      m: string;
      kind: string;
      points: number;
      at: number;
      lot: string | null;
      ref: string | null;
    }>(sql`
      SELECT member_id AS m, kind, points, created_at AS at, lot_id AS lot, reference AS ref FROM point_entries
      WHERE member_id LIKE 'mem_crowd_%' ORDER BY member_id, created_at, CASE kind WHEN 'expire' THEN 0 WHEN 'earn' THEN 2 ELSE 1 END`);
    const lots = new Map(
      (
        await all<{ id: string; remaining: number; expires: number }>(
          sql`SELECT id, remaining, expires_at AS expires FROM point_lots WHERE member_id LIKE 'mem_crowd_%'`,
        )
      ).map((l) => [l.id, l]),
    );
    const left = new Map<string, number>();
    const own = new Map<string, string>();
    const mine = new Map<string, string[]>();
    for (const e of entries) {
      if (e.kind === "earn" && e.lot) {
        left.set(e.lot, e.points);
        if (e.ref) own.set(e.ref, e.lot);
        mine.set(e.m, [...(mine.get(e.m) ?? []), e.lot]);
      } else if (e.kind === "expire" && e.lot) {
        expect(left.get(e.lot)).toBe(-e.points);
        left.set(e.lot, 0);
      } else {
        const prefer = e.kind === "reverse" && e.ref ? own.get(e.ref) : undefined;
        const open = (mine.get(e.m) ?? [])
          .filter((id) => (left.get(id) ?? 0) > 0 && (lots.get(id)?.expires ?? 0) > e.at)
          .sort((a, b) =>
            a === prefer
              ? -1
              : b === prefer
                ? 1
                : (lots.get(a)?.expires ?? 0) - (lots.get(b)?.expires ?? 0) || (a < b ? -1 : 1),
          );
        let need = -e.points;
        for (const id of open) {
          const take = Math.min(need, left.get(id) ?? 0);
          left.set(id, (left.get(id) ?? 0) - take);
          need -= take;
        }
        expect(need, `${e.m} ${e.kind} at ${e.at}`).toBe(0);
      }
    }
    for (const [id, lot] of lots) expect(left.get(id), id).toBe(lot.remaining);
  });

  it("gives tiers by the 12-month spend: raised at once, lowered only at the yearly review", async () => {
    const cal = new Calendar(now, t.app.deps.config.brand.timeZone);
    const people = await all<{ id: string; tier: string; created: number }>(
      sql`SELECT m.id, m.tier, m.created_at AS created FROM members m WHERE ${CROWD}`,
    );
    const sales = await all<{
      m: string;
      at: number;
      paid: number;
      refund: number | null;
      refundAt: number | null;
    }>(sql`
      SELECT p.member_id AS m, p.created_at AS at, p.paid, r.amount AS refund, r.created_at AS refundAt
      FROM purchases p LEFT JOIN refunds r ON r.purchase_id = p.id WHERE p.member_id LIKE 'mem_crowd_%' ORDER BY p.created_at`);
    const changes = await all<{ m: string; from: string; to: string; reason: string; at: number }>(sql`
      SELECT member_id AS m, from_tier AS "from", to_tier AS "to", reason, at FROM tier_changes WHERE member_id LIKE 'mem_crowd_%' ORDER BY at, id`);
    const rank = { regular: 0, gold: 1, platinum: 2 } as const;
    const byMember = new Map<string, typeof sales>();
    for (const s of sales) byMember.set(s.m, [...(byMember.get(s.m) ?? []), s]);
    let above = 0;
    for (const p of people) {
      const mine = byMember.get(p.id) ?? [];
      const spend = (at: number) =>
        mine.reduce(
          (n, s) =>
            s.at <= at && s.at >= at - 365 * DAY
              ? n + s.paid - (s.refundAt !== null && s.refundAt <= at ? (s.refund ?? 0) : 0)
              : n,
          0,
        );
      const events = [
        ...mine.map((s) => ({ at: s.at, review: false })),
        ...[2025, 2026, 2027]
          .map((y) => ({ at: cal.midnight(y, 1, 1) + 10 * 60_000, review: true }))
          .filter((e) => e.at > p.created && e.at < now),
      ].sort((a, b) => a.at - b.at);
      let tier: keyof typeof rank = "regular";
      const expected: Array<{ from: string; to: string; reason: string }> = [];
      for (const e of events) {
        const target = tierForSpend(spend(e.at));
        if (e.review ? rank[target] < rank[tier] : rank[target] > rank[tier]) {
          expected.push({ from: tier, to: target, reason: e.review ? "review" : "upgrade" });
          tier = target;
        }
      }
      expect(p.tier, p.id).toBe(tier);
      expect(
        changes.filter((c) => c.m === p.id).map(({ from, to, reason }) => ({ from, to, reason })),
        p.id,
      ).toEqual(expected);
      const now12 = tierForSpend(spend(now));
      expect(rank[tier]).toBeGreaterThanOrEqual(rank[now12]);
      if (tier !== now12) above++;
    }
    const tiers = await all<{ tier: string; n: number }>(
      sql`SELECT m.tier, count(*) AS n FROM members m WHERE ${CROWD} GROUP BY m.tier`,
    );
    expect(tiers.map((x) => x.tier).sort()).toEqual(["gold", "platinum", "regular"]);
    expect(above).toBeLessThan(people.length * 0.05);
    // The member card's figure agrees: memberTier sums the same window in SQL.
    const gold = await one<{ id: string }>(
      sql`SELECT m.id FROM members m WHERE ${CROWD} AND m.tier = 'platinum' LIMIT 1`,
    );
    const status = await memberTier(t.app.deps, gold.id);
    expect(status.code).toBe("platinum");
    expect(status.spend).toBeGreaterThan(0);
  });

  it("has coupons in every status, the redeemed ones on their purchase", async () => {
    const statuses = await all<{ status: string; n: number }>(sql`
      SELECT c.status, count(*) AS n FROM coupons c WHERE c.member_id LIKE 'mem_crowd_%' GROUP BY c.status`);
    expect(statuses.map((s) => s.status).sort()).toEqual(["expired", "issued", "redeemed", "voided"]);
    const templates = await all<{ id: string }>(
      sql`SELECT DISTINCT template_id AS id FROM coupons WHERE member_id LIKE 'mem_crowd_%'`,
    );
    expect(templates.map((x) => x.id).sort()).toEqual([
      "tpl_demo_birthday",
      "tpl_demo_campaign",
      "tpl_demo_gold",
      "tpl_demo_platinum",
      "tpl_demo_welcome",
    ]);
    const c = await one<
      Record<"badRedeemed" | "usedButNot" | "staleIssued" | "earlyExpired" | "badCounts", number>
    >(sql`
      SELECT sum(c.status = 'redeemed' AND (p.id IS NULL OR p.created_at <> c.redeemed_at OR p.member_id <> c.member_id
          OR c.redeemed_reference <> p.source || ':' || p.store_id || ':' || p.external_id
          OR p.coupon_discount <> CASE t.kind WHEN 'amount' THEN min(t.value, p.amount) ELSE p.amount * t.value / 100 END
          OR p.amount < t.min_spend OR c.redeemed_at < c.valid_from OR c.redeemed_at >= c.expires_at)) AS badRedeemed,
        sum(c.status <> 'redeemed' AND p.id IS NOT NULL) AS usedButNot,
        sum(c.status = 'issued' AND c.expires_at <= ${now}) AS staleIssued,
        sum(c.status = 'expired' AND c.expires_at > ${now}) AS earlyExpired,
        (SELECT count(*) FROM coupon_templates x WHERE x.issued_count <> (SELECT count(*) FROM coupons y WHERE y.template_id = x.id)) AS badCounts
      FROM coupons c JOIN coupon_templates t ON t.id = c.template_id LEFT JOIN purchases p ON p.coupon_id = c.id
      WHERE c.member_id LIKE 'mem_crowd_%'`);
    expect(c).toEqual({ badRedeemed: 0, usedButNot: 0, staleIssued: 0, earlyExpired: 0, badCounts: 0 });
  });

  it("seeding again, or twice at once, changes nothing", async () => {
    const counts = async () => {
      const out: Record<string, number> = {};
      for (const table of TABLES)
        out[table] = (await one<{ n: number }>(sql.raw(`SELECT count(*) AS n FROM ${table}`))).n;
      out.scoredAt = (await one<{ at: number }>(sql`SELECT max(computed_at) AS at FROM member_scores`)).at;
      return out;
    };
    const before = await counts();
    expect(before.members).toBeGreaterThan(2000);
    expect(await seedDemoHistory(t.app.deps)).toBe(false);
    await seedDemoData(t.app.deps);
    t.clock.advance(DAY);
    const twice = await Promise.all([seedDemoHistory(t.app.deps), seedDemoHistory(t.app.deps)]);
    expect(twice).toEqual([false, false]);
    expect(await counts()).toEqual(before);
  });
});

describe("demo history: when", () => {
  it("comes with the sandbox's own demo data, or with DEMO_HISTORY=true on top of demo data", () => {
    const history = (env: Record<string, string>) => loadConfig(env).demoHistory;
    expect(history({})).toBe(true);
    expect(history({ DEMO_DATA: "true" })).toBe(false);
    expect(history({ DEMO_DATA: "true", DEMO_HISTORY: "true" })).toBe(true);
    expect(history({ DEMO_HISTORY: "false" })).toBe(false);
    expect(history({ DEMO_DATA: "false", DEMO_HISTORY: "true" })).toBe(false);
    expect(
      history({ LINE_CHANNEL_ACCESS_TOKEN: "token", LINE_CHANNEL_SECRET: "secret", DEMO_HISTORY: "true" }),
    ).toBe(false);
  });
});
