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
    seedKey: text("seed_key"),
    createdAt: timestampNow("created_at"),
    updatedAt: timestampNow("updated_at"),
  },
  (t) => [uniqueIndex("knowledge_seed_uq").on(t.seedKey)],
);

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
