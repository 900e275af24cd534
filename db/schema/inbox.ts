import { index, integer, real, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { members } from "./members";
import { staff } from "./stores";

/** Tags on a member (from keyword rules, agents or rules); one row per (member, tag). */
export const memberTags = sqliteTable(
  "member_tags",
  {
    memberId: text("member_id")
      .notNull()
      .references(() => members.id),
    tag: text("tag").notNull(),
    /**
     * Where it came from: `keyword:<ruleId>`, `agent:<staffId>`, `admin`, `csv` (bulk upload) or
     * `rule:<tagRuleId>` (kept current by the marketing sweep).
     */
    source: text("source").notNull(),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [
    uniqueIndex("member_tags_uq").on(t.memberId, t.tag),
    index("member_tags_tag_idx").on(t.tag, t.memberId),
  ],
);

/**
 * 對話: one per LINE user (1:1 chat). open → waiting (a message no rule answered: agents are
 * needed) → open (an agent answered) → closed; a new message reopens it.
 */
export const conversations = sqliteTable(
  "conversations",
  {
    id: text("id").primaryKey(),
    lineUserId: text("line_user_id").notNull(),
    status: text("status", { enum: ["open", "waiting", "closed"] })
      .notNull()
      .default("open"),
    assignedTo: text("assigned_to").references(() => staff.id),
    /** When it started waiting on an agent (null when not waiting). */
    waitingSince: integer("waiting_since", { mode: "timestamp_ms" }),
    lastMessageAt: integer("last_message_at", { mode: "timestamp_ms" }).notNull(),
    lastInboundAt: integer("last_inbound_at", { mode: "timestamp_ms" }),
    /** The last away message, so it goes out at most once per closed period. */
    awaySentAt: integer("away_sent_at", { mode: "timestamp_ms" }),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [
    uniqueIndex("conversations_user_uq").on(t.lineUserId),
    index("conversations_status_idx").on(t.status, t.lastMessageAt),
  ],
);

/**
 * Every message of a conversation, in and out: what the user sent (keyed by the webhook event, so a
 * redelivery adds nothing), auto-replies (keyed by their outbox row), and agents' replies.
 */
export const conversationMessages = sqliteTable(
  "conversation_messages",
  {
    id: text("id").primaryKey(),
    conversationId: text("conversation_id")
      .notNull()
      .references(() => conversations.id),
    direction: text("direction", { enum: ["in", "out"] }).notNull(),
    /** `user`; for out: the feature (`keywords`, `live:…`, `acknowledge`, …) or `agent:<staffId>`. */
    sender: text("sender").notNull(),
    /** LINE message type (text, sticker, image, flex, …). */
    type: text("type").notNull(),
    /** Readable text: the text itself, or alt text / a short description. */
    text: text("text").notNull(),
    /** JSON of the LINE message. */
    payload: text("payload", { mode: "json" }).$type<Record<string, unknown>>().notNull(),
    /** For an inbound message that waits on an agent: suggestions pending | ready | none. */
    suggestState: text("suggest_state", { enum: ["none", "pending", "ready"] })
      .notNull()
      .default("none"),
    replyToken: text("reply_token"),
    replyTokenExpiresAt: integer("reply_token_expires_at", { mode: "timestamp_ms" }),
    /** The suggestion an agent's reply came from. */
    suggestionId: text("suggestion_id"),
    /** For an agent's reply: ms since the conversation started waiting (time to first response). */
    responseMs: integer("response_ms"),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [
    index("conversation_messages_conv_idx").on(t.conversationId, t.createdAt),
    index("conversation_messages_suggest_idx").on(t.suggestState, t.createdAt),
  ],
);

/**
 * 建議回覆: up to 3 per waiting inbound message, from the LLM or retrieval. Nothing is sent until an
 * agent accepts (as is or edited) — each outcome is kept for the metrics.
 */
export const suggestions = sqliteTable(
  "suggestions",
  {
    id: text("id").primaryKey(),
    conversationId: text("conversation_id")
      .notNull()
      .references(() => conversations.id),
    messageId: text("message_id").notNull(),
    rank: integer("rank").notNull(),
    source: text("source", { enum: ["llm", "retrieval"] }).notNull(),
    text: text("text").notNull(),
    /** Where it came from: `faq:<id>`, `reply:<messageId>`, `llm:<model>`. */
    sourceRef: text("source_ref"),
    score: real("score"),
    status: text("status", { enum: ["pending", "accepted", "edited", "rejected", "superseded"] })
      .notNull()
      .default("pending"),
    rejectReason: text("reject_reason"),
    finalText: text("final_text"),
    editDistance: integer("edit_distance"),
    decidedBy: text("decided_by"),
    decidedAt: integer("decided_at", { mode: "timestamp_ms" }),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [
    // Ids are unique per message, generation and rank; regenerations may share a timestamp.
    index("suggestions_message_idx").on(t.messageId, t.status),
    index("suggestions_conv_idx").on(t.conversationId, t.status),
  ],
);

/** Console sign-in for agents: a bearer token (only its hash is kept) per staff member. */
export const agentTokens = sqliteTable(
  "agent_tokens",
  {
    id: text("id").primaryKey(),
    staffId: text("staff_id")
      .notNull()
      .references(() => staff.id),
    tokenHash: text("token_hash").notNull(),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
    revokedAt: integer("revoked_at", { mode: "timestamp_ms" }),
  },
  (t) => [uniqueIndex("agent_tokens_hash_uq").on(t.tokenHash)],
);
