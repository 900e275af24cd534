/**
 * Strict reading of a whole number typed by a person (NT$ amounts, points, stock): what they
 * mean is accepted — `1,200`, full-width `１２００`, spaces around it — and anything else is
 * refused with why, never "fixed" by dropping characters (`12.5` is not 125, `-100` is not 100).
 * The page shows the number as understood (`readAs`) when it was written differently.
 */
export type WholeRefusal = "EMPTY" | "NOT_WHOLE" | "NEGATIVE" | "NOT_A_NUMBER" | "TOO_SMALL" | "TOO_LARGE";

export type Whole =
  | {
      ok: true;
      value: number /** Written other than as plain digits (`1,200`, `１２００`). */;
      readAs: boolean;
    }
  | { ok: false; reason: WholeRefusal; min: number; max: number };

const GROUPED = /^\d{1,3}(?:,\d{3})+$/;
const PLAIN = /^\d+$/;
const DECIMAL = /^(?:\d+|\d{1,3}(?:,\d{3})+)?\.\d*$/;

/** Reads `text` as a whole number from `min` (default 0) to `max`. */
export function parseWhole(text: string, limits: { min?: number; max: number }): Whole {
  const min = limits.min ?? 0;
  const { max } = limits;
  const refuse = (reason: WholeRefusal): Whole => ({ ok: false, reason, min, max });
  // Full-width digits, comma, point and minus as their ASCII selves; the minus sign U+2212 too.
  const s = text
    .normalize("NFKC")
    .replace(/\u2212/g, "-")
    .trim();
  if (s === "") return refuse("EMPTY");
  const numberLike = (x: string) => PLAIN.test(x) || GROUPED.test(x) || (DECIMAL.test(x) && /\d/.test(x));
  if (s.startsWith("-")) return refuse(numberLike(s.slice(1).trim()) ? "NEGATIVE" : "NOT_A_NUMBER");
  if (DECIMAL.test(s) && /\d/.test(s)) return refuse("NOT_WHOLE");
  if (!PLAIN.test(s) && !GROUPED.test(s)) return refuse("NOT_A_NUMBER");
  const digits = s.replace(/,/g, "").replace(/^0+(?=\d)/, "");
  // Beyond 15 digits a JavaScript number is no longer exact: it is over any limit anyway.
  if (digits.length > 15) return refuse("TOO_LARGE");
  const value = Number(digits);
  if (value < min) return refuse("TOO_SMALL");
  if (value > max) return refuse("TOO_LARGE");
  return { ok: true, value, readAs: text !== digits };
}

const FROM_API: Record<string, WholeRefusal> = {
  REQUIRED: "EMPTY",
  NOT_A_NUMBER: "NOT_A_NUMBER",
  NOT_WHOLE: "NOT_WHOLE",
  TOO_SMALL: "TOO_SMALL",
  TOO_LARGE: "TOO_LARGE",
};

/**
 * The API's refusal of a number field (`details: { reason, field, min?, max? }`, see
 * worker/src/lib/input-refusal.ts) in the same terms, so the page says it in its own words.
 */
export function apiRefusal(
  details: unknown,
): { field: string; reason: WholeRefusal; min: number; max: number } | null {
  const d = details as { reason?: unknown; field?: unknown; min?: unknown; max?: unknown } | undefined;
  const reason = typeof d?.reason === "string" ? FROM_API[d.reason] : undefined;
  if (!reason || typeof d?.field !== "string") return null;
  return {
    field: d.field,
    reason,
    min: typeof d.min === "number" ? d.min : 0,
    max: typeof d.max === "number" ? d.max : 0,
  };
}
