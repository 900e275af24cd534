import { collapseWhitespace, toHalfWidth } from "../../../lib/text/normalize";
import {
  type CompiledCatalogue,
  type CompiledProduct,
  type CompiledVariant,
  compileCatalogue,
  isAlnumCode,
  resolveFeatured,
} from "./catalogue";
import { readNumber } from "./numerals";
import type {
  Ambiguity,
  CatalogueProduct,
  OrderLine,
  ParseOptions,
  ParseResult,
  RejectedLine,
  VariantCandidate,
} from "./types";

/**
 * "+1" comment parser.
 *
 * The comment is normalised (NFKC half-width, `➕`→`+`, whitespace collapsed, line breaks kept as
 * separators), then scanned once left to right into tokens:
 *
 * - **code**: a catalogue code, longest first, case-insensitive. A code that starts/ends with a
 *   latin letter or digit needs a latin boundary there (`B02` is not `B0`+`2`, `AB` holds no `A`),
 *   while Han text around it is fine (`我要A+1謝謝`).
 * - **quantity**: `+N`, `+ N`, `加N`, `-N` / `減N` (cancel), N in digits or Chinese numerals
 *   (`一`…`十`, `二十五`, `兩`, up to 999); `包色` / `包+N` (one of each variant); `各+N` (each
 *   of the codes before it: `A、B各+1`); `xN`, `*N`, `×N` only right after a code or variant word
 *   (`A x2`, `A紅x2`) — elsewhere `x2` is chatter. `加一下`/`加一點` are not quantities.
 * - **unknown code**: 1–3 latin letters + up to 4 digits glued to a quantity (`Z+1`, `C99+1`)
 *   that isn't in the catalogue → rejected `UNKNOWN_CODE`. Longer latin words (`line+1`) are chatter.
 * - **variant word**: a word of any variant of the catalogue (`紅`, `紅色`, `M`), or a common
 *   colour/size (so an unknown colour is reported, not ignored). `X色` reads as `X`. A single Han
 *   character only counts standing alone (`明白` holds no 白; `紅的`, `大號` are fine).
 * - **separator**: `,` `、` `;` `/` or a line break; spaces only separate tokens.
 * - everything else is chatter. Chatter decides questions (`?`, `嗎`, `呢`, `什麼`, `請問`, …):
 *   a question is never an order.
 *
 * Tokens then group into items: `[codes] [words] quantity [words]`. Words right after a quantity
 * belong to it (`A+1 紅 M`) unless another quantity follows them first (`A紅+1 藍+1` = A 紅 and
 * A 藍: an item with only variant words inherits the previous item's product when they fit it).
 * A code after a quantity that has none is that quantity's product (`+1 A`), unless the code has
 * its own quantity (`+1 A+2` = featured 1, A 2). A separator ends an item. No code → the featured
 * product. A code that is also a variant word of the product being ordered is the word (`T+1 S`).
 * `+1+1` is two lines of 1.

 * Not orders (`kind: "none"`): no quantity at all, any question, arithmetic (`1+1=2`, `3 + 2`,
 * a bare number glued to an operator), links, or every quantity 0. Several items are returned
 * as separate lines (not summed); a `包色` item gives one line per matching variant.
 *
 * Ambiguous (`kind: "ambiguous"`, no lines at all so the buyer can simply re-comment): a bare
 * quantity without featured product, a product with variants and no (or an incomplete) variant,
 * a product code left without quantity next to an order. A product with exactly one variant
 * needs no choice and gets it.
 */

const DEFAULT_MAX_QUANTITY = 99;

type Token =
  | { t: "code"; start: number; end: number; product: CompiledProduct; wordKey: string | undefined }
  | { t: "unknown"; start: number; end: number }
  | { t: "word"; start: number; end: number; key: string }
  | { t: "qty"; start: number; end: number; n: number; bundle: boolean; each: boolean }
  | { t: "sep"; start: number; end: number };

const URL_RE = /https?:\/\/|www\.|[a-z0-9-]+\.(?:com|tw|net|org|cc|io|me|ly|co|shop)\b/;
const QUESTION_RE =
  /[?嗎]|呢|什麼|甚麼|請問|多少|如何|能不能|可不可以|有沒有|是不是|哪|幾[號時天點個件]|怎麼(?![這那]麼)/;
/** Quick reject: no character that can start a quantity. */
const MAYBE_QTY_RE = /[+\-加減包x*×]/;
const UNKNOWN_CODE_RE = /[a-z]{1,3}[0-9]{0,4}(?=[+\-加減各包]|[x*×] ?[0-9])/y;
const ALNUM_RUN_RE = /[a-z0-9]+/y;
/** After 加 + a numeral these make it a verb phrase (`加一下好友`), not a quantity. */
const NOT_AFTER_JIA = new Set(["下", "點", "些", "般", "樣", "起", "直", "定", "切", "次", "入"]);
/** May follow a single-Han variant word (`紅的`, `大號`). */
const HAN_WORD_SUFFIX = new Set(["的", "號", "款", "碼"]);
const SEPARATORS = new Set([",", "、", ";", "/", "\n", "|"]);

function isDigitCode(c: number): boolean {
  return c >= 48 && c <= 57;
}

function isHanCode(c: number): boolean {
  return (c >= 0x3400 && c <= 0x9fff) || (c >= 0xf900 && c <= 0xfaff);
}

interface Scan {
  tokens: Token[];
  chatter: string;
  arithmetic: boolean;
}

/** A quantity at `i` (`+2`, `- 1`, `加一`, `減2`) or undefined. `op` is the char at i. */
function readSignedQuantity(lo: string, i: number): { n: number; end: number } | undefined {
  const op = lo[i];
  let j = i + 1;
  if ((op === "+" || op === "-") && lo[j] === " ") j++;
  const num = readNumber(lo, j);
  if (!num) return undefined;
  const next = lo.charCodeAt(num.end);
  if (next === 46 /* . */ && isDigitCode(lo.charCodeAt(num.end + 1))) return undefined; // 1.5
  if ((op === "加" || op === "減") && NOT_AFTER_JIA.has(lo[num.end] ?? "")) return undefined;
  const negative = op === "-" || op === "減";
  return { n: negative ? -num.value : num.value, end: num.end };
}

function scan(lo: string, catalogue: CompiledCatalogue): Scan {
  const tokens: Token[] = [];
  let chatter = "";
  let chatStart = 0;
  let arithmetic = false;
  const len = lo.length;
  /** End of the last token: a latin boundary for what follows (`+1a`, `Ax2`). */
  let lastEnd = -1;
  let i = 0;

  const push = (tok: Token) => {
    if (tok.start > chatStart) chatter += `${lo.slice(chatStart, tok.start)}|`;
    chatStart = tok.end;
    tokens.push(tok);
    lastEnd = tok.end;
    i = tok.end;
  };
  /** `x2` / `*2` only right after a code, unknown code or word (a space between allowed). */
  const timesAllowed = (at: number) => {
    const last = tokens[tokens.length - 1];
    if (!last || (last.t !== "code" && last.t !== "word" && last.t !== "unknown")) return false;
    return last.end === at || (last.end === at - 1 && lo[at - 1] === " ");
  };
  const readTimes = (at: number): boolean => {
    let j = at + 1;
    if (lo[j] === " ") j++;
    if (!isDigitCode(lo.charCodeAt(j))) return false;
    const num = readNumber(lo, j);
    if (!num || isAlnumCode(lo.charCodeAt(num.end))) return false;
    push({ t: "qty", start: at, end: num.end, n: num.value, bundle: false, each: false });
    return true;
  };
  const latinEndOk = (end: number) => {
    const c = lo.charCodeAt(end);
    return !isAlnumCode(c) || (c === 120 /* x */ && isDigitCode(lo.charCodeAt(end + 1)));
  };

  while (i < len) {
    const c = lo.charCodeAt(i);
    const ch = lo[i] as string;
    const alnum = isAlnumCode(c);
    const boundary = i === 0 || !isAlnumCode(lo.charCodeAt(i - 1)) || lastEnd === i;

    if (alnum && !boundary) {
      // Inside a latin word or number: skip the rest of the run.
      ALNUM_RUN_RE.lastIndex = i;
      const m = ALNUM_RUN_RE.exec(lo);
      i += m ? m[0].length : 1;
      continue;
    }

    // Quantities.
    if (ch === "+" || ch === "-" || ch === "加" || ch === "減") {
      const q = readSignedQuantity(lo, i);
      if (q) {
        push({ t: "qty", start: i, end: q.end, n: q.n, bundle: false, each: false });
        continue;
      }
    } else if (ch === "各") {
      const j = lo[i + 1] === " " ? i + 2 : i + 1;
      if (lo[j] === "+" || lo[j] === "加") {
        const q = readSignedQuantity(lo, j);
        if (q) {
          push({ t: "qty", start: i, end: q.end, n: q.n, bundle: false, each: true });
          continue;
        }
      }
    } else if (ch === "包") {
      const afterSe = lo[i + 1] === "色" ? i + 2 : i + 1;
      const j = lo[afterSe] === " " ? afterSe + 1 : afterSe;
      const op = lo[j];
      const q = op === "+" || op === "加" ? readSignedQuantity(lo, j) : undefined;
      if (q) {
        push({ t: "qty", start: i, end: q.end, n: q.n, bundle: true, each: false });
        continue;
      }
      if (afterSe === i + 2) {
        push({ t: "qty", start: i, end: i + 2, n: 1, bundle: true, each: false });
        continue;
      }
    } else if ((ch === "*" || ch === "×") && timesAllowed(i) && readTimes(i)) {
      continue;
    } else if (ch === "x" && timesAllowed(i) && readTimes(i)) {
      continue;
    }

    // Catalogue codes, longest first.
    const codes = catalogue.codeIndex.get(c);
    if (codes) {
      let matched = false;
      for (const e of codes) {
        if (!lo.startsWith(e.text, i)) continue;
        if (e.alnumStart && !boundary) continue;
        const end = i + e.text.length;
        if (e.alnumEnd && !latinEndOk(end)) continue;
        push({ t: "code", start: i, end, product: e.product, wordKey: e.wordKey });
        matched = true;
        break;
      }
      if (matched) continue;
    }

    // Variant words, longest first.
    const words = catalogue.wordIndex.get(c);
    if (words) {
      let matched = false;
      for (const e of words) {
        if (!lo.startsWith(e.text, i)) continue;
        const end = i + e.text.length;
        if (e.alnumStart && !boundary) continue;
        if (e.alnumEnd && !latinEndOk(end)) continue;
        if (
          e.standalone &&
          (isHanCode(lo.charCodeAt(i - 1)) ||
            (isHanCode(lo.charCodeAt(end)) && !HAN_WORD_SUFFIX.has(lo[end] ?? "")))
        )
          continue;
        push({ t: "word", start: i, end, key: e.key });
        matched = true;
        break;
      }
      if (matched) continue;
    }

    if (alnum) {
      // A code-looking run glued to a quantity but not in the catalogue.
      if (c >= 97) {
        UNKNOWN_CODE_RE.lastIndex = i;
        const m = UNKNOWN_CODE_RE.exec(lo);
        if (m) {
          push({ t: "unknown", start: i, end: i + m[0].length });
          continue;
        }
      }
      ALNUM_RUN_RE.lastIndex = i;
      const run = (ALNUM_RUN_RE.exec(lo) as RegExpExecArray)[0];
      let end = i + run.length;
      if (/^[0-9]+$/.test(run)) {
        // A bare number next to an operator and another number: arithmetic, phone number…
        const sp = lo[end] === " " ? 1 : 0;
        const op = lo[end + sp];
        if (op === "+" || op === "-" || op === "*" || op === "x" || op === "×" || op === "=") {
          const after = end + sp + 1;
          const sp2 = lo[after] === " " ? 1 : 0;
          if (sp === sp2 && isDigitCode(lo.charCodeAt(after + sp2))) arithmetic = true;
        }
        // `1+1`: skip the right operand too so it isn't read as `+1`.
        if (arithmetic) end = len;
      }
      i = end;
      continue;
    }

    if (SEPARATORS.has(ch)) {
      push({ t: "sep", start: i, end: i + 1 });
      continue;
    }
    i++;
  }
  if (chatStart < len) chatter += lo.slice(chatStart);
  return { tokens, chatter, arithmetic };
}

interface CodeRef {
  product: CompiledProduct | undefined;
  start: number;
  end: number;
}

interface Item {
  product: CompiledProduct | undefined;
  /** Set for an unknown code: the [start, end) of the typed code. */
  unknown: [number, number] | undefined;
  words: string[];
  n: number;
  bundle: boolean;
  start: number;
  end: number;
}

interface Grouping {
  items: Item[];
  dangling: CodeRef[];
}

function group(tokens: Token[]): Grouping {
  const items: Item[] = [];
  const dangling: CodeRef[] = [];
  let pendingCodes: Array<CodeRef & { unknown: boolean }> = [];
  let pendingWords: string[] = [];
  let pendingStart = -1;
  /** The items of the last quantity, still open for trailing words or a post-code. */
  let open: Item[] = [];
  let floating: string[] = [];
  let floatingStart = -1;
  let floatingEnd = -1;
  /** Product of the last item, inherited by a following item that only names variant words. */
  let lastProduct: CompiledProduct | undefined;

  const flushFloating = () => {
    if (floating.length === 0) return;
    for (const it of open) {
      it.words.push(...floating);
      it.end = Math.max(it.end, floatingEnd);
    }
    floating = [];
  };
  const nextIsQty = (from: number) => {
    for (let k = from; k < tokens.length; k++) {
      const t = tokens[k] as Token;
      if (t.t === "word") continue;
      return t.t === "qty";
    }
    return false;
  };
  const addWord = (key: string, start: number, end: number) => {
    if (pendingCodes.length > 0 || pendingWords.length > 0 || open.length === 0) {
      if (pendingStart < 0) pendingStart = start;
      pendingWords.push(key);
    } else {
      if (floating.length === 0) floatingStart = start;
      floating.push(key);
      floatingEnd = end;
    }
  };

  for (let k = 0; k < tokens.length; k++) {
    const tok = tokens[k] as Token;
    switch (tok.t) {
      case "sep":
        flushFloating();
        open = [];
        break;
      case "word":
        addWord(tok.key, tok.start, tok.end);
        break;
      case "code": {
        // A code that is also a variant word of the product being ordered is that word (`E+1 S`).
        const context =
          pendingCodes.length > 0 ? pendingCodes[pendingCodes.length - 1]?.product : open[0]?.product;
        if (tok.wordKey !== undefined && context?.wordKeys.has(tok.wordKey)) {
          addWord(tok.wordKey, tok.start, tok.end);
          break;
        }
        const first = open[0];
        if (
          pendingCodes.length === 0 &&
          open.length === 1 &&
          first &&
          !first.product &&
          !first.unknown &&
          !nextIsQty(k + 1)
        ) {
          flushFloating();
          first.product = tok.product;
          first.end = Math.max(first.end, tok.end);
          lastProduct = tok.product;
          break;
        }
        flushFloating();
        open = [];
        if (pendingStart < 0) pendingStart = tok.start;
        pendingCodes.push({ product: tok.product, start: tok.start, end: tok.end, unknown: false });
        break;
      }
      case "unknown":
        flushFloating();
        open = [];
        if (pendingStart < 0) pendingStart = tok.start;
        pendingCodes.push({ product: undefined, start: tok.start, end: tok.end, unknown: true });
        break;
      case "qty": {
        let words = pendingWords;
        let start = pendingStart < 0 ? tok.start : pendingStart;
        if (pendingCodes.length === 0 && floating.length > 0) {
          words = floating;
          start = floatingStart;
          floating = [];
        }
        // `B紅+1 黑+1`, `B紅+1、黑+2`: words without a code, all of the previous product's
        // variants → that product; otherwise the featured one.
        let inherited: CompiledProduct | undefined;
        const prev = lastProduct;
        if (
          pendingCodes.length === 0 &&
          words.length > 0 &&
          prev &&
          words.every((w) => prev.wordKeys.has(w))
        ) {
          inherited = prev;
        }
        let targets: Array<CodeRef & { unknown: boolean }>;
        if (pendingCodes.length === 0) targets = [];
        else if (tok.each) targets = pendingCodes;
        else {
          for (const d of pendingCodes.slice(0, -1)) if (!d.unknown) dangling.push(d);
          targets = pendingCodes.slice(-1);
        }
        const created: Item[] = [];
        const make = (product: CompiledProduct | undefined, unknown: [number, number] | undefined) => {
          const it: Item = {
            product,
            unknown,
            words: [...words],
            n: tok.n,
            bundle: tok.bundle,
            start,
            end: tok.end,
          };
          created.push(it);
          items.push(it);
        };
        if (targets.length === 0) make(inherited, undefined);
        for (const t of targets) make(t.product, t.unknown ? [t.start, t.end] : undefined);
        open = created;
        lastProduct = created[created.length - 1]?.product;
        pendingCodes = [];
        pendingWords = [];
        pendingStart = -1;
        break;
      }
    }
  }
  flushFloating();
  for (const d of pendingCodes) if (!d.unknown) dangling.push(d);
  return { items, dangling };
}

type VariantResolution =
  | { ok: true; variant: CompiledVariant | undefined }
  | { ok: false; reject: true }
  | {
      ok: false;
      reject: false;
      reason: "VARIANT_REQUIRED" | "VARIANT_AMBIGUOUS";
      candidates: CompiledVariant[];
    };

/** Variants whose words include every given word. */
function consistentVariants(product: CompiledProduct, words: ReadonlySet<string>): CompiledVariant[] {
  const out: CompiledVariant[] = [];
  for (const v of product.variants) {
    let all = true;
    for (const w of words) {
      if (!v.keys.has(w)) {
        all = false;
        break;
      }
    }
    if (all) out.push(v);
  }
  return out;
}

function resolveVariant(product: CompiledProduct, words: ReadonlySet<string>): VariantResolution {
  if (product.variants.length === 0)
    return words.size > 0 ? { ok: false, reject: true } : { ok: true, variant: undefined };
  for (const w of words) if (!product.wordKeys.has(w)) return { ok: false, reject: true };
  const candidates = consistentVariants(product, words);
  if (candidates.length === 0) return { ok: false, reject: true };
  if (candidates.length === 1) return { ok: true, variant: candidates[0] };
  const exact = candidates.filter((v) => v.keys.size === words.size);
  if (exact.length === 1) return { ok: true, variant: exact[0] };
  return {
    ok: false,
    reject: false,
    reason: words.size === 0 ? "VARIANT_REQUIRED" : "VARIANT_AMBIGUOUS",
    candidates,
  };
}

const toCandidate = (v: CompiledVariant): VariantCandidate => ({ variantId: v.id, words: [...v.words] });

function isCompiled(c: CompiledCatalogue | readonly CatalogueProduct[]): c is CompiledCatalogue {
  return !Array.isArray(c);
}

/** Half-width, whitespace-collapsed comment (line breaks kept), as sources are cut from. */
export function prepareComment(text: string): string {
  return collapseWhitespace(toHalfWidth(text), { keepNewlines: true });
}

/**
 * Parses one comment against a compiled catalogue (`compileCatalogue`, done once per sale).
 * Passing a product array compiles it on the fly (convenient, slower).
 * Pure: no I/O, no clock, no randomness; never throws on comment text (only on a
 * `featuredCode` option that isn't in the catalogue).
 */
export function parseComment(
  text: string,
  catalogue: CompiledCatalogue | readonly CatalogueProduct[],
  options?: ParseOptions,
): ParseResult {
  const cat = isCompiled(catalogue) ? catalogue : compileCatalogue(catalogue);
  const src = prepareComment(text);
  const lower = src.toLowerCase();
  // toLowerCase can change the length of a few exotic characters; then cut sources from `lower`.
  const view = lower.length === src.length ? src : lower;
  if (!MAYBE_QTY_RE.test(lower)) return { kind: "none", why: "NO_ORDER" };
  if (URL_RE.test(lower)) return { kind: "none", why: "URL" };

  const { tokens, chatter, arithmetic } = scan(lower, cat);
  if (arithmetic) return { kind: "none", why: "ARITHMETIC" };
  if (QUESTION_RE.test(chatter)) return { kind: "none", why: "QUESTION" };
  if (!tokens.some((t) => t.t === "qty")) return { kind: "none", why: "NO_ORDER" };

  const featured =
    options?.featuredCode !== undefined ? resolveFeatured(cat.products, options.featuredCode) : cat.featured;
  const maxQuantity = options?.maxQuantity ?? DEFAULT_MAX_QUANTITY;
  const { items, dangling } = group(tokens);

  const lines: OrderLine[] = [];
  const rejected: RejectedLine[] = [];
  const issues: Ambiguity[] = [];

  for (const it of items) {
    if (it.n === 0) continue;
    const source = view.slice(it.start, it.end);
    if (it.unknown) {
      rejected.push({
        reason: "UNKNOWN_CODE",
        code: view.slice(it.unknown[0], it.unknown[1]).toUpperCase(),
        quantity: it.n,
        source,
      });
      continue;
    }
    const product = it.product ?? featured;
    if (!product) {
      issues.push({ reason: "NO_FEATURED_PRODUCT", source });
      continue;
    }
    if (Math.abs(it.n) > maxQuantity) {
      rejected.push({ reason: "QUANTITY_TOO_LARGE", code: product.code, quantity: it.n, source });
      continue;
    }
    const words = new Set(it.words);
    if (it.bundle) {
      if (product.variants.length === 0 && words.size === 0) {
        lines.push({ code: product.code, quantity: it.n, source });
        continue;
      }
      const all = product.variants.length === 0 ? [] : consistentVariants(product, words);
      if (all.length === 0) {
        rejected.push({
          reason: "UNKNOWN_VARIANT",
          code: product.code,
          quantity: it.n,
          words: [...words],
          source,
        });
        continue;
      }
      for (const v of all) lines.push({ code: product.code, variantId: v.id, quantity: it.n, source });
      continue;
    }
    const r = resolveVariant(product, words);
    if (r.ok) {
      const line: OrderLine = { code: product.code, quantity: it.n, source };
      if (r.variant) line.variantId = r.variant.id;
      lines.push(line);
    } else if (r.reject) {
      rejected.push({
        reason: "UNKNOWN_VARIANT",
        code: product.code,
        quantity: it.n,
        words: [...words],
        source,
      });
    } else {
      issues.push({
        reason: r.reason,
        code: product.code,
        candidates: r.candidates.map(toCandidate),
        source,
      });
    }
  }
  if (items.some((it) => it.n !== 0)) {
    for (const d of dangling) {
      if (d.product)
        issues.push({ reason: "MISSING_QUANTITY", code: d.product.code, source: view.slice(d.start, d.end) });
    }
  }

  const firstIssue = issues[0];
  if (firstIssue) return { kind: "ambiguous", ...firstIssue, issues, rejected };
  if (lines.length === 0 && rejected.length === 0) return { kind: "none", why: "ZERO_QUANTITY" };
  return { kind: "order", lines, rejected };
}
