import { describe, expect, it } from "vitest";
import { collapseWhitespace, normalizeText, toHalfWidth } from "./normalize";

describe("normalizeText", () => {
  it.each([
    ["ＡＢＣ１２３", "abc123"],
    ["營業時間？", "營業時間?"],
    ["  Hello\u3000 World\n", "hello world"],
    ["Ａ＋１", "a+1"],
    ["ｶﾀｶﾅ", "カタカナ"],
    ["", ""],
    ["   ", ""],
    ["\u3000\u3000", ""],
    ["\t a \t\t b \r\n c ", "a b c"],
    ["Ｂ０２　紅　Ｍ　＋２", "b02 紅 m +2"],
    ["ＨＥＬＬＯ，ｗｏｒｌｄ！", "hello,world!"],
    ["（限量）", "(限量)"],
    ["～", "~"],
    ["①", "1"],
    ["➕1", "+1"],
    ["A\u2212 1", "a- 1"],
    ["a\u200Bb\uFEFFc\u2060d", "abcd"],
    ["中文不變", "中文不變"],
    ["MiXeD CaSe", "mixed case"],
    ["😀 emoji 👍", "😀 emoji 👍"],
  ])("%j → %j", (input, expected) => {
    expect(normalizeText(input)).toBe(expected);
  });

  it("keeps line breaks as single \\n when asked", () => {
    expect(normalizeText("Ａ＋１ \r\n\n  Ｂ＋２\u3000\n", { keepNewlines: true })).toBe("a+1\nb+2");
    expect(normalizeText("a\u2028b", { keepNewlines: true })).toBe("a\nb");
    expect(normalizeText("a \t b", { keepNewlines: true })).toBe("a b");
    expect(normalizeText("a\n\nb")).toBe("a b");
  });

  it("is idempotent", () => {
    const samples = ["ＡＢＣ　１２３", "  x\n\ny ", "營業時間？", "ｶﾀｶﾅ ➕ 1", "A\u200B+1"];
    for (const s of samples) {
      const once = normalizeText(s);
      expect(normalizeText(once)).toBe(once);
      const kept = normalizeText(s, { keepNewlines: true });
      expect(normalizeText(kept, { keepNewlines: true })).toBe(kept);
    }
  });

  it("maps every full-width ASCII character to its half-width twin", () => {
    for (let c = 0x21; c <= 0x7e; c++) {
      const half = String.fromCharCode(c);
      const full = String.fromCharCode(c + 0xfee0);
      expect(toHalfWidth(full)).toBe(half);
      expect(normalizeText(full)).toBe(normalizeText(half));
    }
  });
});

describe("toHalfWidth / collapseWhitespace", () => {
  it("keeps case and whitespace in toHalfWidth", () => {
    expect(toHalfWidth("ＡｂＣ　ｄ")).toBe("AbC d");
    expect(toHalfWidth("plain ASCII  stays")).toBe("plain ASCII  stays");
  });
  it("collapses and trims", () => {
    expect(collapseWhitespace("  a   b  ")).toBe("a b");
    expect(collapseWhitespace(" a \n b ", { keepNewlines: true })).toBe("a\nb");
  });
});
