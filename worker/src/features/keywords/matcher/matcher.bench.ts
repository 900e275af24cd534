/**
 * Micro-benchmark of the keyword matcher (not a vitest test): `benchMatcher()` matches the same
 * messages against 10 and against 10,000 rules and returns messages/second for each and their
 * ratio (≈ 1 means the rule count doesn't matter). Both sets hold the same 2 regex rules; the rest
 * are exact / contains / prefix literals (zh-TW words). Deterministic (seeded PRNG). Meant to be
 * called from `scripts/bench`.
 */
import { normalizeText } from "../../../lib/text/normalize";
import { buildMatcher, type KeywordRuleInput, type Matcher } from "./matcher";

function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const CHARS = "營業時間門市點數會員優惠券取貨付款運費退換貨直播請問地址電話週末幾點開關到哪裡買多少錢";
const MESSAGES = [
  "請問營業時間？",
  "門市在哪裡",
  "我要查點數",
  "ＶＩＰ會員有什麼優惠",
  "優惠券怎麼用",
  "運費多少錢",
  "訂單 123456 什麼時候到",
  "謝謝你們 🙏",
  "可以退換貨嗎",
  "週末幾點開",
  "hello",
  "我想要取貨，請問地址在哪裡？電話幾號？",
];

function rules(count: number, rand: () => number): KeywordRuleInput[] {
  const out: KeywordRuleInput[] = [
    { id: "re-order", match: "regex", pattern: "訂單\\s*#?\\d{6}", priority: 5 },
    { id: "re-phone", match: "regex", pattern: "09\\d{8}", priority: 1 },
  ];
  const types = ["contains", "contains", "prefix", "exact"] as const;
  for (let k = out.length; k < count; k++) {
    let p = "";
    const n = 2 + Math.floor(rand() * 4);
    for (let j = 0; j < n; j++) p += CHARS[Math.floor(rand() * CHARS.length)];
    out.push({
      id: `r${k}`,
      match: types[k % types.length] ?? "contains",
      pattern: p,
      priority: Math.floor(rand() * 10),
    });
  }
  return out;
}

function messagesPerSec(m: Matcher, iterations: number, fn: "match" | "best" = "match"): number {
  let sink = 0;
  const run = fn === "match" ? (t: string) => m.match(t).length : (t: string) => (m.best(t) ? 1 : 0);
  for (let i = 0; i < 5000; i++) sink += run(MESSAGES[i % MESSAGES.length] ?? "");
  const start = performance.now();
  for (let i = 0; i < iterations; i++) sink += run(MESSAGES[i % MESSAGES.length] ?? "");
  const ms = performance.now() - start;
  if (sink < 0) throw new Error("unreachable");
  return Math.round((iterations / ms) * 1000);
}

export interface MatcherBenchResult {
  /** Messages per second through `match()` with 10 rules. */
  rules10: number;
  /** Messages per second through `match()` with 10,000 rules. */
  rules10000: number;
  /** rules10 / rules10000: how much slower 10,000 rules are. */
  ratio: number;
  /** Same with `best()` (only the winner; regexes skipped when they can't win). */
  best10: number;
  best10000: number;
  /** Time to build the 10,000-rule matcher, ms. */
  build10000Ms: number;
  /** Reference: the same 10,000 rules as a loop of precompiled regexes, msg/s. */
  loop10000: number;
  /** rules10000 / loop10000. */
  speedup: number;
}

const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** What most bots do: one regex per rule, tried in turn on every message. */
function regexLoopPerSec(list: KeywordRuleInput[], iterations: number): number {
  const compiled = list.map((r) => {
    const p = r.match === "regex" ? r.pattern : escapeRegex(normalizeText(r.pattern));
    const source = r.match === "exact" ? `^${p}$` : r.match === "prefix" ? `^${p}` : p;
    return new RegExp(source, "iu");
  });
  let sink = 0;
  const start = performance.now();
  for (let i = 0; i < iterations; i++) {
    const text = normalizeText(MESSAGES[i % MESSAGES.length] ?? "");
    for (const re of compiled) if (re.test(text)) sink++;
  }
  const ms = performance.now() - start;
  if (sink < 0) throw new Error("unreachable");
  return Math.round((iterations / ms) * 1000);
}

export function benchMatcher(iterations = 200_000): MatcherBenchResult {
  const small = buildMatcher(rules(10, mulberry32(1)));
  const bigRules = rules(10_000, mulberry32(2));
  const t0 = performance.now();
  const big = buildMatcher(bigRules);
  const build10000Ms = Math.round(performance.now() - t0);
  const rules10 = messagesPerSec(small, iterations);
  const rules10000 = messagesPerSec(big, iterations);
  const best10 = messagesPerSec(small, iterations, "best");
  const best10000 = messagesPerSec(big, iterations, "best");
  const loop10000 = regexLoopPerSec(bigRules, Math.max(200, Math.floor(iterations / 200)));
  return {
    rules10,
    rules10000,
    ratio: Number((rules10 / rules10000).toFixed(2)),
    best10,
    best10000,
    build10000Ms,
    loop10000,
    speedup: Number((rules10000 / loop10000).toFixed(1)),
  };
}

export function printMatcher(r: MatcherBenchResult): void {
  console.log(
    `keyword matcher: 10 rules ${r.rules10.toLocaleString("en")} msg/s, 10,000 rules ${r.rules10000.toLocaleString("en")} msg/s (×${r.ratio} slower); best(): ${r.best10.toLocaleString("en")} vs ${r.best10000.toLocaleString("en")} msg/s; build ${r.build10000Ms} ms\n  reference, a loop of 10,000 regexes: ${r.loop10000.toLocaleString("en")} msg/s; matcher / loop = ${r.speedup}×`,
  );
}
