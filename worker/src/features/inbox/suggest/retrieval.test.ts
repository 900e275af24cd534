import { describe, expect, it } from "vitest";
import { compileLexicon } from "./lexicon";
import { buildIndex, DEFAULT_OPTIONS, search, tokenize } from "./retrieval";

const FAQ = [
  {
    ref: "faq:hours",
    asks: ["營業時間是幾點到幾點？", "幾點開門", "幾點關門"],
    answer: "門市營業時間為每日 11:00–21:30。",
  },
  {
    ref: "faq:ship",
    asks: ["運費怎麼算？", "免運門檻", "多久會到"],
    answer: "單筆滿 NT$1,000 免運，未滿收 NT$80。",
  },
  { ref: "faq:pickup", asks: ["可以門市取貨嗎？", "自取", "到店取"], answer: "結帳時選擇「門市取貨」即可。" },
  { ref: "reply:1", asks: ["請問有大尺碼嗎"], answer: "目前 XL 尺寸有貨，歡迎到門市試穿！" },
  { ref: "reply:2", asks: ["有XL嗎"], answer: "目前 XL 尺寸有貨，歡迎到門市試穿！" },
];

/** The same FAQ as an outside check loads it: question and answer only. */
const PLAIN = [
  { ref: "faq:hours", asks: ["門市營業時間"], answer: "週一至週五 11:00–21:30，週六、週日 10:00–22:00。" },
  { ref: "faq:exchange", asks: ["尺寸不合可以換嗎？"], answer: "收到商品 7 天內可更換尺寸一次。" },
  { ref: "faq:ship", asks: ["運費怎麼算？"], answer: "單筆滿 NT$1,000 免運，未滿收 NT$80。" },
  { ref: "faq:unsub", asks: ["如何停止接收行銷訊息？"], answer: "到「我的資料」關閉行銷訊息即可。" },
];

describe("retrieval", () => {
  it("tokenises Chinese into words, bigrams and characters, latin into stemmed words, and adds the lexicon's concepts", () => {
    const t = tokenize("請問ＯＰＥＮ Hours 營業時間？");
    expect(t).toEqual(expect.arrayContaining(["open", "hour", "營業", "時間", "'營", "~hours"]));
    expect(t).not.toContain("請問");
    // Bigrams with a function character (要怎, 麼換) are not words of anything.
    expect(tokenize("要怎麼換")).not.toContain("要怎");
    expect(tokenize("店")).toEqual(expect.arrayContaining(["店"]));
  });

  it("ranks the FAQ entry that fits, and returns distinct answers with their source, score and confidence", () => {
    const index = buildIndex(FAQ);
    const [top] = search(index, "你們幾點關門");
    expect(top?.ref).toBe("faq:hours");
    expect(top?.confidence).toBeGreaterThan(0.3);
    expect(search(index, "我想到店自取")[0]?.ref).toBe("faq:pickup");
    expect(search(index, "運費多少？多久到")[0]?.ref).toBe("faq:ship");
    const xl = search(index, "XL 還有嗎 大尺碼");
    expect(xl.filter((h) => h.answer.includes("XL"))).toHaveLength(1); // same answer once
    expect(xl[0]?.score).toBeGreaterThan(0);
  });

  it("finds paraphrases that share no word with the question through the lexicon — and not without it", () => {
    const index = buildIndex(PLAIN);
    const none = buildIndex(PLAIN, { ...DEFAULT_OPTIONS, lexicon: compileLexicon({ concepts: {} }) });
    for (const [q, ref] of [
      ["你們禮拜天開到幾點", "faq:hours"],
      ["鞋子穿起來太緊", "faq:exchange"],
      ["shipping fee?", "faq:ship"],
      ["不想再收到廣告", "faq:unsub"],
    ] as const) {
      expect(search(index, q)[0]?.ref, q).toBe(ref);
      expect(search(none, q)[0]?.ref, `${q} without the lexicon`).not.toBe(ref);
    }
  });

  it("corrects a misspelt English word to one the index knows (and only with typo correction on)", () => {
    const index = buildIndex(PLAIN);
    expect(search(index, "shiping fee")[0]?.ref).toBe("faq:ship");
    const off = buildIndex(PLAIN, { ...DEFAULT_OPTIONS, typos: false });
    expect(search(off, "shiping feee")[0]?.ref).not.toBe("faq:ship");
  });

  it("returns nothing for a question nothing covers", () => {
    expect(search(buildIndex(FAQ), "aaaaaaaa")).toEqual([]);
    expect(search(buildIndex([]), "任何問題")).toEqual([]);
  });
});
