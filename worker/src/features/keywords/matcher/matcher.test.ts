import { describe, expect, it } from "vitest";
import { normalizeText } from "../../../lib/text/normalize";
import {
  buildMatcher,
  compileRegex,
  type KeywordRuleInput,
  MAX_REGEX_LENGTH,
  MatcherBuildError,
  type MatchResult,
} from ".";

function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const rule = (
  id: string,
  match: KeywordRuleInput["match"],
  pattern: string,
  priority = 0,
  order?: number,
): KeywordRuleInput =>
  order === undefined ? { id, match, pattern, priority } : { id, match, pattern, priority, order };

/** The obvious implementation the automaton must agree with: one rule at a time. */
function naive(rules: readonly KeywordRuleInput[], text: string): MatchResult[] {
  const t = normalizeText(text);
  const found: Array<{ r: KeywordRuleInput; index: number; span: [number, number] }> = [];
  rules.forEach((r, index) => {
    if (r.match === "regex") {
      const m = new RegExp(r.pattern.normalize("NFKC"), "iu").exec(t);
      if (m) found.push({ r, index, span: [m.index, m.index + m[0].length] });
      return;
    }
    const p = normalizeText(r.pattern);
    const at = t.indexOf(p);
    if (at < 0) return;
    if (r.match === "contains") found.push({ r, index, span: [at, at + p.length] });
    else if (r.match === "prefix" && at === 0) found.push({ r, index, span: [0, p.length] });
    else if (r.match === "exact" && t === p) found.push({ r, index, span: [0, p.length] });
  });
  found.sort(
    (a, b) =>
      b.r.priority - a.r.priority || (a.r.order ?? a.index) - (b.r.order ?? b.index) || a.index - b.index,
  );
  return found.map(({ r, span }) => ({
    ruleId: r.id,
    match: r.match,
    pattern: r.pattern,
    priority: r.priority,
    span,
    normalizedText: t,
  }));
}

describe("buildMatcher: agrees with the naive reference", () => {
  const pieces = [
    "a",
    "b",
    "ab",
    "ba",
    "營",
    "業",
    "時間",
    "ａ",
    "Ｂ",
    " ",
    "　",
    "+",
    "1",
    "１",
    "!",
    "？",
    "點數",
  ];
  const regexes = ["^a", "b+$", "營業\\s*時間", "\\d{2}", "[ab]{2}", "^$", "ＡＢ", "(?:點|時)\\S"];
  const types: KeywordRuleInput["match"][] = ["exact", "contains", "prefix", "regex"];

  for (const seed of [1, 2, 3, 42, 1234, 99_999]) {
    it(`seed ${seed}: 200 rule sets × 50 texts`, () => {
      const rand = mulberry32(seed);
      const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T;
      const word = (max: number) => {
        let s = "";
        const n = Math.floor(rand() * max);
        for (let k = 0; k < n; k++) s += pick(pieces);
        return s;
      };
      for (let set = 0; set < 200; set++) {
        const rules: KeywordRuleInput[] = [];
        const count = 1 + Math.floor(rand() * 25);
        for (let k = 0; k < count; k++) {
          const match = pick(types);
          let pattern = match === "regex" ? pick(regexes) : word(4);
          if (match !== "regex" && normalizeText(pattern) === "") pattern = "a";
          const order = rand() < 0.5 ? undefined : Math.floor(rand() * 5);
          rules.push(rule(`r${k}`, match, pattern, Math.floor(rand() * 3), order));
        }
        const m = buildMatcher(rules);
        for (let t = 0; t < 50; t++) {
          const text = word(10);
          const expected = naive(rules, text);
          expect(m.match(text)).toEqual(expected);
          expect(m.best(text)).toEqual(expected[0]);
        }
      }
    });
  }
});

describe("buildMatcher: behaviour", () => {
  it("explains exact / prefix / contains with spans in the normalised text", () => {
    const m = buildMatcher([
      rule("hours", "contains", "營業時間"),
      rule("abc", "exact", "ABC"),
      rule("shop", "prefix", "門市"),
    ]);
    expect(m.match("請問　營業時間？")).toEqual([
      {
        ruleId: "hours",
        match: "contains",
        pattern: "營業時間",
        priority: 0,
        span: [3, 7],
        normalizedText: "請問 營業時間?",
      },
    ]);
    const [r] = m.match("  ＡＢＣ ");
    expect(r?.ruleId).toBe("abc");
    expect(r?.normalizedText.slice(...(r?.span ?? [0, 0]))).toBe("abc");
    expect(m.match("abcd")).toEqual([]);
    expect(m.best("門市在哪")?.ruleId).toBe("shop");
    expect(m.best("哪個門市")).toBeUndefined();
  });

  it("matches full-width and mixed-case input (ＡＢＣ matches abc)", () => {
    const m = buildMatcher([
      rule("abc", "contains", "abc"),
      rule("fw", "contains", "ＶＩＰ會員"),
      rule("plus", "exact", "+1"),
    ]);
    expect(m.match("xxＡＢＣyy").map((r) => r.ruleId)).toEqual(["abc"]);
    expect(m.match("我是vip會員").map((r) => r.ruleId)).toEqual(["fw"]);
    expect(m.match("ＶＩＰ會員").map((r) => r.ruleId)).toEqual(["fw"]);
    expect(m.best("＋１")?.ruleId).toBe("plus");
  });

  it("handles CJK and overlapping patterns (each rule once, first occurrence)", () => {
    const m = buildMatcher([
      rule("he", "contains", "he"),
      rule("she", "contains", "she"),
      rule("his", "contains", "his"),
      rule("hers", "contains", "hers"),
      rule("點", "contains", "點"),
      rule("點數", "contains", "點數"),
      rule("查點數", "contains", "查點數"),
      rule("數", "contains", "數"),
    ]);
    const found = (t: string) =>
      m
        .match(t)
        .map((r) => `${r.ruleId}@${r.span.join("-")}`)
        .sort();
    expect(found("ushers")).toEqual(["he@2-4", "hers@2-6", "she@1-4"]);
    expect(found("我要查點數 點數")).toEqual(["數@4-5", "查點數@2-5", "點@3-4", "點數@3-5"]);
  });

  it("orders by priority, then order (older first), then position", () => {
    const m = buildMatcher([
      rule("old", "contains", "點數", 5, 1),
      rule("new", "contains", "點數", 5, 2),
      rule("top", "contains", "數", 9, 3),
      rule("low", "contains", "點", 1),
      rule("re", "regex", "點.", 5, 0),
    ]);
    expect(m.match("點數").map((r) => r.ruleId)).toEqual(["top", "re", "old", "new", "low"]);
    expect(m.best("點數")?.ruleId).toBe("top");
  });

  it("returns nothing for empty or whitespace-only text (except regexes that match empty)", () => {
    const m = buildMatcher([rule("a", "contains", "a"), rule("e", "exact", "a")]);
    for (const t of ["", " ", "\u3000\n\t"]) {
      expect(m.match(t)).toEqual([]);
      expect(m.best(t)).toBeUndefined();
    }
    const empty = buildMatcher([rule("blank", "regex", "^$")]);
    expect(empty.best("   ")).toMatchObject({ ruleId: "blank", span: [0, 0], normalizedText: "" });
  });

  it("runs regex rules case-insensitively on the normalised text", () => {
    const m = buildMatcher([
      rule("order", "regex", "^訂單\\s*#?\\d{6}$"),
      rule("vip", "regex", "ＶＩＰ\\d+"),
    ]);
    expect(m.best("訂單 #１２３４５６")).toMatchObject({ ruleId: "order", span: [0, 10] });
    expect(m.best("訂單 12345")).toBeUndefined();
    expect(m.best("I am Vip99")).toMatchObject({ ruleId: "vip", span: [5, 10] });
  });

  it("best() skips regexes that cannot beat the best literal, and stops at the first regex that wins", () => {
    let calls = 0;
    const m = buildMatcher([
      rule("lit", "contains", "hello", 10),
      rule("re-low", "regex", "h.llo", 5),
      rule("re-high", "regex", "^bye", 20),
    ]);
    // Count regex executions through the compiled regexes.
    const internals = m as unknown as { regexes: Array<{ re: RegExp }> };
    for (const r of internals.regexes) {
      const exec = r.re.exec.bind(r.re);
      r.re.exec = (s: string) => {
        calls++;
        return exec(s);
      };
    }
    expect(m.best("hello")?.ruleId).toBe("lit");
    expect(calls).toBe(1); // re-high tried (it could win), re-low never
    calls = 0;
    expect(m.best("bye hello")?.ruleId).toBe("re-high");
    expect(calls).toBe(1);
    calls = 0;
    const onlyLow = buildMatcher([rule("lit", "contains", "x", 10), rule("re", "regex", "x", 1)]);
    const re = (onlyLow as unknown as { regexes: Array<{ re: RegExp }> }).regexes[0]?.re as RegExp;
    const exec = re.exec.bind(re);
    re.exec = (s: string) => {
      calls++;
      return exec(s);
    };
    expect(onlyLow.best("x")?.ruleId).toBe("lit");
    expect(calls).toBe(0);
    expect(onlyLow.match("x").map((r) => r.ruleId)).toEqual(["lit", "re"]);
  });

  it("rejects invalid rules, listing every rule id", () => {
    let error: unknown;
    try {
      buildMatcher([
        rule("ok", "contains", "a"),
        rule("bad1", "regex", "(unclosed"),
        rule("bad2", "regex", "(a+)+$"),
        rule("long", "regex", "a".repeat(MAX_REGEX_LENGTH + 1)),
        rule("blank", "contains", " \u3000 "),
        rule("ok", "exact", "b"),
      ]);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(MatcherBuildError);
    const e = error as MatcherBuildError;
    expect(e.errors.map((x) => x.ruleId)).toEqual(["bad1", "bad2", "long", "blank", "ok"]);
    expect(e.message).toContain("bad1");
    expect(e.message).toContain("long");
    expect(() => buildMatcher([rule("r", "regex", "a".repeat(MAX_REGEX_LENGTH))])).not.toThrow();
  });

  it("guards regexes: length, nested quantifiers, back-references", () => {
    expect(() => compileRegex("(\\w*)*")).toThrow(/nested/);
    expect(() => compileRegex("(a)\\1")).toThrow(/back-references/);
    expect(() => compileRegex("[")).toThrow(/invalid regex/);
    expect(compileRegex("^VIP\\d+$").test("vip12")).toBe(true);
  });

  it("caps very long messages", () => {
    const m = buildMatcher([rule("end", "contains", "zz")]);
    expect(m.best(`${"a".repeat(6000)}zz`)).toBeUndefined();
    expect(m.best(`${"a".repeat(100)}zz`)?.span).toEqual([100, 102]);
  });

  it("scales: 10,000 rules build and match", () => {
    const rand = mulberry32(7);
    const chars = "營業時間門市點數會員優惠券取貨付款運費退換貨直播";
    const rules: KeywordRuleInput[] = [];
    for (let k = 0; k < 10_000; k++) {
      let p = "";
      const n = 2 + Math.floor(rand() * 4);
      for (let j = 0; j < n; j++) p += chars[Math.floor(rand() * chars.length)];
      rules.push(rule(`r${k}`, k % 3 === 0 ? "prefix" : "contains", p, Math.floor(rand() * 10)));
    }
    const m = buildMatcher(rules);
    expect(m.size).toBe(10_000);
    const text = "請問營業時間和門市取貨的運費";
    expect(m.match(text)).toEqual(naive(rules, text));
  });
});
