/**
 * The marketing kit's world (marketing-kit.ts) made ready for the OMO reports and campaign
 * results: purchases credited to staff, binding scans (bound, kept and an earlier binding
 * elsewhere), a points ledger whose balances are its sums, coupons (some used by purchases), a
 * live sale with lines and totals, outbox rows of every feature, and a broadcast — plus the
 * calls and the CSV check the report tests share.
 */
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, expect } from "vitest";
import type { Db } from "../../db/client";
import {
  bindingScans,
  broadcasts,
  coupons,
  couponTemplates,
  liveBuyers,
  liveLines,
  liveOrders,
  liveProducts,
  liveSales,
  liveVariants,
  members,
  outboxMessages,
  pointEntries,
  stores,
} from "../../db/schema";
import { readCsv } from "../src/lib/csv";
import { startTestApp, type TestApp } from "./harness";
import { prng, seedMarketing } from "./marketing-kit";

const DAY = 86_400_000;

async function insertAll<T>(rows: T[], insert: (chunk: T[]) => Promise<unknown>) {
  for (let i = 0; i < rows.length; i += 100) await insert(rows.slice(i, i + 100));
}

/** seedMarketing, then everything the reports read besides; returns the broadcast's id. */
export async function seedOmo(db: Db, opts: { n: number; seed: number; now: Date }) {
  const world = await seedMarketing(db, opts);
  const r = prng(opts.seed + 2000);
  const t = opts.now.getTime();
  const ago = (maxDays: number) => new Date(t - r.int(0, maxDays) * DAY - r.int(0, DAY - 1));

  // Credit: a store sale to the first clerk of its store, online and live to the member's referrer.
  await db.run(sql`UPDATE purchases SET attributed_staff_id = CASE
    WHEN channel = 'store' THEN (SELECT s.id FROM staff s WHERE s.store_id = purchases.store_id ORDER BY s.id LIMIT 1)
    ELSE (SELECT m.referrer_staff_id FROM members m WHERE m.id = purchases.member_id) END`);

  const ms = await db.select().from(members);
  const scans: Array<typeof bindingScans.$inferInsert> = [];
  const entries: Array<typeof pointEntries.$inferInsert> = [];
  const issued: Array<typeof coupons.$inferInsert> = [];
  for (const m of ms) {
    const scan = (at: Date, storeId: string, staffId: string | null, result: "bound" | "kept") =>
      scans.push({
        id: `bsc_${m.id}_${scans.length}`,
        tokenId: `tok_${storeId}`,
        memberId: m.id,
        lineUserId: m.lineUserId,
        storeId,
        staffId,
        source: staffId ? "staff_link" : "store_qr",
        result,
        scannedAt: at,
      });
    if (m.boundAt && m.homeStoreId) {
      const at = m.boundAt.getTime();
      if (r.chance(0.2)) scan(new Date(at - r.int(200, 400) * DAY), r.pick(world.storeIds), null, "bound");
      scan(m.boundAt, m.homeStoreId, m.referrerStaffId, "bound");
      if (r.chance(0.3))
        scan(new Date(Math.min(t, at + r.int(1, 60) * DAY)), r.pick(world.storeIds), null, "kept");
    }
    let balance = 0;
    const entry = (kind: (typeof pointEntries.$inferInsert)["kind"], points: number) => {
      if (points === 0) return;
      balance += points;
      entries.push({
        id: `pte_${m.id}_${entries.length}`,
        memberId: m.id,
        kind,
        points,
        idempotencyKey: `seed:${m.id}:${entries.length}`,
        reason: kind,
        actor: "system",
        createdAt: ago(300),
      });
    };
    for (let k = r.int(0, 3); k > 0; k--) entry("earn", r.int(10, 500));
    if (balance > 0 && r.chance(0.5)) entry("redeem", -r.int(1, balance));
    if (balance > 0 && r.chance(0.3)) entry("expire", -r.int(1, balance));
    if (balance > 0 && r.chance(0.2)) entry("reverse", -r.int(1, balance));
    if (r.chance(0.1)) entry("adjust", r.int(-balance, 100));
    for (let k = r.int(0, 2); k > 0; k--) {
      const at = ago(200);
      const status = r.pick(["issued", "redeemed", "redeemed", "expired", "voided"] as const);
      issued.push({
        id: `cpn_${m.id}_${k}`,
        templateId: r.pick(["tpl_welcome", "tpl_vip"]),
        memberId: m.id,
        code: `CODE${m.id}${k}`,
        status,
        issueKey: `seed:${m.id}:${k}`,
        issuedAt: at,
        validFrom: at,
        expiresAt: new Date(at.getTime() + 30 * DAY),
        redeemedAt: status === "redeemed" ? new Date(at.getTime() + r.int(0, 20) * DAY) : null,
      });
    }
  }
  await insertAll(scans, (c) => db.insert(bindingScans).values(c));
  await insertAll(entries, (c) => db.insert(pointEntries).values(c));
  await db.run(
    sql`UPDATE members SET points_balance = (SELECT coalesce(sum(e.points), 0) FROM point_entries e WHERE e.member_id = members.id)`,
  );
  await db.insert(couponTemplates).values([
    { id: "tpl_welcome", name: "新會員 100 元", kind: "amount", value: 100, createdAt: opts.now },
    { id: "tpl_vip", name: "VIP 9 折", kind: "percent", value: 10, createdAt: opts.now },
    { id: "tpl_unused", name: "沒人領", kind: "amount", value: 50, createdAt: opts.now },
  ]);
  await insertAll(issued, (c) => db.insert(coupons).values(c));
  // A redeemed coupon was used by its member's latest purchase before it (when there is one).
  await db.run(sql`UPDATE purchases SET coupon_id = (SELECT c.id FROM coupons c WHERE c.member_id = purchases.member_id
    AND c.status = 'redeemed' ORDER BY c.id LIMIT 1)
    WHERE id IN (SELECT (SELECT p.id FROM purchases p WHERE p.member_id = c.member_id ORDER BY p.created_at DESC LIMIT 1)
      FROM coupons c WHERE c.status = 'redeemed')`);

  await seedLiveSale(db, r, opts.now, ms.slice(0, 30));
  const brd = await seedOutbox(db, r, opts.now);
  return { ...world, broadcastId: brd };
}

async function seedLiveSale(
  db: Db,
  r: ReturnType<typeof prng>,
  now: Date,
  buyers: Array<{ id: string; lineUserId: string }>,
) {
  const t = now.getTime();
  await db.insert(liveSales).values({
    id: "sal_2",
    title: "冬季新品直播",
    status: "closed",
    ingestKeyHash: "y",
    createdAt: new Date(t - 20 * DAY),
  });
  await db
    .insert(liveProducts)
    .values({ id: "lp_2", saleId: "sal_2", code: "A", codeKey: "a", name: "圍巾", price: 390, position: 0 });
  await db
    .insert(liveVariants)
    .values({ id: "lv_2", saleId: "sal_2", productId: "lp_2", stock: 1000, position: 0 });
  const statuses = ["cart", "confirmed", "paid", "picked_up", "cancelled", "expired"] as const;
  const orders: Array<typeof liveOrders.$inferInsert> = [];
  const lines: Array<typeof liveLines.$inferInsert> = [];
  buyers.forEach((m, i) => {
    const status = r.pick(statuses);
    const qty = r.int(1, 3);
    const at = new Date(t - r.int(5, 20) * DAY - r.int(0, DAY - 1));
    const empty = status === "cart" && r.chance(0.3);
    const holds = ["cart", "confirmed", "paid", "picked_up"].includes(status);
    orders.push({
      id: `ord_s2_${i}`,
      saleId: "sal_2",
      buyerId: `lb_s2_${i}`,
      memberId: m.id,
      attributedStoreId: r.pick(["sto_a", "sto_b"]),
      status,
      subtotal: empty ? 0 : qty * 390,
      total: empty ? 0 : qty * 390 - (r.chance(0.3) ? 50 : 0),
      expiresAt: now,
      createdAt: at,
    });
    if (!empty)
      lines.push({
        id: `ll_s2_${i}`,
        saleId: "sal_2",
        orderId: `ord_s2_${i}`,
        commentRowId: `lc_s2_${i}`,
        productId: "lp_2",
        variantId: "lv_2",
        decision: "reserved",
        status: holds ? "reserved" : status === "cancelled" ? "cancelled" : "expired",
        requested: qty,
        qty: holds ? qty : 0,
        seq: i + 1,
        createdAt: at,
      });
  });
  await db.insert(liveBuyers).values(
    buyers.map((m, i) => ({
      id: `lb_s2_${i}`,
      platform: "line",
      externalUserId: `s2-${m.lineUserId}`,
      createdAt: now,
    })),
  );
  await insertAll(orders, (c) => db.insert(liveOrders).values(c));
  await insertAll(lines, (c) => db.insert(liveLines).values(c));
}

async function seedOutbox(db: Db, r: ReturnType<typeof prng>, now: Date): Promise<string> {
  const t = now.getTime();
  await db.insert(broadcasts).values({
    id: "brd_seed",
    name: "雙 11 會員日",
    state: "sent",
    rule: { field: "following", op: "eq", value: true },
    messages: [],
    holdoutPercent: 10,
    attributionDays: 7,
    eligible: 0,
    recipients: 0,
    holdout: 0,
    startedAt: new Date(t - 14 * DAY),
  });
  const topics = [
    "keywords",
    "acknowledge",
    "inbox:agent",
    "live:sal_2",
    "live:sal_2:dm",
    "loyalty:expiry",
    "broadcast:brd_seed",
    "binding",
  ];
  const rows: Array<typeof outboxMessages.$inferInsert> = Array.from({ length: 300 }, (_, i) => {
    const topic = r.pick(topics);
    const as = topic.startsWith("broadcast") ? "multicast" : r.chance(0.6) ? "reply" : "push";
    const state = r.chance(0.9) ? ("sent" as const) : ("failed" as const);
    const at = new Date(t - r.int(0, 60) * DAY - r.int(0, DAY - 1));
    return {
      id: `obx_seed_${i}`,
      kind: as,
      recipients: [],
      messages: [],
      retryKey: `rk_${i}`,
      retryKeyIssuedAt: at,
      state,
      nextAttemptAt: at,
      deliveredAs: state === "sent" ? as : null,
      countedRecipients: state === "sent" && as !== "reply" ? (as === "multicast" ? r.int(50, 500) : 1) : 0,
      topic,
      createdAt: at,
      sentAt: state === "sent" ? at : null,
    };
  });
  await insertAll(rows, (c) => db.insert(outboxMessages).values(c));
  return "brd_seed";
}

/** A store of its own with one member at home there (`sto_<key>`, `mem_<key>`): rows a report shows alone. */
export async function storeWithMember(
  db: Db,
  key: string,
  name: string,
  member: Partial<typeof members.$inferInsert> = {},
) {
  await db.insert(stores).values({ id: `sto_${key}`, code: key.toUpperCase(), name });
  await db.insert(members).values({
    id: `mem_${key}`,
    lineUserId: `U${key}`,
    memberCode: `${key.toUpperCase()}0001`,
    source: "organic",
    homeStoreId: `sto_${key}`,
    ...member,
  });
}

export const sum = (xs: number[]) => xs.reduce((a, x) => a + x, 0);

/** GET a report (JSON, 200 expected) and its CSV twin with the same query. */
export async function reportPair<T>(t: TestApp, path: string, query: Record<string, string>) {
  const qs = new URLSearchParams(query).toString();
  const res = await t.admin(`${path}?${qs}`);
  expect(res.status, await res.clone().text()).toBe(200);
  const csv = await t.admin(`${path}.csv?${qs}`);
  expect(csv.status).toBe(200);
  expect(csv.headers.get("content-type")).toMatch(/^text\/csv/);
  return { json: (await res.json()) as T, csv: await csv.text() };
}

const at = (value: unknown, path: string): unknown =>
  path
    .split(".")
    .reduce<unknown>(
      (v, k) => (v !== null && typeof v === "object" ? (v as Record<string, unknown>)[k] : undefined),
      value,
    );
/** What the CSV says for a JSON value: nothing for a missing one or an object (its fields have columns). */
const cell = (v: unknown) =>
  v === null || v === undefined || typeof v === "object"
    ? ""
    : typeof v === "boolean"
      ? v
        ? "yes"
        : "no"
      : String(v);

/**
 * The CSV's rows of `section` are `rows`, in order: every column (but `section`) says what the
 * JSON row has at that dotted path (empty where it has nothing), and each number of the row has
 * its column.
 */
export function expectSection(csv: string, section: string, rows: readonly object[]) {
  const [header = [], ...body] = readCsv(csv);
  const mine = body.filter((r) => r[0] === section);
  expect(mine.length, `rows of ${section}`).toBe(rows.length);
  rows.forEach((row, i) => {
    header.forEach((h, j) => {
      if (j > 0) expect(mine[i]?.[j] ?? "", `${section}[${i}].${h}`).toBe(cell(at(row, h)));
    });
    for (const [k, v] of Object.entries(row)) if (typeof v === "number") expect(header).toContain(k);
  });
}

/**
 * The CSV twin says what the JSON says: each top-level field but `range` is a section (an object
 * one row, an array a row an item), and each `series` of the items named in `labelled` follows as
 * `<field>.series`, its rows carrying those labels of their item. Nothing else is in the file
 * (a section with no rows has none).
 */
export function expectCsvTwin(csv: string, json: object, labelled: Record<string, string[]> = {}) {
  const sections: string[] = [];
  for (const [field, value] of Object.entries(json)) {
    if (field === "range") continue;
    const items = (Array.isArray(value) ? value : [value]) as Array<Record<string, unknown>>;
    if (items.length > 0) sections.push(field);
    expectSection(
      csv,
      field,
      items.map(({ series: _, ...item }) => item),
    );
    const labels = labelled[field];
    if (!labels) continue;
    if (items.some((item) => (item.series as object[]).length > 0)) sections.push(`${field}.series`);
    expectSection(
      csv,
      `${field}.series`,
      items.flatMap((item) =>
        (item.series as object[]).map((p) => ({
          ...Object.fromEntries(labels.map((l) => [l, item[l]])),
          ...p,
        })),
      ),
    );
  }
  expect([
    ...new Set(
      readCsv(csv)
        .slice(1)
        .map((r) => r[0]),
    ),
  ]).toEqual(sections);
}

/** A test app on a migrated database, seeded by seedOmo before the file's tests (closed after). */
export function omoApp(opts: { n: number; seed: number }): () => TestApp {
  let t: TestApp | undefined;
  beforeAll(async () => {
    t = await startTestApp();
    await seedOmo(t.app.deps.db, { ...opts, now: t.clock.now() });
  });
  afterAll(() => t?.close());
  return () => t as TestApp;
}
