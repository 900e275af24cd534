import { describe, expect, it } from "vitest";
import { bars, code128Symbols, code128Widths, PATTERNS, START_B, START_C, STOP } from "./code128";

describe("Code 128", () => {
  it("has the standard's 107 patterns: 11 modules each (stop 13), all different", () => {
    expect(PATTERNS).toHaveLength(107);
    PATTERNS.forEach((p, i) => {
      const sum = [...p].reduce((a, c) => a + Number(c), 0);
      expect(sum, `pattern ${i}`).toBe(i === STOP ? 13 : 11);
    });
    expect(new Set(PATTERNS).size).toBe(107);
  });

  it("packs an even run of digits in code set C with the right check symbol", () => {
    // Start C (105) + 12 34 56 78: check = (105 + 12·1 + 34·2 + 56·3 + 78·4) mod 103 = 47
    expect(code128Symbols("12345678")).toEqual([START_C, 12, 34, 56, 78, 47, STOP]);
  });

  it("encodes letters in code set B", () => {
    // Start B + "A"(33) "B"(34): (104 + 33 + 68) mod 103 = 102
    expect(code128Symbols("AB")).toEqual([START_B, 33, 34, 102, STOP]);
  });

  it("encodes an odd run of digits as one in B, then pairs in C", () => {
    const s = code128Symbols("12345");
    expect(s.slice(0, 5)).toEqual([START_B, 17, 99, 23, 45]);
  });

  it("draws bars that start and end with a bar, with quiet zones", () => {
    const widths = code128Widths("2345678901234567");
    expect(widths.length % 2).toBe(1);
    const b = bars("2345678901234567");
    expect(b.bars[0]?.[0]).toBe(10);
    // 16 digits = start + 8 + check = 10 symbols of 11 modules, stop 13, two quiet zones of 10.
    expect(b.width).toBe(10 * 11 + 13 + 20);
  });

  it("refuses what Code 128 B cannot carry", () => {
    expect(() => code128Symbols("折扣")).toThrow();
    expect(() => code128Symbols("")).toThrow();
  });
});
