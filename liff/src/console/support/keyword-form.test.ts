import { describe, expect, it } from "vitest";
import type { KeywordRule } from "./api";
import { toDraft } from "./drafts";
import { SUPPORT_STRINGS } from "./i18n";
import { blank, editsEnglish, formOf, toInput } from "./keyword-form";

const zh = SUPPORT_STRINGS["zh-TW"];
const rule = (repliesEn: KeywordRule["repliesEn"], replies = [{ type: "text", text: "每天營業" }]) =>
  ({
    id: "kw_1",
    match: "exact",
    pattern: "營業時間",
    priority: 0,
    enabled: true,
    replies,
    repliesEn,
    scope: "all",
    tags: [],
    schedule: null,
    createdAt: "2026-11-24T02:00:00.000Z",
    updatedAt: "2026-11-24T02:00:00.000Z",
  }) as KeywordRule;
const inputOf = (form: ReturnType<typeof blank>) => {
  const out = toInput({ ...form, pattern: form.pattern || "x" }, zh, "integer");
  if (!("input" in out)) throw new Error(JSON.stringify(out.errors));
  return out.input;
};

describe("the keyword form's English reply", () => {
  it("is one plain text: empty saves null, a text saves one text message", () => {
    const form = blank();
    expect(editsEnglish(form)).toBe(true);
    expect(inputOf(form).repliesEn).toBeNull();
    expect(inputOf({ ...form, replyEn: "  " }).repliesEn).toBeNull();
    expect(inputOf({ ...form, replyEn: "Open daily, {displayName}" }).repliesEn).toEqual([
      { type: "text", text: "Open daily, {displayName}" },
    ]);
  });

  it("opens a saved plain English text, and round-trips it", () => {
    const form = formOf(rule([{ type: "text", text: "Open daily" }]));
    expect(form.replyEn).toBe("Open daily");
    expect(inputOf(form).repliesEn).toEqual([{ type: "text", text: "Open daily" }]);
    expect(formOf(rule(null)).replyEn).toBe("");
  });

  it("leaves English replies that are more than a text as saved (not sent), and hides the field", () => {
    for (const repliesEn of [
      [{ type: "text", text: "Hi", quickReply: { items: [] } }],
      [
        { type: "text", text: "a" },
        { type: "text", text: "b" },
      ],
      [{ type: "flex", altText: "card", contents: { type: "bubble" } }],
    ]) {
      const form = formOf(rule(repliesEn));
      expect(form.replyEn).toBeNull();
      expect(editsEnglish(form)).toBe(false);
      expect("repliesEn" in inputOf(form)).toBe(false);
    }
  });

  it("is hidden while a reply is not a text (JSON)", () => {
    const form = {
      ...blank(),
      replies: [toDraft({ type: "flex", altText: "x", contents: { type: "bubble" } })],
    };
    expect(editsEnglish(form)).toBe(false);
  });
});
