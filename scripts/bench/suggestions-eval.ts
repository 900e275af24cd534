/**
 * The suggestion evaluation's scoring, shared by the benchmark (`npm run bench -- suggestions`)
 * and its test: the hand-written customer messages of scripts/bench/suggestions/questions.json
 * against the demo FAQ, through the product's own ranking (knowledgeDocs → buildIndex →
 * rankSuggestions).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { DEMO_FAQ, DEMO_FAQ_EN } from "../../worker/src/features/demo/faq";
import { knowledgeDocs } from "../../worker/src/features/inbox/suggest/prepare";
import {
  CONFIDENCE_FLOOR,
  type Ranked,
  rankSuggestions,
  type SuggestLang,
} from "../../worker/src/features/inbox/suggest/rank";
import {
  buildIndex,
  DEFAULT_OPTIONS,
  type RetrievalIndex,
  type RetrievalOptions,
} from "../../worker/src/features/inbox/suggest/retrieval";

export type Kind = "colloquial" | "typo" | "english" | "mixed" | "emoji" | "offtopic";
export interface Question {
  text: string;
  expect: string | null;
  kind: Kind;
}

export const QUESTIONS: Question[] = JSON.parse(
  readFileSync(join(import.meta.dirname, "suggestions", "questions.json"), "utf8"),
);

/** How the knowledge base is loaded: as the demo seeds it, or as the outside check does (question and answer only). */
export type FaqShape = "seeded" | "plain";

type EntryRow = Parameters<typeof knowledgeDocs>[0][number];

export function demoEntries(shape: FaqShape): EntryRow[] {
  const at = new Date(0);
  const row = (
    id: string,
    e: { question: string; variants: readonly string[]; answer: string },
    language: "zh-TW" | "en",
    translationOf: string | null,
  ): EntryRow => ({
    id,
    question: e.question,
    variants: shape === "seeded" ? [...e.variants] : [],
    answer: e.answer,
    tags: [],
    language,
    translationOf,
    seedKey: null,
    createdAt: at,
    updatedAt: at,
  });
  const zh = DEMO_FAQ.map((e) => row(e.key, e, "zh-TW", null));
  if (shape === "plain") return zh;
  return [...zh, ...DEMO_FAQ_EN.map((e) => row(`en-${e.key}`, e, "en", e.key))];
}

export function demoIndex(
  shape: FaqShape,
  options: RetrievalOptions = DEFAULT_OPTIONS,
  learned: Array<{ entryId: string; text: string }> = [],
): RetrievalIndex {
  return buildIndex(knowledgeDocs(demoEntries(shape), learned), options);
}

/** The customer's language the set assumes: English messages from English profiles, the rest zh-TW. */
export const langOf = (q: Question): SuggestLang => (q.kind === "english" ? "en" : "zh-TW");

const keyOf = (ref: string) =>
  ref.startsWith("faq:en-") ? ref.slice(7) : ref.startsWith("faq:") ? ref.slice(4) : null;

export interface Score {
  answerable: number;
  top1: number;
  top3: number;
  offtopic: number;
  held: number;
  /** Answerable messages that got the holding reply alone. */
  wronglyHeld: number;
  byKind: Record<string, { n: number; top1: number; top3: number }>;
  misses: Array<{ text: string; expect: string | null; got: string[] }>;
}

/** Scores one ranking of every message: top-1 / top-3 hits of answerable ones, holding replies of off-topic ones. */
export function score(questions: Question[], rank: (q: Question) => Ranked[]): Score {
  const s: Score = {
    answerable: 0,
    top1: 0,
    top3: 0,
    offtopic: 0,
    held: 0,
    wronglyHeld: 0,
    byKind: {},
    misses: [],
  };
  for (const q of questions) {
    const got = rank(q);
    const keys = got.map((r) => (r.ref === "template:holding" ? "(holding)" : (keyOf(r.ref) ?? r.ref)));
    const k = s.byKind[q.kind] ?? { n: 0, top1: 0, top3: 0 };
    s.byKind[q.kind] = k;
    k.n++;
    if (q.expect === null) {
      s.offtopic++;
      const held = keys.length === 1 && keys[0] === "(holding)";
      if (held) {
        s.held++;
        k.top1++;
        k.top3++;
      } else s.misses.push({ text: q.text, expect: null, got: keys });
      continue;
    }
    s.answerable++;
    if (keys[0] === q.expect) {
      s.top1++;
      k.top1++;
    }
    if (keys.slice(0, 3).includes(q.expect)) {
      s.top3++;
      k.top3++;
    } else s.misses.push({ text: q.text, expect: q.expect, got: keys });
    if (keys[0] === "(holding)") s.wronglyHeld++;
  }
  return s;
}

/** The product's ranking over an index, with a confidence floor to try. */
export function ranker(index: RetrievalIndex, floor = CONFIDENCE_FLOOR) {
  return (q: Question) => rankSuggestions(index, q.text, langOf(q), { floor });
}
