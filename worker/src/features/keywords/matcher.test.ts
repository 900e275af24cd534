import { describe, expect, it } from "vitest";
import { normalizeText } from "../../lib/text/normalize";
import { compileRegex, InvalidPatternError, KeywordMatcher, type MatcherRule } from "./matcher";

const rule = (
  id: string,
  match: MatcherRule["match"],
  pattern: string,
  priority = 0,
  order = 0,
): MatcherRule => ({
  id,
  match,
  pattern,
  priority,
  order,
});

function mulberry32(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The obvious implementation the automaton must agree with. */
function naive(rules: MatcherRule[], text: string): string[] {
  const t = normalizeText(text);
  return rules
    .filter((r) => {
      const p = normalizeText(r.pattern);
      if (!p) return false;
      if (r.match === "exact") return t === p;
      if (r.match === "prefix") return t.startsWith(p);
      if (r.match === "contains") return t.includes(p);
      return new RegExp(r.pattern, "iu").test(t);
    })
    .sort((a, b) => b.priority - a.priority || a.order - b.order)
    .map((r) => r.id);
}

describe("KeywordMatcher", () => {
  it("matches full-width and mixed-case input", () => {
    const m = new KeywordMatcher([rule("hours", "contains", "營業時間"), rule("abc", "exact", "abc")]);
    expect(m.best("請問營業時間？")?.ruleId).toBe("hours");
    expect(m.best("ＡＢＣ")?.ruleId).toBe("abc");
    expect(m.best(" aBc ")?.ruleId).toBe("abc");
    expect(m.best("abcd")).toBeUndefined();
  });

  it("respects match types and explains where it matched", () => {
    const m = new KeywordMatcher([
      rule("p", "prefix", "門市"),
      rule("e", "exact", "門市"),
      rule("c", "contains", "取貨"),
    ]);
    expect(
      m
        .matchAll("門市")
        .map((r) => r.ruleId)
        .sort(),
    ).toEqual(["e", "p"]);
    expect(
      m
        .matchAll("門市取貨可以嗎")
        .map((r) => r.ruleId)
        .sort(),
    ).toEqual(["c", "p"]);
    expect(m.matchAll("想到門市取貨").map((r) => r.ruleId)).toEqual(["c"]);
    expect(m.best("想到門市取貨")?.span).toEqual([4, 6]);
  });

  it("orders by priority, then by age", () => {
    const m = new KeywordMatcher([
      rule("old", "contains", "點數", 5, 1),
      rule("new", "contains", "點數", 5, 2),
      rule("top", "contains", "數", 9, 3),
    ]);
    expect(m.matchAll("我的點數").map((r) => r.ruleId)).toEqual(["top", "old", "new"]);
  });

  it("regex rules work, and dangerous ones are refused", () => {
    const m = new KeywordMatcher([rule("order", "regex", "^訂單\\s*#?\\d{6}$")]);
    expect(m.best("訂單 #123456")?.ruleId).toBe("order");
    expect(() => new KeywordMatcher([rule("bad", "regex", "(a+)+$")])).toThrow(InvalidPatternError);
    expect(() => compileRegex("(\\w*)*x")).toThrow(/nested quantifiers/);
    expect(() => compileRegex("(a)\\1")).toThrow(/back-references/);
    expect(() => compileRegex("[")).toThrow();
  });

  it("handles empty and whitespace text", () => {
    const m = new KeywordMatcher([rule("x", "contains", "a")]);
    expect(m.matchAll("")).toEqual([]);
    expect(m.matchAll("   ")).toEqual([]);
  });

  it("agrees with the naive matcher on random rule sets and texts", () => {
    const rnd = mulberry32(42);
    const alphabet = ["a", "b", "ab", "營", "業", "時", "間", "Ａ", " ", "1"];
    const word = (n: number) =>
      Array.from({ length: n }, () => alphabet[Math.floor(rnd() * alphabet.length)]).join("");
    const types: MatcherRule["match"][] = ["exact", "contains", "prefix"];
    for (let round = 0; round < 50; round++) {
      const rules = Array.from({ length: 30 }, (_, i) =>
        rule(
          `r${i}`,
          types[Math.floor(rnd() * 3)] as MatcherRule["match"],
          word(1 + Math.floor(rnd() * 3)),
          Math.floor(rnd() * 4),
          i,
        ),
      );
      const m = new KeywordMatcher(rules);
      for (let k = 0; k < 20; k++) {
        const text = word(Math.floor(rnd() * 8));
        expect(m.matchAll(text).map((r) => r.ruleId)).toEqual(naive(rules, text));
      }
    }
  });
});
