import { type CompiledCatalogue, type CompiledProduct, isAlnumCode } from "./catalogue";
import { readNumber } from "./numerals";

/**
 * The scanner of the "+1" parser (the grammar is described in `parse.ts`): one left-to-right
 * pass over the lower-cased comment into codes, unknown codes, variant words, quantities and
 * separators; what is left over is chatter (kept to spot questions).
 */

export type Token =
  | { t: "code"; start: number; end: number; product: CompiledProduct; wordKey: string | undefined }
  | { t: "unknown"; start: number; end: number }
  | { t: "word"; start: number; end: number; key: string }
  | { t: "qty"; start: number; end: number; n: number; bundle: boolean; each: boolean }
  | { t: "sep"; start: number; end: number };

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

export interface Scan {
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

export function scan(lo: string, catalogue: CompiledCatalogue): Scan {
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
