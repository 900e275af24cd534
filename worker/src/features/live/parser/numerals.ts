/**
 * Quantities as typed in comments: Arabic digits (`12`) or Chinese numerals up to 999
 * (`一`, `兩`, `十`, `十二`, `二十`, `二十五`, `一百零五`, `兩百`).
 */

const DIGITS: Record<string, number> = {
  零: 0,
  〇: 0,
  一: 1,
  二: 2,
  兩: 2,
  两: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  七: 7,
  八: 8,
  九: 9,
};

/** Chinese numeral of at most three places: [d百][零][d]十][d]. Sticky: used at a given index. */
const CHINESE =
  /(?:[一二兩两三四五六七八九]百)?(?:零?[一二兩两三四五六七八九]?十)?(?:零?[一二兩两三四五六七八九])?/y;
const ARABIC = /[0-9]+/y;

/** Digits beyond this many are "too large" anyway; avoids parsing 50-digit numbers. */
const MAX_DIGITS = 7;
export const HUGE_QUANTITY = 10 ** MAX_DIGITS;

export interface ParsedNumber {
  value: number;
  /** Index just past the number. */
  end: number;
}

function chineseValue(s: string): number {
  let total = 0;
  let current = 0;
  for (const ch of s) {
    if (ch === "十") {
      total += (current || 1) * 10;
      current = 0;
    } else if (ch === "百") {
      total += (current || 1) * 100;
      current = 0;
    } else {
      current = DIGITS[ch] ?? 0;
    }
  }
  return total + current;
}

/** The number starting exactly at `index` of `text`, or undefined. */
export function readNumber(text: string, index: number): ParsedNumber | undefined {
  const c = text.charCodeAt(index);
  if (c >= 48 && c <= 57) {
    ARABIC.lastIndex = index;
    const m = ARABIC.exec(text);
    if (!m) return undefined;
    const digits = m[0];
    const value = digits.replace(/^0+(?=\d)/, "").length > MAX_DIGITS ? HUGE_QUANTITY : Number(digits);
    return { value, end: index + digits.length };
  }
  CHINESE.lastIndex = index;
  const m = CHINESE.exec(text);
  if (!m || m[0].length === 0) {
    // `零` alone (the regex needs a digit after 零).
    if (text[index] === "零" || text[index] === "〇") return { value: 0, end: index + 1 };
    return undefined;
  }
  return { value: chineseValue(m[0]), end: index + m[0].length };
}
