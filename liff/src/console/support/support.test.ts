import { describe, expect, it } from "vitest";
import { emptyText, toDraft, toMessage } from "./drafts";
import { SUPPORT_STRINGS } from "./i18n";
import { parseSupportRoute, sectionOf, supportHref } from "./routes";
import { elapsed, issueText, windowText } from "./wording";

const zh = SUPPORT_STRINGS["zh-TW"];
const en = SUPPORT_STRINGS.en;

describe("support routes", () => {
  it("round-trips every page through the hash", () => {
    const routes = [
      { page: "inbox", id: null },
      { page: "inbox", id: "cnv_b1_00025" },
      { page: "keywords" },
      { page: "keyword", id: null },
      { page: "keyword", id: "kw_1" },
      { page: "knowledge", id: "kb 1/2" },
      { page: "metrics" },
      { page: "settings" },
    ] as const;
    for (const r of routes) expect(parseSupportRoute(supportHref(r).slice(1))).toEqual(r);
    expect(parseSupportRoute("/sales")).toBeNull();
    expect(parseSupportRoute("/sales/new")).toBeNull();
    expect(sectionOf({ page: "keyword" })).toBe("keywords");
    expect(sectionOf({ page: "sale" })).toBe("sales");
  });
});

describe("reply drafts", () => {
  it("edits a text message with quick replies in the form and gives back the same message", () => {
    const m = {
      type: "text",
      text: "請選擇 👇",
      quickReply: {
        items: [
          { type: "action", action: { type: "message", label: "運費", text: "運費" } },
          {
            type: "action",
            action: { type: "postback", label: "門市據點", data: "action=stores", displayText: "門市據點" },
          },
        ],
      },
    };
    const d = toDraft(m);
    expect(d.kind).toBe("text");
    expect(toMessage(d, zh)).toEqual({ message: m });
  });

  it("opens anything the form cannot hold as JSON, unchanged", () => {
    for (const m of [
      { type: "flex", altText: "卡片", contents: { type: "bubble" } },
      { type: "text", text: "hi", emojis: [{ index: 0, productId: "x", emojiId: "001" }] },
      {
        type: "text",
        text: "hi",
        quickReply: {
          items: [{ type: "action", action: { type: "uri", label: "官網", uri: "https://x.tw" } }],
        },
      },
    ]) {
      const d = toDraft(m);
      expect(d.kind).toBe("json");
      expect(toMessage(d, zh)).toEqual({ message: m });
    }
  });

  it("refuses JSON that is not an object; an empty text is left for the server to refuse", () => {
    expect(toMessage({ key: 1, kind: "json", json: "[1]" }, zh)).toEqual({ error: zh.jsonInvalid });
    expect(toMessage({ key: 1, kind: "json", json: "{" }, en)).toEqual({ error: en.jsonInvalid });
    expect(toMessage(emptyText(), zh)).toEqual({ message: { type: "text", text: "" } });
  });
});

describe("wording", () => {
  it("puts the server's refusals in the reader's language, keeping the property they are about", () => {
    expect(issueText("messages[0].text: May not be empty", "zh-TW")).toBe("不可空白");
    expect(
      issueText("messages[1].quickReply.items[2].action.label: Length must be between 0 and 20", "en"),
    ).toBe("quickReply.items[2].action.label：At most 20 characters");
    expect(
      issueText("nested quantifiers such as (a+)+ can hang matching; rewrite the pattern", "zh-TW"),
    ).toContain("巢狀量詞");
    expect(issueText("from must be before to", "zh-TW")).toBe("開始時間必須早於結束時間");
    expect(issueText("something new", "en")).toBe("something new");
  });

  it("names weekly windows and waits", () => {
    expect(windowText({ days: [1, 2, 3, 4, 5], from: "10:00", to: "19:00" }, zh)).toBe("平日 10:00–19:00");
    expect(windowText({ days: [6, 7], from: "11:00", to: "18:00" }, en)).toBe("Weekend 11:00–18:00");
    expect(windowText({ days: [2, 3, 4], from: "09:00", to: "12:00" }, zh)).toBe("週二–週四 09:00–12:00");
    expect(windowText({ days: [1, 3], from: "09:00", to: "12:00" }, zh)).toBe("一、三 09:00–12:00");
    const t0 = Date.parse("2026-11-24T02:00:00Z");
    expect(elapsed("2026-11-24T02:00:00Z", t0 + 30_000, zh)).toBe("剛剛");
    expect(elapsed("2026-11-24T02:00:00Z", t0 + 4 * 60_000, zh)).toBe("4 分鐘");
    expect(elapsed("2026-11-24T02:00:00Z", t0 + 125 * 60_000, en)).toBe("2 h 5 min");
    expect(elapsed("2026-11-24T02:00:00Z", t0 + 3 * 86_400_000, en)).toBe("3 days");
  });
});
