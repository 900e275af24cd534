import { describe, expect, it } from "vitest";
import type { ChatEntry } from "./api";
import { linkify, quickRepliesFor, stickerEmoji, toView } from "./view-model";

const entry = (message: Record<string, unknown>, over: Partial<ChatEntry> = {}): ChatEntry => ({
  id: over.id ?? "ce1",
  chatId: "U1",
  direction: "out",
  message,
  at: "2026-11-24T03:00:00.000Z",
  ...over,
});

describe("linkify", () => {
  it("splits text into plain runs and links, leaving trailing punctuation out", () => {
    expect(linkify("詳情 https://example.com/a?b=1。謝謝")).toEqual([
      { text: "詳情 " },
      { text: "https://example.com/a?b=1", href: "https://example.com/a?b=1" },
      { text: "。謝謝" },
    ]);
    expect(linkify("no links\nsecond line")).toEqual([{ text: "no links\nsecond line" }]);
    expect(linkify("")).toEqual([{ text: "" }]);
  });
});

describe("toView", () => {
  it("renders a text v2 message with its mentions as @names", () => {
    const v = toView(
      entry({
        type: "textV2",
        text: "{u0} ✅ A×1\n{u1} ⏳ https://x.test/a {nope}",
        substitution: {
          u0: { type: "mention", mentionee: { type: "user", userId: "U1" } },
          u1: { type: "mention", mentionee: { type: "user", userId: "U2" } },
        },
      }),
      (id) => (id === "U1" ? "小美" : "阿明"),
    );
    expect(v).toEqual({
      kind: "text",
      segments: [
        { text: "@小美", mention: true },
        { text: " ✅ A×1\n" },
        { text: "@阿明", mention: true },
        { text: " ⏳ " },
        { text: "https://x.test/a", href: "https://x.test/a" },
        { text: " {nope}" },
      ],
    });
  });

  it("renders text with its line breaks and links", () => {
    const v = toView(entry({ type: "text", text: "a\nhttp://x.tw" }));
    expect(v).toEqual({
      kind: "text",
      segments: [{ text: "a\n" }, { text: "http://x.tw", href: "http://x.tw" }],
    });
  });
  it("shows a postback's displayText as the user's words, else a note with its data", () => {
    expect(toView(entry({ type: "postback", data: "a=1", displayText: "門市據點" }))).toMatchObject({
      kind: "postback",
      text: "門市據點",
      shownAsText: true,
    });
    expect(toView(entry({ type: "postback", data: "a=1" }))).toMatchObject({
      text: "a=1",
      shownAsText: false,
    });
  });
  it("gives stickers a stable face and keeps their ids", () => {
    const v = toView(entry({ type: "sticker", packageId: "446", stickerId: "1988" }));
    expect(v).toEqual({ kind: "sticker", packageId: "446", stickerId: "1988", emoji: stickerEmoji("1988") });
    expect(stickerEmoji("1988")).toBe(stickerEmoji("1988"));
    expect(stickerEmoji("nope")).toBeTruthy();
  });
  it("picks the URL a browser can load for images (the emulator's previewUrl first)", () => {
    expect(
      toView(entry({ type: "image", previewUrl: "/sandbox/api/contents/1", originalContentUrl: "x" })),
    ).toEqual({
      kind: "image",
      src: "/sandbox/api/contents/1",
    });
    expect(
      toView(
        entry({ type: "image", originalContentUrl: "https://a/o.jpg", previewImageUrl: "https://a/p.jpg" }),
      ),
    ).toEqual({
      kind: "image",
      src: "https://a/p.jpg",
    });
  });
  it("turns a location into a card with a map link", () => {
    expect(
      toView(
        entry({
          type: "location",
          title: "台北 101",
          address: "信義路五段 7 號",
          latitude: 25.03,
          longitude: 121.56,
        }),
      ),
    ).toEqual({
      kind: "location",
      title: "台北 101",
      address: "信義路五段 7 號",
      mapUrl: "https://www.google.com/maps/search/?api=1&query=25.03,121.56",
    });
  });
  it("keeps video and audio playable", () => {
    expect(toView(entry({ type: "video", originalContentUrl: "v.mp4", previewImageUrl: "p.jpg" }))).toEqual({
      kind: "video",
      src: "v.mp4",
      poster: "p.jpg",
    });
    expect(toView(entry({ type: "audio", originalContentUrl: "a.m4a", duration: 61_400 }))).toEqual({
      kind: "audio",
      src: "a.m4a",
      seconds: 61,
    });
  });
  it("maps imagemap areas to percentages and LINE actions", () => {
    const v = toView(
      entry({
        type: "imagemap",
        baseUrl: "https://cdn/im",
        altText: "menu",
        baseSize: { width: 1040, height: 520 },
        actions: [
          { type: "uri", linkUri: "https://x", area: { x: 0, y: 0, width: 520, height: 520 } },
          { type: "message", text: "hi", area: { x: 520, y: 260, width: 520, height: 260 } },
        ],
      }),
    );
    expect(v).toMatchObject({ kind: "imagemap", src: "https://cdn/im/700", ratio: "1040 / 520" });
    if (v.kind !== "imagemap") throw new Error("not an imagemap");
    expect(v.areas[0]).toEqual({
      left: "0%",
      top: "0%",
      width: "50%",
      height: "100%",
      action: { type: "uri", uri: "https://x" },
    });
    expect(v.areas[1]).toMatchObject({ left: "50%", top: "50%", action: { type: "message", text: "hi" } });
  });
  it("passes templates and flex contents through, and never shows raw JSON for unknown types", () => {
    expect(toView(entry({ type: "template", altText: "t", template: { type: "confirm" } }))).toMatchObject({
      kind: "template",
      template: { type: "confirm" },
    });
    expect(toView(entry({ type: "flex", altText: "f", contents: { type: "bubble" } }))).toMatchObject({
      kind: "flex",
      contents: { type: "bubble" },
    });
    expect(toView(entry({ type: "flex", altText: "broken" }))).toEqual({
      kind: "unknown",
      type: "flex",
      altText: "broken",
    });
    expect(toView(entry({ type: "beacon" }))).toEqual({ kind: "unknown", type: "beacon", altText: "" });
  });
  it("reads system notes with who did it", () => {
    expect(toView(entry({ type: "system", event: "memberJoined" }, { direction: "in", from: "U2" }))).toEqual(
      {
        kind: "system",
        event: "memberJoined",
        from: "U2",
      },
    );
  });
});

describe("quickRepliesFor", () => {
  const qr = {
    type: "text",
    text: "?",
    quickReply: {
      items: [
        { type: "action", action: { type: "message", label: "A", text: "A" } },
        { type: "action", imageUrl: "https://i/x.png", action: { type: "postback", label: "B", data: "b" } },
        { type: "action" },
      ],
    },
  };
  it("offers the latest bot message's chips", () => {
    const items = quickRepliesFor([entry({ type: "text", text: "hi" }, { id: "a" }), entry(qr, { id: "b" })]);
    expect(items).toEqual([
      { action: { type: "message", label: "A", text: "A" } },
      { action: { type: "postback", label: "B", data: "b" }, imageUrl: "https://i/x.png" },
    ]);
  });
  it("drops them once anything follows, or once one was tapped", () => {
    const reply = entry({ type: "text", text: "A" }, { id: "c", direction: "in", from: "U1" });
    expect(quickRepliesFor([entry(qr, { id: "b" }), reply])).toEqual([]);
    expect(quickRepliesFor([entry(qr, { id: "b" })], "b")).toEqual([]);
    expect(quickRepliesFor([])).toEqual([]);
  });
});
