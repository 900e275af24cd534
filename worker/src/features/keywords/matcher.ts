import { normalizeText } from "../../lib/text/normalize";

export type MatchType = "exact" | "contains" | "prefix" | "regex";

export interface MatcherRule {
  id: string;
  match: MatchType;
  pattern: string;
  priority: number;
  /** Tie-break among equal priorities: lower (older) wins. */
  order: number;
}

export interface MatchResult {
  ruleId: string;
  match: MatchType;
  pattern: string;
  priority: number;
  /** Where the pattern matched in the normalised text: [start, end). */
  span: [number, number];
  normalizedText: string;
}

export class InvalidPatternError extends Error {
  constructor(
    readonly ruleId: string,
    message: string,
  ) {
    super(message);
    this.name = "InvalidPatternError";
  }
}

export const MAX_PATTERN_LENGTH = 200;
const MAX_TEXT_LENGTH = 5000;

/**
 * Refuses regexes that can backtrack catastrophically (a quantified group that itself contains
 * a quantifier, e.g. `(a+)+`, `(\w*)*`) and back-references; everything else compiles with `u`.
 */
export function compileRegex(pattern: string): RegExp {
  if (pattern.length > MAX_PATTERN_LENGTH)
    throw new Error(`a pattern may have at most ${MAX_PATTERN_LENGTH} characters`);
  if (/\((?:[^()\\]|\\.)*[+*}](?:[^()\\]|\\.)*\)\s*[+*{]/.test(pattern)) {
    throw new Error("nested quantifiers such as (a+)+ can hang matching; rewrite the pattern");
  }
  if (/\\[1-9]|\\k</.test(pattern)) throw new Error("back-references are not allowed");
  return new RegExp(pattern, "iu");
}

interface Node {
  next: Map<string, number>;
  fail: number;
  /** Literal rules whose pattern ends here, and the pattern length. */
  out: Array<{ rule: number; length: number }>;
}

/**
 * Keyword matching in one pass: every literal pattern (exact / contains / prefix, normalised)
 * goes into one Aho-Corasick automaton, so a message is scanned once however many rules exist;
 * regexes are compiled once and only the regex rules run them. Rebuilt when the rules change.
 */
export class KeywordMatcher {
  private nodes: Node[] = [{ next: new Map(), fail: 0, out: [] }];
  private readonly literal: Array<MatcherRule & { normalized: string }> = [];
  private readonly regex: Array<MatcherRule & { re: RegExp }> = [];

  constructor(rules: MatcherRule[]) {
    for (const rule of rules) {
      if (rule.match === "regex") {
        try {
          this.regex.push({ ...rule, re: compileRegex(rule.pattern) });
        } catch (err) {
          throw new InvalidPatternError(rule.id, err instanceof Error ? err.message : String(err));
        }
        continue;
      }
      const normalized = normalizeText(rule.pattern);
      if (!normalized) continue;
      const index = this.literal.push({ ...rule, normalized }) - 1;
      this.insert(normalized, index);
    }
    this.link();
  }

  get size(): number {
    return this.literal.length + this.regex.length;
  }

  private insert(word: string, rule: number) {
    let state = 0;
    for (const ch of word) {
      const node = this.nodes[state] as Node;
      let next = node.next.get(ch);
      if (next === undefined) {
        next = this.nodes.push({ next: new Map(), fail: 0, out: [] }) - 1;
        node.next.set(ch, next);
      }
      state = next;
    }
    (this.nodes[state] as Node).out.push({ rule, length: [...word].length });
  }

  private link() {
    const queue: number[] = [];
    for (const child of (this.nodes[0] as Node).next.values()) queue.push(child);
    for (let i = 0; i < queue.length; i++) {
      const s = queue[i] as number;
      const node = this.nodes[s] as Node;
      for (const [ch, child] of node.next) {
        let f = node.fail;
        while (f !== 0 && !(this.nodes[f] as Node).next.has(ch)) f = (this.nodes[f] as Node).fail;
        const target = (this.nodes[f] as Node).next.get(ch);
        const childNode = this.nodes[child] as Node;
        childNode.fail = target !== undefined && target !== child ? target : 0;
        childNode.out.push(...(this.nodes[childNode.fail] as Node).out);
        queue.push(child);
      }
    }
  }

  /** Every rule that matches, best first (priority, then age). */
  matchAll(text: string): MatchResult[] {
    const normalizedText = normalizeText(text.slice(0, MAX_TEXT_LENGTH));
    const chars = [...normalizedText];
    const best = new Map<number, [number, number]>();
    let state = 0;
    chars.forEach((ch, i) => {
      let node = this.nodes[state] as Node;
      while (state !== 0 && !node.next.has(ch)) {
        state = node.fail;
        node = this.nodes[state] as Node;
      }
      state = node.next.get(ch) ?? 0;
      for (const { rule, length } of (this.nodes[state] as Node).out) {
        const start = i + 1 - length;
        const r = this.literal[rule] as MatcherRule;
        const ok =
          r.match === "contains" ||
          (r.match === "prefix" && start === 0) ||
          (r.match === "exact" && start === 0 && i + 1 === chars.length);
        if (ok && !best.has(rule)) best.set(rule, [start, i + 1]);
      }
    });
    const results: MatchResult[] = [];
    for (const [rule, span] of best) {
      const r = this.literal[rule] as MatcherRule;
      results.push({
        ruleId: r.id,
        match: r.match,
        pattern: r.pattern,
        priority: r.priority,
        span,
        normalizedText,
      });
    }
    for (const r of this.regex) {
      const m = r.re.exec(normalizedText);
      if (!m) continue;
      const start = [...normalizedText.slice(0, m.index)].length;
      results.push({
        ruleId: r.id,
        match: "regex",
        pattern: r.pattern,
        priority: r.priority,
        span: [start, start + [...m[0]].length],
        normalizedText,
      });
    }
    const order = new Map([...this.literal, ...this.regex].map((r) => [r.id, r.order]));
    return results.sort(
      (a, b) => b.priority - a.priority || (order.get(a.ruleId) ?? 0) - (order.get(b.ruleId) ?? 0),
    );
  }

  best(text: string): MatchResult | undefined {
    return this.matchAll(text)[0];
  }
}
