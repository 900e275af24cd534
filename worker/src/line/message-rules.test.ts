import { describe, expect, it } from "vitest";
import { validateMessages } from "./message-rules";

const text = (t: string) => ({ type: "text", text: t });
const qr = (n: number) => ({
  items: Array.from({ length: n }, (_, i) => ({
    type: "action",
    action: { type: "message", label: `選項${i}`, text: `t${i}` },
  })),
});
const bubble = (
  body: unknown = { type: "box", layout: "vertical", contents: [{ type: "text", text: "hi" }] },
) => ({
  type: "bubble",
  body,
});

// [name, messages, first problem property or null when valid]
const CASES: Array<[string, unknown, string | null]> = [
  ["one text", [text("你好")], null],
  ["five texts", Array.from({ length: 5 }, () => text("a")), null],
  ["six messages", Array.from({ length: 6 }, () => text("a")), "messages"],
  ["empty array", [], "messages"],
  ["not an array", "hello", "messages"],
  ["empty text", [text("")], "messages[0].text"],
  ["text 5000 chars", [text("字".repeat(5000))], null],
  ["text 5001 chars", [text("字".repeat(5001))], "messages[0].text"],
  ["unknown type", [{ type: "fax" }], "messages[0].type"],
  ["sticker", [{ type: "sticker", packageId: "446", stickerId: "1988" }], null],
  ["sticker missing id", [{ type: "sticker", packageId: "446" }], "messages[0].stickerId"],
  [
    "image https",
    [{ type: "image", originalContentUrl: "https://x.test/a.jpg", previewImageUrl: "https://x.test/p.jpg" }],
    null,
  ],
  [
    "image http",
    [{ type: "image", originalContentUrl: "http://x.test/a.jpg", previewImageUrl: "https://x.test/p.jpg" }],
    "messages[0].originalContentUrl",
  ],
  [
    "location",
    [{ type: "location", title: "台北101", address: "信義路", latitude: 25, longitude: 121 }],
    null,
  ],
  [
    "location without latitude",
    [{ type: "location", title: "x", address: "y", longitude: 121 }],
    "messages[0].latitude",
  ],
  ["13 quick replies", [{ ...text("選一個"), quickReply: qr(13) }], null],
  ["14 quick replies", [{ ...text("選一個"), quickReply: qr(14) }], "messages[0].quickReply.items"],
  [
    "quick reply label over 20",
    [
      {
        ...text("x"),
        quickReply: {
          items: [
            {
              type: "action",
              action: { type: "message", label: "一二三四五六七八九十一二三四五六七八九十一", text: "x" },
            },
          ],
        },
      },
    ],
    "messages[0].quickReply.items[0].action.label",
  ],
  [
    "quick reply camera needs no label",
    [{ ...text("x"), quickReply: { items: [{ type: "action", action: { type: "camera" } }] } }],
    null,
  ],
  [
    "postback data over 300",
    [
      {
        ...text("x"),
        quickReply: {
          items: [{ type: "action", action: { type: "postback", label: "a", data: "d".repeat(301) } }],
        },
      },
    ],
    "messages[0].quickReply.items[0].action.data",
  ],
  ["flex bubble", [{ type: "flex", altText: "卡片", contents: bubble() }], null],
  ["flex without altText", [{ type: "flex", contents: bubble() }], "messages[0].altText"],
  [
    "flex box without layout",
    [{ type: "flex", altText: "x", contents: bubble({ type: "box", contents: [] }) }],
    "messages[0].contents.body.layout",
  ],
  [
    "flex button without action",
    [
      {
        type: "flex",
        altText: "x",
        contents: bubble({ type: "box", layout: "vertical", contents: [{ type: "button" }] }),
      },
    ],
    "messages[0].contents.body.contents[0].action",
  ],
  [
    "flex carousel of 12",
    [
      {
        type: "flex",
        altText: "x",
        contents: { type: "carousel", contents: Array.from({ length: 12 }, () => bubble()) },
      },
    ],
    null,
  ],
  [
    "flex carousel of 13",
    [
      {
        type: "flex",
        altText: "x",
        contents: { type: "carousel", contents: Array.from({ length: 13 }, () => bubble()) },
      },
    ],
    "messages[0].contents.contents",
  ],
  [
    "flex bubble over 30 KB",
    [
      {
        type: "flex",
        altText: "x",
        contents: bubble({
          type: "box",
          layout: "vertical",
          contents: [{ type: "text", text: "x".repeat(31_000) }],
        }),
      },
    ],
    "messages[0].contents",
  ],
  [
    "flex altText over 1500",
    [{ type: "flex", altText: "a".repeat(1501), contents: bubble() }],
    "messages[0].altText",
  ],
  [
    "buttons template",
    [
      {
        type: "template",
        altText: "x",
        template: {
          type: "buttons",
          text: "選擇",
          actions: [{ type: "uri", label: "官網", uri: "https://x.test" }],
        },
      },
    ],
    null,
  ],
  [
    "buttons template with 5 actions",
    [
      {
        type: "template",
        altText: "x",
        template: {
          type: "buttons",
          text: "選擇",
          actions: Array.from({ length: 5 }, () => ({ type: "message", label: "a", text: "a" })),
        },
      },
    ],
    "messages[0].template.actions",
  ],
  [
    "confirm template needs two actions",
    [
      {
        type: "template",
        altText: "x",
        template: {
          type: "confirm",
          text: "確定？",
          actions: [{ type: "message", label: "是", text: "是" }],
        },
      },
    ],
    "messages[0].template.actions",
  ],
  [
    "uri action with javascript:",
    [
      {
        ...text("x"),
        quickReply: {
          items: [{ type: "action", action: { type: "uri", label: "x", uri: "javascript:alert(1)" } }],
        },
      },
    ],
    "messages[0].quickReply.items[0].action.uri",
  ],
];

describe("validateMessages (LINE's limits)", () => {
  it.each(CASES)("%s", (_name, messages, property) => {
    const problems = validateMessages(messages);
    if (property === null) expect(problems).toEqual([]);
    else expect(problems.map((p) => p.property)).toContain(property);
  });

  it("allows http on loopback only when asked (the sandbox)", () => {
    const image = [
      {
        type: "image",
        originalContentUrl: "http://127.0.0.1:8787/a.png",
        previewImageUrl: "http://localhost/p.png",
      },
    ];
    expect(validateMessages(image)).not.toEqual([]);
    expect(validateMessages(image, { allowLoopbackHttp: true })).toEqual([]);
  });
});
