import type { ReaderLang } from "../../../lib/reader-lang";
import { normalizeText } from "../../../lib/text/normalize";
import { type RetrievalHit, type RetrievalIndex, search } from "./retrieval";

/** The customer's language as suggestions are written for them (lib/reader-lang's rule); null when not known. */
export type SuggestLang = ReaderLang;

/**
 * Said when nothing in the knowledge base fits well enough: suggestions are never empty, and
 * never an unrelated entry. In the customer's language; both languages when it is not known.
 */
export const HOLDING_REPLIES = {
  "zh-TW": "您好，謝謝您的訊息！我們已收到您的問題，確認後會盡快回覆您 🙏",
  en: "Thanks for your message — we are looking into it and will reply shortly 🙏",
} as const;

export function holdingReply(lang: SuggestLang): string {
  return lang === null ? `${HOLDING_REPLIES["zh-TW"]}\n${HOLDING_REPLIES.en}` : HOLDING_REPLIES[lang];
}

/**
 * How sure retrieval must be (RetrievalHit.confidence: the share of the question's weight an
 * entry accounts for) to suggest the entry: below it, the holding reply. Calibrated on the
 * evaluation set (scripts/bench/suggestions): the value that keeps most answerable questions
 * while sending most off-topic chatter to the holding reply (BENCHMARKS.md).
 */
export const CONFIDENCE_FLOOR = 0.08;

/** Two answers are the same when they differ only in spaces and punctuation. */
export const answerKey = (text: string) => normalizeText(text).replace(/[\s\p{P}\p{S}]/gu, "");

export interface Ranked {
  text: string;
  /** `faq:<id>`, `reply:<id>` or `template:holding`. */
  ref: string;
  score: number;
  confidence: number;
}

/** A hit's answer in the customer's language: the entry's English translation for English, where it has one. */
function inLanguage(hit: RetrievalHit, lang: SuggestLang): { text: string; ref: string } {
  if (lang === "en" && hit.doc.en) return { text: hit.doc.en.answer, ref: hit.doc.en.ref };
  return { text: hit.answer, ref: hit.ref };
}

/**
 * The suggestions for a customer's question: up to `limit` entries retrieval is confident
 * enough of, each answer once, in the customer's language — or the holding reply alone.
 */
export function rankSuggestions(
  index: RetrievalIndex,
  query: string,
  lang: SuggestLang,
  options: { limit?: number; hits?: RetrievalHit[]; floor?: number } = {},
): Ranked[] {
  const limit = options.limit ?? 3;
  const floor = options.floor ?? CONFIDENCE_FLOOR;
  const hits = options.hits ?? search(index, query, limit + 2);
  const out: Ranked[] = [];
  const seen = new Set<string>();
  for (const hit of hits) {
    if (out.length >= limit) break;
    if (hit.confidence < floor) continue;
    const { text, ref } = inLanguage(hit, lang);
    const key = answerKey(text);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ text, ref, score: hit.score, confidence: hit.confidence });
  }
  if (out.length === 0)
    out.push({ text: holdingReply(lang), ref: "template:holding", score: 0, confidence: 0 });
  return out;
}
