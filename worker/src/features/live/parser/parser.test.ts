import { describe, expect, it } from "vitest";
import { CatalogueError, compileCatalogue } from "./catalogue";
import { COMMENT_CASES, FEATURED, SALE_PRODUCTS } from "./fixtures";
import { readNumber } from "./numerals";
import { parseComment, prepareComment } from "./parse";
import type { ParseResult } from "./types";

const catalogue = compileCatalogue(SALE_PRODUCTS, FEATURED);

/** Compact, readable form of a result (notation in fixtures.ts). */
function summarize(r: ParseResult): string {
  if (r.kind === "none") return "none";
  if (r.kind === "ambiguous") return `?${r.reason}${r.code ? `:${r.code}` : ""}`;
  const parts = r.lines.map(
    (l) => `${l.code}${l.variantId ? `/${l.variantId}` : ""}${l.quantity > 0 ? "+" : ""}${l.quantity}`,
  );
  for (const x of r.rejected) parts.push(`!${x.reason}${x.code ? `:${x.code}` : ""}`);
  return parts.join(" ");
}

/** Every printable ASCII character to its full-width twin, spaces to U+3000. */
function toFullWidth(s: string): string {
  let out = "";
  for (const ch of s) {
    const c = ch.charCodeAt(0);
    if (ch === " ") out += "\u3000";
    else if (c >= 0x21 && c <= 0x7e) out += String.fromCharCode(c + 0xfee0);
    else out += ch;
  }
  return out;
}

function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe("parseComment: comment table", () => {
  it("has at least 150 comments", () => {
    expect(COMMENT_CASES.length).toBeGreaterThanOrEqual(150);
    expect(new Set(COMMENT_CASES.map(([c]) => c)).size).toBe(COMMENT_CASES.length);
  });

  it.each(COMMENT_CASES)("%j → %s", (comment, expected) => {
    expect(summarize(parseComment(comment, catalogue))).toBe(expected);
  });
});

describe("parseComment: properties over the table", () => {
  const wrappers: Array<(c: string) => string> = [
    (c) => `${c} 謝謝`,
    (c) => `老闆 ${c}`,
    (c) => `😍${c}😍`,
    (c) => `主播好美 ${c} 感恩`,
    (c) => `\n${c}\n`,
  ];

  it("chatter around a comment doesn't change its result", () => {
    for (const [comment] of COMMENT_CASES) {
      const base = parseComment(comment, catalogue);
      for (const wrap of wrappers) {
        const wrapped = wrap(comment);
        const r = parseComment(wrapped, catalogue);
        expect({ wrapped, summary: summarize(r) }).toEqual({ wrapped, summary: summarize(base) });
        // Lines (with their sources) are identical, not just equivalent.
        if (base.kind === "order" && r.kind === "order") expect(r.lines).toEqual(base.lines);
      }
    }
  });

  it("the full-width form of every comment gives the same result", () => {
    for (const [comment] of COMMENT_CASES) {
      expect({ comment, r: parseComment(toFullWidth(comment), catalogue) }).toEqual({
        comment,
        r: parseComment(comment, catalogue),
      });
    }
  });

  it("upper/lower case gives the same lines", () => {
    for (const [comment] of COMMENT_CASES) {
      const base = summarize(parseComment(comment, catalogue));
      expect({ comment, r: summarize(parseComment(comment.toUpperCase(), catalogue)) }).toEqual({
        comment,
        r: base,
      });
      expect({ comment, r: summarize(parseComment(comment.toLowerCase(), catalogue)) }).toEqual({
        comment,
        r: base,
      });
    }
  });

  it("every source is a part of the prepared comment and every line is well-formed", () => {
    const codes = new Map(SALE_PRODUCTS.map((p) => [p.code, new Set((p.variants ?? []).map((v) => v.id))]));
    for (const [comment] of COMMENT_CASES) {
      const prepared = prepareComment(comment);
      const r = parseComment(comment, catalogue);
      if (r.kind === "none") continue;
      for (const x of r.rejected) expect(prepared).toContain(x.source);
      if (r.kind === "ambiguous") {
        for (const i of r.issues) expect(prepared).toContain(i.source);
        continue;
      }
      for (const l of r.lines) {
        expect(prepared).toContain(l.source);
        expect(l.quantity).not.toBe(0);
        expect(Math.abs(l.quantity)).toBeLessThanOrEqual(99);
        const variants = codes.get(l.code);
        expect(variants).toBeDefined();
        // A product with variants: a line names one, but a cancel may name none (`B-1`).
        if (variants && variants.size > 0)
          expect(l.variantId === undefined ? l.quantity < 0 : variants.has(l.variantId)).toBe(true);
        else expect(l.variantId).toBeUndefined();
      }
    }
  });

  it("never throws and keeps its invariants on random comments (seeded)", () => {
    const rand = mulberry32(20240601);
    const alphabet = [
      "A",
      "a",
      "B",
      "b0",
      "B02",
      "D12",
      "E",
      "F",
      "Z",
      "+",
      "＋",
      "-",
      "1",
      "2",
      "0",
      "9",
      "一",
      "兩",
      "十",
      "加",
      "減",
      "包",
      "色",
      "各",
      "x",
      "*",
      " ",
      "　",
      "、",
      ",",
      "\n",
      "紅",
      "藍",
      "M",
      "L",
      "XL",
      "奶茶",
      "嗎",
      "?",
      "我要",
      "謝謝",
      "😍",
      "=",
      ".",
      "http://",
      "零",
    ];
    for (let n = 0; n < 3000; n++) {
      let s = "";
      const len = 1 + Math.floor(rand() * 8);
      for (let k = 0; k < len; k++) s += alphabet[Math.floor(rand() * alphabet.length)];
      const r = parseComment(s, catalogue);
      const prepared = prepareComment(s);
      if (r.kind === "order") {
        expect(r.lines.length + r.rejected.length).toBeGreaterThan(0);
        for (const l of r.lines) {
          expect(l.quantity !== 0 && Math.abs(l.quantity) <= 99).toBe(true);
          expect(prepared).toContain(l.source);
        }
      }
      if (r.kind === "ambiguous") expect(r.issues[0]?.reason).toBe(r.reason);
      expect(parseComment(s, catalogue)).toEqual(r); // deterministic
    }
  });
});

describe("parseComment: details", () => {
  it("returns catalogue casing, the source substring and variant ids", () => {
    expect(parseComment("我要ａ０１＋２謝謝", catalogue)).toEqual({
      kind: "order",
      lines: [{ code: "a01", quantity: 2, source: "a01+2" }],
      rejected: [],
    });
    expect(parseComment("老闆 b02 紅 m +2 感謝", catalogue)).toEqual({
      kind: "order",
      lines: [{ code: "B02", variantId: "red-m", quantity: 2, source: "b02 紅 m +2" }],
      rejected: [],
    });
    expect(parseComment("A+1、B包色", catalogue)).toEqual({
      kind: "order",
      lines: [
        { code: "A", quantity: 1, source: "A+1" },
        { code: "B", variantId: "b-red", quantity: 1, source: "B包色" },
        { code: "B", variantId: "b-black", quantity: 1, source: "B包色" },
        { code: "B", variantId: "b-white", quantity: 1, source: "B包色" },
      ],
      rejected: [],
    });
  });

  it("explains rejections", () => {
    expect(parseComment("A+1 Z+2 D12+300 B+1 綠", catalogue)).toEqual({
      kind: "order",
      lines: [{ code: "A", quantity: 1, source: "A+1" }],
      rejected: [
        { reason: "UNKNOWN_CODE", code: "Z", quantity: 2, source: "Z+2" },
        { reason: "QUANTITY_TOO_LARGE", code: "D12", quantity: 300, source: "D12+300" },
        { reason: "UNKNOWN_VARIANT", code: "B", quantity: 1, words: ["綠"], source: "B+1 綠" },
      ],
    });
  });

  it("asks with candidates when ambiguous, and creates no line at all", () => {
    const r = parseComment("A+1 B02 紅 +1", catalogue);
    expect(r).toEqual({
      kind: "ambiguous",
      reason: "VARIANT_AMBIGUOUS",
      code: "B02",
      source: "B02 紅 +1",
      candidates: [
        { variantId: "red-m", words: ["紅", "M"] },
        { variantId: "red-l", words: ["紅", "L"] },
      ],
      issues: [
        {
          reason: "VARIANT_AMBIGUOUS",
          code: "B02",
          source: "B02 紅 +1",
          candidates: [
            { variantId: "red-m", words: ["紅", "M"] },
            { variantId: "red-l", words: ["紅", "L"] },
          ],
        },
      ],
      rejected: [],
    });
    const required = parseComment("B+1", catalogue);
    expect(required.kind === "ambiguous" && required.candidates?.map((c) => c.variantId)).toEqual([
      "b-red",
      "b-black",
      "b-white",
    ]);
    const two = parseComment("B+1 E+1 Z+1", catalogue);
    expect(two.kind === "ambiguous" && two.issues.map((i) => i.code)).toEqual(["B", "E"]);
    expect(two.kind === "ambiguous" && two.rejected.map((x) => x.reason)).toEqual(["UNKNOWN_CODE"]);
  });

  it("says why a comment is not an order", () => {
    const why = (s: string) => {
      const r = parseComment(s, catalogue);
      return r.kind === "none" ? r.why : r.kind;
    };
    expect(why("好漂亮")).toBe("NO_ORDER");
    expect(why("A+1嗎")).toBe("QUESTION");
    expect(why("1+1=2")).toBe("ARITHMETIC");
    expect(why("https://a.tw +1")).toBe("URL");
    expect(why("A+0")).toBe("ZERO_QUANTITY");
    expect(why("A+0 D12+1")).toBe("order");
  });

  it("uses the featured product for bare quantities, overridable per comment", () => {
    const none = compileCatalogue(SALE_PRODUCTS);
    expect(summarize(parseComment("+1", none))).toBe("?NO_FEATURED_PRODUCT");
    expect(summarize(parseComment("A+1", none))).toBe("A+1");
    expect(summarize(parseComment("+1 A", none))).toBe("A+1");
    expect(summarize(parseComment("+1", catalogue, { featuredCode: null }))).toBe("?NO_FEATURED_PRODUCT");
    expect(summarize(parseComment("+1", none, { featuredCode: "d12" }))).toBe("D12+1");
    const b = { featuredCode: "B" };
    expect(summarize(parseComment("+1 紅", catalogue, b))).toBe("B/b-red+1");
    expect(summarize(parseComment("紅+1", catalogue, b))).toBe("B/b-red+1");
    expect(summarize(parseComment("黑色 +2", catalogue, b))).toBe("B/b-black+2");
    expect(summarize(parseComment("+1", catalogue, b))).toBe("?VARIANT_REQUIRED:B");
    expect(summarize(parseComment("包色+1", catalogue, b))).toBe("B/b-red+1 B/b-black+1 B/b-white+1");
    expect(summarize(parseComment("A+1 紅+1", catalogue, b))).toBe("A+1 B/b-red+1");
    expect(() => parseComment("+1", catalogue, { featuredCode: "NOPE" })).toThrow(CatalogueError);
  });

  it("honours maxQuantity", () => {
    expect(summarize(parseComment("A+5", catalogue, { maxQuantity: 5 }))).toBe("A+5");
    expect(summarize(parseComment("A+6", catalogue, { maxQuantity: 5 }))).toBe("!QUANTITY_TOO_LARGE:A");
    expect(summarize(parseComment("B包+6", catalogue, { maxQuantity: 5 }))).toBe("!QUANTITY_TOO_LARGE:B");
  });

  it("accepts a product array (compiled on the fly)", () => {
    expect(summarize(parseComment("a+1", [{ code: "A" }]))).toBe("A+1");
  });

  it("prefers the variant word when a code is also a size of the product being ordered", () => {
    const cat = compileCatalogue(
      [
        { code: "S" },
        {
          code: "T",
          variants: [
            { id: "t-s", words: ["S"] },
            { id: "t-m", words: ["M"] },
          ],
        },
      ],
      "T",
    );
    expect(summarize(parseComment("T+1 S", cat))).toBe("T/t-s+1");
    expect(summarize(parseComment("T S+1", cat))).toBe("T/t-s+1");
    expect(summarize(parseComment("S+1", cat))).toBe("S+1");
    expect(summarize(parseComment("+1 S", cat))).toBe("S+1");
    expect(summarize(parseComment("+1 M", cat))).toBe("T/t-m+1");
  });

  it("matches codes longest first with latin boundaries, and Han-glued codes", () => {
    const cat = compileCatalogue([{ code: "B0" }, { code: "B02" }, { code: "B021" }, { code: "福袋" }]);
    expect(summarize(parseComment("b021+1 b02+1 b0+1", cat))).toBe("B021+1 B02+1 B0+1");
    expect(summarize(parseComment("我要福袋+2", cat))).toBe("福袋+2");
    expect(summarize(parseComment("xb02+1", cat))).toBe("!UNKNOWN_CODE:XB02");
  });
});

describe("compileCatalogue", () => {
  it("refuses bad catalogues", () => {
    expect(() => compileCatalogue([{ code: "A" }, { code: "ａ" }])).toThrow(/duplicate product code/);
    expect(() => compileCatalogue([{ code: " " }])).toThrow(/empty/);
    expect(() => compileCatalogue([{ code: "A 1" }])).toThrow(/spaces/);
    expect(() =>
      compileCatalogue([
        {
          code: "A",
          variants: [
            { id: "x", words: ["紅"] },
            { id: "x", words: ["黑"] },
          ],
        },
      ]),
    ).toThrow(/duplicate variant/);
    expect(() => compileCatalogue([{ code: "A", variants: [{ id: "x", words: [] }] }])).toThrow(/no words/);
    expect(() => compileCatalogue([{ code: "A" }], "B")).toThrow(/featured/);
  });
});

describe("readNumber", () => {
  it.each([
    ["1", 1],
    ["12", 12],
    ["007", 7],
    ["一", 1],
    ["兩", 2],
    ["十", 10],
    ["十一", 11],
    ["二十", 20],
    ["二十五", 25],
    ["九十九", 99],
    ["一百", 100],
    ["一百零五", 105],
    ["兩百三十", 230],
    ["零", 0],
  ])("%s → %d", (s, n) => {
    expect(readNumber(s, 0)?.value).toBe(n);
  });
  it("reads in place and refuses non-numbers", () => {
    expect(readNumber("+12個", 1)).toEqual({ value: 12, end: 3 });
    expect(readNumber("油", 0)).toBeUndefined();
    expect(readNumber("99999999999", 0)?.value).toBeGreaterThan(1e6);
  });
});
