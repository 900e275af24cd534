import { type Context, Hono } from "hono";
import { z } from "zod";
import { type ChatRef, chatSchema, parseBody, refuse } from "./control-http";
import { binary } from "./http";
import type { EmulatorState } from "./state";
import type { EventSource } from "./types";
import { chatIdOf, type WebhookSender } from "./webhook-sender";

const messageSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("text"), text: z.string().min(1).max(5000), quoteToken: z.string().optional() }),
  z.object({ type: z.literal("sticker"), packageId: z.string().min(1), stickerId: z.string().min(1) }),
  z.object({ type: z.literal("image"), dataUrl: z.string().max(15_000_000).optional() }),
  z.object({
    type: z.literal("location"),
    title: z.string().max(100).optional(),
    address: z.string().max(100),
    latitude: z.number().min(-90).max(90),
    longitude: z.number().min(-180).max(180),
  }),
]);

const DATA_URL = /^data:(image\/(?:png|jpeg|gif|webp));base64,([A-Za-z0-9+/=]+)$/;

/** A 1×1 PNG for image messages sent without a picture. */
const DOT_PNG = Uint8Array.from(
  atob("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGNgYPgPAAEDAQAIicLsAAAAAElFTkSuQmCC"),
  (ch) => ch.charCodeAt(0),
);

/**
 * What simulated users do in chats: send messages, tap postback buttons, unsend. Each becomes
 * the webhook LINE would send, and an entry in the chat log the page shows.
 */
export function chatRoutes(state: EmulatorState, sender: WebhookSender) {
  const app = new Hono();

  /** The event source for a user speaking in a chat, or why LINE would not pass it on. */
  const sourceFor = (c: Context, chat: ChatRef, from: string): EventSource | Response => {
    const user = state.users.get(from);
    if (!user) return refuse(c, `No simulated user ${from}`, 404);
    if (chat.type === "user") {
      if (chat.userId !== from) return refuse(c, "In a 1:1 chat the sender must be that user");
      if (user.friendship !== "friend") {
        return refuse(c, "The user has not added the LINE Official Account as a friend", 409);
      }
      return { type: "user", userId: from };
    }
    const group = state.groups.get(chat.groupId);
    if (!group) return refuse(c, `No group ${chat.groupId}`, 404);
    if (!group.botInGroup) return refuse(c, "The LINE Official Account is not in this group", 409);
    if (!group.memberIds.includes(from)) return refuse(c, "The sender is not a member of this group", 409);
    return { type: "group", groupId: group.groupId, userId: from };
  };

  app.post("/messages", async (c) => {
    const input = await parseBody(
      c,
      z.object({ chat: chatSchema, from: z.string(), message: messageSchema }),
    );
    if (input instanceof Response) return input;
    const source = sourceFor(c, input.chat, input.from);
    if (source instanceof Response) return source;
    const m = input.message;
    const id = state.messageId();
    let message: Record<string, unknown>;
    let shown: Record<string, unknown> | undefined;
    if (m.type === "text") {
      const quoted = m.quoteToken === undefined ? undefined : state.quoteTokens.get(m.quoteToken);
      if (m.quoteToken !== undefined && quoted === undefined) return refuse(c, "Unknown quoteToken");
      message = {
        id,
        type: "text",
        quoteToken: state.quoteToken(id),
        text: m.text,
        ...(quoted ? { quotedMessageId: quoted } : {}),
      };
    } else if (m.type === "sticker") {
      message = {
        id,
        type: "sticker",
        quoteToken: state.quoteToken(id),
        packageId: m.packageId,
        stickerId: m.stickerId,
        stickerResourceType: "STATIC",
      };
    } else if (m.type === "location") {
      message = { id, ...m };
    } else {
      const match = m.dataUrl === undefined ? undefined : DATA_URL.exec(m.dataUrl);
      if (m.dataUrl !== undefined && !match)
        return refuse(c, "dataUrl must be a base64 data: URL of an image");
      const bytes = match?.[2] ? Uint8Array.from(atob(match[2]), (ch) => ch.charCodeAt(0)) : DOT_PNG;
      state.contents.set(id, { bytes, contentType: match?.[1] ?? "image/png" });
      message = { id, type: "image", quoteToken: state.quoteToken(id), contentProvider: { type: "line" } };
      // The page cannot send the bearer token the LINE content path needs: give it its own URL.
      shown = { ...message, previewUrl: `/sandbox/api/contents/${id}` };
    }
    const event = { ...sender.event("message", source, { reply: true }), message };
    state.log({
      chatId: chatIdOf(source),
      direction: "in",
      from: input.from,
      message: shown ?? message,
      eventId: event.webhookEventId,
    });
    const delivery = await sender.send([event]);
    return c.json({ eventId: event.webhookEventId, messageId: id, delivery }, 202);
  });

  app.post("/postbacks", async (c) => {
    const input = await parseBody(
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
      ...sender.event("postback", source, { reply: true }),
      postback: { data: input.data, ...(input.params ? { params: input.params } : {}) },
    };
    // One entry: the page shows displayText as the user's bubble, else a postback note.
    state.log({
      chatId: chatIdOf(source),
      direction: "in",
      from: input.from,
      message: {
        type: "postback",
        data: input.data,
        ...(input.displayText ? { displayText: input.displayText } : {}),
      },
      eventId: event.webhookEventId,
    });
    const delivery = await sender.send([event]);
    return c.json({ eventId: event.webhookEventId, delivery }, 202);
  });

  app.post("/messages/:messageId/unsend", async (c) => {
    const messageId = c.req.param("messageId");
    for (const [chatId, entries] of state.chats) {
      const entry = entries.find((e) => e.direction === "in" && e.message.id === messageId);
      if (!entry?.from) continue;
      const source: EventSource = state.groups.has(chatId)
        ? { type: "group", groupId: chatId, userId: entry.from }
        : { type: "user", userId: entry.from };
      const event = { ...sender.event("unsend", source, { reply: false }), unsend: { messageId } };
      state.system(chatId, "unsend", entry.from, { messageId });
      const delivery = await sender.send([event]);
      return c.json({ eventId: event.webhookEventId, delivery }, 202);
    }
    return refuse(c, "No message from a simulated user has this id", 404);
  });

  app.get("/chats/:chatId/log", (c) =>
    c.json({ entries: [...(state.chats.get(c.req.param("chatId")) ?? [])] }),
  );

  app.get("/contents/:messageId", (c) => {
    const content = state.contents.get(c.req.param("messageId"));
    if (!content) return refuse(c, "Not found", 404);
    return c.body(binary(content.bytes), 200, { "content-type": content.contentType });
  });

  return app;
}
