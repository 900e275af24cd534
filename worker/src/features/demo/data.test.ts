import { describe, expect, it } from "vitest";
import { DEMO_FAQ, DEMO_FAQ_EN, DEMO_KEYWORDS } from "./data";

describe("the demo FAQ", () => {
  it("has 25 entries with distinct keys, the first five where the keyword rules expect them", () => {
    expect(DEMO_FAQ).toHaveLength(25);
    expect(new Set(DEMO_FAQ.map((f) => f.key)).size).toBe(DEMO_FAQ.length);
    expect(DEMO_FAQ.slice(0, 5).map((f) => f.key)).toEqual([
      "hours",
      "returns",
      "shipping",
      "points",
      "pickup",
    ]);
    for (const k of DEMO_KEYWORDS.filter((k) => DEMO_FAQ.some((f) => f.key === k.key)))
      expect(k.replies[0]).toMatchObject({ text: DEMO_FAQ.find((f) => f.key === k.key)?.answer });
    for (const f of DEMO_FAQ) {
      expect(f.question.length, f.key).toBeGreaterThan(0);
      expect(f.variants.length, f.key).toBeGreaterThan(0);
      expect(f.answer.length, f.key).toBeGreaterThan(0);
      expect(f.tags.length, f.key).toBeGreaterThan(0);
    }
  });

  it("has an English translation of every entry, same keys in the same order", () => {
    expect(DEMO_FAQ_EN.map((f) => f.key)).toEqual(DEMO_FAQ.map((f) => f.key));
    for (const f of DEMO_FAQ_EN) {
      expect(f.question, f.key).not.toMatch(/\p{Script=Han}/u);
      expect(f.variants.length, f.key).toBeGreaterThan(0);
      expect(f.answer.length, f.key).toBeGreaterThan(0);
    }
  });
});
