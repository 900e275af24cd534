import type { webhook } from "@line/bot-sdk";
import { z } from "zod";

/**
 * The latest event time accepted: the end of year 9999. LINE's OpenAPI says only int64 ms, but a
 * Date stops at 8.64e15 (year 275760), handlers add durations to event times, and ISO 8601 (the
 * API, the console, SQLite's date functions) expects a four-digit year.
 */
export const MAX_EVENT_TIMESTAMP_MS = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

/**
 * Ids and tokens are stored, matched by value and sent back to LINE. SQLite drivers cut a text at
 * its first NUL on the way out and store a lone surrogate as U+FFFD: an event id with either is
 * recorded but never claimed by the id read back, so the sweep would find it forever. LINE's are
 * ULIDs, `U` + 32 hex digits and the like, so printable ASCII (no space) is a safe superset.
 */
const printableId = (max: number) =>
  z
    .string()
    .min(1)
    .max(max)
    .regex(/^[\x21-\x7e]+$/, "must be printable ASCII");

/**
 * LINE webhook shapes (see shared/line-openapi/webhook.yml). The envelope is checked strictly;
 * each event only for what routing needs, and the rest passes through untouched so new fields
 * and future event types are kept, not rejected.
 */
export const sourceSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("user"), userId: printableId(128) }).passthrough(),
  z
    .object({ type: z.literal("group"), groupId: printableId(128), userId: printableId(128).optional() })
    .passthrough(),
  z
    .object({ type: z.literal("room"), roomId: printableId(128), userId: printableId(128).optional() })
    .passthrough(),
]);

export const eventSchema = z
  .object({
    type: printableId(64),
    mode: z.enum(["active", "standby"]).default("active"),
    timestamp: z.number().int().min(0).max(MAX_EVENT_TIMESTAMP_MS),
    webhookEventId: printableId(128),
    deliveryContext: z.object({ isRedelivery: z.boolean() }).passthrough().default({ isRedelivery: false }),
    source: sourceSchema.optional(),
    replyToken: printableId(256).optional(),
  })
  .passthrough();

export const webhookBodySchema = z.object({
  destination: printableId(128),
  events: z.array(eventSchema).max(1000),
});

export type EventSource = z.infer<typeof sourceSchema>;
export type WebhookEnvelopeEvent = z.infer<typeof eventSchema>;

// What features handle, checked in the stored payload at dispatch time (see `PayloadOf`).
export const textMessageSchema = z.object({
  id: z.string(),
  type: z.literal("text"),
  text: z.string(),
  quoteToken: z.string().optional(),
  mention: z
    .object({
      mentionees: z.array(
        z
          .object({
            index: z.number(),
            length: z.number(),
            type: z.string(),
            userId: z.string().optional(),
            isSelf: z.boolean().optional(),
          })
          .passthrough(),
      ),
    })
    .passthrough()
    .optional(),
});
export const stickerMessageSchema = z.object({
  id: z.string(),
  type: z.literal("sticker"),
  packageId: z.string(),
  stickerId: z.string(),
  keywords: z.array(z.string()).optional(),
});
export const locationMessageSchema = z.object({
  id: z.string(),
  type: z.literal("location"),
  title: z.string().optional(),
  address: z.string().optional(),
  latitude: z.number(),
  longitude: z.number(),
});

/**
 * What handlers are told about a message, by its type: @line/bot-sdk's content type, cut down to
 * the fields the schemas below check (a handler is never told of a field nobody validated).
 */
export interface MessageViews {
  text: Pick<webhook.TextMessageContent, "id" | "type" | "text"> &
    Partial<Pick<webhook.TextMessageContent, "quoteToken">>;
  sticker: Pick<webhook.StickerMessageContent, "id" | "type" | "packageId" | "stickerId" | "keywords">;
  image: Pick<webhook.ImageMessageContent, "id" | "type">;
  video: Pick<webhook.VideoMessageContent, "id" | "type">;
  audio: Pick<webhook.AudioMessageContent, "id" | "type">;
  file: Pick<webhook.FileMessageContent, "id" | "type">;
  location: Pick<
    webhook.LocationMessageContent,
    "id" | "type" | "title" | "address" | "latitude" | "longitude"
  >;
  /** Any message, a kind LINE adds later or one whose content failed its check included. */
  "*": Partial<webhook.MessageContentBase>;
}
export type MessageKind = Exclude<keyof MessageViews, "*">;

const kindOnly = <T extends MessageKind>(type: T) => z.object({ id: z.string(), type: z.literal(type) });

/** Each kind's check; the output (unknown fields stripped) is its view. */
const messageViewSchema = z.discriminatedUnion("type", [
  textMessageSchema,
  stickerMessageSchema,
  kindOnly("image"),
  kindOnly("video"),
  kindOnly("audio"),
  kindOnly("file"),
  locationMessageSchema,
]);

/** A message's content as its kind's view; undefined when it is no known kind or fails its check. */
export function messageView(message: unknown): MessageViews[MessageKind] | undefined {
  const parsed = messageViewSchema.safeParse(message);
  return parsed.success ? parsed.data : undefined;
}

/** Any message's id and type, each only if it is a string (`message:*` handlers see every message). */
const anyMessageSchema: z.ZodType<MessageViews["*"], unknown> = z
  .object({ id: z.string().optional().catch(undefined), type: z.string().optional().catch(undefined) })
  .catch({});
export const anyMessageView = (message: unknown): MessageViews["*"] => anyMessageSchema.parse(message);

const postbackViewSchema: z.ZodType<Pick<webhook.PostbackContent, "data">, unknown> = z.object({
  data: z.string(),
});
/** A postback's data; undefined when it has none (no handler is told of one). */
export function postbackView(postback: unknown): Pick<webhook.PostbackContent, "data"> | undefined {
  const parsed = postbackViewSchema.safeParse(postback);
  return parsed.success ? parsed.data : undefined;
}

/** A follow's detail; a missing or malformed one reads as a first follow (not an unblock). */
const followViewSchema: z.ZodType<webhook.FollowDetail, unknown> = z
  .object({ isUnblocked: z.boolean().catch(false) })
  .catch({ isUnblocked: false });
export const followView = (follow: unknown): webhook.FollowDetail => followViewSchema.parse(follow);

/**
 * The type-specific part of the event a dispatch key routes, from @line/bot-sdk's `webhook.Event`
 * union (the envelope — source, timestamp, reply token — is on `LineEvent` itself, checked by
 * `eventSchema`). Keys whose part has no check here get `{ type }` only; the rest of their payload
 * is still there, untyped.
 */
export type PayloadOf<K extends string> = K extends `message:${infer M extends keyof MessageViews}`
  ? { type: "message"; message: MessageViews[M] }
  : K extends "postback"
    ? { type: K; postback: Pick<webhook.PostbackEvent["postback"], "data"> }
    : K extends "follow"
      ? { type: K; follow: webhook.FollowEvent["follow"] }
      : { type: K };

/**
 * An event as handlers see it: envelope fields plus the type-specific payload. Unrouted (the
 * stored payload, as parsed JSON) until dispatch narrows it to its key's `PayloadOf`.
 */
export interface LineEvent<P = Record<string, unknown>> {
  id: string;
  type: string;
  mode: "active" | "standby";
  timestamp: Date;
  isRedelivery: boolean;
  source: EventSource | undefined;
  replyToken: string | undefined;
  payload: P;
}

/** The chat a reply or fallback push goes to: the group/room, else the user. */
export function chatIdOf(source: EventSource | undefined): string | undefined {
  if (!source) return undefined;
  if (source.type === "group") return source.groupId;
  if (source.type === "room") return source.roomId;
  return source.userId;
}

/** Postback `data` is a query string by convention: `action=member_card&x=1`. */
export function postbackAction(data: string): { action: string; params: URLSearchParams } {
  const params = new URLSearchParams(data);
  return { action: params.get("action") ?? data.split(/[?&=]/)[0] ?? "", params };
}
