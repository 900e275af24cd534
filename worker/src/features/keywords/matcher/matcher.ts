import { normalizeText } from "../../../lib/text/normalize";
import { AhoCorasick } from "./aho-corasick";
import { compileRegex } from "./regex";

/**
 * Keyword matcher: which keyword rules answer a message, and why.
 *
 * `buildMatcher(rules)` compiles a rule set once (rebuild when rules change):
 * - literal patterns (exact / contains / prefix) are normalised with `normalizeText` and share
 *   one Aho-Corasick automaton, so a message is scanned once whatever the number of rules —
 *   `contains` = the pattern occurs (first occurrence reported), `prefix` = it occurs at 0,
 *   `exact` = it covers the whole normalised text;
 * - regex patterns are compiled once (`regex.ts`: flags `iu`, length and backtracking guards)
 *   and only run for regex rules.
 * Results are ordered by priority (higher first), then `order` (lower = older first; defaults
 * to the rule's index in the array), then array index.
 *
 * `match(text)` returns every matching rule (what a "test a message" box shows). `best(text)`
 * returns only the winner and skips regexes that can no longer win: when the best literal match
 * already ranks above every regex rule (higher priority, or equal priority and older), no regex
 * runs at all; otherwise regexes run in rank order only while they rank above the best literal,
 * stopping at the first that matches.
 *
 * Spans are UTF-16 offsets into `normalizedText`: `normalizedText.slice(span[0], span[1])` is
 * the matched text.
 */

export type MatchType = "exact" | "contains" | "prefix" | "regex";

export interface KeywordRuleInput {
  id: string;
  match: MatchType;
  pattern: string;
  /** Higher wins. */
  priority: number;
  /** Tie-break among equal priorities: lower (earlier created) wins. Default: index in the array. */
  order?: number;
}

export interface MatchResult {
  ruleId: string;
  match: MatchType;
  /** The rule's pattern as written. */
  pattern: string;
  priority: number;
  /** [start, end) in `normalizedText`, UTF-16 offsets. */
  span: [number, number];
  /** The message after `normalizeText` — what the rules were matched against. */
  normalizedText: string;
}

export interface Matcher {
  /** Every matching rule, best first. */
  match(text: string): MatchResult[];
  /** The winning rule, or undefined. Same answer as `match(text)[0]`, with less work. */
  best(text: string): MatchResult | undefined;
  readonly size: number;
}

export interface RuleError {
  ruleId: string;
  message: string;
}

/** Thrown by `buildMatcher` with every rule that can't be compiled. */
export class MatcherBuildError extends Error {
  constructor(readonly errors: RuleError[]) {
    super(`invalid keyword rules: ${errors.map((e) => `${e.ruleId} (${e.message})`).join("; ")}`);
    this.name = "MatcherBuildError";
  }
}

/** Messages are cut to this many UTF-16 units before matching (LINE text messages hold 5,000). */
export const MAX_TEXT_LENGTH = 5000;

interface CompiledRule {
  id: string;
  match: MatchType;
  pattern: string;
  priority: number;
  /** Position in the global best-first order. */
  rank: number;
}

interface RegexRule extends CompiledRule {
  re: RegExp;
}

function compare(a: KeywordRuleInput & { index: number }, b: KeywordRuleInput & { index: number }): number {
  return b.priority - a.priority || (a.order ?? a.index) - (b.order ?? b.index) || a.index - b.index;
}

class KeywordMatcher implements Matcher {
  private readonly automaton: AhoCorasick;
  /** Per distinct literal pattern, its rules (ascending rank). */
  private readonly patternRules: CompiledRule[][];
  /** Regex rules in rank order. */
  private readonly regexes: RegexRule[];
  readonly size: number;

  constructor(literals: Map<string, CompiledRule[]>, regexes: RegexRule[], size: number) {
    this.automaton = new AhoCorasick([...literals.keys()]);
    this.patternRules = [...literals.values()].map((rs) => rs.sort((a, b) => a.rank - b.rank));
    this.regexes = regexes.sort((a, b) => a.rank - b.rank);
    this.size = size;
  }

  /** Literal matches, unsorted, as [rule, start, end] triples. */
  private literalMatches(text: string): Array<{ rule: CompiledRule; start: number; end: number }> {
    const occ = this.automaton.firstOccurrences(text);
    const found: Array<{ rule: CompiledRule; start: number; end: number }> = [];
    for (let k = 0; k < occ.length; k += 3) {
      const start = occ[k + 1] as number;
      const end = occ[k + 2] as number;
      for (const rule of this.patternRules[occ[k] as number] as CompiledRule[]) {
        if (rule.match === "contains" || (start === 0 && (rule.match === "prefix" || end === text.length))) {
          found.push({ rule, start, end });
        }
      }
    }
    return found;
  }

  private result(rule: CompiledRule, start: number, end: number, normalizedText: string): MatchResult {
    return {
      ruleId: rule.id,
      match: rule.match,
      pattern: rule.pattern,
      priority: rule.priority,
      span: [start, end],
      normalizedText,
    };
  }

  match(text: string): MatchResult[] {
    const normalizedText = normalizeText(text.slice(0, MAX_TEXT_LENGTH));
    const found = this.literalMatches(normalizedText);
    for (const rule of this.regexes) {
      const m = rule.re.exec(normalizedText);
      if (m) found.push({ rule, start: m.index, end: m.index + m[0].length });
    }
    found.sort((a, b) => a.rule.rank - b.rule.rank);
    return found.map((f) => this.result(f.rule, f.start, f.end, normalizedText));
  }

  best(text: string): MatchResult | undefined {
    const normalizedText = normalizeText(text.slice(0, MAX_TEXT_LENGTH));
    let best: { rule: CompiledRule; start: number; end: number } | undefined;
    for (const f of this.literalMatches(normalizedText)) if (!best || f.rule.rank < best.rule.rank) best = f;
    for (const rule of this.regexes) {
      if (best && rule.rank > best.rule.rank) break; // no remaining regex can win
      const m = rule.re.exec(normalizedText);
      if (m) {
        best = { rule, start: m.index, end: m.index + m[0].length };
        break;
      }
    }
    return best && this.result(best.rule, best.start, best.end, normalizedText);
  }
}

/**
 * Compiles keyword rules into a `Matcher`. Throws `MatcherBuildError` listing every rule that
 * is invalid: a regex that doesn't compile or is refused by the guards, a literal pattern that
 * is empty after normalisation, a duplicate rule id.
 */
export function buildMatcher(rules: readonly KeywordRuleInput[]): Matcher {
  const indexed = rules.map((r, index) => ({ ...r, index }));
  const ranked = [...indexed].sort(compare);
  const rank = new Map<number, number>();
  for (const [i, r] of ranked.entries()) rank.set(r.index, i);

  const errors: RuleError[] = [];
  const ids = new Set<string>();
  const literals = new Map<string, CompiledRule[]>();
  const regexes: RegexRule[] = [];
  for (const r of indexed) {
    if (ids.has(r.id)) errors.push({ ruleId: r.id, message: "duplicate rule id" });
    ids.add(r.id);
    const compiled: CompiledRule = {
      id: r.id,
      match: r.match,
      pattern: r.pattern,
      priority: r.priority,
      rank: rank.get(r.index) as number,
    };
    if (r.match === "regex") {
      try {
        regexes.push({ ...compiled, re: compileRegex(r.pattern) });
      } catch (err) {
        errors.push({ ruleId: r.id, message: err instanceof Error ? err.message : String(err) });
      }
      continue;
    }
    const normalized = normalizeText(r.pattern);
    if (!normalized) {
      errors.push({ ruleId: r.id, message: "the pattern is empty" });
      continue;
    }
    const list = literals.get(normalized);
    if (list) list.push(compiled);
    else literals.set(normalized, [compiled]);
  }
  if (errors.length > 0) throw new MatcherBuildError(errors);
  return new KeywordMatcher(literals, regexes, rules.length);
}
