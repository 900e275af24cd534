import { normalizeText } from "../../../lib/text/normalize";
import { defaultLexicon, type Lexicon, latinWords, stem } from "./lexicon";
import { closestWord } from "./typos";

/**
 * Retrieval suggestions: a field-weighted BM25 over FAQ entries (question, variants and learned
 * wordings, and — weighted lower — the answer) and past accepted agent replies. A text's tokens:
 * Intl.Segmenter words, bigrams of every Han run (營業時間 matches 時間 and 營業 however the
 * segmenter splits), single Han characters at a low weight (a typo such as 運廢 still shares 運),
 * stemmed latin words with misspellings corrected to a word the index or the lexicon knows, and
 * the lexicon's concepts (lexicon.ts), through which paraphrases and English meet the FAQ. Pure
 * and synchronous: an index is built once per knowledge version and queried in microseconds.
 */

export interface RetrievalDoc {
  /** `faq:<id>` or `reply:<suggestionId>`. */
  ref: string;
  /** What shoppers ask: the question first, then its variants (or the customer's message that was answered). */
  asks: string[];
  /** Ways customers asked it that agents' replies taught (weighted lower: customers' words carry chatter). */
  learned?: string[];
  /** The answer to suggest. */
  answer: string;
  /** The same entry in English, where the knowledge base has a translation. */
  en?: { ref: string; answer: string };
}

export interface RetrievalHit {
  ref: string;
  answer: string;
  score: number;
  /** How much of the question the entry accounts for, 0–1: the share of the query's weight it matched. */
  confidence: number;
  /** The hit's document (its English translation, if any, is there). */
  doc: RetrievalDoc;
}

const HAN = /[\u3400-\u9fff\uf900-\ufaff]/u;
const STOP = new Set(
  (
    "的 了 嗎 吗 呢 吧 啊 喔 哦 唷 耶 啦 嘛 欸 誒 是 我 你 您 妳 他 她 我們 你們 您們 請問 请问 請 想 要 有 在 和 跟 也 都 就 會 能 可以 怎麼 怎样 什麼 甚麼 哪裡 這 那 這個 那個 一下 一個 請問一下 謝謝 感謝 好 好的 嗨 哈囉 " +
    "the a an is are am to of do does did you i my me we our your it its this that these those can could would will " +
    "be have has had and or if for in on at with about please plz pls hi hello hey thanks thank there any what how " +
    "why which who when get so just want like need"
  ).split(" "),
);
/** Han characters too common to say anything alone. */
const STOP_CHARS = new Set(
  "的了嗎呢吧啊喔哦是我你您妳在有和跟也都就會要想請問這那個一不可以好嗨怎麼什甚呀耶啦欸嘛們".split(""),
);
/** Function characters: a bigram with one of them (要怎, 麼換, 的點) is not a word of anything. */
const FUNCTION_CHARS = new Set("的了嗎呢吧啊喔哦是我你您妳他她們怎麼什甚呀耶啦欸嘛這那就都也要".split(""));

/** Token weights by kind: what sharing one token counts, before its rarity (idf). */
const WORD = 1;
const BIGRAM = 0.7;
const CHAR = 0.15;
const CONCEPT = 1.4;
/** Field weights: a wording of the question counts fully, the answer's words at 0.35. */
const ASK_FIELD = 1;
const VARIANT_FIELD = 0.9;
const LEARNED_FIELD = 0.3;
const ANSWER_FIELD = 0.35;

let segmenter: Intl.Segmenter | undefined;

/** What retrieval uses besides BM25 over words and bigrams (each can be switched off to measure it). */
export interface RetrievalOptions {
  lexicon: Lexicon;
  /** Correct misspelt latin words to ones the index knows. */
  typos: boolean;
  /** Single Han characters as low-weight tokens. */
  chars: boolean;
}

export const DEFAULT_OPTIONS: RetrievalOptions = {
  get lexicon() {
    return defaultLexicon();
  },
  typos: true,
  chars: true,
};

/** A text's tokens with their kind's weight (a token occurs once per kind; the highest weight wins). */
export function weightedTokens(
  text: string,
  options: RetrievalOptions = DEFAULT_OPTIONS,
): Map<string, number> {
  const norm = normalizeText(text);
  segmenter ??= new Intl.Segmenter("zh-Hant", { granularity: "word" });
  const out = new Map<string, number>();
  const add = (t: string, w: number) => {
    if ((out.get(t) ?? 0) < w) out.set(t, w);
  };
  for (const s of segmenter.segment(norm)) {
    if (!s.isWordLike || HAN.test(s.segment[0] ?? "") === false) continue;
    const w = s.segment;
    // A lone Han character (店, 有) says little; the bigrams and characters carry Han text.
    if (!STOP.has(w) && w.length > 1) add(w, WORD);
  }
  for (const w of latinWords(norm)) if (!STOP.has(w)) add(w, WORD);
  let run = "";
  const flush = () => {
    if (run.length === 1 && norm.length === 1) add(run, WORD);
    for (let i = 0; i < run.length; i++) {
      const ch = run[i] as string;
      if (options.chars && !STOP_CHARS.has(ch)) add(`'${ch}`, CHAR);
      if (i + 1 < run.length) {
        const bigram = run.slice(i, i + 2);
        if (!STOP.has(bigram) && !FUNCTION_CHARS.has(ch) && !FUNCTION_CHARS.has(run[i + 1] as string))
          add(bigram, BIGRAM);
      }
    }
    run = "";
  };
  for (const ch of norm) {
    if (HAN.test(ch)) run += ch;
    else flush();
  }
  flush();
  for (const c of options.lexicon.concepts(norm)) add(c.token, CONCEPT * c.weight);
  return out;
}

/** The tokens of a text (for tests and the evaluation's reports). */
export function tokenize(text: string): string[] {
  return [...weightedTokens(text).keys()];
}

interface Posting {
  doc: number;
  tf: number;
}

export interface RetrievalIndex {
  docs: RetrievalDoc[];
  postings: Map<string, Posting[]>;
  lengths: Float64Array;
  avgLength: number;
  /** Latin words the index holds (misspelt query words are corrected to one of these). */
  latin: Set<string>;
  options: RetrievalOptions;
}

/** Builds the inverted index: each token's weighted frequency over the entry's fields. */
export function buildIndex(
  docs: RetrievalDoc[],
  options: RetrievalOptions = DEFAULT_OPTIONS,
): RetrievalIndex {
  const postings = new Map<string, Posting[]>();
  const lengths = new Float64Array(docs.length);
  const latin = new Set<string>(options.lexicon.latinWords);
  docs.forEach((d, i) => {
    const tf = new Map<string, number>();
    // The entry's length (BM25's normalisation) counts its own fields, not what was learned.
    let len = 0;
    const field = (text: string, weight: number, counts = true) => {
      // Each token once per field (a concept however many of its wordings the field has).
      for (const t of weightedTokens(text, options).keys()) {
        // A learned wording's single characters are chatter more often than a typo.
        if (!counts && t.startsWith("'")) continue;
        tf.set(t, (tf.get(t) ?? 0) + weight);
        if (counts) len += weight;
      }
      for (const w of latinWords(normalizeText(text))) latin.add(w);
    };
    d.asks.forEach((ask, k) => {
      field(ask, k === 0 ? ASK_FIELD : VARIANT_FIELD);
    });
    field(d.answer, ANSWER_FIELD);
    // The English translation's answer is shown, not searched: its question and variants are
    // (English chatter matched long English answers more than it helped English questions).
    for (const l of d.learned ?? []) field(l, LEARNED_FIELD, false);
    for (const [t, n] of tf) {
      let list = postings.get(t);
      if (!list) {
        list = [];
        postings.set(t, list);
      }
      list.push({ doc: i, tf: n });
    }
    lengths[i] = len;
  });
  const total = lengths.reduce((s, n) => s + n, 0);
  return { docs, postings, lengths, avgLength: docs.length ? total / docs.length : 0, latin, options };
}

/** The query with each misspelt latin word replaced by the closest word the index knows. */
function corrected(index: RetrievalIndex, query: string): string {
  if (!index.options.typos) return query;
  // The index holds stems: a word whose stem it knows ("returns", "opening") is not misspelt.
  return normalizeText(query).replace(/[a-z]{4,}/g, (w) => {
    const s = stem(w);
    return index.latin.has(s) ? w : (closestWord(s, index.latin) ?? w);
  });
}

const K1 = 1.2;
const B = 0.75;

/**
 * The best distinct answers for a query: BM25 over weighted tokens, then one hit per answer
 * text, at most `limit`, and only hits with a score worth showing (at least a fifth of the best).
 * Each hit says how confident it is (see RetrievalHit.confidence).
 */
export function search(index: RetrievalIndex, query: string, limit = 3): RetrievalHit[] {
  const n = index.docs.length;
  if (n === 0) return [];
  const scores = new Float64Array(n);
  const touched: number[] = [];
  let ideal = 0;
  const norm = K1 * (1 - B);
  const per = (K1 * B) / (index.avgLength || 1);
  for (const [t, qw] of weightedTokens(corrected(index, query), index.options)) {
    const list = index.postings.get(t);
    // A word nobody's entry has still counts against confidence (the customer said it); a
    // character or bigram nobody has does not (most bigrams of a sentence are not words).
    const df = list?.length ?? 0;
    const idf = Math.log(1 + (n - df + 0.5) / (df + 0.5));
    if (df > 0 || qw >= WORD) ideal += qw * Math.min(idf, Math.log(1 + n));
    // In a large index, a term in more than half the entries says almost nothing (its idf is near
    // 0): its long list is skipped. A small one needs every term it has.
    if (!list || (n > 200 && list.length * 2 > n)) continue;
    for (const p of list) {
      if (scores[p.doc] === 0) touched.push(p.doc);
      const sat = (p.tf * (K1 + 1)) / (p.tf + norm + per * (index.lengths[p.doc] ?? 0));
      scores[p.doc] = (scores[p.doc] ?? 0) + qw * idf * sat;
    }
  }
  // Keep the best few (distinct answers are picked from them) without sorting every touched entry.
  const keep = Math.max(limit * 4, 12);
  const top: number[] = [];
  for (const d of touched) {
    const s = scores[d] ?? 0;
    if (top.length === keep && s <= (scores[top[keep - 1] as number] ?? 0)) continue;
    let at = top.length;
    while (at > 0 && (scores[top[at - 1] as number] ?? 0) < s) at--;
    top.splice(at, 0, d);
    if (top.length > keep) top.pop();
  }
  const best = top.length ? (scores[top[0] as number] ?? 0) : 0;
  // However little the customer said, confidence is measured against at least one solid word:
  // a stray character or two shared with an entry is no evidence.
  ideal = Math.max(ideal, WORD * CONCEPT * Math.log(1 + n) * 0.5);
  const out: RetrievalHit[] = [];
  const seen = new Set<string>();
  for (const doc of top) {
    const score = scores[doc] ?? 0;
    if (out.length >= limit || score < best / 5) break;
    const d = index.docs[doc] as RetrievalDoc;
    const key = normalizeText(d.answer);
    if (seen.has(key)) continue;
    seen.add(key);
    const confidence = ideal > 0 ? Math.min(1, score / ideal) : 0;
    out.push({
      ref: d.ref,
      answer: d.answer,
      score: Math.round(score * 1000) / 1000,
      confidence: Math.round(confidence * 1000) / 1000,
      doc: d,
    });
  }
  return out;
}
