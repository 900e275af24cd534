import { index, integer, real, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { timestampNow } from "./columns";

/** A physical shop (門市). `code` is the short printable id used on posters and receipts. */
export const stores = sqliteTable(
  "stores",
  {
    id: text("id").primaryKey(),
    code: text("code").notNull(),
    name: text("name").notNull(),
    address: text("address").notNull().default(""),
    phone: text("phone").notNull().default(""),
    latitude: real("latitude"),
    longitude: real("longitude"),
    /** Free text shown to shoppers, e.g. `11:00–21:30`. */
    openingHours: text("opening_hours").notNull().default(""),
    active: integer("active", { mode: "boolean" }).notNull().default(true),
    createdAt: timestampNow("created_at"),
  },
  (t) => [uniqueIndex("stores_code_uq").on(t.code)],
);

/**
 * People who work for the brand. `lineUserId` is set when they accept their invite in LINE;
 * `role` is admin | agent | staff, and staff are scoped to `storeId`.
 */
export const staff = sqliteTable(
  "staff",
  {
    id: text("id").primaryKey(),
    storeId: text("store_id").references(() => stores.id),
    code: text("code").notNull(),
    name: text("name").notNull(),
    role: text("role", { enum: ["admin", "agent", "staff"] })
      .notNull()
      .default("staff"),
    lineUserId: text("line_user_id"),
    active: integer("active", { mode: "boolean" }).notNull().default(true),
    createdAt: timestampNow("created_at"),
  },
  (t) => [
    uniqueIndex("staff_code_uq").on(t.code),
    uniqueIndex("staff_line_user_uq").on(t.lineUserId),
    index("staff_store_idx").on(t.storeId),
  ],
);

/** POS API keys, one or more per store; only a SHA-256 of the key is kept. */
export const posKeys = sqliteTable(
  "pos_keys",
  {
    id: text("id").primaryKey(),
    storeId: text("store_id")
      .notNull()
      .references(() => stores.id),
    keyHash: text("key_hash").notNull(),
    label: text("label").notNull().default(""),
    revokedAt: integer("revoked_at", { mode: "timestamp_ms" }),
    createdAt: timestampNow("created_at"),
  },
  (t) => [uniqueIndex("pos_keys_hash_uq").on(t.keyHash)],
);
