import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { members } from "./members";

/**
 * 歸戶: an offline customer (POS sales that carried a phone and no member card) joined to a
 * registered member with that phone — only with proof: staff who scanned the member's card, or a
 * one-time code the POS gave. The purchases keep their history and point here (`purchases.merge_id`);
 * this row records who proved it and what moved. `idempotencyKey` makes a retried merge a replay.
 */
export const customerMerges = sqliteTable(
  "customer_merges",
  {
    id: text("id").primaryKey(),
    idempotencyKey: text("idempotency_key").notNull(),
    /** The surviving member (merged into). */
    memberId: text("member_id")
      .notNull()
      .references(() => members.id),
    /** The offline customer's phone (E.164); cleared if the member deletes their data. */
    phone: text("phone"),
    proof: text("proof", { enum: ["staff", "pos_code"] }).notNull(),
    storeId: text("store_id").notNull(),
    staffId: text("staff_id"),
    codeId: text("code_id"),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [
    uniqueIndex("customer_merges_idem_uq").on(t.idempotencyKey),
    index("customer_merges_member_idx").on(t.memberId),
  ],
);

/** One-time merge codes a POS hands a customer at the counter: 6 digits, 10 minutes, single use. */
export const mergeCodes = sqliteTable(
  "merge_codes",
  {
    id: text("id").primaryKey(),
    storeId: text("store_id").notNull(),
    phone: text("phone").notNull(),
    code: text("code").notNull(),
    expiresAt: integer("expires_at", { mode: "timestamp_ms" }).notNull(),
    usedAt: integer("used_at", { mode: "timestamp_ms" }),
    usedBy: text("used_by"),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [index("merge_codes_phone_idx").on(t.phone, t.code)],
);

/**
 * Every code a member submits, so guessing is bounded per phone (the target) whoever guesses:
 * an attempt is written only while that phone has few recent failures.
 */
export const mergeAttempts = sqliteTable(
  "merge_attempts",
  {
    id: text("id").primaryKey(),
    memberId: text("member_id").notNull(),
    phone: text("phone").notNull(),
    ok: integer("ok", { mode: "boolean" }).notNull().default(false),
    at: integer("at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [index("merge_attempts_phone_idx").on(t.phone, t.at)],
);
