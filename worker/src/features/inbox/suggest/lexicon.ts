import { z } from "zod";
import { normalizeText } from "../../../lib/text/normalize";
import retail from "./lexicon/retail.json";

/**
 * The retail lexicon (lexicon/retail.json): concepts customers ask about and their everyday
 * wordings in zh-TW and English. Retrieval adds a concept token to a text that says any wording
 * of it, so 「禮拜天開到幾點」 and 「門市營業時間」 meet on `hours` though they share no word, and
 * "shipping fee?" meets 運費. Data, not code: a brand extends the file.
 */

const ID = /^[a-z0-9-]+$/;
const Concept = z.strictObject({
  weight: z.number().positive().max(3).optional(),
  zh: z.array(z.string().min(1)).default([]),
  en: z.array(z.string().min(1)).default([]),
  patterns: z.array(z.string().min(1)).optional(),
});
export const LexiconFile = z.object({
  $comment: z.string().optional(),
  concepts: z.record(z.string().regex(ID, "a concept id is lowercase letters, digits and -"), Concept),
});
export type LexiconFile = z.infer<typeof LexiconFile>;

export interface ConceptHit {
  /** The concept's token as the index holds it: `~<id>`. */
  token: string;
  weight: number;
}

export interface Lexicon {
  /** The concepts a text says, each once. */
  concepts(text: string): ConceptHit[];
  /** Every latin word of the lexicon's English wordings (typo correction draws on them). */
  latinWords: ReadonlySet<string>;
}

const LATIN_ONLY = /^[a-z0-9 '’-]+$/;
const LATIN_WORD = /[a-z0-9]+(?:['’-][a-z0-9]+)*/g;

/** Latin words as retrieval compares them: lowercase, a plural or -ing/-ed ending taken off. */
export function stem(word: string): string {
  let w = word.replace(/['’]s$/, "");
  if (w.length > 5 && w.endsWith("ing")) w = w.slice(0, -3);
  else if (w.length > 4 && w.endsWith("ied")) w = `${w.slice(0, -3)}y`;
  else if (w.length > 4 && w.endsWith("ed")) w = w.slice(0, -2);
  else if (w.length > 4 && w.endsWith("ies")) w = `${w.slice(0, -3)}y`;
  else if (w.length > 3 && w.endsWith("s") && !w.endsWith("ss")) w = w.slice(0, -1);
  return w;
}

/** The stemmed latin words of a normalized text, in order. */
export function latinWords(norm: string): string[] {
  return (norm.match(LATIN_WORD) ?? []).map(stem);
}

interface Entry {
  token: string;
  weight: number;
}

/** Builds the matcher: Han wordings by their first character, latin ones by their first word. */
export function compileLexicon(file: LexiconFile): Lexicon {
  const parsed = LexiconFile.parse(file);
  const byChar = new Map<string, Array<{ term: string } & Entry>>();
  const byWord = new Map<string, Array<{ words: string[] } & Entry>>();
  const patterns: Array<{ re: RegExp } & Entry> = [];
  const vocabulary = new Set<string>();
  for (const [id, c] of Object.entries(parsed.concepts)) {
    const entry = { token: `~${id}`, weight: c.weight ?? 1 };
    for (const raw of [...c.zh, ...c.en]) {
      const term = normalizeText(raw);
      const words = latinWords(term);
      // A wording that is latin words only matches whole words; any other matches as a substring.
      if (words.length > 0 && LATIN_ONLY.test(term)) {
        const first = words[0] as string;
        for (const w of words) vocabulary.add(w);
        const list = byWord.get(first) ?? [];
        list.push({ words, ...entry });
        byWord.set(first, list);
      } else {
        const first = term[0] as string;
        const list = byChar.get(first) ?? [];
        list.push({ term, ...entry });
        byChar.set(first, list);
      }
    }
    for (const p of c.patterns ?? []) patterns.push({ re: new RegExp(p, "u"), ...entry });
  }
  return {
    latinWords: vocabulary,
    concepts(text: string): ConceptHit[] {
      const norm = normalizeText(text);
      // Every wording found, with where it is (characters for Han, word positions for latin).
      const spans: Array<{ start: number; end: number; latin: boolean } & Entry> = [];
      for (let i = 0; i < norm.length; i++) {
        const list = byChar.get(norm[i] as string);
        if (list)
          for (const e of list)
            if (norm.startsWith(e.term, i))
              spans.push({ start: i, end: i + e.term.length, latin: false, ...e });
      }
      const words = latinWords(norm);
      for (let i = 0; i < words.length; i++) {
        const list = byWord.get(words[i] as string);
        if (!list) continue;
        for (const e of list)
          if (e.words.every((w, k) => words[i + k] === w))
            spans.push({ start: i, end: i + e.words.length, latin: true, ...e });
      }
      // A wording inside a longer one of another concept is not said on its own: 取消訂閱 is
      // unsubscribing, not cancelling; "where is my order" is tracking, not a location.
      const found = new Map<string, number>();
      const add = (e: Entry) => {
        if ((found.get(e.token) ?? 0) < e.weight) found.set(e.token, e.weight);
      };
      for (const a of spans) {
        const inside = spans.some(
          (b) =>
            b !== a &&
            b.latin === a.latin &&
            b.token !== a.token &&
            b.start <= a.start &&
            b.end >= a.end &&
            b.end - b.start > a.end - a.start,
        );
        if (!inside) add(a);
      }
      for (const p of patterns) if (p.re.test(norm)) add(p);
      return [...found].map(([token, weight]) => ({ token, weight }));
    },
  };
}

let retailLexicon: Lexicon | undefined;
/** The lexicon shipped with the product (compiled once). */
export function defaultLexicon(): Lexicon {
  retailLexicon ??= compileLexicon(retail as LexiconFile);
  return retailLexicon;
}
