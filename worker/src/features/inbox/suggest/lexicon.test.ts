import { describe, expect, it } from "vitest";
import { compileLexicon, defaultLexicon, LexiconFile, stem } from "./lexicon";
import retail from "./lexicon/retail.json";

const ids = (text: string, lexicon = defaultLexicon()) =>
  lexicon
    .concepts(text)
    .map((c) => c.token)
    .sort();

describe("retail lexicon", () => {
  it("is a valid lexicon file: concept ids, wordings, patterns that compile", () => {
    const file = LexiconFile.parse(retail);
    expect(Object.keys(file.concepts).length).toBeGreaterThan(40);
    for (const [id, c] of Object.entries(file.concepts)) {
      expect(c.zh.length + c.en.length, id).toBeGreaterThan(0);
      for (const p of c.patterns ?? []) expect(() => new RegExp(p, "u"), p).not.toThrow();
    }
    expect(() => LexiconFile.parse({ concepts: { "Bad Id": { zh: ["x"] } } })).toThrow();
  });

  it("expands everyday wordings, in zh-TW and English, to the concept they say", () => {
    expect(ids("你們禮拜天開到幾點")).toEqual(expect.arrayContaining(["~hours", "~weekend"]));
    expect(ids("門市營業時間")).toEqual(expect.arrayContaining(["~hours"]));
    expect(ids("what time do you open on sunday")).toEqual(
      expect.arrayContaining(["~hours", "~weekend", "~clock"]),
    );
    expect(ids("Shipping fee?")).toContain("~shipping-fee");
    expect(ids("運費怎麼算")).toContain("~shipping-fee");
    expect(ids("鞋子穿起來太緊")).toContain("~size");
    expect(ids("可以退款嗎")).toContain("~return");
    expect(ids("用ＬＩＮＥ Ｐａｙ付")).toContain("~payment"); // full-width and case folded
  });

  it("lets a longer wording speak for the shorter ones inside it", () => {
    // 取消訂閱 is unsubscribing, not cancelling an order; "where is my order" is tracking, not a place.
    expect(ids("我要取消訂閱")).toContain("~unsubscribe");
    expect(ids("我要取消訂閱")).not.toContain("~cancel");
    expect(ids("我要取消訂單")).toContain("~cancel");
    expect(ids("where is my order")).toContain("~tracking");
    expect(ids("where is my order")).not.toContain("~location");
  });

  it("matches latin wordings as whole (stemmed) words, never inside another word", () => {
    expect(stem("refunds")).toBe("refund");
    expect(stem("shipping")).toBe(stem("shipping"));
    expect(ids("refunds please")).toContain("~return");
    expect(ids("carpet")).not.toContain("~parking"); // "car" is a word of parking, not a prefix
  });

  it("takes a brand's own concepts and weights", () => {
    const mine = compileLexicon({ concepts: { pets: { weight: 0.5, zh: ["寵物", "狗狗"], en: ["dog"] } } });
    expect(mine.concepts("我家狗狗能進去嗎")).toEqual([{ token: "~pets", weight: 0.5 }]);
    expect(mine.concepts("Dogs allowed?")).toEqual([{ token: "~pets", weight: 0.5 }]);
    expect(mine.concepts("貓咪")).toEqual([]);
  });
});
