import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { members } from "./members";

/**
 * 點數 ledger: append-only. Every entry has a unique idempotency key, so a retried purchase,
 * redemption or expiry run writes nothing twice. Balance = sum(points); members.points_balance is
 * a cache updated in the same batch as each entry.
 */
export const pointEntries = sqliteTable(
  "point_entries",
  {
    id: text("id").primaryKey(),
    memberId: text("member_id")
      .notNull()
      .references(() => members.id),
    kind: text("kind", { enum: ["earn", "redeem", "expire", "reverse", "adjust"] }).notNull(),
    /** Signed: earn/adjust-up positive, redeem/expire/reverse negative. */
    points: integer("points").notNull(),
    idempotencyKey: text("idempotency_key").notNull(),
    reason: text("reason").notNull(),
    /** Who caused it: `system`, `admin`, `stf_…`, `member`. */
    actor: text("actor").notNull(),
    /** The lot an earn created (earn entries only). */
    lotId: text("lot_id"),
    /** Purchase / order this entry belongs to, for reversals and reports. */
    reference: text("reference"),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [
    uniqueIndex("point_entries_idem_uq").on(t.idempotencyKey),
    index("point_entries_member_idx").on(t.memberId, t.createdAt),
  ],
);

/** Points earned together share an expiry; redemptions consume the earliest-expiring lots first. */
export const pointLots = sqliteTable(
  "point_lots",
  {
    id: text("id").primaryKey(),
    memberId: text("member_id")
      .notNull()
      .references(() => members.id),
    earned: integer("earned").notNull(),
    remaining: integer("remaining").notNull(),
    expiresAt: integer("expires_at", { mode: "timestamp_ms" }).notNull(),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [index("point_lots_member_idx").on(t.memberId, t.expiresAt)],
);
