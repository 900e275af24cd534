/**
 * `npm run bench -- live`: a "+1" burst through the comment ingestion API on the Node host with
 * its libSQL file. 20,000 comments from 5,000 viewers over 50 products (10 with colour/size
 * variants) with limited stock, posted as 20 batches of 1,000 by 2 concurrent relays, with
 * repeated comment ids (relay retries), cancels, questions and chatter mixed in.
 * Reports comments/s, time until every comment is committed, and p50/p99 comment→result
 * (from the moment a comment's batch is posted until its result — the confirmation the relay
 * posts back — is returned, i.e. committed). Then verifies: no unit oversold, every comment has
 * exactly one outcome, and the tally equals the lines in the database.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "drizzle-orm";
import { openLibsql } from "../../worker/src/hosts/libsql";
import { startLineStub } from "./line-stub";
import { rng } from "./rng";
import { start } from "./webhook";

const ADMIN = "bench-admin-token-0123456789";
const COMMENTS = Number(process.env.BENCH_LIVE_COMMENTS ?? 20_000);
const VIEWERS = 5_000;
const PRODUCTS = 50;
const BATCH = 1_000;
const RELAYS = 2;

const COLOURS = ["紅", "黑", "白"];
const SIZES = ["M", "L"];

function catalogue() {
  return Array.from({ length: PRODUCTS }, (_, i) => {
    const code = `${String.fromCharCode(65 + (i % 26))}${String(Math.floor(i / 26) + 1).padStart(2, "0")}`;
    const variants =
      i % 5 === 0
        ? COLOURS.flatMap((c) => SIZES.map((s) => ({ name: `${c} ${s}`, stock: 8 + (i % 7) })))
        : undefined;
    return {
      code,
      name: `商品 ${code}`,
      price: 100 + i * 10,
      stock: 40 + (i % 9) * 10,
      perBuyerLimit: 3,
      ...(variants ? { variants } : {}),
    };
  });
}

type Product = ReturnType<typeof catalogue>[number];

function comments(products: Product[]) {
  const rand = rng(20261130);
  const pick = <T>(xs: T[]) => xs[Math.floor(rand() * xs.length)] as T;
  const out: Array<{
    platform: string;
    commentId: string;
    userId: string;
    userName: string;
    text: string;
    postedAt: number;
  }> = [];
  const t0 = Date.UTC(2026, 10, 30, 12);
  let retries = 0;
  for (let i = 0; out.length < COMMENTS; i++) {
    const viewer = Math.floor(rand() * VIEWERS);
    const p = pick(products);
    const r = rand();
    let text: string;
    if (r < 0.6) {
      const v = p.variants ? ` ${pick(p.variants).name}` : "";
      text =
        pick([
          `${p.code}+1`,
          `${p.code.toLowerCase()}+1`,
          `+1 ${p.code}`,
          `${p.code}＋２`,
          `我要${p.code}+1謝謝`,
        ]) + v;
    } else if (r < 0.68) text = pick(["+1", "＋1", "加一"]);
    else if (r < 0.72) text = `${p.code}-1`;
    else if (r < 0.78) text = `${p.code}+1 ${pick(products).code}+1`;
    else if (r < 0.84) text = pick([`${p.code}還有嗎`, "+1是什麼", "1+1=2"]);
    else text = pick(["好漂亮", "主播好美", "😍😍", "請問運費多少", "已分享"]);
    const c = {
      platform: "facebook",
      commentId: `fb_${i}`,
      userId: `fbu_${viewer}`,
      userName: `觀眾${viewer}`,
      text,
      postedAt: t0 + i * 3,
    };
    out.push(c);
    // 2% are a relay retrying a comment it already sent.
    if (rand() < 0.02 && out.length < COMMENTS) {
      out.push({ ...c });
      retries++;
    }
  }
  return { comments: out, retries };
}

export interface LiveBenchResult {
  comments: number;
  seconds: number;
  perSecond: number;
  p50: number;
  p99: number;
  outcomes: Record<string, number>;
  checks: string[];
  failures: string[];
}

export async function benchLive(): Promise<LiveBenchResult> {
  const stub = await startLineStub();
  const dir = mkdtempSync(join(tmpdir(), "omo-bench-live-"));
  const dbUrl = `file:${join(dir, "live.db")}`;
  const server = await start("./servers/omo.ts", {
    LINE_CHANNEL_SECRET: "bench-channel-secret-0123456789abcdef",
    LINE_CHANNEL_ACCESS_TOKEN: "bench-access-token",
    LINE_API_BASE_URL: stub.url,
    DATABASE_URL: dbUrl,
    DEMO_DATA: "false",
    ADMIN_TOKEN: ADMIN,
  });
  const headers = { authorization: `Bearer ${ADMIN}`, "content-type": "application/json" };
  try {
    const products = catalogue();
    const created = await fetch(`${server.url}/api/lives`, {
      method: "POST",
      headers,
      body: JSON.stringify({ title: "Bench burst", featuredCode: products[1]?.code, products }),
    });
    if (created.status !== 201) throw new Error(`create sale: ${created.status} ${await created.text()}`);
    const sale = (await created.json()) as { id: string; ingestKey: string };
    await fetch(`${server.url}/api/lives/${sale.id}/open`, { method: "POST", headers });
    const { comments: all, retries } = comments(products);
    const batches: (typeof all)[] = [];
    for (let i = 0; i < all.length; i += BATCH) batches.push(all.slice(i, i + BATCH));

    const ingest = { authorization: `Bearer ${sale.ingestKey}`, "content-type": "application/json" };
    const latencies: number[] = [];
    const results: Array<{ commentId: string; outcome: string }> = [];
    let next = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: RELAYS }, async () => {
        while (next < batches.length) {
          const batch = batches[next++] as typeof all;
          const sent = performance.now();
          const res = await fetch(`${server.url}/api/lives/${sale.id}/comments`, {
            method: "POST",
            headers: ingest,
            body: JSON.stringify({ comments: batch }),
          });
          if (res.status !== 200) throw new Error(`comments: ${res.status} ${await res.text()}`);
          const body = (await res.json()) as { results: Array<{ commentId: string; outcome: string }> };
          const ms = performance.now() - sent;
          for (let k = 0; k < batch.length; k++) latencies.push(ms);
          if (body.results.length !== batch.length) throw new Error("a batch lost results");
          results.push(...body.results);
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    latencies.sort((a, b) => a - b);
    const pct = (p: number) =>
      latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? 0;

    const outcomes: Record<string, number> = {};
    for (const r of results) outcomes[r.outcome] = (outcomes[r.outcome] ?? 0) + 1;
    const tally = (await (await fetch(`${server.url}/api/lives/${sale.id}/tally`)).json()) as {
      products: Array<{
        code: string;
        variant?: string;
        stock: number;
        ordered: number;
        remaining: number;
        waitlisted: number;
      }>;
    };
    server.child.kill();
    await new Promise((r) => server.child.once("exit", r));

    // Verify against the database file itself.
    const { client, db } = await openLibsql(dbUrl);
    const checks: string[] = [];
    const failures: string[] = [];
    const check = (ok: boolean, text: string) => (ok ? checks : failures).push(text);
    const oversold = tally.products.filter((p) => p.ordered > p.stock || p.remaining < 0);
    check(oversold.length === 0, `no unit oversold (${tally.products.length} units)`);
    check(results.length === all.length, `one result per comment (${results.length}/${all.length})`);
    check(
      (outcomes.duplicate ?? 0) === retries,
      `repeated comment ids are duplicates (${outcomes.duplicate ?? 0} = ${retries} retries)`,
    );
    const [stored] = await db.all<{ n: number }>(
      sql`SELECT count(*) AS n FROM live_comments WHERE sale_id = ${sale.id}`,
    );
    check(Number(stored?.n) === all.length - retries, `each comment stored once (${stored?.n})`);
    const drift = await db.all<{ id: string }>(sql`
      SELECT v.id FROM live_variants v
      WHERE v.sale_id = ${sale.id} AND (
        v.reserved <> (SELECT coalesce(sum(qty), 0) FROM live_lines l WHERE l.variant_id = v.id AND l.status = 'reserved') OR
        v.waitlisted <> (SELECT coalesce(sum(qty), 0) FROM live_lines l WHERE l.variant_id = v.id AND l.status = 'waitlisted'))`);
    check(drift.length === 0, "tally counters equal the sums of the order lines");
    const ordered = tally.products.reduce((s, p) => s + p.ordered, 0);
    const [held] = await db.all<{ n: number }>(
      sql`SELECT coalesce(sum(qty), 0) AS n FROM live_lines WHERE sale_id = ${sale.id} AND status = 'reserved'`,
    );
    check(Number(held?.n) === ordered, `units ordered reconcile: tally ${ordered} = lines ${held?.n}`);
    const [overLimit] = await db.all<{ n: number }>(sql`
      SELECT count(*) AS n FROM (SELECT l.order_id, l.product_id, sum(l.qty) AS q FROM live_lines l
        JOIN live_products p ON p.id = l.product_id
        WHERE l.sale_id = ${sale.id} AND l.status IN ('reserved', 'waitlisted')
        GROUP BY l.order_id, l.product_id HAVING q > max(p.per_buyer_limit))`);
    check(Number(overLimit?.n) === 0, "no buyer over a per-buyer limit");
    client.close();
    return {
      comments: all.length,
      seconds,
      perSecond: all.length / seconds,
      p50: pct(0.5),
      p99: pct(0.99),
      outcomes,
      checks,
      failures,
    };
  } finally {
    server.child.kill();
    await stub.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

export function printLive(r: LiveBenchResult): void {
  const cpu = cpus()[0]?.model ?? "unknown CPU";
  console.log(
    `\n+1 burst through POST /api/lives/{id}/comments — Node host, libSQL file, ${cpus().length} cores (${cpu})`,
  );
  console.log(
    `  ${r.comments} comments, ${VIEWERS} viewers, ${PRODUCTS} products, batches of ${BATCH} from ${RELAYS} relays`,
  );
  console.log(
    `  all committed in ${r.seconds.toFixed(2)} s — ${Math.round(r.perSecond).toLocaleString("en-US")} comments/s (goal ≤ 5 s)`,
  );
  console.log(`  comment→result: p50 ${r.p50.toFixed(0)} ms, p99 ${r.p99.toFixed(0)} ms`);
  console.log(
    `  outcomes: ${Object.entries(r.outcomes)
      .map(([k, v]) => `${k} ${v}`)
      .join(", ")}`,
  );
  for (const c of r.checks) console.log(`  ✓ ${c}`);
  for (const f of r.failures) console.log(`  ✗ ${f}`);
  if (r.failures.length > 0) process.exitCode = 1;
}
