/**
 * `npm run bench -- suggestions`: how often reply suggestions hold the right answer, over the
 * hand-written customer messages of scripts/bench/suggestions/questions.json against the demo FAQ.
 *
 * (a) The ranking alone (knowledgeDocs → buildIndex → rankSuggestions), the FAQ as the demo
 *     seeds it (variants, English translations) and as the outside check loads it (question and
 *     answer only); each part of retrieval switched off in turn to show what it brings; the
 *     confidence floor swept (its calibration). The set's even-numbered messages are the ones
 *     retrieval was tuned on, the odd-numbered ones were not looked at: both halves are reported.
 * (b) End to end through the product: a real app and LINE emulator on 127.0.0.1, the FAQ loaded
 *     through POST /api/knowledge (question and answer only), every message sent over the webhook
 *     by a new customer (English ones from an English LINE profile), suggestions read from the
 *     inbox API. Then one pass of agents' choices (the right entry's suggestion sent when offered,
 *     else the entry's answer sent by hand, off-topic messages answered in the agent's own words)
 *     and a second pass of the same messages from new customers; and learning from the tuned half
 *     only, measured on the other half.
 */
import { cpus } from "node:os";
import { eq } from "drizzle-orm";
import { conversations } from "../../db/schema";
import { DEMO_FAQ } from "../../worker/src/features/demo/faq";
import { compileLexicon, defaultLexicon } from "../../worker/src/features/inbox/suggest/lexicon";
import { CONFIDENCE_FLOOR } from "../../worker/src/features/inbox/suggest/rank";
import type { RetrievalOptions } from "../../worker/src/features/inbox/suggest/retrieval";
import { startTestApp, type TestApp } from "../../worker/test/harness";
import { demoIndex, QUESTIONS, type Question, ranker, type Score, score } from "./suggestions-eval";

const DEV = QUESTIONS.filter((_, i) => i % 2 === 0);
const HELD_OUT = QUESTIONS.filter((_, i) => i % 2 === 1);

const pct = (n: number, d: number) => (d ? `${((100 * n) / d).toFixed(1)} %` : "–");
const line = (name: string, s: Score) =>
  `${name.padEnd(44)} top-1 ${pct(s.top1, s.answerable).padStart(7)}  top-3 ${pct(s.top3, s.answerable).padStart(7)}  off-topic held ${pct(s.held, s.offtopic).padStart(7)}  (${s.answerable} answerable, ${s.offtopic} off-topic)`;

function ablations(): string[] {
  const none = compileLexicon({ concepts: {} });
  const full: RetrievalOptions = { lexicon: defaultLexicon(), typos: true, chars: true };
  const variants: Array<[string, RetrievalOptions]> = [
    ["all of it", full],
    ["without the lexicon", { ...full, lexicon: none }],
    ["without typo correction", { ...full, typos: false }],
    ["without single Han characters", { ...full, chars: false }],
    ["words + bigrams only (before)", { lexicon: none, typos: false, chars: false }],
  ];
  const out: string[] = [];
  for (const [name, o] of variants)
    out.push(line(`plain FAQ, ${name}`, score(QUESTIONS, ranker(demoIndex("plain", o)))));
  return out;
}

function calibration(): string[] {
  const out: string[] = [];
  for (const floor of [0, 0.04, 0.06, 0.08, 0.1, 0.12, 0.15, 0.2, 0.3]) {
    const s = score(DEV, ranker(demoIndex("plain"), floor));
    out.push(
      line(`floor ${floor.toFixed(2)}${floor === CONFIDENCE_FLOOR ? " (chosen)" : ""}, tuned half`, s),
    );
  }
  return out;
}

interface Detail {
  conversation: { id: string };
  suggestions: Array<{ id: string; sourceRef: string | null; text: string }>;
}

/** The product end to end: each message over the webhook from a new customer, suggestions from the inbox API. */
class Product {
  private n = 0;
  constructor(
    private t: TestApp,
    private ids: Map<string, string>,
  ) {}

  static async start(): Promise<Product> {
    const t = await startTestApp({ demo: false });
    const ids = new Map<string, string>();
    for (const e of DEMO_FAQ) {
      const res = await t.admin("/api/knowledge", {
        method: "POST",
        body: JSON.stringify({ question: e.question, answer: e.answer }),
      });
      ids.set(`faq:${((await res.json()) as { id: string }).id}`, e.key);
    }
    return new Product(t, ids);
  }

  async ask(q: Question): Promise<{ keys: string[]; detail: Detail }> {
    const created = await this.t.line.control("/users", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        displayName: `客人${++this.n}`,
        language: q.kind === "english" ? "en" : "zh-TW",
      }),
    });
    const { userId } = (await created.json()) as { userId: string };
    await this.t.line.control(`/users/${userId}/follow`, { method: "POST" });
    await this.t.line.control("/messages", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        chat: { type: "user", userId },
        from: userId,
        message: { type: "text", text: q.text },
      }),
    });
    await this.t.settle();
    await this.t.app.sweep();
    const [conv] = await this.t.app.deps.db
      .select({ id: conversations.id })
      .from(conversations)
      .where(eq(conversations.lineUserId, userId));
    if (!conv) throw new Error(`no conversation for ${q.text}`);
    const detail = (await (await this.t.admin(`/api/inbox/conversations/${conv.id}`)).json()) as Detail;
    const keys = detail.suggestions.map((s) =>
      s.sourceRef === "template:holding"
        ? "(holding)"
        : (this.ids.get(s.sourceRef ?? "") ?? String(s.sourceRef)),
    );
    return { keys, detail };
  }

  /** One pass over the messages (each from a new customer), then — with `agent` — an agent's choice for each. */
  async pass(questions: Question[], agent: boolean): Promise<Score> {
    const got = new Map<Question, { keys: string[]; detail: Detail }>();
    for (const q of questions) got.set(q, await this.ask(q));
    const scored = score(questions, (q) =>
      (got.get(q)?.keys ?? []).map((k) => ({
        text: "",
        ref: k === "(holding)" ? "template:holding" : `faq:${k}`,
        score: 0,
        confidence: 0,
      })),
    );
    if (agent) for (const [q, g] of got) await this.choose(q, g.keys, g.detail);
    return scored;
  }

  /** What an agent sends: the right entry's suggestion if offered, else its answer by hand; off-topic in their own words. */
  private async choose(q: Question, keys: string[], d: Detail) {
    const entry = DEMO_FAQ.find((e) => e.key === q.expect);
    const offered = d.suggestions[keys.indexOf(q.expect ?? "")];
    const body = entry
      ? offered
        ? { text: offered.text, suggestionId: offered.id }
        : { text: entry.answer }
      : { text: "您好！謝謝您的訊息，請問有什麼可以為您服務的呢？" };
    const res = await this.t.admin(`/api/inbox/conversations/${d.conversation.id}/messages`, {
      method: "POST",
      body: JSON.stringify(body),
    });
    if (res.status >= 300) throw new Error(`reply refused: ${res.status} ${await res.text()}`);
  }

  async learned(): Promise<number> {
    const res = await this.t.admin("/api/knowledge");
    const { entries } = (await res.json()) as { entries: Array<{ learned: unknown[] }> };
    return entries.reduce((n, e) => n + e.learned.length, 0);
  }

  close() {
    return this.t.close();
  }
}

export interface SuggestionsBench {
  ranking: string[];
  ablations: string[];
  calibration: string[];
  product: string[];
}

export async function benchSuggestions(): Promise<SuggestionsBench> {
  const ranking = [
    line("seeded FAQ (variants, English), whole set", score(QUESTIONS, ranker(demoIndex("seeded")))),
    line("plain FAQ (question + answer), whole set", score(QUESTIONS, ranker(demoIndex("plain")))),
    line("plain FAQ, tuned half", score(DEV, ranker(demoIndex("plain")))),
    line("plain FAQ, held-out half", score(HELD_OUT, ranker(demoIndex("plain")))),
  ];
  const product: string[] = [];
  let p = await Product.start();
  try {
    const first = await p.pass(QUESTIONS, true);
    product.push(line("product, plain FAQ, first pass", first));
    product.push(`${"  wordings learned from agents' choices".padEnd(44)} ${await p.learned()}`);
    product.push(line("product, second pass (same messages)", await p.pass(QUESTIONS, false)));
  } finally {
    await p.close();
  }
  p = await Product.start();
  try {
    await p.pass(DEV, true);
    product.push(line("product, held-out half after learning on the other", await p.pass(HELD_OUT, false)));
  } finally {
    await p.close();
  }
  return { ranking, ablations: ablations(), calibration: calibration(), product };
}

export function printSuggestions(r: SuggestionsBench): void {
  console.log(
    `\nReply suggestions: ${QUESTIONS.length} customer messages against the demo FAQ (${DEMO_FAQ.length} entries), no LLM — ${cpus()[0]?.model ?? "CPU"}`,
  );
  for (const l of [...r.ranking, "", ...r.ablations, "", ...r.calibration, "", ...r.product])
    console.log(`  ${l}`);
}
