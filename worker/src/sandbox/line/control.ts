import { type Context, Hono } from "hono";
import { streamSSE } from "hono/streaming";
import { z } from "zod";
import { signBody } from "../../line/signature";
import type { createLogin } from "./login";
import type { ChatEntry, EmulatorState, SimGroup, SimUser, SimUserJson } from "./state";

type Deliver = (body: string, signature: string) => Promise<{ status: number }>;
type WebhookEventJson = { webhookEventId: string } & Record<string, unknown>;
type Source = { type: "user"; userId: string } | { type: "group"; groupId: string; userId?: string };

const chatSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("user"), userId: z.string() }),
  z.object({ type: z.literal("group"), groupId: z.string() }),
]);
const messageSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("text"), text: z.string().min(1).max(5000), quoteToken: z.string().optional() }),
  z.object({ type: z.literal("sticker"), packageId: z.string(), stickerId: z.string() }),
  z.object({ type: z.literal("image"), dataUrl: z.string().max(1_500_000).optional() }),
  z.object({
    type: z.literal("location"),
    title: z.string().max(100).optional(),
    address: z.string().max(100),
    latitude: z.number().min(-90).max(90),
    longitude: z.number().min(-180).max(180),
  }),
]);

// A 1×1 green PNG for image messages sent without a picture.
const DOT_PNG = Uint8Array.from(
  atob("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGNgYPgPAAEDAQAIicLsAAAAAElFTkSuQmCC"),
  (ch) => ch.charCodeAt(0),
);

export interface SimulatorOptions {
  channelSecret: string;
  botUserId: string;
  botName: string;
  replyTokenTtlMs: number;
  deliver?: Deliver;
}

/**
 * The sandbox's control API (no auth: only mounted in sandbox mode and in tests): play LINE users
 * and groups, send what they would send as correctly signed webhooks, watch chats live, inject
 * faults and read the request log.
 */
export function createSimulator(
  state: EmulatorState,
  login: ReturnType<typeof createLogin>,
  opts: SimulatorOptions,
) {
  const toUserJson = (u: SimUser): SimUserJson => ({
    userId: u.userId,
    displayName: u.displayName,
    ...(u.pictureUrl ? { pictureUrl: u.pictureUrl } : {}),
    language: u.language,
    friendship: u.friendship,
    richMenuId: u.linkedRichMenuId ?? state.defaultRichMenuId,
  });
  const toGroupJson = (g: SimGroup) => ({ ...g, memberIds: [...g.memberIds] });

  function baseEvent(type: string, source: Source, withReplyToken: boolean): WebhookEventJson {
    const chatId = source.type === "group" ? source.groupId : source.userId;
    const event: WebhookEventJson = {
      type,
      mode: "active",
      timestamp: state.clock.now().getTime(),
      source,
      webhookEventId: `01${state.hex32().slice(-24).toUpperCase()}`,
      deliveryContext: { isRedelivery: false },
    };
    if (withReplyToken) {
      const token = state.hex32();
      state.replyTokens.set(token, {
        chatId,
        expiresAt: state.clock.now().getTime() + opts.replyTokenTtlMs,
        used: false,
      });
      event.replyToken = token;
    }
    return event;
  }

  /** Signs and posts events to the bot, as LINE does. Returns the HTTP status (null if unreachable). */
  async function send(events: Record<string, unknown>[]): Promise<{ status: number | null; error?: string }> {
    for (const e of events) state.sentEvents.set(String(e.webhookEventId), e);
    const body = JSON.stringify({ destination: opts.botUserId, events });
    let result: { status: number | null; error?: string };
    if (!opts.deliver) result = { status: null, error: "no webhook configured" };
    else {
      try {
        result = { status: (await opts.deliver(body, await signBody(opts.channelSecret, body))).status };
      } catch (err) {
        result = { status: null, error: err instanceof Error ? err.message : String(err) };
      }
    }
    for (const e of events)
      state.emit({ type: "delivery", eventId: String(e.webhookEventId), status: result.status });
    return result;
  }

  const system = (chatId: string, event: string, from?: string, extra: Record<string, unknown> = {}) =>
    state.log({
      chatId,
      direction: "in",
      ...(from ? { from } : {}),
      message: { type: "system", event, ...extra },
    });

  const app = new Hono();
  const bad = (c: Context, message: string, status: 400 | 404 | 409 = 400) => c.json({ message }, status);
  const body = async <T extends z.ZodType>(c: Context, schema: T): Promise<z.infer<T> | Response> => {
    const parsed = schema.safeParse(await c.req.json().catch(() => undefined));
    if (!parsed.success)
      return bad(c, parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; "));
    return parsed.data;
  };
  const sourceFor = (c: Context, chat: z.infer<typeof chatSchema>, from: string): Source | Response => {
    const user = state.users.get(from);
    if (!user) return bad(c, `no simulated user ${from}`, 404);
    if (chat.type === "user") {
      if (chat.userId !== from) return bad(c, "in a 1:1 chat the sender is the user");
      if (user.friendship !== "friend") return bad(c, "this user has not added the OA as a friend", 409);
      return { type: "user", userId: from };
    }
    const group = state.groups.get(chat.groupId);
    if (!group?.botInGroup) return bad(c, `the OA is not in group ${chat.groupId}`, 404);
    if (!group.memberIds.includes(from)) return bad(c, "the sender is not a member of this group", 409);
    return { type: "group", groupId: group.groupId, userId: from };
  };
  const chatIdOf = (s: Source) => (s.type === "group" ? s.groupId : s.userId);

  app.get("/sandbox/api/state", (c) =>
    c.json({
      bot: { userId: opts.botUserId, displayName: opts.botName },
      users: [...state.users.values()].map(toUserJson),
      groups: [...state.groups.values()].map(toGroupJson),
      richMenus: [...state.richMenus.values()].map((m) => ({
        richMenuId: m.richMenuId,
        name: m.name,
        chatBarText: m.chatBarText,
        size: m.size,
        areas: m.areas,
        hasImage: !!m.image,
      })),
      aliases: Object.fromEntries(state.aliases),
      defaultRichMenuId: state.defaultRichMenuId,
      quota: { totalUsage: state.quotaUsage },
    }),
  );

  app.post("/sandbox/api/users", async (c) => {
    const input = await body(
      c,
      z.object({
        displayName: z.string().trim().min(1).max(20),
        language: z.enum(["zh-TW", "en"]).default("zh-TW"),
      }),
    );
    if (input instanceof Response) return input;
    const user: SimUser = {
      userId: `U${state.hex32()}`,
      displayName: input.displayName,
      language: input.language,
      friendship: "none",
      linkedRichMenuId: null,
    };
    state.users.set(user.userId, user);
    state.emit({ type: "state" });
    return c.json(toUserJson(user), 201);
  });

  app.post("/sandbox/api/users/:userId/follow", async (c) => {
    const user = state.users.get(c.req.param("userId"));
    if (!user) return bad(c, "no such simulated user", 404);
    if (user.friendship === "friend") return bad(c, "already a friend", 409);
    const isUnblocked = user.friendship === "blocked";
    user.friendship = "friend";
    state.emit({ type: "state" });
    system(user.userId, "follow", user.userId);
    const event = {
      ...baseEvent("follow", { type: "user", userId: user.userId }, true),
      follow: { isUnblocked },
    };
    return c.json({ eventId: event.webhookEventId, delivery: await send([event]) }, 202);
  });

  app.post("/sandbox/api/users/:userId/block", async (c) => {
    const user = state.users.get(c.req.param("userId"));
    if (!user) return bad(c, "no such simulated user", 404);
    if (user.friendship !== "friend") return bad(c, "not a friend", 409);
    user.friendship = "blocked";
    state.emit({ type: "state" });
    system(user.userId, "unfollow", user.userId);
    const event = baseEvent("unfollow", { type: "user", userId: user.userId }, false);
    return c.json({ eventId: event.webhookEventId, delivery: await send([event]) }, 202);
  });

  app.post("/sandbox/api/users/:userId/id-token", async (c) => {
    if (!state.users.has(c.req.param("userId"))) return bad(c, "no such simulated user", 404);
    return c.json(await login.issueIdToken(c.req.param("userId")));
  });

  app.post("/sandbox/api/messages", async (c) => {
    const input = await body(c, z.object({ chat: chatSchema, from: z.string(), message: messageSchema }));
    if (input instanceof Response) return input;
    const source = sourceFor(c, input.chat, input.from);
    if (source instanceof Response) return source;
    const id = state.messageId();
    const m = input.message;
    let message: Record<string, unknown>;
    if (m.type === "text")
      message = {
        id,
        type: "text",
        quoteToken: `q${state.hex32()}`,
        text: m.text,
        ...(m.quoteToken ? { quotedMessageId: m.quoteToken } : {}),
      };
    else if (m.type === "sticker")
      message = {
        id,
        type: "sticker",
        quoteToken: `q${state.hex32()}`,
        packageId: m.packageId,
        stickerId: m.stickerId,
        stickerResourceType: "STATIC",
      };
    else if (m.type === "location") message = { id, ...m };
    else {
      const match = m.dataUrl?.match(/^data:(image\/(?:png|jpeg|gif|webp));base64,(.+)$/);
      const bytes = match?.[2] ? Uint8Array.from(atob(match[2]), (ch) => ch.charCodeAt(0)) : DOT_PNG;
      state.contents.set(id, { bytes, contentType: match?.[1] ?? "image/png" });
      message = { id, type: "image", quoteToken: `q${state.hex32()}`, contentProvider: { type: "line" } };
    }
    const event = { ...baseEvent("message", source, true), message };
    const logged = {
      ...message,
      ...(m.type === "image" ? { previewUrl: `/sandbox/api/contents/${id}` } : {}),
    };
    state.log({
      chatId: chatIdOf(source),
      direction: "in",
      from: input.from,
      message: logged,
      eventId: String(event.webhookEventId),
    });
    return c.json({ eventId: event.webhookEventId, messageId: id, delivery: await send([event]) }, 202);
  });

  app.get("/sandbox/api/contents/:messageId", (c) => {
    const content = state.contents.get(c.req.param("messageId"));
    if (!content) return bad(c, "no such content", 404);
    return c.body(content.bytes as Uint8Array<ArrayBuffer>, 200, { "content-type": content.contentType });
  });

  app.post("/sandbox/api/postbacks", async (c) => {
    const input = await body(
      c,
      z.object({
        chat: chatSchema,
        from: z.string(),
        data: z.string().min(1).max(300),
        displayText: z.string().max(300).optional(),
        params: z.record(z.string(), z.string()).optional(),
      }),
    );
    if (input instanceof Response) return input;
    const source = sourceFor(c, input.chat, input.from);
    if (source instanceof Response) return source;
    const event = {
      ...baseEvent("postback", source, true),
      postback: { data: input.data, ...(input.params ? { params: input.params } : {}) },
    };
    state.log({
      chatId: chatIdOf(source),
      direction: "in",
      from: input.from,
      message: {
        type: "postback",
        data: input.data,
        ...(input.displayText ? { displayText: input.displayText } : {}),
      },
      eventId: String(event.webhookEventId),
    });
    return c.json({ eventId: event.webhookEventId, delivery: await send([event]) }, 202);
  });

  app.post("/sandbox/api/messages/:messageId/unsend", async (c) => {
    const messageId = c.req.param("messageId");
    for (const [chatId, entries] of state.chats) {
      const entry = entries.find((e) => e.direction === "in" && e.message.id === messageId);
      if (!entry?.from) continue;
      const group = state.groups.get(chatId);
      const source: Source = group
        ? { type: "group", groupId: chatId, userId: entry.from }
        : { type: "user", userId: entry.from };
      system(chatId, "unsend", entry.from, { messageId });
      const event = { ...baseEvent("unsend", source, false), unsend: { messageId } };
      return c.json({ eventId: event.webhookEventId, delivery: await send([event]) }, 202);
    }
    return bad(c, "no such message", 404);
  });

  app.post("/sandbox/api/groups", async (c) => {
    const input = await body(
      c,
      z.object({
        groupName: z.string().trim().min(1).max(50),
        memberIds: z.array(z.string()).min(1).max(500),
      }),
    );
    if (input instanceof Response) return input;
    const unknown = input.memberIds.find((id) => !state.users.has(id));
    if (unknown) return bad(c, `no simulated user ${unknown}`, 404);
    const group: SimGroup = {
      groupId: `C${state.hex32()}`,
      groupName: input.groupName,
      memberIds: [...new Set(input.memberIds)],
      botInGroup: true,
    };
    state.groups.set(group.groupId, group);
    state.emit({ type: "state" });
    system(group.groupId, "join");
    const event = baseEvent("join", { type: "group", groupId: group.groupId }, true);
    return c.json({ ...toGroupJson(group), delivery: await send([event]) }, 201);
  });

  app.post("/sandbox/api/groups/:groupId/members", async (c) => {
    const group = state.groups.get(c.req.param("groupId"));
    const input = await body(c, z.object({ userId: z.string() }));
    if (input instanceof Response) return input;
    if (!group || !state.users.has(input.userId)) return bad(c, "no such group or user", 404);
    if (group.memberIds.includes(input.userId)) return bad(c, "already a member", 409);
    group.memberIds.push(input.userId);
    state.emit({ type: "state" });
    system(group.groupId, "memberJoined", input.userId);
    if (!group.botInGroup) return c.json({ delivery: { status: null } }, 202);
    const event = {
      ...baseEvent("memberJoined", { type: "group", groupId: group.groupId }, true),
      joined: { members: [{ type: "user", userId: input.userId }] },
    };
    return c.json({ eventId: event.webhookEventId, delivery: await send([event]) }, 202);
  });

  app.delete("/sandbox/api/groups/:groupId/members/:userId", async (c) => {
    const group = state.groups.get(c.req.param("groupId"));
    const userId = c.req.param("userId");
    if (!group?.memberIds.includes(userId)) return bad(c, "not a member", 404);
    group.memberIds = group.memberIds.filter((id) => id !== userId);
    state.emit({ type: "state" });
    system(group.groupId, "memberLeft", userId);
    if (!group.botInGroup) return c.json({ delivery: { status: null } }, 202);
    const event = {
      ...baseEvent("memberLeft", { type: "group", groupId: group.groupId }, false),
      left: { members: [{ type: "user", userId }] },
    };
    return c.json({ eventId: event.webhookEventId, delivery: await send([event]) }, 202);
  });

  app.post("/sandbox/api/groups/:groupId/leave", async (c) => {
    const group = state.groups.get(c.req.param("groupId"));
    if (!group?.botInGroup) return bad(c, "the OA is not in this group", 404);
    group.botInGroup = false;
    state.emit({ type: "state" });
    system(group.groupId, "leave");
    const event = baseEvent("leave", { type: "group", groupId: group.groupId }, false);
    return c.json({ eventId: event.webhookEventId, delivery: await send([event]) }, 202);
  });

  app.post("/sandbox/api/webhook/redeliver", async (c) => {
    const input = await body(c, z.object({ eventId: z.string() }));
    if (input instanceof Response) return input;
    const event = state.sentEvents.get(input.eventId);
    if (!event) return bad(c, "no such event", 404);
    return c.json(
      {
        eventId: input.eventId,
        delivery: await send([{ ...event, deliveryContext: { isRedelivery: true } }]),
      },
      202,
    );
  });

  app.get("/sandbox/api/chats/:chatId/log", (c) =>
    c.json({ entries: state.chats.get(c.req.param("chatId")) ?? [] }),
  );

  app.get("/sandbox/api/users/:userId/richmenu", (c) => {
    const menu = state.richMenuFor(c.req.param("userId"));
    if (!menu) return c.json({ richMenu: null });
    const { image, ...rest } = menu;
    return c.json({
      richMenu: rest,
      imageUrl: image ? `/sandbox/api/richmenus/${menu.richMenuId}/image` : null,
    });
  });
  app.get("/sandbox/api/richmenus/:richMenuId/image", (c) => {
    const menu = state.richMenus.get(c.req.param("richMenuId"));
    if (!menu?.image) return bad(c, "no image", 404);
    return c.body(menu.image.bytes as Uint8Array<ArrayBuffer>, 200, {
      "content-type": menu.image.contentType,
      "cache-control": "max-age=3600",
    });
  });

  app.post("/sandbox/api/faults", async (c) => {
    const input = await body(
      c,
      z.object({
        endpoint: z.string().min(1),
        status: z.number().int().min(400).max(599).optional(),
        times: z.number().int().min(1).default(1),
        retryAfterSeconds: z.number().int().min(0).optional(),
        delayMs: z.number().int().min(0).max(60_000).optional(),
        body: z.unknown().optional(),
      }),
    );
    if (input instanceof Response) return input;
    const id = `flt_${state.hex32().slice(-12)}`;
    state.faults.push({ id, ...input });
    return c.json({ id }, 201);
  });
  app.delete("/sandbox/api/faults", (c) => {
    state.faults = [];
    return c.json({});
  });
  app.get("/sandbox/api/requests", (c) => {
    const endpoint = c.req.query("endpoint");
    return c.json({
      requests: endpoint ? state.requests.filter((r) => r.endpoint === endpoint) : state.requests,
    });
  });
  app.delete("/sandbox/api/requests", (c) => {
    state.requests = [];
    return c.json({});
  });

  app.get("/sandbox/api/stream", (c) =>
    streamSSE(c, async (stream) => {
      const queue: string[] = [];
      let wake: (() => void) | undefined;
      const off = state.on((e) => {
        queue.push(JSON.stringify(e));
        wake?.();
      });
      let open = true;
      stream.onAbort(() => {
        open = false;
        off();
        wake?.();
      });
      await stream.writeSSE({ data: JSON.stringify({ type: "hello" }) });
      while (open) {
        const next = queue.shift();
        if (next !== undefined) {
          await stream.writeSSE({ data: next });
          continue;
        }
        // Wait for an event, or send a keep-alive comment every 15 s.
        await new Promise<void>((resolve) => {
          wake = resolve;
          const t = setTimeout(resolve, 15_000);
          t.unref?.();
        });
        wake = undefined;
        if (open && queue.length === 0) await stream.write(": keep-alive\n\n");
      }
    }),
  );

  return { app, send, baseEvent };
}

export type { ChatEntry };
