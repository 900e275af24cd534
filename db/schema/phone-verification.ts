import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { members } from "./members";

/**
 * One-time codes sent by SMS to prove a member's phone: 6 digits, valid 10 minutes, single use,
 * at most 5 wrong tries. Neither the code nor the phone is stored in the clear: `codeHash` is an
 * HMAC of (member, phone, code) and `phoneHash` an HMAC of the phone (what the per-phone send
 * limits count), both under a server key. Only a member's newest code counts. Every row is also
 * a send, so the rows are the rate limits' history (decided in the INSERT that writes them).
 */
export const phoneVerificationCodes = sqliteTable(
  "phone_verification_codes",
  {
    id: text("id").primaryKey(),
    memberId: text("member_id")
      .notNull()
      .references(() => members.id),
    phoneHash: text("phone_hash").notNull(),
    codeHash: text("code_hash").notNull(),
    /** sending: written, not yet accepted by the provider; sent; failed: the provider refused. */
    state: text("state", { enum: ["sending", "sent", "failed"] })
      .notNull()
      .default("sending"),
    providerMessageId: text("provider_message_id"),
    /** Wrong codes tried against this one; at 5 it is spent. */
    attempts: integer("attempts").notNull().default(0),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
    expiresAt: integer("expires_at", { mode: "timestamp_ms" }).notNull(),
    usedAt: integer("used_at", { mode: "timestamp_ms" }),
    /** The confirm request that used it (random), so the same batch can tell it won. */
    confirmId: text("confirm_id"),
  },
  (t) => [
    index("phone_codes_member_idx").on(t.memberId, t.createdAt),
    index("phone_codes_phone_idx").on(t.phoneHash, t.createdAt),
  ],
);
