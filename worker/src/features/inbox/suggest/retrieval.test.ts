import { describe, expect, it } from "vitest";
import { buildIndex, search, tokenize } from "./retrieval";

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

describe("retrieval", () => {
  it("tokenises Chinese into words and bigrams, latin into words, full-width and case folded", () => {
    const t = tokenize("請問ＯＰＥＮ Hours 營業時間？");
    expect(t).toEqual(expect.arrayContaining(["open", "hours", "營業", "時間"]));
    expect(t).not.toContain("請問");
    expect(tokenize("店")).toEqual(["店"]);
  });

  it("ranks the FAQ entry that fits, and returns distinct answers with their source and a score", () => {
    const index = buildIndex(FAQ);
    const [top] = search(index, "你們幾點關門");
    expect(top?.ref).toBe("faq:hours");
    expect(search(index, "我想到店自取")[0]?.ref).toBe("faq:pickup");
    expect(search(index, "運費多少？多久到")[0]?.ref).toBe("faq:ship");
    const xl = search(index, "XL 還有嗎 大尺碼");
    expect(xl.filter((h) => h.answer.includes("XL"))).toHaveLength(1); // same answer once
    expect(xl[0]?.score).toBeGreaterThan(0);
  });

  it("returns nothing for a question nothing covers", () => {
    expect(search(buildIndex(FAQ), "火星上有分店嗎")).toEqual([]);
    expect(search(buildIndex([]), "任何問題")).toEqual([]);
  });
});
