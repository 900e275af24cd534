import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { timestampNow } from "./columns";
import type { LineMessageJson } from "./json";

/**
 * Every LINE webhook event, recorded under LINE's `webhookEventId` before the webhook answers 200.
 * received → processing → processed | failed | skipped. The primary key is what makes a
 * redelivered or concurrently delivered event a no-op.
 */
export const webhookEvents = sqliteTable(
  "webhook_events",
  {
    id: text("id").primaryKey(),
    type: text("type").notNull(),
    mode: text("mode").notNull().default("active"),
    sourceType: text("source_type"),
    sourceUserId: text("source_user_id"),
    sourceGroupId: text("source_group_id"),
    replyToken: text("reply_token"),
    eventTimestamp: integer("event_timestamp", { mode: "timestamp_ms" }).notNull(),
    isRedelivery: integer("is_redelivery", { mode: "boolean" }).notNull().default(false),
    payload: text("payload").notNull(),
    state: text("state", { enum: ["received", "processing", "processed", "failed", "skipped"] })
      .notNull()
      .default("received"),
    attempts: integer("attempts").notNull().default(0),
    lastError: text("last_error"),
    receivedAt: integer("received_at", { mode: "timestamp_ms" }).notNull(),
    claimedUntil: integer("claimed_until", { mode: "timestamp_ms" }),
    nextAttemptAt: integer("next_attempt_at", { mode: "timestamp_ms" }),
    processedAt: integer("processed_at", { mode: "timestamp_ms" }),
  },
  (t) => [index("webhook_events_state_idx").on(t.state, t.nextAttemptAt)],
);

/**
 * Every message omo-line sends to LINE. A reply uses the event's token while it is fresh and
 * unused (free); otherwise it goes out as a push under a stored X-Line-Retry-Key (counted).
 */
export const outboxMessages = sqliteTable(
  "outbox_messages",
  {
    id: text("id").primaryKey(),
    kind: text("kind", { enum: ["reply", "push", "multicast"] }).notNull(),
    /** JSON array of user/group ids; for a reply, the chat to push to if the token cannot be used. */
    recipients: text("recipients", { mode: "json" }).$type<string[]>().notNull(),
    replyToken: text("reply_token"),
    replyTokenExpiresAt: integer("reply_token_expires_at", { mode: "timestamp_ms" }),
    messages: text("messages", { mode: "json" }).$type<LineMessageJson[]>().notNull(),
    retryKey: text("retry_key").notNull(),
    retryKeyIssuedAt: integer("retry_key_issued_at", { mode: "timestamp_ms" }).notNull(),
    /** `cancelled`: never attempted, and withdrawn before it was (a cancelled broadcast's chunks). */
    state: text("state", { enum: ["queued", "sending", "sent", "failed", "cancelled"] })
      .notNull()
      .default("queued"),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: integer("next_attempt_at", { mode: "timestamp_ms" }).notNull(),
    claimedUntil: integer("claimed_until", { mode: "timestamp_ms" }),
    /** The runner holding the claim (a Node process, a Worker invocation): a restarted host voids its dead predecessor's. */
    claimedBy: text("claimed_by"),
    lastAttemptAt: integer("last_attempt_at", { mode: "timestamp_ms" }),
    /** LINE's Retry-After: no attempt before this, even when LINE recovers and the queue is released. */
    retryNotBefore: integer("retry_not_before", { mode: "timestamp_ms" }),
    lastStatus: integer("last_status"),
    lastError: text("last_error"),
    /**
     * An earlier reply attempt's outcome is unknown (a 5xx, a timeout, or a crash before its
     * outcome was written): LINE may have delivered it, so a 400 on the token now means "used".
     */
    replyAmbiguous: integer("reply_ambiguous", { mode: "boolean" }).notNull().default(false),
    /**
     * How a reply with an unknown earlier attempt ended: `token_used` (a later try got 400 while
     * the token was young: LINE had delivered it) or `pushed` (the token grew too old: pushed
     * under the retry key, a duplicate if the unknown attempt had in fact landed).
     */
    resolution: text("resolution", { enum: ["token_used", "pushed"] }),
    deliveredAs: text("delivered_as", { enum: ["reply", "push", "multicast"] }),
    /** Recipients charged against the plan's quota (0 for a reply). */
    countedRecipients: integer("counted_recipients").notNull().default(0),
    lineRequestId: text("line_request_id"),
    eventId: text("event_id"),
    /**
     * JSON array of LINE's `customAggregationUnits` (one unit name) sent with a push or multicast,
     * for LINE's per-campaign statistics; null = none.
     */
    customAggregationUnits: text("custom_aggregation_units", { mode: "json" }).$type<string[]>(),
    /** Which feature sent it, e.g. `keywords`, `live:sal_…` — for per-feature cost reports. */
    topic: text("topic").notNull().default("general"),
    createdAt: timestampNow("created_at"),
    sentAt: integer("sent_at", { mode: "timestamp_ms" }),
  },
  (t) => [
    index("outbox_state_due_idx").on(t.state, t.nextAttemptAt),
    index("outbox_topic_idx").on(t.topic),
    // Reports: message cost per day.
    index("outbox_sent_idx").on(t.sentAt),
  ],
);

/** Small key/value settings the app keeps for itself (e.g. the sandbox admin token). */
export const appSettings = sqliteTable("app_settings", {
  key: text("key").primaryKey(),
  value: text("value").notNull(),
});
