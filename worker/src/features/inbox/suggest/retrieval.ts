import { normalizeText } from "../../../lib/text/normalize";

/**
 * Retrieval suggestions: BM25 over FAQ entries (question, its variants, and — weighted lower —
 * the answer) and past accepted agent replies, with Chinese-aware tokens: Intl.Segmenter words,
 * plus character bigrams of every Han run (so 營業時間 matches 時間 and 營業 even where the
 * segmenter splits differently), plus latin/digit words. Pure and synchronous: an index is built
 * once per knowledge version and queried in microseconds.
 */

export interface RetrievalDoc {
  /** `faq:<id>` or `reply:<messageId>`. */
  ref: string;
  /** What shoppers ask (question and its variants, or the customer's message that was answered). */
  asks: string[];
  /** The answer to suggest. */
  answer: string;
}

export interface RetrievalHit {
  ref: string;
  answer: string;
  score: number;
}

const HAN = /[\u3400-\u9fff\uf900-\ufaff]/u;
const STOP = new Set([
  "的",
  "了",
  "嗎",
  "吗",
  "呢",
  "吧",
  "啊",
  "喔",
  "哦",
  "是",
  "我",
  "你",
  "您",
  "請問",
  "请问",
  "請",
  "想",
  "要",
  "有",
  "在",
  "和",
  "跟",
  "也",
  "都",
  "就",
  "會",
  "可以",
  "怎麼",
  "什麼",
  "哪裡",
  "the",
  "a",
  "an",
  "is",
  "are",
  "to",
  "of",
  "do",
  "you",
  "i",
  "my",
  "can",
  "what",
  "how",
]);

let segmenter: Intl.Segmenter | undefined;

/** Tokens of a text: segmenter words (minus stop words), Han bigrams, latin/digit words. */
export function tokenize(text: string): string[] {
  const norm = normalizeText(text);
  segmenter ??= new Intl.Segmenter("zh-Hant", { granularity: "word" });
  const out: string[] = [];
  for (const s of segmenter.segment(norm)) {
    if (!s.isWordLike) continue;
    const w = s.segment;
    // A lone Han character (店, 有) says too little; the bigrams carry Han text.
    if (!STOP.has(w) && !(w.length === 1 && HAN.test(w))) out.push(w);
  }
  // Han bigrams (a one-character text keeps its character).
  let run = "";
  const flush = () => {
    if (run.length === 1 && norm.length === 1) out.push(run);
    for (let i = 0; i + 1 < run.length; i++) {
      const bigram = run.slice(i, i + 2);
      if (!STOP.has(bigram)) out.push(bigram);
    }
    run = "";
  };
  for (const ch of norm) {
    if (HAN.test(ch)) run += ch;
    else flush();
  }
  flush();
  return out;
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
}

const ANSWER_WEIGHT = 0.3;

/** Builds the inverted index (asks count fully, the answer's words at 0.3). */
export function buildIndex(docs: RetrievalDoc[]): RetrievalIndex {
  const postings = new Map<string, Posting[]>();
  const lengths = new Float64Array(docs.length);
  docs.forEach((d, i) => {
    const tf = new Map<string, number>();
    for (const ask of d.asks) for (const t of tokenize(ask)) tf.set(t, (tf.get(t) ?? 0) + 1);
    for (const t of tokenize(d.answer)) tf.set(t, (tf.get(t) ?? 0) + ANSWER_WEIGHT);
    let len = 0;
    for (const [t, n] of tf) {
      len += n;
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
  return { docs, postings, lengths, avgLength: docs.length ? total / docs.length : 0 };
}

const K1 = 1.2;
const B = 0.75;

/**
 * The best distinct answers for a query: BM25, then one hit per answer text, at most `limit`,
 * and only hits with a score worth showing (at least a third of the best one).
 */
export function search(index: RetrievalIndex, query: string, limit = 3): RetrievalHit[] {
  const n = index.docs.length;
  if (n === 0) return [];
  const scores = new Float64Array(n);
  const touched: number[] = [];
  for (const t of new Set(tokenize(query))) {
    const list = index.postings.get(t);
    // A term in more than half the entries says almost nothing (its idf is near 0): skip its long list.
    if (!list || list.length * 2 > n) continue;
    const idf = Math.log(1 + (n - list.length + 0.5) / (list.length + 0.5));
    const norm = K1 * (1 - B);
    const per = (K1 * B) / (index.avgLength || 1);
    for (const p of list) {
      if (scores[p.doc] === 0) touched.push(p.doc);
      scores[p.doc] =
        (scores[p.doc] ?? 0) + (idf * p.tf * (K1 + 1)) / (p.tf + norm + per * (index.lengths[p.doc] ?? 0));
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
  const out: RetrievalHit[] = [];
  const seen = new Set<string>();
  for (const doc of top) {
    const score = scores[doc] ?? 0;
    if (out.length >= limit || score < best / 3) break;
    const d = index.docs[doc] as RetrievalDoc;
    const key = normalizeText(d.answer);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ ref: d.ref, answer: d.answer, score: Math.round(score * 1000) / 1000 });
  }
  return out;
}
