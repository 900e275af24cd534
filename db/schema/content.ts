import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { timestampNow } from "./columns";
import type { KeywordScheduleJson, LineMessageJson, ProductVariantJson } from "./json";

/** 關鍵字自動回覆: match → up to 5 LINE messages (JSON), highest priority wins. */
export const keywordRules = sqliteTable(
  "keyword_rules",
  {
    id: text("id").primaryKey(),
    match: text("match", { enum: ["exact", "contains", "prefix", "regex"] }).notNull(),
    pattern: text("pattern").notNull(),
    priority: integer("priority").notNull().default(0),
    enabled: integer("enabled", { mode: "boolean" }).notNull().default(true),
    /** JSON: LINE message objects, validated against LINE's limits when saved. */
    replies: text("replies", { mode: "json" }).$type<LineMessageJson[]>().notNull(),
    /**
     * JSON: the same answer for readers whose LINE language is English (null: `replies` for
     * everyone). zh-TW and every other language get `replies`.
     */
    repliesEn: text("replies_en", { mode: "json" }).$type<LineMessageJson[]>(),
    /** JSON: `{ chats: ["user","group"], windows: [...], from?, until? }` or null for always. */
    schedule: text("schedule", { mode: "json" }).$type<KeywordScheduleJson>(),
    scope: text("scope", { enum: ["all", "user", "group"] })
      .notNull()
      .default("all"),
    /** JSON array of tags added to the member when the rule answers. */
    tags: text("tags", { mode: "json" }).$type<string[]>().notNull().default([]),
    /** Stable key for seeded rules so demo data is applied once. */
    seedKey: text("seed_key"),
    createdAt: timestampNow("created_at"),
    updatedAt: timestampNow("updated_at"),
  },
  (t) => [
    uniqueIndex("keyword_rules_seed_uq").on(t.seedKey),
    index("keyword_rules_enabled_idx").on(t.enabled),
  ],
);

/** 常見問題: FAQ / knowledge entries used by keyword answers and reply suggestions. */
export const knowledgeEntries = sqliteTable(
  "knowledge_entries",
  {
    id: text("id").primaryKey(),
    question: text("question").notNull(),
    /** JSON array of other ways shoppers ask the same thing. */
    variants: text("variants", { mode: "json" }).$type<string[]>().notNull().default([]),
    answer: text("answer").notNull(),
    tags: text("tags", { mode: "json" }).$type<string[]>().notNull().default([]),
    /** The language question and answer are written in: `zh-TW` (the default) or `en`. */
    language: text("language", { enum: ["zh-TW", "en"] })
      .notNull()
      .default("zh-TW"),
    /**
     * The entry this one translates (an English entry for a zh-TW one): one topic, answered in
     * the customer's language where the knowledge base has it.
     */
    translationOf: text("translation_of"),
    seedKey: text("seed_key"),
    createdAt: timestampNow("created_at"),
    updatedAt: timestampNow("updated_at"),
  },
  (t) => [
    uniqueIndex("knowledge_seed_uq").on(t.seedKey),
    index("knowledge_translation_idx").on(t.translationOf),
  ],
);

/**
 * Learned wordings (學到的問法): a customer's message an agent answered with entry X's
 * suggestion (as is or edited) — retrieval matches it as one more way of asking X. Removable.
 */
export const knowledgeLearned = sqliteTable(
  "knowledge_learned",
  {
    id: text("id").primaryKey(),
    entryId: text("entry_id")
      .notNull()
      .references(() => knowledgeEntries.id, { onDelete: "cascade" }),
    text: text("text").notNull(),
    /** normalizeText(text): one row per wording and entry. */
    textKey: text("text_key").notNull(),
    messageId: text("message_id"),
    suggestionId: text("suggestion_id"),
    createdBy: text("created_by").notNull(),
    createdAt: timestampNow("created_at"),
  },
  (t) => [uniqueIndex("knowledge_learned_uq").on(t.entryId, t.textKey)],
);

/**
 * Candidate FAQ entries (待審常見問題): an answer agents wrote themselves (not from a
 * suggestion) and sent more than once. The admin accepts one into the knowledge base or dismisses it.
 */
export const knowledgeCandidates = sqliteTable(
  "knowledge_candidates",
  {
    id: text("id").primaryKey(),
    answer: text("answer").notNull(),
    /** normalizeText(answer): one candidate per answer. */
    answerKey: text("answer_key").notNull(),
    /** The customers' messages it answered (newest first, at most 10). */
    questions: text("questions", { mode: "json" }).$type<string[]>().notNull().default([]),
    uses: integer("uses").notNull().default(1),
    status: text("status", { enum: ["open", "accepted", "dismissed"] })
      .notNull()
      .default("open"),
    entryId: text("entry_id"),
    decidedBy: text("decided_by"),
    decidedAt: integer("decided_at", { mode: "timestamp_ms" }),
    firstUsedAt: integer("first_used_at", { mode: "timestamp_ms" }).notNull(),
    lastUsedAt: integer("last_used_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [
    uniqueIndex("knowledge_candidates_uq").on(t.answerKey),
    index("knowledge_candidates_status_idx").on(t.status, t.uses),
  ],
);

/**
 * Embeddings of what retrieval searches (FAQ entries, learned wordings, accepted replies) from
 * the configured OpenAI-compatible `/v1/embeddings` endpoint; refreshed when the text or the
 * model changes. Only written when embeddings are configured.
 */
export const knowledgeEmbeddings = sqliteTable("knowledge_embeddings", {
  /** The retrieval document: `faq:<id>` or `reply:<suggestionId>`. */
  ref: text("ref").primaryKey(),
  model: text("model").notNull(),
  /** Hash of the embedded text: a changed text is embedded again. */
  textHash: text("text_hash").notNull(),
  vector: text("vector", { mode: "json" }).$type<number[]>().notNull(),
  updatedAt: timestampNow("updated_at"),
});

/** The brand's catalogue. Sales (live / post) list products from here with their own stock. */
export const products = sqliteTable(
  "products",
  {
    id: text("id").primaryKey(),
    sku: text("sku").notNull(),
    name: text("name").notNull(),
    /** Minor units (TWD has none, so NT$590 is 590). */
    price: integer("price").notNull(),
    currency: text("currency").notNull().default("TWD"),
    imageUrl: text("image_url"),
    /** JSON: `[{ "id", "name", "words": ["紅","M"] }]`. */
    variants: text("variants", { mode: "json" }).$type<ProductVariantJson[]>().notNull().default([]),
    active: integer("active", { mode: "boolean" }).notNull().default(true),
    createdAt: timestampNow("created_at"),
  },
  (t) => [uniqueIndex("products_sku_uq").on(t.sku)],
);
