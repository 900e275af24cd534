import { describe, expect, it } from "vitest";
import { normalizeText } from "./normalize";

describe("normalizeText", () => {
  it.each([
    ["ＡＢＣ１２３", "abc123"],
    ["營業時間？", "營業時間?"],
    ["  Hello\u3000 World\n", "hello world"],
    ["Ａ＋１", "a+1"],
    ["ｶﾀｶﾅ", "カタカナ"],
    ["", ""],
  ])("%j → %j", (input, expected) => {
    expect(normalizeText(input)).toBe(expected);
  });
});
