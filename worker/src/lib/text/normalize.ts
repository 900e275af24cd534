/**
 * The one text normalisation used for matching what shoppers type: NFKC (full-width letters,
 * digits and punctuation become half-width, e.g. `ＡＢＣ１２３＋` → `ABC123+`), case folded,
 * whitespace (incl. the ideographic space U+3000) collapsed to one space, trimmed.
 */
export function normalizeText(input: string): string {
  return input.normalize("NFKC").toLowerCase().replace(/\s+/gu, " ").trim();
}
