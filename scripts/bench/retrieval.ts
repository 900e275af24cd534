/**
 * `npm run bench -- retrieval`: reply suggestions by retrieval over 5,000 FAQ entries.
 * (a) the search alone (tokenise + BM25 over the built index), 5,000 queries;
 * (b) the whole preparation of suggestions for a waiting message on the Node host's libSQL file
 *     (read the conversation, the index version, search, store 3 suggestions), 500 messages.
 * Reports p50/p99 latency (goal: p99 < 50 ms) and the one-off index build time.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import { conversationMessages, conversations, knowledgeEntries } from "../../db/schema";
import { suggestFor } from "../../worker/src/features/inbox/suggest/prepare";
import { buildIndex, type RetrievalDoc, search } from "../../worker/src/features/inbox/suggest/retrieval";
import { startNodeApp } from "../../worker/src/hosts/node-server";
import { silentLogger } from "../../worker/src/lib/log";
import { rng } from "./rng";

const ENTRIES = 5_000;

const ITEMS = [
  "素T",
  "牛仔褲",
  "羊毛圍巾",
  "馬克杯",
  "香氛蠟燭",
  "帆布包",
  "運動鞋",
  "羽絨外套",
  "保溫瓶",
  "手機殼",
  "棒球帽",
  "針織衫",
  "洋裝",
  "皮夾",
  "耳機",
  "行李箱",
  "瑜珈墊",
  "咖啡豆",
  "禮盒",
  "襪子",
];
const TOPICS = [
  ["尺寸", "怎麼挑尺寸", "尺寸表在哪", "會不會太小"],
  ["材質", "是什麼材質", "會不會起毛球", "可以機洗嗎"],
  ["庫存", "還有貨嗎", "什麼時候補貨", "門市有現貨嗎"],
  ["保固", "保固多久", "壞了可以修嗎", "維修要多久"],
  ["價格", "有折扣嗎", "會員價多少", "可以用點數嗎"],
  ["寄送", "多久會到", "可以寄海外嗎", "運費多少"],
  ["退換", "可以退貨嗎", "不合適可以換嗎", "退款多久"],
  ["顏色", "有哪些顏色", "實品顏色會不會差很多", "有黑色嗎"],
];
const STORES = ["台北信義", "台中勤美", "高雄駁二", "新竹巨城", "台南新天地"];

function faq(rand: () => number): Array<{ question: string; variants: string[]; answer: string }> {
  const out: Array<{ question: string; variants: string[]; answer: string }> = [];
  for (let i = 0; out.length < ENTRIES; i++) {
    const item = ITEMS[i % ITEMS.length] as string;
    const topic = TOPICS[Math.floor(i / ITEMS.length) % TOPICS.length] as string[];
    const store = STORES[Math.floor(rand() * STORES.length)] as string;
    const series = Math.floor(i / (ITEMS.length * TOPICS.length));
    out.push({
      question: `${item}（第${series + 1}系列）${topic[1]}？`,
      variants: [`${item}${topic[0]}`, `${item} ${topic[2]}`, `${item}${topic[3]}`, `${store}${item}`],
      answer: `關於${item}第${series + 1}系列的${topic[0]}：${store}門市與線上商店都能協助您，編號 ${1000 + i}。`,
    });
  }
  return out;
}

function queries(rand: () => number, n: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const item = ITEMS[Math.floor(rand() * ITEMS.length)] as string;
    const topic = TOPICS[Math.floor(rand() * TOPICS.length)] as string[];
    const phr = topic[1 + Math.floor(rand() * 3)] as string;
    out.push(
      rand() < 0.5
        ? `請問${item}${phr}？謝謝`
        : `想問一下 ${item} 第${1 + Math.floor(rand() * 30)}系列 ${phr}`,
    );
  }
  return out;
}

const pct = (xs: number[], p: number) => xs[Math.min(xs.length - 1, Math.floor(p * xs.length))] ?? 0;

export interface RetrievalBench {
  buildMs: number;
  search: { n: number; p50: number; p99: number; perSecond: number };
  prepare: { n: number; p50: number; p99: number };
}

export async function benchRetrieval(): Promise<RetrievalBench> {
  const rand = rng(7);
  const entries = faq(rand);
  const docs: RetrievalDoc[] = entries.map((e, i) => ({
    ref: `faq:${i}`,
    asks: [e.question, ...e.variants],
    answer: e.answer,
  }));
  let t = performance.now();
  const index = buildIndex(docs);
  const buildMs = performance.now() - t;

  const qs = queries(rand, 5_000);
  for (const q of qs.slice(0, 500)) search(index, q); // warm-up
  const lat: number[] = [];
  const started = performance.now();
  for (const q of qs) {
    t = performance.now();
    search(index, q);
    lat.push(performance.now() - t);
  }
  const total = performance.now() - started;
  lat.sort((a, b) => a - b);

  // (b) The whole preparation on the Node host's libSQL file.
  const dir = mkdtempSync(join(tmpdir(), "omo-bench-retrieval-"));
  const app = await startNodeApp({
    env: {
      DATABASE_URL: `file:${join(dir, "r.db")}`,
      LINE_CHANNEL_SECRET: "bench-channel-secret-0123456789abcdef",
      LINE_CHANNEL_ACCESS_TOKEN: "bench-access-token",
      LINE_API_BASE_URL: "http://127.0.0.1:9",
      ADMIN_TOKEN: "bench-admin-token-0123456789",
      DEMO_DATA: "false",
      LOG_LEVEL: "silent",
    },
    port: 0,
    log: silentLogger,
    timers: false,
    paused: true,
  });
  const prep: number[] = [];
  try {
    const { db } = app.deps;
    const now = new Date();
    for (let i = 0; i < entries.length; i += 500) {
      await db.insert(knowledgeEntries).values(
        entries.slice(i, i + 500).map((e, k) => ({
          id: `kb_${i + k}`,
          question: e.question,
          variants: e.variants,
          answer: e.answer,
          tags: [],
          createdAt: now,
          updatedAt: now,
        })),
      );
    }
    const N = 500;
    const convs = Array.from({ length: N }, (_, i) => ({
      id: `cnv_${i}`,
      lineUserId: `U${String(i).padStart(32, "0")}`,
      status: "waiting" as const,
      waitingSince: now,
      lastMessageAt: now,
      createdAt: now,
    }));
    await db.insert(conversations).values(convs);
    const msgs = convs.map((c, i) => ({
      id: `msg_${i}`,
      conversationId: c.id,
      direction: "in" as const,
      sender: "user",
      type: "text",
      text: qs[i] as string,
      payload: { type: "text", text: qs[i] },
      suggestState: "pending" as const,
      createdAt: now,
    }));
    for (let i = 0; i < msgs.length; i += 100)
      await db.insert(conversationMessages).values(msgs.slice(i, i + 100));
    await suggestFor(app.deps, msgs[0] as never, "warm"); // builds and caches the index once
    for (const m of msgs) {
      t = performance.now();
      await suggestFor(app.deps, m as never, "0");
      prep.push(performance.now() - t);
    }
    prep.sort((a, b) => a - b);
  } finally {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  }
  return {
    buildMs,
    search: {
      n: lat.length,
      p50: pct(lat, 0.5),
      p99: pct(lat, 0.99),
      perSecond: lat.length / (total / 1000),
    },
    prepare: { n: prep.length, p50: pct(prep, 0.5), p99: pct(prep, 0.99) },
  };
}

export function printRetrieval(r: RetrievalBench): void {
  console.log(
    `\nRetrieval suggestions over ${ENTRIES.toLocaleString("en-US")} FAQ entries — ${cpus()[0]?.model ?? "CPU"}`,
  );
  console.log(`  index build (once per knowledge change): ${r.buildMs.toFixed(0)} ms`);
  console.log(
    `  search alone: p50 ${r.search.p50.toFixed(3)} ms, p99 ${r.search.p99.toFixed(3)} ms (${Math.round(r.search.perSecond).toLocaleString("en-US")} queries/s, ${r.search.n} queries)`,
  );
  console.log(
    `  whole preparation on libSQL (read conversation, search, store 3 suggestions): p50 ${r.prepare.p50.toFixed(2)} ms, p99 ${r.prepare.p99.toFixed(2)} ms (${r.prepare.n} messages; goal p99 < 50 ms)`,
  );
  if (r.prepare.p99 >= 50) process.exitCode = 1;
}
