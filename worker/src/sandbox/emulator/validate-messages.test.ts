import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LineApiError } from "../../lib/line-api-error";
import type { LineMessage } from "../../ports/line";
import { type EmulatorHarness, startHarness } from "./testing";
import { validateMessages } from "./validate-messages";

const text = (t: string) => ({ type: "text", text: t });
const postback = (label: string, data = "a=1") => ({ type: "postback", label, data });
const qr = (n: number, action: Record<string, unknown> = postback("ok")) => ({
  type: "text",
  text: "pick",
  quickReply: { items: Array.from({ length: n }, () => ({ type: "action", action })) },
});
const bubble = (body: Record<string, unknown>[] = [{ type: "text", text: "hi" }]) => ({
  type: "bubble",
  body: { type: "box", layout: "vertical", contents: body },
});
const flex = (contents: unknown, altText = "alt") => ({ type: "flex", altText, contents });
const buttons = (actions: unknown[], extra: Record<string, unknown> = {}) => ({
  type: "template",
  altText: "menu",
  template: { type: "buttons", text: "Choose", actions, ...extra },
});
const img = "https://example.com/a.png";

/** [name, messages, the first problem's property (null = valid)] */
const CASES: Array<[string, unknown, string | null]> = [
  ["one text", [text("hi")], null],
  ["five messages", Array.from({ length: 5 }, () => text("x")), null],
  ["six messages", Array.from({ length: 6 }, () => text("x")), "messages"],
  ["no messages", [], "messages"],
  ["messages missing", undefined, "messages"],
  ["text 5000 chars", [text("a".repeat(5000))], null],
  ["text 5001 chars", [text("a".repeat(5001))], "messages[0].text"],
  ["empty text", [text("")], "messages[0].text"],
  ["text not a string", [{ type: "text", text: 5 }], "messages[0].text"],
  [
    "text with emoji",
    [{ type: "text", text: "$ hi", emojis: [{ index: 0, productId: "p", emojiId: "001" }] }],
    null,
  ],
  ["unknown message type", [{ type: "hologram" }], "messages[0].type"],
  ["sticker", [{ type: "sticker", packageId: "446", stickerId: "1988" }], null],
  ["sticker without stickerId", [{ type: "sticker", packageId: "446" }], "messages[0].stickerId"],
  ["image https", [{ type: "image", originalContentUrl: img, previewImageUrl: img }], null],
  [
    "image on loopback http (sandbox)",
    [
      {
        type: "image",
        originalContentUrl: "http://127.0.0.1:8787/a.png",
        previewImageUrl: "http://localhost/a.png",
      },
    ],
    null,
  ],
  [
    "image over plain http",
    [{ type: "image", originalContentUrl: "http://example.com/a.png", previewImageUrl: img }],
    "messages[0].originalContentUrl",
  ],
  [
    "image URL over 2000 chars",
    [{ type: "image", originalContentUrl: `${img}?${"x".repeat(2000)}`, previewImageUrl: img }],
    "messages[0].originalContentUrl",
  ],
  ["video", [{ type: "video", originalContentUrl: "https://e.com/v.mp4", previewImageUrl: img }], null],
  [
    "audio without duration",
    [{ type: "audio", originalContentUrl: "https://e.com/a.m4a" }],
    "messages[0].duration",
  ],
  [
    "location",
    [{ type: "location", title: "店", address: "台北市", latitude: 25.03, longitude: 121.56 }],
    null,
  ],
  [
    "location title 101 chars",
    [{ type: "location", title: "t".repeat(101), address: "a", latitude: 0, longitude: 0 }],
    "messages[0].title",
  ],
  [
    "location latitude 91",
    [{ type: "location", title: "t", address: "a", latitude: 91, longitude: 0 }],
    "messages[0].latitude",
  ],
  ["13 quick replies", [qr(13)], null],
  ["14 quick replies", [qr(14)], "messages[0].quickReply.items"],
  [
    "quick reply label 21 chars",
    [qr(1, postback("x".repeat(21)))],
    "messages[0].quickReply.items[0].action.label",
  ],
  [
    "quick reply without label",
    [qr(1, { type: "message", text: "hi" })],
    "messages[0].quickReply.items[0].action.label",
  ],
  ["quick reply camera", [qr(1, { type: "camera", label: "Camera" })], null],
  ["quick reply location", [qr(1, { type: "location", label: "Where" })], null],
  [
    "message action text 301 chars",
    [qr(1, { type: "message", label: "m", text: "x".repeat(301) })],
    "messages[0].quickReply.items[0].action.text",
  ],
  [
    "postback data 301 chars",
    [qr(1, postback("p", "d".repeat(301)))],
    "messages[0].quickReply.items[0].action.data",
  ],
  [
    "postback displayText with text",
    [qr(1, { ...postback("p"), displayText: "a", text: "b" })],
    "messages[0].quickReply.items[0].action.text",
  ],
  [
    "uri action javascript:",
    [qr(1, { type: "uri", label: "u", uri: "javascript:alert(1)" })],
    "messages[0].quickReply.items[0].action.uri",
  ],
  [
    "datetimepicker",
    [qr(1, { type: "datetimepicker", label: "When", data: "d", mode: "date", initial: "2026-12-01" })],
    null,
  ],
  [
    "datetimepicker bad initial",
    [qr(1, { type: "datetimepicker", label: "When", data: "d", mode: "date", initial: "12/01" })],
    "messages[0].quickReply.items[0].action.initial",
  ],
  [
    "richmenuswitch outside a rich menu",
    [qr(1, { type: "richmenuswitch", label: "r", richMenuAliasId: "a", data: "d" })],
    "messages[0].quickReply.items[0].action.type",
  ],
  [
    "buttons template",
    [buttons([postback("Yes"), { type: "uri", label: "Site", uri: "https://e.com" }])],
    null,
  ],
  [
    "buttons with 5 actions",
    [buttons(Array.from({ length: 5 }, () => postback("a")))],
    "messages[0].template.actions",
  ],
  [
    "buttons with camera action",
    [buttons([{ type: "camera", label: "c" }])],
    "messages[0].template.actions[0].type",
  ],
  [
    "template altText 401 chars",
    [{ ...buttons([postback("a")]), altText: "a".repeat(401) }],
    "messages[0].altText",
  ],
  [
    "confirm with one action",
    [
      {
        type: "template",
        altText: "a",
        template: { type: "confirm", text: "ok?", actions: [postback("y")] },
      },
    ],
    "messages[0].template.actions",
  ],
  [
    "carousel 11 columns",
    [
      {
        type: "template",
        altText: "a",
        template: {
          type: "carousel",
          columns: Array.from({ length: 11 }, () => ({ text: "t", actions: [postback("a")] })),
        },
      },
    ],
    "messages[0].template.columns",
  ],
  [
    "image carousel",
    [
      {
        type: "template",
        altText: "a",
        template: { type: "image_carousel", columns: [{ imageUrl: img, action: postback("go") }] },
      },
    ],
    null,
  ],
  ["flex bubble", [flex(bubble())], null],
  ["flex altText 1501 chars", [flex(bubble(), "a".repeat(1501))], "messages[0].altText"],
  [
    "flex carousel 12 bubbles",
    [flex({ type: "carousel", contents: Array.from({ length: 12 }, () => bubble()) })],
    null,
  ],
  [
    "flex carousel 13 bubbles",
    [flex({ type: "carousel", contents: Array.from({ length: 13 }, () => bubble()) })],
    "messages[0].contents.contents",
  ],
  [
    "flex bubble over 30 KB",
    [flex(bubble([{ type: "text", text: "x".repeat(31_000) }]))],
    "messages[0].contents",
  ],
  [
    "flex carousel over 50 KB",
    [
      flex({
        type: "carousel",
        contents: Array.from({ length: 3 }, () => bubble([{ type: "text", text: "x".repeat(20_000) }])),
      }),
    ],
    "messages[0].contents",
  ],
  [
    "flex box without layout",
    [flex({ type: "bubble", body: { type: "box", contents: [] } })],
    "messages[0].contents.body.layout",
  ],
  [
    "flex text without text",
    [flex(bubble([{ type: "text" }]))],
    "messages[0].contents.body.contents[0].text",
  ],
  ["flex text with spans", [flex(bubble([{ type: "text", contents: [{ type: "span", text: "a" }] }]))], null],
  [
    "flex button without action",
    [flex(bubble([{ type: "button" }]))],
    "messages[0].contents.body.contents[0].action",
  ],
  [
    "flex button label 40 chars",
    [flex(bubble([{ type: "button", action: postback("x".repeat(40)) }]))],
    null,
  ],
  [
    "flex unknown component",
    [flex(bubble([{ type: "marquee" }]))],
    "messages[0].contents.body.contents[0].type",
  ],
  [
    "flex icon outside baseline",
    [flex(bubble([{ type: "icon", url: img }]))],
    "messages[0].contents.body.contents[0].type",
  ],
  [
    "flex hero image and separator",
    [
      flex({
        type: "bubble",
        hero: { type: "image", url: img, aspectRatio: "20:13" },
        body: {
          type: "box",
          layout: "baseline",
          contents: [
            { type: "icon", url: img },
            { type: "text", text: "4.5" },
          ],
        },
        footer: { type: "box", layout: "vertical", contents: [{ type: "separator" }, { type: "filler" }] },
      }),
    ],
    null,
  ],
  [
    "flex image on http",
    [flex(bubble([{ type: "image", url: "http://e.com/a.png" }]))],
    "messages[0].contents.body.contents[0].url",
  ],
  [
    "imagemap",
    [
      {
        type: "imagemap",
        baseUrl: "https://e.com/im",
        altText: "map",
        baseSize: { width: 1040, height: 1040 },
        actions: [{ type: "uri", linkUri: "https://e.com", area: { x: 0, y: 0, width: 520, height: 1040 } }],
      },
    ],
    null,
  ],
  [
    "imagemap without actions",
    [
      {
        type: "imagemap",
        baseUrl: "https://e.com/im",
        altText: "m",
        baseSize: { width: 1040, height: 1040 },
        actions: [],
      },
    ],
    "messages[0].actions",
  ],
  ["sender name 21 chars", [{ ...text("hi"), sender: { name: "n".repeat(21) } }], "messages[0].sender.name"],
];

describe("validateMessages", () => {
  it.each(CASES)("%s", (_name, messages, property) => {
    const problems = validateMessages(messages);
    if (property === null) expect(problems).toEqual([]);
    else expect(problems[0]?.property).toBe(property);
  });

  it("collects every problem, not just the first", () => {
    const problems = validateMessages([text(""), { type: "sticker" }]);
    expect(problems.map((p) => p.property)).toEqual([
      "messages[0].text",
      "messages[1].packageId",
      "messages[1].stickerId",
    ]);
  });
});

describe("message validation over HTTP", () => {
  let h: EmulatorHarness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.close());

  it("answers LINE's 400 body with every problem, and delivers nothing", async () => {
    const userId = await h.friend();
    const res = await h.lineApi("/v2/bot/message/push", {
      method: "POST",
      body: JSON.stringify({ to: userId, messages: [text("a".repeat(5001)), { type: "hologram" }] }),
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({
      message: "The request body has 2 error(s)",
      details: [
        { property: "messages[0].text", message: "Length must be between 1 and 5000" },
        {
          property: "messages[1].type",
          message: expect.stringContaining("must be one of the following values: [text, textV2, sticker"),
        },
      ],
    });
    const log = await h.control(`/chats/${userId}/log`);
    expect((log.json.entries as Array<{ direction: string }>).filter((e) => e.direction === "out")).toEqual(
      [],
    );
  });

  it("reaches the adapter as a LineApiError naming the property", async () => {
    const userId = await h.friend();
    const six = Array.from({ length: 6 }, () => text("x")) as LineMessage[];
    const err = await h.client
      .push(userId, six, "88888888-8888-4888-8888-888888888888")
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LineApiError);
    expect((err as LineApiError).status).toBe(400);
    expect((err as LineApiError).message).toContain("messages: Size must be between 1 and 5");
  });
});
