/**
 * Text normalisation for matching what shoppers type (keyword rules, "+1" comments).
 *
 * - `toHalfWidth`: Unicode NFKC, so full-width letters, digits and punctuation become half-width
 *   (`ＡＢＣ１２３＋？` → `ABC123+?`, the ideographic space U+3000 → a space, half-width katakana →
 *   full-width katakana), plus a few look-alikes NFKC leaves alone (`➕`, `➖`, `−` → `+`, `-`);
 *   zero-width characters (U+200B, U+2060, U+FEFF) are removed. Case is kept.
 * - `collapseWhitespace`: every run of whitespace (spaces, tabs, U+3000, newlines, …) becomes one
 *   space, or with `keepNewlines` one `\n` when the run holds a line break; the result is trimmed.
 * - `normalizeText`: both, plus case folding (`toLowerCase`).
 *
 * All of these are pure and allocation-light; none touches I/O, time or randomness.
 */

export interface NormalizeOptions {
  /** Keep line breaks (a whitespace run holding a line break becomes one `\n`). Default false. */
  keepNewlines?: boolean;
}

const ZERO_WIDTH = /[\u200B\u2060\uFEFF]/gu;
const LOOKALIKES = /[\u2795\u2796\u2212]/gu;
const LOOKALIKE_MAP: Record<string, string> = { "\u2795": "+", "\u2796": "-", "\u2212": "-" };
const WHITESPACE = /\s+/gu;
const LINE_BREAK = /[\n\r\u2028\u2029]/u;
/** Printable ASCII only: NFKC and the look-alike/zero-width passes cannot change it. */
const PLAIN_ASCII = /^[\x20-\x7e]*$/;

/** NFKC (full-width → half-width), a few plus/minus look-alikes, zero-width characters dropped. */
export function toHalfWidth(input: string): string {
  if (PLAIN_ASCII.test(input)) return input;
  let out = input.normalize("NFKC");
  if (out.includes("\u200B") || out.includes("\u2060") || out.includes("\uFEFF"))
    out = out.replace(ZERO_WIDTH, "");
  if (out.includes("\u2795") || out.includes("\u2796") || out.includes("\u2212")) {
    out = out.replace(LOOKALIKES, (c) => LOOKALIKE_MAP[c] ?? c);
  }
  return out;
}

/** Whitespace runs → one space (or one `\n` with `keepNewlines` when the run has a line break); trimmed. */
export function collapseWhitespace(input: string, options?: NormalizeOptions): string {
  const collapsed = options?.keepNewlines
    ? input.replace(WHITESPACE, (run) => (LINE_BREAK.test(run) ? "\n" : " "))
    : input.replace(WHITESPACE, " ");
  return collapsed.trim();
}

/**
 * The one normalisation used for matching: NFKC half-width, case folded, whitespace collapsed
 * (to single spaces, or keeping line breaks as `\n` with `keepNewlines`), trimmed.
 * `normalizeText("  ＡＢＣ\u3000＋１\n") === "abc +1"`.
 */
export function normalizeText(input: string, options?: NormalizeOptions): string {
  return collapseWhitespace(toHalfWidth(input).toLowerCase(), options);
}
