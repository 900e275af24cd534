/**
 * A test double of the emulator's control API (/sandbox/api), for looking at the chat simulator
 * page without the real emulator: canned state and chat logs (Flex bubble + carousel, templates,
 * quick replies, a rich menu with an image and one without, a group), a bot that echoes, and an
 * SSE stream that pushes one message a moment after the page connects.
 * Used by sandbox-page.shots.ts only; real end-to-end tests run against the real emulator.
 */
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import { serve } from "@hono/node-server";
import { serveStatic } from "@hono/node-server/serve-static";
import { Hono } from "hono";
import { streamSSE } from "hono/streaming";

const DIST = fileURLToPath(new URL("../dist/", import.meta.url));
type Entry = {
  id: string;
  chatId: string;
  direction: "in" | "out";
  from?: string;
  message: Record<string, unknown>;
  via?: "reply" | "push" | "multicast";
  at: string;
  eventId?: string;
};
type Ev =
  | { type: "entry"; entry: Entry }
  | { type: "state" }
  | { type: "delivery"; eventId: string; status: number | null };

const GREEN = "#06C755";
const svg = (w: number, h: number, bg: string, label: string) =>
  `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}"><defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="${bg}"/><stop offset="1" stop-color="#1f2933" stop-opacity=".35"/></linearGradient></defs><rect width="100%" height="100%" fill="${bg}"/><rect width="100%" height="100%" fill="url(#g)"/><text x="50%" y="54%" font-family="sans-serif" font-size="${Math.round(h / 7)}" fill="#fff" text-anchor="middle">${label}</text></svg>`;
const RICH_MENU_SVG = `<svg xmlns="http://www.w3.org/2000/svg" width="2500" height="843">${[
  ["#06C755", 0],
  ["#1F2933", 625],
  ["#B7791F", 1250],
  ["#D64541", 1875],
]
  .map(([c, x]) => `<rect x="${Number(x) + 6}" y="6" width="613" height="831" rx="24" fill="${c}"/>`)
  .join("")}</svg>`;

export function fixtureApp(opts: { pushAfterMs?: number } = {}) {
  let seq = 0;
  const id = (p: string) => `${p}${String(++seq).padStart(4, "0")}`;
  const t0 = Date.parse("2026-11-24T02:00:00Z");
  const at = (min: number) => new Date(t0 + min * 60_000).toISOString();
  const listeners = new Set<(e: Ev) => void>();
  const emit = (e: Ev) => {
    for (const l of listeners) l(e);
  };

  const bot = { userId: "Ubot000000000000000000000000000000", displayName: "omo 選物 Official" };
  const users = [
    { userId: "U1aa", displayName: "小美", language: "zh-TW", friendship: "friend", richMenuId: "rm-guest" },
    { userId: "U2bb", displayName: "阿明", language: "zh-TW", friendship: "friend", richMenuId: "rm-guest" },
    { userId: "U3cc", displayName: "Amy", language: "en", friendship: "none", richMenuId: "rm-guest" },
    {
      userId: "U4dd",
      displayName: "Ken",
      language: "en",
      friendship: "blocked",
      richMenuId: null as string | null,
    },
  ];
  const groups = [
    { groupId: "C9gg", groupName: "週末團購群", memberIds: ["U1aa", "U2bb"], botInGroup: true },
  ];
  const richMenus = [
    {
      richMenuId: "rm-guest",
      name: "guest",
      chatBarText: "選單 Menu",
      size: { width: 2500, height: 843 },
      hasImage: true,
      areas: [
        {
          bounds: { x: 0, y: 0, width: 625, height: 843 },
          action: { type: "postback", label: "門市據點", data: "action=stores", displayText: "門市據點" },
        },
        {
          bounds: { x: 625, y: 0, width: 625, height: 843 },
          action: { type: "message", label: "常見問題", text: "常見問題" },
        },
        {
          bounds: { x: 1250, y: 0, width: 625, height: 843 },
          action: {
            type: "uri",
            label: "會員卡",
            uri: "https://liff.line.me/1650000000-abcd/member?from=menu",
          },
        },
        {
          bounds: { x: 1875, y: 0, width: 625, height: 843 },
          action: { type: "richmenuswitch", label: "更多 More", richMenuAliasId: "more", data: "tab=more" },
        },
      ],
    },
    {
      richMenuId: "rm-more",
      name: "more",
      chatBarText: "更多 More",
      size: { width: 2500, height: 1686 },
      hasImage: false,
      areas: [
        {
          bounds: { x: 0, y: 0, width: 1250, height: 843 },
          action: {
            type: "uri",
            label: "優惠券 Coupons",
            uri: "https://liff.line.me/1650000000-abcd/coupons",
          },
        },
        {
          bounds: { x: 1250, y: 0, width: 1250, height: 843 },
          action: { type: "datetimepicker", label: "預約 Book", data: "action=book", mode: "datetime" },
        },
        {
          bounds: { x: 0, y: 843, width: 1250, height: 843 },
          action: { type: "richmenuswitch", label: "← 返回 Back", richMenuAliasId: "main", data: "tab=main" },
        },
        {
          bounds: { x: 1250, y: 843, width: 1250, height: 843 },
          action: { type: "accountLink", label: "帳號連結" },
        },
      ],
    },
  ];
  const aliases = { main: "rm-guest", more: "rm-more" };
  const chats = new Map<string, Entry[]>();
  const log = (e: Omit<Entry, "id">) => {
    const full = { id: id("ce"), ...e };
    const list = chats.get(e.chatId) ?? [];
    list.push(full);
    chats.set(e.chatId, list);
    emit({ type: "entry", entry: full });
    return full;
  };

  const welcome = {
    type: "flex",
    altText: "歡迎加入 omo 選物！",
    contents: {
      type: "bubble",
      header: {
        type: "box",
        layout: "vertical",
        backgroundColor: GREEN,
        contents: [
          {
            type: "text",
            text: "歡迎加入 omo 選物！",
            color: "#FFFFFF",
            weight: "bold",
            size: "lg",
            wrap: true,
          },
          { type: "text", text: "Welcome to omo", color: "#E8FFF1", size: "sm" },
        ],
      },
      hero: {
        type: "image",
        url: "/fixture/img/hero.svg",
        size: "full",
        aspectRatio: "20:13",
        aspectMode: "cover",
        action: { type: "uri", uri: "https://example.com/campaign" },
      },
      body: {
        type: "box",
        layout: "vertical",
        spacing: "md",
        contents: [
          {
            type: "text",
            text: "掃描門市 QR Code 綁定會員，消費就能累積點數、領取優惠券。",
            wrap: true,
            size: "sm",
          },
          { type: "separator" },
          {
            type: "box",
            layout: "baseline",
            spacing: "sm",
            contents: [
              { type: "text", text: "點數", color: "#7B8794", size: "sm", flex: 2 },
              {
                type: "text",
                text: "1,280 點",
                weight: "bold",
                size: "sm",
                flex: 5,
                align: "end",
                color: "#111111",
              },
            ],
          },
          {
            type: "box",
            layout: "baseline",
            spacing: "sm",
            contents: [
              { type: "text", text: "等級", color: "#7B8794", size: "sm", flex: 2 },
              {
                type: "text",
                flex: 5,
                align: "end",
                size: "sm",
                contents: [
                  { type: "span", text: "金卡 ", weight: "bold", color: "#B7791F" },
                  { type: "span", text: "Gold", size: "xs", color: "#7B8794" },
                ],
              },
            ],
          },
          {
            type: "box",
            layout: "horizontal",
            cornerRadius: "md",
            backgroundColor: "#F3FAF5",
            paddingAll: "md",
            contents: [
              {
                type: "text",
                text: "🎁 新會員禮 95 折券",
                size: "sm",
                color: "#0B6B33",
                weight: "bold",
                flex: 0,
              },
              { type: "filler" },
              { type: "text", text: "12/31 到期", size: "xs", color: "#7B8794", flex: 0, gravity: "center" },
            ],
          },
        ],
      },
      footer: {
        type: "box",
        layout: "vertical",
        spacing: "sm",
        contents: [
          {
            type: "button",
            style: "primary",
            color: "#1F2933",
            action: {
              type: "uri",
              label: "會員卡 Member card",
              uri: "https://liff.line.me/1650000000-abcd/member",
            },
          },
          {
            type: "button",
            style: "primary",
            color: GREEN,
            action: {
              type: "postback",
              label: "門市據點 Stores",
              data: "action=stores",
              displayText: "門市據點",
            },
          },
          {
            type: "button",
            style: "secondary",
            action: { type: "message", label: "常見問題 FAQ", text: "常見問題" },
          },
          { type: "button", style: "link", height: "sm", action: { type: "camera", label: "拍照上傳收據" } },
          {
            type: "button",
            style: "link",
            height: "sm",
            action: { type: "accountLink", label: "連結 POS 帳號" },
          },
        ],
      },
      styles: { footer: { separator: true } },
    },
  };
  const stores = {
    type: "flex",
    altText: "門市據點",
    contents: {
      type: "carousel",
      contents: [
        ["台北信義旗艦店", "台北市信義區松高路 11 號", "0.8 km", "11:00–21:30"],
        ["台中勤美店", "台中市西區公益路 68 號", "132 km", "11:00–22:00"],
        ["高雄駁二店", "高雄市鹽埕區大勇路 1 號", "298 km", "10:00–21:00"],
      ].map(([name, address, dist, hours]) => ({
        type: "bubble",
        size: "kilo",
        hero: {
          type: "image",
          url: `/fixture/img/store-${name?.slice(0, 2)}.svg`,
          size: "full",
          aspectRatio: "2:1",
          aspectMode: "cover",
        },
        body: {
          type: "box",
          layout: "vertical",
          spacing: "sm",
          contents: [
            { type: "text", text: name, weight: "bold", size: "md", wrap: true },
            { type: "text", text: `距離 ${dist}`, size: "xs", color: GREEN },
            { type: "text", text: address, size: "sm", color: "#52606D", wrap: true },
            { type: "text", text: `營業時間 ${hours}`, size: "xs", color: "#7B8794" },
          ],
        },
        footer: {
          type: "box",
          layout: "horizontal",
          spacing: "sm",
          contents: [
            {
              type: "button",
              style: "link",
              height: "sm",
              action: { type: "uri", label: "撥打電話", uri: "tel:0227220000" },
            },
            { type: "separator" },
            {
              type: "button",
              style: "link",
              height: "sm",
              action: {
                type: "uri",
                label: "地圖導航",
                uri: "https://www.google.com/maps/search/?api=1&query=25.04,121.56",
              },
            },
          ],
        },
      })),
    },
  };
  const withQuickReply = {
    type: "text",
    text: "還有什麼可以幫您？\n也可以點下面的快速回覆 👇",
    quickReply: {
      items: [
        { type: "action", action: { type: "message", label: "營業時間", text: "營業時間" } },
        {
          type: "action",
          imageUrl: "/fixture/img/chip.svg",
          action: { type: "postback", label: "我的點數", data: "action=points", displayText: "我的點數" },
        },
        {
          type: "action",
          action: {
            type: "datetimepicker",
            label: "預約到店",
            data: "action=book",
            mode: "date",
            initial: "2026-12-01",
            min: "2026-11-24",
          },
        },
        { type: "action", action: { type: "location", label: "傳送位置" } },
        { type: "action", action: { type: "uri", label: "官網", uri: "https://example.com" } },
      ],
    },
  };

  const seed: Array<Omit<Entry, "id">> = [
    {
      chatId: "U1aa",
      direction: "in",
      from: "U1aa",
      message: { type: "system", event: "follow" },
      at: at(0),
    },
    { chatId: "U1aa", direction: "out", message: welcome, via: "reply", at: at(0) },
    {
      chatId: "U1aa",
      direction: "in",
      from: "U1aa",
      message: { type: "postback", data: "action=stores", displayText: "門市據點" },
      at: at(1),
      eventId: "ev-seed-1",
    },
    { chatId: "U1aa", direction: "out", message: stores, via: "reply", at: at(1) },
    {
      chatId: "U1aa",
      direction: "in",
      from: "U1aa",
      message: { type: "text", text: "請問信義店今天有營業嗎？" },
      at: at(3),
    },
    {
      chatId: "U1aa",
      direction: "out",
      message: {
        type: "text",
        text: "有的！今天營業到 21:30 🙌\n詳情請見 https://example.com/stores/xinyi 。",
      },
      via: "reply",
      at: at(3),
    },
    {
      chatId: "U1aa",
      direction: "in",
      from: "U1aa",
      message: { type: "sticker", packageId: "446", stickerId: "1989" },
      at: at(4),
    },
    {
      chatId: "U1aa",
      direction: "out",
      message: { type: "sticker", packageId: "446", stickerId: "1993" },
      via: "reply",
      at: at(4),
    },
    {
      chatId: "U1aa",
      direction: "in",
      from: "U1aa",
      message: {
        type: "location",
        title: "台北 101",
        address: "台北市信義區信義路五段 7 號",
        latitude: 25.034,
        longitude: 121.5645,
      },
      at: at(5),
    },
    {
      chatId: "U1aa",
      direction: "out",
      message: {
        type: "template",
        altText: "預約試穿",
        template: {
          type: "buttons",
          thumbnailImageUrl: "/fixture/img/fitting.svg",
          title: "預約試穿",
          text: "選一個時間，我們幫您把尺寸準備好。",
          actions: [
            { type: "datetimepicker", label: "選擇時間", data: "action=fitting", mode: "datetime" },
            { type: "postback", label: "最近的門市", data: "action=nearest", displayText: "最近的門市" },
            { type: "uri", label: "線上商店", uri: "https://liff.line.me/1650000000-abcd/shop?utm=line" },
          ],
        },
      },
      via: "reply",
      at: at(5),
    },
    {
      chatId: "U1aa",
      direction: "out",
      message: {
        type: "template",
        altText: "確認",
        template: {
          type: "confirm",
          text: "要訂閱每週新品通知嗎？",
          actions: [
            { type: "postback", label: "好", data: "sub=yes", displayText: "好，訂閱" },
            { type: "message", label: "不用了", text: "不用了" },
          ],
        },
      },
      via: "push",
      at: at(6),
    },
    { chatId: "U1aa", direction: "out", message: withQuickReply, via: "reply", at: at(7) },
    { chatId: "C9gg", direction: "in", message: { type: "system", event: "join" }, at: at(10) },
    {
      chatId: "C9gg",
      direction: "out",
      message: { type: "text", text: "大家好，我是 omo 小幫手！輸入「+1 商品編號」就能跟團 🛍️" },
      via: "reply",
      at: at(10),
    },
    { chatId: "C9gg", direction: "in", from: "U1aa", message: { type: "text", text: "+1 A102" }, at: at(11) },
    {
      chatId: "C9gg",
      direction: "out",
      message: { type: "text", text: "小美 已登記 A102 × 1 ✅" },
      via: "reply",
      at: at(11),
    },
    {
      chatId: "C9gg",
      direction: "in",
      from: "U2bb",
      message: { type: "text", text: "我也要 +1" },
      at: at(12),
    },
    {
      chatId: "C9gg",
      direction: "in",
      from: "U2bb",
      message: { type: "system", event: "memberJoined" },
      at: at(12),
    },
  ];
  for (const e of seed) log(e);

  const delivery = (text: string) =>
    text.includes("500") ? { status: 500, error: "webhook answered 500" } : { status: 200 };
  const reply = (chatId: string, message: Record<string, unknown>, ms = 250) =>
    setTimeout(
      () => log({ chatId, direction: "out", message, via: "reply", at: new Date().toISOString() }),
      ms,
    );

  const app = new Hono();
  const api = new Hono();
  api.get("/state", (c) =>
    c.json({
      bot,
      users,
      groups,
      richMenus,
      aliases,
      defaultRichMenuId: "rm-guest",
      quota: { totalUsage: 42 },
    }),
  );
  api.post("/users", async (c) => {
    const body = (await c.req.json()) as { displayName: string; language?: string };
    const u = {
      userId: id("U"),
      displayName: body.displayName,
      language: body.language ?? "zh-TW",
      friendship: "none",
      richMenuId: "rm-guest",
    };
    users.push(u);
    emit({ type: "state" });
    return c.json(u, 201);
  });
  api.post("/users/:id/follow", (c) => {
    const u = users.find((x) => x.userId === c.req.param("id"));
    if (!u) return c.json({ message: "No such simulated user" }, 404);
    u.friendship = "friend";
    emit({ type: "state" });
    log({
      chatId: u.userId,
      direction: "in",
      from: u.userId,
      message: { type: "system", event: "follow" },
      at: new Date().toISOString(),
    });
    reply(u.userId, welcome);
    return c.json({ eventId: id("ev"), delivery: { status: 200 } }, 202);
  });
  api.post("/users/:id/block", (c) => {
    const u = users.find((x) => x.userId === c.req.param("id"));
    if (!u) return c.json({ message: "No such simulated user" }, 404);
    u.friendship = "blocked";
    emit({ type: "state" });
    log({
      chatId: u.userId,
      direction: "in",
      from: u.userId,
      message: { type: "system", event: "unfollow" },
      at: new Date().toISOString(),
    });
    return c.json({ eventId: id("ev"), delivery: { status: 200 } }, 202);
  });
  api.get("/users/:id/richmenu", (c) => {
    const u = users.find((x) => x.userId === c.req.param("id"));
    const m = richMenus.find((x) => x.richMenuId === u?.richMenuId);
    if (!m) return c.json({ richMenu: null });
    const { hasImage, ...menu } = m;
    return c.json({
      richMenu: menu,
      imageUrl: hasImage ? `/sandbox/api/richmenus/${m.richMenuId}/image` : null,
    });
  });
  api.get("/richmenus/:id/image", (c) =>
    c.req.param("id") === "rm-guest"
      ? c.body(RICH_MENU_SVG, 200, { "content-type": "image/svg+xml" })
      : c.json({ message: "Not found" }, 404),
  );
  api.post("/messages", async (c) => {
    const body = (await c.req.json()) as {
      chat: { type: string; userId?: string; groupId?: string };
      from: string;
      message: Record<string, unknown>;
    };
    const chatId = body.chat.type === "user" ? (body.chat.userId ?? "") : (body.chat.groupId ?? "");
    const eventId = id("ev");
    const m = body.message;
    const shown = m.type === "image" ? { type: "image", previewUrl: String(m.dataUrl) } : m;
    log({ chatId, direction: "in", from: body.from, message: shown, eventId, at: new Date().toISOString() });
    const text = typeof m.text === "string" ? m.text : "";
    const d = delivery(text);
    if (d.status === 200) {
      if (text === "常見問題") reply(chatId, withQuickReply);
      else if (m.type === "location") reply(chatId, stores);
      else
        reply(chatId, {
          type: "text",
          text:
            m.type === "text"
              ? `收到：「${text}」`
              : `收到您的${m.type === "sticker" ? "貼圖" : m.type === "image" ? "圖片" : "訊息"} 👍`,
        });
    }
    return c.json({ eventId, messageId: id("m"), delivery: d }, 202);
  });
  api.post("/postbacks", async (c) => {
    const body = (await c.req.json()) as {
      chat: { type: string; userId?: string; groupId?: string };
      from: string;
      data: string;
      displayText?: string;
      params?: Record<string, string>;
    };
    const chatId = body.chat.type === "user" ? (body.chat.userId ?? "") : (body.chat.groupId ?? "");
    const eventId = id("ev");
    log({
      chatId,
      direction: "in",
      from: body.from,
      message: {
        type: "postback",
        data: body.data,
        ...(body.displayText ? { displayText: body.displayText } : {}),
      },
      eventId,
      at: new Date().toISOString(),
    });
    if (body.data === "action=stores") reply(chatId, stores);
    else
      reply(chatId, {
        type: "text",
        text: `postback ${body.data}${body.params ? ` ${JSON.stringify(body.params)}` : ""} 已收到`,
      });
    return c.json({ eventId, delivery: { status: 200 } }, 202);
  });
  api.post("/groups", async (c) => {
    const body = (await c.req.json()) as { groupName: string; memberIds: string[] };
    const g = { groupId: id("C"), groupName: body.groupName, memberIds: body.memberIds, botInGroup: true };
    groups.push(g);
    emit({ type: "state" });
    log({
      chatId: g.groupId,
      direction: "in",
      message: { type: "system", event: "join" },
      at: new Date().toISOString(),
    });
    reply(g.groupId, { type: "text", text: "大家好，我是 omo 小幫手！" });
    return c.json({ ...g, eventId: id("ev"), delivery: { status: 200 } }, 201);
  });
  api.post("/groups/:gid/members", async (c) => {
    const g = groups.find((x) => x.groupId === c.req.param("gid"));
    const { userId } = (await c.req.json()) as { userId: string };
    if (!g) return c.json({ message: "No such group" }, 404);
    g.memberIds.push(userId);
    emit({ type: "state" });
    log({
      chatId: g.groupId,
      direction: "in",
      from: userId,
      message: { type: "system", event: "memberJoined" },
      at: new Date().toISOString(),
    });
    return c.json({ eventId: id("ev"), delivery: { status: 200 } }, 202);
  });
  api.delete("/groups/:gid/members/:uid", (c) => {
    const g = groups.find((x) => x.groupId === c.req.param("gid"));
    if (!g) return c.json({ message: "No such group" }, 404);
    g.memberIds = g.memberIds.filter((x) => x !== c.req.param("uid"));
    emit({ type: "state" });
    log({
      chatId: g.groupId,
      direction: "in",
      from: c.req.param("uid"),
      message: { type: "system", event: "memberLeft" },
      at: new Date().toISOString(),
    });
    return c.json({ eventId: id("ev"), delivery: { status: 200 } }, 202);
  });
  api.post("/groups/:gid/leave", (c) => {
    const g = groups.find((x) => x.groupId === c.req.param("gid"));
    if (!g) return c.json({ message: "No such group" }, 404);
    g.botInGroup = false;
    emit({ type: "state" });
    log({
      chatId: g.groupId,
      direction: "in",
      message: { type: "system", event: "leave" },
      at: new Date().toISOString(),
    });
    return c.json({ eventId: id("ev"), delivery: { status: 200 } }, 202);
  });
  api.get("/chats/:chatId/log", (c) => c.json({ entries: chats.get(c.req.param("chatId")) ?? [] }));
  api.get("/stream", (c) =>
    streamSSE(c, async (stream) => {
      const queue: Ev[] = [];
      let wake: (() => void) | undefined;
      let open = true;
      const listener = (e: Ev) => {
        queue.push(e);
        wake?.();
      };
      listeners.add(listener);
      stream.onAbort(() => {
        open = false;
        listeners.delete(listener);
        wake?.();
      });
      await stream.write(": connected\n\n");
      // The bot pushes something later: it must appear without a reload.
      const timer = setTimeout(
        () =>
          log({
            chatId: "U1aa",
            direction: "out",
            message: { type: "text", text: "⏰ 提醒：您的 95 折券將於 7 天後到期。" },
            via: "push",
            at: new Date().toISOString(),
          }),
        opts.pushAfterMs ?? 1500,
      );
      while (open) {
        const next = queue.shift();
        if (next) {
          await stream.writeSSE({ data: JSON.stringify(next) });
          continue;
        }
        await new Promise<void>((r) => {
          wake = r;
        });
      }
      clearTimeout(timer);
    }),
  );
  app.route("/sandbox/api", api);
  app.get("/fixture/img/:name", (c) => {
    const name = c.req.param("name");
    const [w, h, bg, label] = name.startsWith("hero")
      ? [1040, 676, "#0E9F6E", "omo 秋冬新品"]
      : name.startsWith("store")
        ? [520, 260, "#3B82F6", name.slice(6, 8)]
        : name.startsWith("fitting")
          ? [1040, 689, "#B7791F", "Fitting"]
          : [96, 96, "#D64541", "★"];
    return c.body(svg(w as number, h as number, bg as string, label as string), 200, {
      "content-type": "image/svg+xml",
    });
  });
  app.get("/sandbox", (c) => c.redirect("/sandbox/"));
  app.use("/*", serveStatic({ root: DIST }));
  return app;
}

export async function startFixtureServer(opts: { pushAfterMs?: number } = {}) {
  const app = fixtureApp(opts);
  return new Promise<{ url: string; close: () => Promise<void> }>((resolve) => {
    const server = serve({ fetch: app.fetch, hostname: "127.0.0.1", port: 0 }, (info: AddressInfo) =>
      resolve({
        url: `http://127.0.0.1:${info.port}`,
        close: () => new Promise<void>((done) => server.close(() => done())),
      }),
    );
  });
}
