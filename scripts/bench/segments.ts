/**
 * `npm run bench -- segments`: segments on the embedded libSQL file at scale — 100,000 members
 * with 1,000,000 purchases over 12 months in three channels and eight stores, a fifth of members
 * tagged VIP. Times (median of 7 after a warm-up) the count of the 3-condition segment
 * "tag VIP + spend ≥ NT$3,000 in 90 days + home store S01", materialising all its member ids,
 * and the same count through the HTTP API's evaluation path is the same function. Checks the
 * count against a plain SQL written by hand (joins and GROUP BY, no rule compiler).
 * Sizes: BENCH_SEGMENT_MEMBERS, BENCH_SEGMENT_PURCHASES.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "drizzle-orm";
import { applyMigrations } from "../../db/migrate";
import { migrations } from "../../db/migrations/index.gen";
import { recomputeRfm } from "../../worker/src/features/marketing";
import { parseRule } from "../../worker/src/features/marketing/rule";
import { countRule, pageRule } from "../../worker/src/features/marketing/segments";
import { openLibsql } from "../../worker/src/hosts/libsql";

const MEMBERS = Number(process.env.BENCH_SEGMENT_MEMBERS ?? 100_000);
const PURCHASES = Number(process.env.BENCH_SEGMENT_PURCHASES ?? 1_000_000);
const STORES = 8;
const DAY = 86_400_000;
const NOW = Date.UTC(2026, 11, 1, 4);
const RUNS = 7;

export interface SegmentBenchResult {
  members: number;
  purchases: number;
  seedSeconds: number;
  count: number;
  countMs: { median: number; min: number; max: number };
  materialiseMs: number;
  referenceMs: number;
  /** The same spend condition alone: every member's 90 days summed (the worst case). */
  broad: { count: number; ms: number };
  /** RFM(+I) for everyone: the recompute batch, end to end. */
  rfm: { scored: number; ms: number[] };
  checks: string[];
  failures: string[];
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

/** Fills a migrated database with the world above, in SQL (recursive CTEs), in a few seconds. */
export async function seedScale(
  db: Awaited<ReturnType<typeof openLibsql>>["db"],
  members = MEMBERS,
  purchases = PURCHASES,
) {
  await db.run(
    sql.raw(`WITH RECURSIVE s(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM s WHERE i < ${STORES - 1})
    INSERT INTO stores (id, code, name) SELECT printf('sto_%02d', i), printf('S%02d', i), printf('門市 %d', i) FROM s`),
  );
  await db.run(
    sql.raw(`WITH RECURSIVE s(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM s WHERE i < ${STORES * 3 - 1})
    INSERT INTO staff (id, store_id, code, name) SELECT printf('stf_%03d', i), printf('sto_%02d', i % ${STORES}), printf('E%03d', i), printf('店員 %d', i) FROM s`),
  );
  // Deterministic spread: multiplicative hashes of the row number stand in for random choices.
  await db.run(
    sql.raw(`WITH RECURSIVE s(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM s WHERE i < ${members - 1})
    INSERT INTO members (id, line_user_id, member_code, status, friendship, home_store_id, referrer_staff_id, source, bound_at, points_balance, tier, birthday)
    SELECT printf('mem_%07d', i), printf('U%032d', i), printf('M%09d', i),
      CASE WHEN (i * 7919) % 10 < 8 THEN 'member' ELSE 'guest' END,
      CASE WHEN (i * 104729) % 20 = 0 THEN 'blocked' ELSE 'friend' END,
      printf('sto_%02d', (i * 31) % ${STORES}),
      CASE WHEN (i * 13) % 3 = 0 THEN printf('stf_%03d', (i * 17) % ${STORES * 3}) END,
      CASE (i * 11) % 4 WHEN 0 THEN 'organic' WHEN 1 THEN 'store_qr' WHEN 2 THEN 'staff_link' ELSE 'liff' END,
      ${NOW} - ((i * 2654435761) % 400) * ${DAY},
      (i * 37) % 5000,
      CASE WHEN (i * 7) % 10 < 6 THEN 'regular' WHEN (i * 7) % 10 < 9 THEN 'gold' ELSE 'platinum' END,
      printf('19%02d-%02d-15', 60 + (i % 40), 1 + (i % 12))
    FROM s`),
  );
  await db.run(
    sql.raw(`INSERT INTO member_tags (member_id, tag, source, created_at)
    SELECT id, 'VIP', 'admin', ${NOW} FROM members WHERE (CAST(substr(id, 5) AS INTEGER) * 48271) % 5 = 0`),
  );
  await db.run(
    sql.raw(`INSERT INTO member_tags (member_id, tag, source, created_at)
    SELECT id, '新品控', 'admin', ${NOW} FROM members WHERE (CAST(substr(id, 5) AS INTEGER) * 69621) % 7 = 0`),
  );
  await db.run(
    sql.raw(`WITH RECURSIVE s(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM s WHERE i < ${purchases - 1})
    INSERT INTO purchases (id, source, external_id, member_id, channel, store_id, amount, paid, refunded_amount, created_at)
    SELECT printf('pur_%08d', i),
      CASE (i * 3) % 5 WHEN 0 THEN 'online' WHEN 1 THEN 'live' ELSE 'staff' END,
      printf('x%08d', i),
      printf('mem_%07d', (i * 2246822519) % ${members}),
      CASE (i * 3) % 5 WHEN 0 THEN 'online' WHEN 1 THEN 'live' ELSE 'store' END,
      CASE (i * 3) % 5 WHEN 0 THEN 'online' ELSE printf('sto_%02d', (i * 5) % ${STORES}) END,
      100 + (i * 97) % 3900, 100 + (i * 97) % 3900,
      CASE WHEN i % 50 = 0 THEN 50 ELSE 0 END,
      ${NOW} - ((i * 40503) % (365 * 24)) * 3600000
    FROM s`),
  );
  await db.run(sql.raw("ANALYZE"));
}

export async function benchSegments(): Promise<SegmentBenchResult> {
  const dir = mkdtempSync(join(tmpdir(), "omo-bench-seg-"));
  const { client, db } = await openLibsql(`file:${join(dir, "omo.db")}`);
  const checks: string[] = [];
  const failures: string[] = [];
  try {
    await applyMigrations(db, migrations);
    const t0 = performance.now();
    await seedScale(db);
    const seedSeconds = (performance.now() - t0) / 1000;

    const rule = parseRule({
      all: [
        { field: "tag", op: "has", value: "VIP" },
        { field: "spend", op: "gte", value: 3000, days: 90 },
        { field: "homeStore", op: "eq", value: "sto_01" },
      ],
    });
    const now = new Date(NOW);
    await countRule(db, rule, now); // warm-up: pages in the indexes
    const times: number[] = [];
    let count = 0;
    for (let i = 0; i < RUNS; i++) {
      const s = performance.now();
      count = await countRule(db, rule, now);
      times.push(performance.now() - s);
    }
    const m0 = performance.now();
    let listed = 0;
    let after: string | undefined;
    do {
      const page = await pageRule(db, rule, now, { limit: 5000, ...(after ? { after } : {}) });
      listed += page.members.length;
      after = page.nextCursor ?? undefined;
    } while (after);
    const materialiseMs = performance.now() - m0;

    const broadRule = parseRule({ field: "spend", op: "gte", value: 3000, days: 90 });
    const b0 = performance.now();
    const broadCount = await countRule(db, broadRule, now);
    const broad = { count: broadCount, ms: performance.now() - b0 };

    const rfmMs: number[] = [];
    let scored = 0;
    for (let i = 0; i < 3; i++) {
      const s = performance.now();
      scored = (await recomputeRfm({ db, clock: { now: () => now } })).scored;
      rfmMs.push(performance.now() - s);
    }
    const [buyers] = await db.all<{ n: number }>(
      sql.raw(`SELECT count(DISTINCT p.member_id) AS n FROM purchases p JOIN members m ON m.id = p.member_id
        WHERE m.deleted_at IS NULL AND p.created_at >= ${NOW - 365 * DAY}`),
    );
    (buyers?.n === scored ? checks : failures).push(
      `RFM scored ${scored} members = those who bought in 365 days (${buyers?.n})`,
    );

    const r0 = performance.now();
    const [ref] = await db.all<{ n: number }>(
      sql.raw(`SELECT count(*) AS n FROM members m
        JOIN member_tags t ON t.member_id = m.id AND t.tag = 'VIP'
        JOIN (SELECT member_id, SUM(paid - refunded_amount) AS net FROM purchases
              WHERE created_at >= ${NOW - 90 * DAY} GROUP BY member_id) p ON p.member_id = m.id
        WHERE m.deleted_at IS NULL AND m.home_store_id = 'sto_01' AND p.net >= 3000`),
    );
    const referenceMs = performance.now() - r0;
    (ref?.n === count ? checks : failures).push(`count ${count} = hand-written SQL's ${ref?.n}`);
    (listed === count ? checks : failures).push(`materialised ${listed} members = the count`);
    return {
      members: MEMBERS,
      purchases: PURCHASES,
      seedSeconds,
      count,
      countMs: { median: median(times), min: Math.min(...times), max: Math.max(...times) },
      materialiseMs,
      referenceMs,
      broad,
      rfm: { scored, ms: rfmMs },
      checks,
      failures,
    };
  } finally {
    client.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

export function printSegments(r: SegmentBenchResult): void {
  const cpu = cpus()[0]?.model ?? "unknown CPU";
  console.log(`\nSegments — embedded libSQL file, ${cpus().length} cores (${cpu})`);
  console.log(
    `  ${r.members.toLocaleString("en-US")} members, ${r.purchases.toLocaleString("en-US")} purchases (seeded in ${r.seedSeconds.toFixed(1)} s)`,
  );
  console.log(
    `  count "VIP + spend ≥ 3,000 in 90 days + store S01" → ${r.count.toLocaleString("en-US")}: median ${r.countMs.median.toFixed(0)} ms (min ${r.countMs.min.toFixed(0)}, max ${r.countMs.max.toFixed(0)}; goal < 300 ms); hand-written SQL ${r.referenceMs.toFixed(0)} ms (ratio ${(r.countMs.median / r.referenceMs).toFixed(2)})`,
  );
  console.log(`  materialise all its members (pages of 5,000): ${r.materialiseMs.toFixed(0)} ms`);
  console.log(
    `  the spend condition alone (every member's 90 days summed) → ${r.broad.count.toLocaleString("en-US")}: ${r.broad.ms.toFixed(0)} ms`,
  );
  console.log(
    `  RFM(+I) for everyone (${r.rfm.scored.toLocaleString("en-US")} scored): ${r.rfm.ms.map((m) => (m / 1000).toFixed(2)).join(" s, ")} s (3 runs; goal < 5 s)`,
  );
  for (const c of r.checks) console.log(`  ✓ ${c}`);
  for (const f of r.failures) console.log(`  ✗ ${f}`);
  if (r.failures.length > 0) process.exitCode = 1;
}
