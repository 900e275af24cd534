import { normalizeText } from "../../../lib/text/normalize";
import type { CatalogueProduct, CatalogueVariant } from "./types";

/**
 * A sale's catalogue precompiled for the parser: compiled once per sale (and again when the
 * products change), reused for every comment. Everything is keyed by the normalised
 * (half-width, lower-case) text and indexed by first character so a comment is scanned once.
 */

export interface CompiledVariant {
  id: string;
  /** The variant's words as given (for asking the buyer). */
  words: string[];
  /** Canonical word keys (see `wordKey`). */
  keys: ReadonlySet<string>;
}

export interface CompiledProduct {
  /** Catalogue casing, returned in order lines. */
  code: string;
  /** Normalised code. */
  key: string;
  variants: CompiledVariant[];
  /** Every word key of every variant. */
  wordKeys: ReadonlySet<string>;
}

export interface CodeEntry {
  text: string;
  product: CompiledProduct;
  /** Starts / ends with a latin letter or digit, so needs a latin boundary there. */
  alnumStart: boolean;
  alnumEnd: boolean;
  /** Set when the code is also a variant word (e.g. code `S` and size `S`). */
  wordKey?: string;
}

export interface WordEntry {
  /** The text to find (normalised). */
  text: string;
  /** Canonical key compared with variant keys (`紅色` and `紅` both → `紅`). */
  key: string;
  alnumStart: boolean;
  alnumEnd: boolean;
  /**
   * A single Han character (`紅`, `大`) must stand alone: no Han character right before it, and
   * after it none or one of 的/號/款/碼 — so `明白` holds no 白 and `紅的` is 紅.
   */
  standalone: boolean;
}

export interface CompiledCatalogue {
  readonly products: ReadonlyMap<string, CompiledProduct>;
  readonly featured: CompiledProduct | undefined;
  /** First UTF-16 unit → codes starting with it, longest first. */
  readonly codeIndex: ReadonlyMap<number, CodeEntry[]>;
  /** First UTF-16 unit → variant-looking words starting with it, longest first. */
  readonly wordIndex: ReadonlyMap<number, WordEntry[]>;
}

export class CatalogueError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "CatalogueError";
  }
}

/**
 * Words that look like variants even when the sale doesn't use them, so `A+1 綠` on a product
 * without green is rejected as an unknown variant instead of silently ordering something else.
 * Single Han characters only count standing alone or followed by 色 (`明白` is not white).
 */
const BUILTIN_MULTI = [
  "卡其",
  "咖啡",
  "酒紅",
  "深藍",
  "淺藍",
  "天藍",
  "寶藍",
  "墨綠",
  "軍綠",
  "淺灰",
  "深灰",
  "米白",
  "奶茶",
  "桃紅",
  "玫瑰",
  "焦糖",
];
const BUILTIN_SINGLE = [
  "紅",
  "橘",
  "橙",
  "黃",
  "綠",
  "藍",
  "紫",
  "黑",
  "白",
  "灰",
  "粉",
  "棕",
  "咖",
  "米",
  "杏",
  "金",
  "銀",
];
const BUILTIN_SIZES = ["xs", "s", "m", "l", "xl", "xxl", "xxxl", "2xl", "3xl", "4xl", "5xl"];

const ALNUM = /[a-z0-9]/;

export function isAlnumCode(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 48 && c <= 57);
}

/** `紅色` → `紅`, `Ｍ` → `m`, `深 藍` → `深 藍`. The key variant words and typed words share. */
export function wordKey(word: string): string {
  const n = normalizeText(word);
  return n.length > 1 && n.endsWith("色") && n !== "包色" ? n.slice(0, -1) : n;
}

function addIndexed<T extends { text: string }>(index: Map<number, T[]>, entry: T): void {
  const first = entry.text.charCodeAt(0);
  const list = index.get(first);
  if (list) {
    if (!list.some((e) => e.text === entry.text)) list.push(entry);
  } else index.set(first, [entry]);
}

function sortIndex<T extends { text: string }>(index: Map<number, T[]>): void {
  for (const list of index.values()) list.sort((a, b) => b.text.length - a.text.length);
}

function compileVariant(code: string, v: CatalogueVariant): CompiledVariant {
  const keys = new Set(v.words.map(wordKey).filter((k) => k.length > 0));
  if (keys.size === 0) throw new CatalogueError(`product ${code}: variant ${v.id} has no words`);
  return { id: v.id, words: [...v.words], keys };
}

const SINGLE_HAN = /^[\u3400-\u9fff\uf900-\ufaff]$/;

function wordEntry(text: string, key: string): WordEntry {
  return {
    text,
    key,
    alnumStart: ALNUM.test(text[0] ?? ""),
    alnumEnd: ALNUM.test(text[text.length - 1] ?? ""),
    standalone: SINGLE_HAN.test(text),
  };
}

/**
 * Precompiles a sale's products. Throws `CatalogueError` on an empty or duplicate code
 * (case- and width-insensitive), a code with spaces, a duplicate variant id or a variant without
 * words. `featuredCode` (optional) is the product a bare `+1` orders; it can be overridden per
 * comment with `ParseOptions.featuredCode`.
 */
export function compileCatalogue(
  products: readonly CatalogueProduct[],
  featuredCode?: string | null,
): CompiledCatalogue {
  const byKey = new Map<string, CompiledProduct>();
  const codeIndex = new Map<number, CodeEntry[]>();
  const wordIndex = new Map<number, WordEntry[]>();

  for (const p of products) {
    const key = normalizeText(p.code);
    if (!key) throw new CatalogueError("a product code is empty");
    if (/\s/.test(key)) throw new CatalogueError(`product code "${p.code}" contains spaces`);
    if (byKey.has(key)) throw new CatalogueError(`duplicate product code "${p.code}"`);
    const variants = (p.variants ?? []).map((v) => compileVariant(p.code, v));
    const ids = new Set<string>();
    for (const v of variants) {
      if (ids.has(v.id)) throw new CatalogueError(`product ${p.code}: duplicate variant id ${v.id}`);
      ids.add(v.id);
    }
    const wordKeys = new Set<string>();
    for (const v of variants) for (const k of v.keys) wordKeys.add(k);
    const product: CompiledProduct = { code: p.code, key, variants, wordKeys };
    byKey.set(key, product);
    for (const v of variants) {
      for (const w of v.words) {
        const n = normalizeText(w);
        const k = wordKey(w);
        if (!k) continue;
        addIndexed(wordIndex, wordEntry(n, k));
        if (k !== n) addIndexed(wordIndex, wordEntry(k, k));
        if (!/[a-z0-9]$/.test(k)) addIndexed(wordIndex, wordEntry(`${k}色`, k));
      }
    }
  }
  for (const w of BUILTIN_MULTI) {
    addIndexed(wordIndex, wordEntry(w, w));
    addIndexed(wordIndex, wordEntry(`${w}色`, w));
  }
  for (const w of BUILTIN_SINGLE) {
    addIndexed(wordIndex, wordEntry(`${w}色`, w));
    addIndexed(wordIndex, wordEntry(w, w));
  }
  for (const w of BUILTIN_SIZES) addIndexed(wordIndex, wordEntry(w, w));
  sortIndex(wordIndex);

  const wordTexts = new Map<string, string>();
  for (const list of wordIndex.values()) for (const e of list) wordTexts.set(e.text, e.key);
  for (const product of byKey.values()) {
    const entry: CodeEntry = {
      text: product.key,
      product,
      alnumStart: ALNUM.test(product.key[0] ?? ""),
      alnumEnd: ALNUM.test(product.key[product.key.length - 1] ?? ""),
    };
    const asWord = wordTexts.get(product.key);
    if (asWord !== undefined) entry.wordKey = asWord;
    addIndexed(codeIndex, entry);
  }
  sortIndex(codeIndex);

  return { products: byKey, featured: resolveFeatured(byKey, featuredCode), codeIndex, wordIndex };
}

export function resolveFeatured(
  products: ReadonlyMap<string, CompiledProduct>,
  featuredCode: string | null | undefined,
): CompiledProduct | undefined {
  if (featuredCode === undefined || featuredCode === null || featuredCode === "") return undefined;
  const p = products.get(normalizeText(featuredCode));
  if (!p) throw new CatalogueError(`featured code "${featuredCode}" is not in the catalogue`);
  return p;
}
