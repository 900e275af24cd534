import { describe, expect, it } from "vitest";
import { knowledgeDocs } from "./prepare";
import { CONFIDENCE_FLOOR, HOLDING_REPLIES, holdingReply, rankSuggestions } from "./rank";
import { buildIndex } from "./retrieval";

const DOCS = [
  {
    ref: "faq:hours",
    asks: ["門市營業時間"],
    answer: "每日 11:00–21:30。",
    en: { ref: "faq:hours-en", answer: "Open daily 11:00–21:30." },
  },
  { ref: "faq:ship", asks: ["運費怎麼算？"], answer: "滿 NT$1,000 免運。" },
  // The same answer twice (an accepted reply copying the FAQ): offered once.
  { ref: "reply:1", asks: ["運費多少"], answer: "滿 NT$1,000 免運。" },
  { ref: "reply:2", asks: ["免運門檻"], answer: "滿NT$1,000免運。" },
];

describe("ranking suggestions", () => {
  it("never offers two suggestions with the same answer", () => {
    const got = rankSuggestions(buildIndex(DOCS), "運費多少 免運門檻", "zh-TW");
    const texts = got.map((g) => g.text.replace(/\s/g, ""));
    expect(new Set(texts).size).toBe(texts.length);
    expect(got.filter((g) => g.text.includes("免運"))).toHaveLength(1);
  });

  it("offers the holding reply alone below the confidence floor, in the customer's language (both when unknown)", () => {
    const index = buildIndex(DOCS);
    for (const q of ["aaaaaaaaaa", "今天天氣好熱喔", "哈哈哈"]) {
      const got = rankSuggestions(index, q, "zh-TW");
      expect(got, q).toEqual([
        { text: HOLDING_REPLIES["zh-TW"], ref: "template:holding", score: 0, confidence: 0 },
      ]);
    }
    expect(rankSuggestions(index, "aaaa", "en")[0]?.text).toBe(HOLDING_REPLIES.en);
    expect(holdingReply(null)).toBe(`${HOLDING_REPLIES["zh-TW"]}\n${HOLDING_REPLIES.en}`);
    // The same question clears the floor: the floor is what decides.
    const weak = rankSuggestions(index, "營業時間", "zh-TW", { floor: 1.01 });
    expect(weak[0]?.ref).toBe("template:holding");
    const ok = rankSuggestions(index, "營業時間", "zh-TW");
    expect(ok[0]?.ref).toBe("faq:hours");
    expect(ok[0]?.confidence).toBeGreaterThanOrEqual(CONFIDENCE_FLOOR);
  });

  it("answers in English from the entry's translation for an English customer, in zh-TW otherwise", () => {
    const index = buildIndex(DOCS);
    expect(rankSuggestions(index, "what time do you open", "en")[0]).toMatchObject({
      ref: "faq:hours-en",
      text: "Open daily 11:00–21:30.",
    });
    expect(rankSuggestions(index, "what time do you open", "zh-TW")[0]?.ref).toBe("faq:hours");
    // No translation: the zh-TW answer, for English customers too.
    expect(rankSuggestions(index, "shipping fee?", "en")[0]?.text).toBe("滿 NT$1,000 免運。");
  });
});

describe("knowledge documents", () => {
  const at = new Date(0);
  const entry = (id: string, question: string, language: "zh-TW" | "en", translationOf: string | null) => ({
    id,
    question,
    variants: [`${question}?`],
    answer: `${id} answer`,
    tags: [],
    language,
    translationOf,
    seedKey: null,
    createdAt: at,
    updatedAt: at,
  });

  it("makes one document per topic: translations' wordings and learned wordings joined, the English answer kept beside", () => {
    const docs = knowledgeDocs(
      [
        entry("hours", "營業時間", "zh-TW", null),
        entry("hours-en", "Opening hours", "en", "hours"),
        entry("solo-en", "Gift cards", "en", null),
        entry("orphan-en", "Parking", "en", "gone"),
      ],
      [
        { entryId: "hours", text: "幾點打烊" },
        { entryId: "hours-en", text: "when do you close" },
      ],
    );
    expect(docs).toEqual([
      {
        ref: "faq:hours",
        asks: ["營業時間", "營業時間?", "Opening hours", "Opening hours?"],
        learned: ["幾點打烊", "when do you close"],
        answer: "hours answer",
        en: { ref: "faq:hours-en", answer: "hours-en answer" },
      },
      { ref: "faq:solo-en", asks: ["Gift cards", "Gift cards?"], learned: [], answer: "solo-en answer" },
      { ref: "faq:orphan-en", asks: ["Parking", "Parking?"], learned: [], answer: "orphan-en answer" },
    ]);
  });
});
