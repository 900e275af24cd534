import { describe, expect, it } from "vitest";
import { say } from "./errors";
import { readerLang, told, wordsFor } from "./reader-lang";

describe("readerLang: the customer's language from their LINE profile language", () => {
  it.each([
    ["en", "en"],
    ["en-US", "en"],
    ["en-GB", "en"],
    ["EN-au", "en"],
    ["en_US", "en"],
    [" en ", "en"],
    ["zh-TW", "zh-TW"],
    ["zh-Hant-TW", "zh-TW"],
    ["zh-CN", "zh-TW"],
    ["ja", "zh-TW"],
    ["th", "zh-TW"],
    ["ko-KR", "zh-TW"],
    // Not English though they start with the letters.
    ["eng", "zh-TW"],
    ["es", "zh-TW"],
  ] as const)("%j → %s", (language, lang) => {
    expect(readerLang(language)).toBe(lang);
  });

  it("is unknown (null) without a profile language", () => {
    expect(readerLang(null)).toBeNull();
    expect(readerLang(undefined)).toBeNull();
    expect(readerLang("")).toBeNull();
    expect(readerLang("  ")).toBeNull();
  });
});

describe("told: one reader's sentence", () => {
  const thanks = say("謝謝您！", "Thank you!");
  it("is the reader's language alone when it is known", () => {
    expect(told("zh-TW", thanks)).toBe("謝謝您！");
    expect(told("en", thanks)).toBe("Thank you!");
  });
  it("is both, zh-TW first, when the language is unknown", () => {
    expect(told(null, thanks)).toBe("謝謝您！\nThank you!");
    expect(told(null, thanks, " ")).toBe("謝謝您！ Thank you!");
    // The same words in both languages (a code, a name) are said once.
    expect(told(null, say("A+1", "A+1"))).toBe("A+1");
  });
  it("wordsFor says a card's labels the same way", () => {
    const words = { total: say("合計", "Total"), store: say("取貨門市", "Pick up at") };
    expect(wordsFor("en", words)).toEqual({ total: "Total", store: "Pick up at" });
    expect(wordsFor("zh-TW", words)).toEqual({ total: "合計", store: "取貨門市" });
    expect(wordsFor(null, words)).toEqual({ total: "合計 Total", store: "取貨門市 Pick up at" });
  });
});
