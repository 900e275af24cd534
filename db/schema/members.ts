import { sql } from "drizzle-orm";
import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { timestampNow } from "./columns";
import { staff, stores } from "./stores";

/**
 * 會員: one row per LINE user id (guest until registered). `memberCode` is what the card's QR
 * and barcode carry: unique, unguessable, printable. Blocked members keep their data.
 */
export const members = sqliteTable(
  "members",
  {
    id: text("id").primaryKey(),
    lineUserId: text("line_user_id").notNull(),
    memberCode: text("member_code").notNull(),
    status: text("status", { enum: ["guest", "member"] })
      .notNull()
      .default("guest"),
    /** Whether the user has the OA as a friend, as last told by follow/unfollow events. */
    friendship: text("friendship", { enum: ["unknown", "friend", "blocked"] })
      .notNull()
      .default("unknown"),
    displayName: text("display_name"),
    pictureUrl: text("picture_url"),
    language: text("language"),
    /**
     * When the LINE profile was last read (follow, first chat): a profile that carries no language
     * is not read again at every message.
     */
    profileReadAt: integer("profile_read_at", { mode: "timestamp_ms" }),
    homeStoreId: text("home_store_id").references(() => stores.id),
    referrerStaffId: text("referrer_staff_id").references(() => staff.id),
    /**
     * How the member first came: organic (add-friend link), store_qr, staff_link, liff, eshop (an
     * online order under the same LINE provider), gift (a coupon a friend gave).
     */
    source: text("source", {
      enum: ["organic", "store_qr", "staff_link", "liff", "eshop", "gift"],
    }).notNull(),
    boundAt: integer("bound_at", { mode: "timestamp_ms" }),
    registeredAt: integer("registered_at", { mode: "timestamp_ms" }),
    blockedAt: integer("blocked_at", { mode: "timestamp_ms" }),
    /** Registration (the fields the brand asks for). Phone in E.164. */
    name: text("name"),
    phone: text("phone"),
    /**
     * When the member proved `phone` with a one-time SMS code; null = unverified. Saving another
     * phone clears it; at most one member holds a number verified (a partial unique index), so a
     * newer prover takes it over. A staff 歸戶 merge counts only a verified phone.
     */
    phoneVerifiedAt: integer("phone_verified_at", { mode: "timestamp_ms" }),
    birthday: text("birthday"),
    email: text("email"),
    consentVersion: text("consent_version"),
    consentAt: integer("consent_at", { mode: "timestamp_ms" }),
    /** Set when the member withdrew consent to marketing messages. */
    marketingOptOutAt: integer("marketing_opt_out_at", { mode: "timestamp_ms" }),
    /** "Delete my data": personal fields cleared; purchases and the ledger kept, anonymised. */
    deletedAt: integer("deleted_at", { mode: "timestamp_ms" }),
    /** Cache of sum(point_entries.points), written in the same batch as every entry. */
    pointsBalance: integer("points_balance").notNull().default(0),
    /**
     * 會員等級, kept (not recomputed on read): raised at once when spend crosses a threshold,
     * lowered only at the review date. Every change is a `tier_changes` row.
     */
    tier: text("tier", { enum: ["regular", "gold", "platinum"] })
      .notNull()
      .default("regular"),
    createdAt: timestampNow("created_at"),
    updatedAt: timestampNow("updated_at"),
  },
  (t) => [
    uniqueIndex("members_line_user_uq").on(t.lineUserId),
    uniqueIndex("members_code_uq").on(t.memberCode),
    index("members_store_idx").on(t.homeStoreId),
    index("members_referrer_idx").on(t.referrerStaffId),
    index("members_phone_idx").on(t.phone),
    uniqueIndex("members_verified_phone_uq").on(t.phone).where(sql`phone_verified_at IS NOT NULL`),
  ],
);

/**
 * Every scan of a binding QR or staff link, kept as history whatever its outcome; the member's
 * home store and referrer follow the attribution rule, this table keeps the evidence.
 */
export const bindingScans = sqliteTable(
  "binding_scans",
  {
    id: text("id").primaryKey(),
    tokenId: text("token_id").notNull(),
    memberId: text("member_id").references(() => members.id),
    lineUserId: text("line_user_id").notNull(),
    storeId: text("store_id").references(() => stores.id),
    staffId: text("staff_id").references(() => staff.id),
    source: text("source", { enum: ["store_qr", "staff_link", "gift"] }).notNull(),
    /** bound: attribution set by this scan; kept: an earlier binding still holds it. */
    result: text("result", { enum: ["bound", "kept"] }).notNull(),
    scannedAt: integer("scanned_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [
    index("binding_scans_member_idx").on(t.memberId),
    index("binding_scans_store_idx").on(t.storeId, t.scannedAt),
    // Reports: members bound per day.
    index("binding_scans_scanned_idx").on(t.scannedAt),
  ],
);

/** Binding tokens are stateless signed links; a revoked one is listed here by its id. */
export const revokedBindingTokens = sqliteTable("revoked_binding_tokens", {
  tokenId: text("token_id").primaryKey(),
  revokedAt: integer("revoked_at", { mode: "timestamp_ms" }).notNull(),
});

/** 會員等級 history: every upgrade (a purchase or merge crossed a threshold) and review downgrade. */
export const tierChanges = sqliteTable(
  "tier_changes",
  {
    id: text("id").primaryKey(),
    memberId: text("member_id")
      .notNull()
      .references(() => members.id),
    fromTier: text("from_tier", { enum: ["regular", "gold", "platinum"] }).notNull(),
    toTier: text("to_tier", { enum: ["regular", "gold", "platinum"] }).notNull(),
    /** upgrade: spend crossed a threshold; review: the periodic review (downgrades happen only here). */
    reason: text("reason", { enum: ["upgrade", "review"] }).notNull(),
    /** Spend in the rolling window when decided (NT$). */
    spend: integer("spend").notNull(),
    at: integer("at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [index("tier_changes_member_idx").on(t.memberId, t.at)],
);
