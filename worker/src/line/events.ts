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

// Typed views of the events features handle. Parsed from the stored payload at dispatch time.
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
export const imageMessageSchema = z.object({ id: z.string(), type: z.literal("image") }).passthrough();
export const locationMessageSchema = z.object({
  id: z.string(),
  type: z.literal("location"),
  title: z.string().optional(),
  address: z.string().optional(),
  latitude: z.number(),
  longitude: z.number(),
});
export const messageContentSchema = z.union([
  textMessageSchema.passthrough(),
  stickerMessageSchema.passthrough(),
  imageMessageSchema,
  locationMessageSchema.passthrough(),
  z.object({ id: z.string(), type: z.string() }).passthrough(),
]);
export type MessageContent = z.infer<typeof messageContentSchema>;

export const postbackSchema = z.object({
  data: z.string(),
  params: z.record(z.string(), z.unknown()).optional(),
});

/** An event as handlers see it: envelope fields plus the type-specific payload. */
export interface LineEvent {
  id: string;
  type: string;
  mode: "active" | "standby";
  timestamp: Date;
  isRedelivery: boolean;
  source: EventSource | undefined;
  replyToken: string | undefined;
  payload: Record<string, unknown>;
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
