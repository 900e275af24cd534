/**
 * A seeded marketing world on a real libSQL file — stores, staff, members of every kind, tags,
 * purchases in every channel (some refunded), their items, live orders in every status, RFM
 * groups — and `snapshot`, its rows read back with plain selects for the oracles
 * (segment-oracle.ts, rfm-oracle.ts).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Db } from "../../db/client";
import { applyMigrations } from "../../db/migrate";
import { migrations } from "../../db/migrations/index.gen";
import {
  conversationMessages,
  conversations,
  liveBuyers,
  liveComments,
  liveOrders,
  liveSales,
  memberScores,
  members,
  memberTags,
  memberVisits,
  purchaseItems,
  purchases,
  staff,
  stores,
} from "../../db/schema";
import { rng } from "../../scripts/bench/rng";
import { openLibsql } from "../src/hosts/libsql";

const DAY = 86_400_000;

/** Seeded random choices (the benchmarks' mulberry32), so the world is the same on every run. */
export function prng(seed: number) {
  const next = rng(seed);
  const int = (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1));
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)] as T;
  return { next, int, pick, chance: (p: number) => next() < p };
}

export const TAGS = ["VIP", "新品控", "親子", "直播粉", "沉默"] as const;
export const SKUS = ["SKU-TEA", "SKU-MUG", "SKU-BAG", "live:lp_1"] as const;
export const GROUPS = ["champions", "loyal", "potential", "new", "at_risk", "lost"] as const;

export interface World {
  db: Db;
  now: Date;
  storeIds: string[];
  staffIds: string[];
  close(): void;
}

/** Opens a migrated temp database and fills it with `n` members' worth of history. */
export async function seedWorld(
  n = 80,
  seed = 7,
  now = new Date("2026-11-24T02:00:00.000Z"),
): Promise<World> {
  const dir = mkdtempSync(join(tmpdir(), "omo-mkt-"));
  const { client, db } = await openLibsql(`file:${join(dir, "omo.db")}`);
  await applyMigrations(db, migrations);
  const { storeIds, staffIds } = await seedMarketing(db, { n, seed, now });
  return {
    db,
    now,
    storeIds,
    staffIds,
    close: () => {
      client.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Fills a migrated database (an app's, say, started without demo data) with `n` members' worth
 * of history.
 */
export async function seedMarketing(db: Db, opts: { n: number; seed: number; now: Date }) {
  const { n, seed, now } = opts;
  const r = prng(seed);
  const t = now.getTime();
  const storeIds = ["sto_a", "sto_b", "sto_c"];
  await db.insert(stores).values(storeIds.map((id, i) => ({ id, code: `S${i}`, name: `門市${i}` })));
  const staffIds = ["stf_1", "stf_2", "stf_3", "stf_4"];
  await db
    .insert(staff)
    .values(
      staffIds.map((id, i) => ({ id, code: `E${i}`, name: `店員${i}`, storeId: storeIds[i % 3] ?? null })),
    );

  const memberRows = Array.from({ length: n }, (_, i) => {
    const id = `mem_${String(i).padStart(4, "0")}`;
    const bound = r.chance(0.7);
    return {
      id,
      lineUserId: `U${String(i).padStart(32, "0")}`,
      memberCode: `C${String(i).padStart(6, "0")}`,
      status: r.chance(0.8) ? ("member" as const) : ("guest" as const),
      friendship: r.pick(["friend", "friend", "friend", "blocked", "unknown"] as const),
      homeStoreId: bound ? r.pick(storeIds) : null,
      referrerStaffId: bound && r.chance(0.6) ? r.pick(staffIds) : null,
      source: r.pick(["organic", "store_qr", "staff_link", "liff"] as const),
      boundAt: bound ? new Date(t - r.int(0, 400) * DAY - r.int(0, DAY - 1)) : null,
      birthday: r.chance(0.7)
        ? `19${r.int(60, 99)}-${String(r.int(1, 12)).padStart(2, "0")}-${String(r.int(1, 28)).padStart(2, "0")}`
        : null,
      marketingOptOutAt: r.chance(0.15) ? new Date(t - r.int(1, 100) * DAY) : null,
      deletedAt: r.chance(0.05) ? new Date(t - DAY) : null,
      pointsBalance: r.int(-5, 3000),
      tier: r.pick(["regular", "regular", "gold", "platinum"] as const),
    };
  });
  await db.insert(members).values(memberRows);

  const tagRows = memberRows.flatMap((m) =>
    TAGS.filter(() => r.chance(0.3)).map((tag) => ({ memberId: m.id, tag, source: "admin", createdAt: now })),
  );
  if (tagRows.length) await db.insert(memberTags).values(tagRows);

  const purchaseRows: Array<typeof purchases.$inferInsert> = [];
  const itemRows: Array<typeof purchaseItems.$inferInsert> = [];
  for (const m of memberRows) {
    const count = r.chance(0.25) ? 0 : r.int(1, 8);
    for (let k = 0; k < count; k++) {
      const channel = r.pick(["store", "store", "online", "live"] as const);
      const paid = r.int(50, 4000);
      const id = `pur_${m.id}_${k}`;
      const at = new Date(t - r.int(0, 500) * DAY - r.int(0, DAY - 1));
      purchaseRows.push({
        id,
        source: channel === "store" ? "staff" : channel,
        externalId: id,
        memberId: m.id,
        channel,
        storeId:
          channel === "store"
            ? r.pick(storeIds)
            : channel === "live"
              ? r.pick([...storeIds, "online"])
              : "online",
        amount: paid,
        paid,
        refundedAmount: r.chance(0.1) ? r.int(0, paid) : 0,
        createdAt: at,
      });
      if (r.chance(0.6))
        itemRows.push({
          purchaseId: id,
          line: 0,
          memberId: m.id,
          sku: r.pick(SKUS),
          name: "item",
          quantity: 1,
          price: paid,
          createdAt: at,
        });
    }
  }
  // A few sales with no member (walk-ins) that no segment may count.
  purchaseRows.push({
    id: "pur_walkin",
    source: "staff",
    externalId: "w1",
    memberId: null,
    channel: "store",
    storeId: "sto_a",
    amount: 900,
    paid: 900,
    createdAt: now,
  });
  for (let i = 0; i < purchaseRows.length; i += 200)
    await db.insert(purchases).values(purchaseRows.slice(i, i + 200));
  for (let i = 0; i < itemRows.length; i += 200)
    await db.insert(purchaseItems).values(itemRows.slice(i, i + 200));

  await db.insert(liveSales).values({
    id: "sal_1",
    title: "直播",
    status: "closed",
    ingestKeyHash: "x",
    createdAt: new Date(t - 200 * DAY),
  });
  const orderRows: Array<typeof liveOrders.$inferInsert> = [];
  const buyerRows: Array<typeof liveBuyers.$inferInsert> = [];
  memberRows.forEach((m, i) => {
    if (!r.chance(0.35)) return;
    buyerRows.push({
      id: `lb_${i}`,
      platform: "line",
      externalUserId: m.lineUserId,
      lineUserId: m.lineUserId,
      createdAt: now,
    });
    orderRows.push({
      id: `ord_${i}`,
      saleId: "sal_1",
      buyerId: `lb_${i}`,
      memberId: m.id,
      status: r.pick(["cart", "confirmed", "paid", "picked_up", "cancelled", "expired"] as const),
      expiresAt: now,
      createdAt: new Date(t - r.int(0, 300) * DAY),
    });
  });
  if (buyerRows.length) await db.insert(liveBuyers).values(buyerRows);
  if (orderRows.length) await db.insert(liveOrders).values(orderRows);

  const scoreRows = memberRows
    .filter(() => r.chance(0.7))
    .map((m) => ({
      memberId: m.id,
      frequency: 1,
      monetary: 1,
      interactions: 0,
      r: 1,
      f: 1,
      m: 1,
      i: 1,
      rfmGroup: r.pick(GROUPS),
      recencyDays: 1,
      computedAt: now,
    }));
  if (scoreRows.length) await db.insert(memberScores).values(scoreRows);
  return { storeIds, staffIds };
}

/**
 * What RFM(+I) scores besides purchases, on a world seedMarketing filled (its own PRNG, so the
 * segment tests' world is unchanged): inbound and outbound chat messages, live comments by LINE
 * buyers and by a buyer of another platform, LIFF visit days — inside and outside the 90-day
 * window — and "twins": members with exactly the same purchases, so scores tie across quintile
 * boundaries on every axis.
 */
export async function seedInteractions(db: Db, opts: { n: number; seed: number; now: Date }) {
  const r = prng(opts.seed + 1000);
  const t = opts.now.getTime();
  const ms = await db.select().from(members);
  const convRows: Array<typeof conversations.$inferInsert> = [];
  const msgRows: Array<typeof conversationMessages.$inferInsert> = [];
  const visitRows: Array<typeof memberVisits.$inferInsert> = [];
  for (const m of ms) {
    if (r.chance(0.5)) {
      const id = `cnv_${m.id}`;
      convRows.push({ id, lineUserId: m.lineUserId, lastMessageAt: opts.now, createdAt: opts.now });
      for (let k = r.int(0, 6); k > 0; k--) {
        msgRows.push({
          id: `msg_${m.id}_${k}`,
          conversationId: id,
          direction: r.chance(0.7) ? "in" : "out",
          sender: "user",
          type: "text",
          text: "hi",
          payload: {},
          createdAt: new Date(t - r.int(0, 120) * DAY - r.int(0, DAY - 1)),
        });
      }
    }
    const days = new Set(Array.from({ length: r.int(0, 5) }, () => r.int(0, 130)));
    for (const d of days)
      visitRows.push({
        memberId: m.id,
        day: new Date(t - d * DAY).toISOString().slice(0, 10),
        at: new Date(t - d * DAY),
      });
  }
  const buyers = await db.select().from(liveBuyers);
  const commentRows: Array<typeof liveComments.$inferInsert> = [];
  const other = {
    id: "lb_fb",
    platform: "facebook",
    externalUserId: "fb-1",
    lineUserId: null,
    createdAt: opts.now,
  };
  await db.insert(liveBuyers).values(other);
  for (const b of [...buyers, other]) {
    for (let k = r.int(0, 4); k > 0; k--) {
      const at = new Date(t - r.int(0, 120) * DAY);
      commentRows.push({
        id: `lc_${b.id}_${k}`,
        saleId: "sal_1",
        platform: b.platform,
        commentId: `${b.id}-${k}`,
        buyerId: b.id,
        text: "A+1",
        kind: "order",
        origin: "api",
        seq: commentRows.length + 1,
        postedAt: at,
        receivedAt: at,
      });
    }
  }
  for (const [table, rows] of [
    [conversations, convRows],
    [conversationMessages, msgRows],
    [memberVisits, visitRows],
    [liveComments, commentRows],
  ] as const) {
    for (let i = 0; i < rows.length; i += 100) await db.insert(table).values(rows.slice(i, i + 100) as never);
  }
  // Twins: every fifth member who bought gets a twin's exact purchases (same times, amounts).
  const bought = await db.select().from(purchases);
  const byMember = new Map<string, typeof bought>();
  for (const p of bought) if (p.memberId) byMember.set(p.memberId, [...(byMember.get(p.memberId) ?? []), p]);
  const live = ms.filter((m) => m.deletedAt === null);
  const twins: Array<typeof purchases.$inferInsert> = [];
  for (let i = 0; i + 1 < live.length; i += 5) {
    const [a, b] = [live[i], live[i + 1]];
    if (!a || !b || !byMember.has(a.id) || byMember.has(b.id)) continue;
    for (const p of byMember.get(a.id) ?? [])
      twins.push({ ...p, id: `${p.id}_twin`, externalId: `${p.externalId}_twin`, memberId: b.id });
  }
  for (let i = 0; i < twins.length; i += 100) await db.insert(purchases).values(twins.slice(i, i + 100));
  // A crowd bigger than a quintile with the very same single purchase: a tie that must span a
  // tile boundary on R, F and M.
  const crowd = Math.ceil(opts.n / 4);
  const crowdMembers = Array.from({ length: crowd }, (_, i) => ({
    id: `mem_crowd_${String(i).padStart(3, "0")}`,
    lineUserId: `Ucrowd${String(i).padStart(27, "0")}`,
    memberCode: `K${String(i).padStart(6, "0")}`,
    source: "organic" as const,
  }));
  await db.insert(members).values(crowdMembers);
  const at = new Date(t - 30 * DAY);
  await db.insert(purchases).values(
    crowdMembers.map((m) => ({
      id: `pur_${m.id}`,
      source: "pos" as const,
      externalId: m.id,
      memberId: m.id,
      channel: "store" as const,
      storeId: "sto_b",
      amount: 800,
      paid: 800,
      createdAt: at,
    })),
  );
}

/** Everything the oracle needs, read back with plain selects. */
export async function snapshot(db: Db) {
  const [ms, ts, ps, is, os, ss] = await Promise.all([
    db.select().from(members),
    db.select().from(memberTags),
    db.select().from(purchases),
    db.select().from(purchaseItems),
    db.select().from(liveOrders),
    db.select().from(memberScores),
  ]);
  return { members: ms, tags: ts, purchases: ps, items: is, orders: os, scores: ss };
}
