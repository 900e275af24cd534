import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../../../test/harness";
import { makeLive } from "./crowd-live";
import { makeCrowd } from "./crowd-people";
import { Calendar, DAY, Rng } from "./crowd-rng";
import { SaleFactory } from "./crowd-sales";
import { seedDemoHistory } from "./history";

/**
 * The demo history's live sales, campaigns and what the console shows from them (segments, RFM,
 * the reports), read through the rows and the admin API; and two processes seeding at once.
 */
describe("demo history: live sales, campaigns, the console's views", () => {
  let t: TestApp;
  let now: number;
  const all = <T>(q: ReturnType<typeof sql>) => t.app.deps.db.all<T>(q);
  const one = async <T>(q: ReturnType<typeof sql>) => (await all<T>(q))[0] as T;
  const get = async <T>(path: string, init?: RequestInit): Promise<T> => {
    const res = await t.admin(path, init);
    expect(res.status, path).toBe(200);
    return (await res.json()) as T;
  };
  beforeAll(async () => {
    t = await startTestApp({ demo: true, env: { DEMO_HISTORY: "true" } });
    now = t.clock.now().getTime();
  }, 120_000);
  afterAll(() => t.close());

  it("has 6–8 closed past sales whose orders and lines agree with their variants' counters", async () => {
    const sales = await all<{ id: string; status: string; opened: number }>(sql`
      SELECT id, status, opened_at AS opened FROM live_sales WHERE id LIKE 'sal_crowd_%'`);
    expect(sales.length).toBeGreaterThanOrEqual(6);
    expect(sales.length).toBeLessThanOrEqual(8);
    expect(sales.every((s) => s.status === "closed" && s.opened < now)).toBe(true);
    const [draft] = await all<{ status: string }>(
      sql`SELECT status FROM live_sales WHERE id = 'sal_demo_friday'`,
    );
    expect(draft?.status).toBe("draft");
    const variants = await all<Record<string, number | string>>(sql`
      SELECT v.id, v.stock, v.reserved, v.waitlisted,
        coalesce((SELECT sum(l.qty) FROM live_lines l WHERE l.variant_id = v.id AND l.status = 'reserved'), 0) AS heldLines,
        coalesce((SELECT sum(l.qty) FROM live_lines l WHERE l.variant_id = v.id AND l.status = 'waitlisted'), 0) AS waitLines
      FROM live_variants v WHERE v.sale_id LIKE 'sal_crowd_%'`);
    for (const v of variants) {
      expect(v.reserved, String(v.id)).toBe(v.heldLines);
      expect(v.waitlisted, String(v.id)).toBe(v.waitLines);
      expect(v.reserved as number).toBeLessThanOrEqual(v.stock as number);
    }
    expect(variants.some((v) => v.reserved === v.stock)).toBe(true);
    const statuses = await all<{ status: string }>(
      sql`SELECT DISTINCT status FROM live_orders WHERE sale_id LIKE 'sal_crowd_%'`,
    );
    expect(statuses.map((s) => s.status).sort()).toEqual([
      "cancelled",
      "cart",
      "confirmed",
      "expired",
      "paid",
      "picked_up",
    ]);
    const o = await one<
      Record<
        | "n"
        | "badPurchase"
        | "strayPurchase"
        | "badTotal"
        | "heldByClosed"
        | "staleCart"
        | "members"
        | "strangers",
        number
      >
    >(sql`
      SELECT count(*) AS n,
        sum(o.status IN ('paid', 'picked_up') AND (p.id IS NULL OR p.channel <> 'live' OR p.amount <> o.subtotal OR p.paid <> o.total
          OR p.member_id IS NOT o.member_id OR p.attributed_staff_id IS NOT o.attributed_staff_id
          OR p.store_id <> coalesce(o.pickup_store_id, o.attributed_store_id, 'online'))) AS badPurchase,
        sum(o.status NOT IN ('paid', 'picked_up') AND p.id IS NOT NULL) AS strayPurchase,
        sum(o.status IN ('confirmed', 'paid', 'picked_up') AND o.subtotal <> coalesce((SELECT sum(l.qty * lp.price) FROM live_lines l
          JOIN live_products lp ON lp.id = l.product_id WHERE l.order_id = o.id AND l.status = 'reserved'), 0)) AS badTotal,
        sum(o.status IN ('cancelled', 'expired') AND EXISTS (SELECT 1 FROM live_lines l WHERE l.order_id = o.id
          AND l.status IN ('reserved', 'waitlisted'))) AS heldByClosed,
        sum(o.status = 'cart' AND o.expires_at <= ${now}) AS staleCart,
        sum(o.member_id IS NOT NULL) AS members, sum(o.member_id IS NULL) AS strangers
      FROM live_orders o LEFT JOIN purchases p ON p.source = 'live' AND p.external_id = o.id WHERE o.sale_id LIKE 'sal_crowd_%'`);
    expect(o).toMatchObject({ badPurchase: 0, strayPurchase: 0, badTotal: 0, heldByClosed: 0, staleCart: 0 });
    expect(o.members).toBeGreaterThan(o.strangers);
    expect(o.strangers).toBeGreaterThan(0);
    const items = await one<{ bad: number }>(sql`
      SELECT count(*) AS bad FROM purchases p WHERE p.source = 'live' AND p.id LIKE 'pur_crowd_%'
        AND p.amount <> (SELECT sum(i.quantity * i.price) FROM purchase_items i WHERE i.purchase_id = p.id AND i.sku LIKE 'live:%')`);
    expect(items.bad).toBe(0);
    const report = await get<{
      bySale: Array<{
        saleId: string;
        orders: number;
        units: number;
        revenue: number;
        conversionRate: number;
      }>;
    }>(`/api/reports/live?from=${new Date(now - 400 * DAY).toISOString().slice(0, 10)}&granularity=month`);
    const crowd = report.bySale.filter((s) => s.saleId.startsWith("sal_crowd_"));
    expect(crowd.length).toBe(sales.length);
    for (const s of crowd) {
      expect(s.orders).toBeGreaterThan(20);
      expect(s.units).toBeGreaterThan(0);
      expect(s.revenue).toBeGreaterThan(0);
      expect(s.conversionRate).toBeGreaterThan(0.2);
    }
  });

  it("has three sent campaigns whose holdout was never messaged, recipients buying a bit more", async () => {
    const broadcasts = await all<Record<string, number | string>>(sql`
      SELECT id, state, eligible, recipients, holdout, chunks, started_at AS started, plan_id AS plan,
        (SELECT count(*) FROM broadcast_members m WHERE m.broadcast_id = b.id AND m.role = 'holdout') AS holdoutRows,
        (SELECT count(*) FROM broadcast_members m WHERE m.broadcast_id = b.id AND m.role = 'holdout' AND (m.chunk IS NOT NULL OR m.planned_at IS NOT NULL)) AS holdoutChunked,
        (SELECT count(*) FROM broadcast_members m WHERE m.broadcast_id = b.id AND m.role = 'recipient' AND m.chunk IS NULL) AS recipientUnchunked,
        (SELECT count(*) FROM broadcast_chunks c WHERE c.broadcast_id = b.id) AS chunkRows,
        (SELECT count(*) FROM broadcast_chunks c JOIN outbox_messages o ON o.id = c.outbox_id
          WHERE c.broadcast_id = b.id AND o.state = 'sent' AND o.kind = 'multicast' AND o.topic = 'broadcast:' || b.id
            AND o.counted_recipients = c.size AND json_array_length(o.recipients) = c.size
            AND c.size = (SELECT count(*) FROM broadcast_members m WHERE m.broadcast_id = b.id AND m.chunk = c.chunk)) AS goodChunks,
        (SELECT count(*) FROM broadcast_members m JOIN outbox_messages o ON o.topic = 'broadcast:' || b.id
          JOIN json_each(o.recipients) r ON r.value = m.line_user_id
          WHERE m.broadcast_id = b.id AND m.role = 'holdout') AS holdoutMessaged
      FROM broadcasts b WHERE id LIKE 'brd_crowd_%' ORDER BY started_at`);
    expect(broadcasts).toHaveLength(3);
    for (const b of broadcasts) {
      expect(b.state).toBe("sent");
      expect((now - (b.started as number)) / DAY).toBeGreaterThanOrEqual(20);
      expect((now - (b.started as number)) / DAY).toBeLessThanOrEqual(90);
      expect(b.holdout).toBe(Math.round(((b.eligible as number) * 10) / 100));
      expect(b.holdoutRows).toBe(b.holdout);
      expect(b.recipients).toBe((b.eligible as number) - (b.holdout as number));
      expect(b).toMatchObject({ holdoutChunked: 0, recipientUnchunked: 0, holdoutMessaged: 0 });
      expect(b.chunkRows).toBe(b.chunks);
      expect(b.goodChunks).toBe(b.chunks);
      const results = await get<{
        recipients: { conversionRate: number; revenuePerMember: number };
        holdout: { conversionRate: number; members: number };
        uplift: { conversionRate: { difference: number } };
      }>(`/api/broadcasts/${b.id}/results`);
      expect(results.holdout.members).toBe(b.holdout);
      expect(results.uplift.conversionRate.difference).toBeGreaterThan(0);
      expect(results.uplift.conversionRate.difference).toBeLessThan(0.15);
    }
    const keys = await one<{ n: number; distinct: number; uuid: number }>(sql`
      SELECT count(*) AS n, count(DISTINCT retry_key) AS "distinct",
        sum(retry_key GLOB '[0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f]-*' AND length(retry_key) = 36) AS uuid
      FROM outbox_messages`);
    expect(keys.distinct).toBe(keys.n);
    expect(keys.uuid).toBe(keys.n);
  });

  it("shows message cost by feature: free replies and counted pushes", async () => {
    const report = await get<{ byFeature: Array<{ feature: string; free: number; counted: number }> }>(
      `/api/reports/messages?from=${new Date(now - 400 * DAY).toISOString().slice(0, 10)}&granularity=month`,
    );
    const by = new Map(report.byFeature.map((f) => [f.feature, f]));
    for (const f of ["broadcast", "binding", "loyalty", "inbox"])
      expect(by.get(f)?.counted, f).toBeGreaterThan(0);
    for (const f of ["keywords", "live"]) expect(by.get(f)?.free, f).toBeGreaterThan(0);
  });

  it("previews 金卡以上、近 90 天台北信義店消費、沒買過直播 as a non-empty segment", async () => {
    const [tpe] = await all<{ id: string }>(sql`SELECT id FROM stores WHERE code = 'TPE01'`);
    const rule = {
      all: [
        { field: "tier", op: "gte", value: "gold" },
        { field: "purchases", op: "gte", value: 1, days: 90, store: tpe?.id },
        { field: "liveOrders", op: "eq", value: 0 },
      ],
    };
    const preview = await get<{ count: number; sample: unknown[] }>("/api/segments/preview", {
      method: "POST",
      body: JSON.stringify({ rule }),
    });
    expect(preview.count).toBeGreaterThan(0);
    expect(preview.sample.length).toBeGreaterThan(0);
    const bought = await get<{ count: number }>("/api/segments/preview", {
      method: "POST",
      body: JSON.stringify({ rule: { all: [{ field: "bought", op: "has", value: "TEE-001", days: 90 }] } }),
    });
    expect(bought.count).toBeGreaterThan(50);
  });

  it("fills the RFM grid with interactions, tags from admin and keyword rules, chats and visits", async () => {
    const grid = await get<{ scored: number; groups: Array<{ code: string; size: number }> }>(
      "/api/marketing/rfm",
    );
    expect(grid.scored).toBeGreaterThan(1000);
    expect(grid.groups.filter((g) => g.size > 0).length).toBeGreaterThanOrEqual(9);
    const i = await one<{ n: number; touched: number }>(
      sql`SELECT count(*) AS n, sum(interactions > 0) AS touched FROM member_scores`,
    );
    expect(i.touched).toBeGreaterThan(i.n * 0.3);
    const tags = await all<{ tag: string; source: string; n: number }>(sql`
      SELECT tag, substr(source, 1, instr(source || ':', ':') - 1) AS source, count(*) AS n FROM member_tags GROUP BY 1, 2`);
    for (const tag of ["VIP", "新品控", "親子", "直播粉"])
      expect(
        tags.some((x) => x.tag === tag),
        tag,
      ).toBe(true);
    expect(new Set(tags.map((x) => x.source))).toEqual(new Set(["admin", "csv", "keyword"]));
    const c = await one<Record<"recentIn" | "waiting" | "visitors", number>>(sql`
      SELECT (SELECT count(*) FROM conversation_messages WHERE direction = 'in' AND created_at >= ${now - 90 * DAY}) AS recentIn,
        (SELECT count(*) FROM conversations WHERE status = 'waiting') AS waiting,
        (SELECT count(DISTINCT member_id) FROM member_visits WHERE at >= ${now - 90 * DAY}) AS visitors`);
    expect(c.recentIn).toBeGreaterThan(100);
    expect(c.waiting).toBe(0);
    expect(c.visitors).toBeGreaterThan(300);
  });
});

describe("demo history: two processes seeding at once", () => {
  it("writes it once", async () => {
    const t = await startTestApp({ demo: true });
    try {
      const db = t.app.deps.db;
      const count = async () =>
        (await db.all<{ n: number }>(sql`SELECT count(*) AS n FROM purchases`))[0]?.n ?? 0;
      const before = await count();
      const wrote = await Promise.all([seedDemoHistory(t.app.deps), seedDemoHistory(t.app.deps)]);
      expect(wrote.filter(Boolean)).toHaveLength(1);
      const after = await count();
      expect(after - before).toBeGreaterThan(5000);
      expect(await seedDemoHistory(t.app.deps)).toBe(false);
      expect(await count()).toBe(after);
    } finally {
      await t.close();
    }
  }, 120_000);
});

describe("demo history: whatever day the sandbox starts", () => {
  it("has every channel in each of the last 12 months and orders in every status", () => {
    const refs = {
      store: { TPE01: "sto_a", TXG01: "sto_b", KHH01: "sto_c" },
      staff: { S001: "stf_1", S002: "stf_2", S003: "stf_3", S004: "stf_4" },
    };
    for (const day of [
      "2027-01-01T00:30:00Z",
      "2027-03-15T09:00:00Z",
      "2027-06-30T15:59:00Z",
      "2027-11-11T04:00:00Z",
    ]) {
      const now = Date.parse(day);
      const rng = new Rng(20_261_111);
      const cal = new Calendar(now, "Asia/Taipei");
      const people = makeCrowd(rng, cal);
      const live = makeLive(rng, cal, people, refs);
      const factory = new SaleFactory(rng, cal);
      factory.addHistory(people);
      const sales = [...factory.sales, ...live.purchases];
      for (let k = 0; k < 12; k++) {
        const month = sales.filter((s) => s.at >= now - (k + 1) * 30 * DAY && s.at < now - k * 30 * DAY);
        for (const channel of ["store", "online", "live"] as const)
          expect(
            month.filter((s) => s.channel === channel).length,
            `${day}, ${k + 1} back, ${channel}`,
          ).toBeGreaterThan(5);
      }
      expect(new Set(live.tables.live_orders.map((o) => o.status)).size, day).toBe(6);
      expect(
        sales.every((s) => s.at < now && s.amount >= 300 && s.amount <= 6000),
        day,
      ).toBe(true);
    }
  });
});
