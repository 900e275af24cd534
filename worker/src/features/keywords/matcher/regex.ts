/**
 * Regex keyword patterns: compiled once with flags `iu`, against the normalised text.
 *
 * The source is NFKC-normalised first (so `ＶＩＰ\d+` is `VIP\d+`, matching the half-width text
 * the rules see); case is left to the `i` flag. Guards against patterns that can hang the
 * worker (catastrophic backtracking) are deliberately minimal and cheap:
 * - at most `MAX_REGEX_LENGTH` (500) characters;
 * - no quantified group that itself contains a quantifier (`(a+)+`, `(\w*)*`, `(a|b+){2,}`);
 * - no back-references (`\1`, `\k<name>`).
 * Texts are also capped (`MAX_TEXT_LENGTH`) before matching.
 */
export const MAX_REGEX_LENGTH = 500;

const NESTED_QUANTIFIER = /\((?:[^()\\]|\\.)*[+*}](?:[^()\\]|\\.)*\)\s*[+*{]/;
const BACKREFERENCE = /\\[1-9]|\\k</;

/** Compiles a rule's regex or throws an `Error` whose message says why, in plain words. */
export function compileRegex(pattern: string): RegExp {
  if (pattern.length > MAX_REGEX_LENGTH) {
    throw new Error(`a regex may have at most ${MAX_REGEX_LENGTH} characters`);
  }
  const source = pattern.normalize("NFKC");
  if (NESTED_QUANTIFIER.test(source)) {
    throw new Error("nested quantifiers such as (a+)+ can hang matching; rewrite the pattern");
  }
  if (BACKREFERENCE.test(source)) throw new Error("back-references are not allowed");
  try {
    return new RegExp(source, "iu");
  } catch (err) {
    throw new Error(`invalid regex: ${err instanceof Error ? err.message : String(err)}`);
  }
}
