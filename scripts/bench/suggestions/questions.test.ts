import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { DEMO_FAQ } from "../../../worker/src/features/demo/data";

/** The evaluation set of customer messages (see README.md): its shape and its spread. */
const KINDS = ["colloquial", "typo", "english", "mixed", "emoji", "offtopic"] as const;
interface Question {
  text: string;
  expect: string | null;
  kind: (typeof KINDS)[number];
}
const questions = JSON.parse(
  readFileSync(new URL("./questions.json", import.meta.url), "utf8"),
) as Question[];
const keys = DEMO_FAQ.map((f) => f.key as string);
const count = (pick: (q: Question) => boolean) => questions.filter(pick).length;

describe("the suggestion evaluation set", () => {
  it("is a list of { text, expect, kind } with nothing else", () => {
    expect(Array.isArray(questions)).toBe(true);
    for (const q of questions) {
      expect(Object.keys(q).sort(), JSON.stringify(q)).toEqual(["expect", "kind", "text"]);
      expect(typeof q.text, JSON.stringify(q)).toBe("string");
      expect(q.text.trim().length, JSON.stringify(q)).toBeGreaterThan(0);
      expect(q.expect === null || typeof q.expect === "string", JSON.stringify(q)).toBe(true);
      expect(KINDS, JSON.stringify(q)).toContain(q.kind);
    }
  });

  it("expects a DEMO_FAQ key, or null exactly for off-topic chatter", () => {
    for (const q of questions) {
      if (q.expect !== null) expect(keys, q.text).toContain(q.expect);
      expect(q.expect === null, q.text).toBe(q.kind === "offtopic");
    }
  });

  it("has at least 240 messages, no text twice", () => {
    expect(questions.length).toBeGreaterThanOrEqual(240);
    const texts = questions.map((q) => q.text.trim());
    expect(texts.filter((t, i) => texts.indexOf(t) !== i)).toEqual([]);
  });

  it("covers every FAQ entry at least 6 times", () => {
    const short = keys.filter((k) => count((q) => q.expect === k) < 6);
    expect(short).toEqual([]);
  });

  it("has enough of each kind: 35 off-topic, 30 English, 15 mixed, 15 with emoji", () => {
    expect(count((q) => q.kind === "offtopic")).toBeGreaterThanOrEqual(35);
    expect(count((q) => q.kind === "english")).toBeGreaterThanOrEqual(30);
    expect(count((q) => q.kind === "mixed")).toBeGreaterThanOrEqual(15);
    expect(count((q) => q.kind === "emoji")).toBeGreaterThanOrEqual(15);
    // "emoji" means the message carries one.
    for (const q of questions.filter((q) => q.kind === "emoji"))
      expect(q.text, q.text).toMatch(/\p{Extended_Pictographic}|\p{Regional_Indicator}/u);
  });
});
