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
    // Reports: points issued, redeemed and expired per day.
    index("point_entries_created_idx").on(t.createdAt),
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
    /** When the member was told this lot is about to expire (once per lot). */
    remindedAt: integer("reminded_at", { mode: "timestamp_ms" }),
  },
  (t) => [
    index("point_lots_member_idx").on(t.memberId, t.expiresAt),
    index("point_lots_expiry_idx").on(t.expiresAt),
  ],
);

/** 優惠券樣板: what coupons are issued from. Money in minor units; percent as a whole number. */
export const couponTemplates = sqliteTable("coupon_templates", {
  id: text("id").primaryKey(),
  name: text("name").notNull(),
  kind: text("kind", { enum: ["amount", "percent"] }).notNull(),
  value: integer("value").notNull(),
  minSpend: integer("min_spend").notNull().default(0),
  channel: text("channel", { enum: ["online", "store", "both"] })
    .notNull()
    .default("both"),
  /** Either a fixed window… */
  validFrom: integer("valid_from", { mode: "timestamp_ms" }),
  validUntil: integer("valid_until", { mode: "timestamp_ms" }),
  /** …or a number of days from issue. */
  validDays: integer("valid_days"),
  perMemberLimit: integer("per_member_limit").notNull().default(1),
  /** Null = unlimited. */
  totalQuantity: integer("total_quantity"),
  issuedCount: integer("issued_count").notNull().default(0),
  active: integer("active", { mode: "boolean" }).notNull().default(true),
  /** 轉贈: a member may give an unused coupon of this template to a friend. */
  transferable: integer("transferable", { mode: "boolean" }).notNull().default(false),
  createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
});

/** 優惠券: one issued coupon with its own unguessable code; issued → redeemed | expired | voided. */
export const coupons = sqliteTable(
  "coupons",
  {
    id: text("id").primaryKey(),
    templateId: text("template_id")
      .notNull()
      .references(() => couponTemplates.id),
    memberId: text("member_id")
      .notNull()
      .references(() => members.id),
    code: text("code").notNull(),
    status: text("status", { enum: ["issued", "reserved", "redeemed", "expired", "voided"] })
      .notNull()
      .default("issued"),
    /** Why it was issued, unique: `binding:mem_…`, `admin:…`, `tier:gold:mem_…` — a retry issues nothing twice. */
    issueKey: text("issue_key").notNull(),
    issuedAt: integer("issued_at", { mode: "timestamp_ms" }).notNull(),
    validFrom: integer("valid_from", { mode: "timestamp_ms" }).notNull(),
    expiresAt: integer("expires_at", { mode: "timestamp_ms" }).notNull(),
    redeemedAt: integer("redeemed_at", { mode: "timestamp_ms" }),
    /** `stf_…` in store, `online`, or the order id. */
    redeemedBy: text("redeemed_by"),
    redeemedReference: text("redeemed_reference"),
    /** Held for an unpaid online order (its reference) until paid, cancelled or `reservedUntil`. */
    reservedFor: text("reserved_for"),
    reservedUntil: integer("reserved_until", { mode: "timestamp_ms" }),
  },
  (t) => [
    uniqueIndex("coupons_code_uq").on(t.code),
    uniqueIndex("coupons_issue_key_uq").on(t.issueKey),
    index("coupons_member_idx").on(t.memberId, t.status),
    index("coupons_template_member_idx").on(t.templateId, t.memberId),
    // Reports: the issue → redemption funnel over a date range.
    index("coupons_issued_idx").on(t.issuedAt),
    index("coupons_redeemed_idx").on(t.redeemedAt),
  ],
);

/**
 * 消費: a completed sale from any channel, unique per (source, store, external id) so a replayed
 * POS transaction or a double-tapped staff button records nothing twice — and two stores' POS
 * numbering the same way never collide. Money in minor units.
 */
export const purchases = sqliteTable(
  "purchases",
  {
    id: text("id").primaryKey(),
    source: text("source", { enum: ["staff", "pos", "online", "live"] }).notNull(),
    externalId: text("external_id").notNull(),
    memberId: text("member_id").references(() => members.id),
    channel: text("channel", { enum: ["store", "online", "live"] }).notNull(),
    storeId: text("store_id"),
    /** Who recorded it (store sales). */
    staffId: text("staff_id"),
    /** Who gets the credit: the recorder in store, the member's referrer online. */
    attributedStaffId: text("attributed_staff_id"),
    amount: integer("amount").notNull(),
    couponId: text("coupon_id"),
    couponDiscount: integer("coupon_discount").notNull().default(0),
    pointsUsed: integer("points_used").notNull().default(0),
    paid: integer("paid").notNull(),
    currency: text("currency").notNull().default("TWD"),
    pointsEarned: integer("points_earned").notNull().default(0),
    /** Sum of this purchase's refunds (money given back, ≤ paid); kept in the refund's batch. */
    refundedAmount: integer("refunded_amount").notNull().default(0),
    /**
     * A sale without a member card may carry the customer's phone (E.164): the "offline
     * customer" is the set of such purchases with no member. Only a proven merge attaches them.
     */
    customerPhone: text("customer_phone"),
    /** The merge that attached this purchase to its member (where it came from). */
    mergeId: text("merge_id"),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [
    // Store sales always have a store; a channel without one must set a non-null id here (NULLs never collide).
    uniqueIndex("purchases_source_store_ext_uq").on(t.source, t.storeId, t.externalId),
    index("purchases_member_idx").on(t.memberId, t.createdAt),
    index("purchases_store_idx").on(t.storeId, t.createdAt),
    index("purchases_phone_idx").on(t.customerPhone),
    // Segments and reports over a date range: everything a window aggregate needs, in the index.
    index("purchases_created_idx").on(
      t.createdAt,
      t.memberId,
      t.channel,
      t.storeId,
      t.paid,
      t.refundedAmount,
    ),
  ],
);

/**
 * 退貨 / 退款: a refund is its own row, unique per (source, store, the caller's refund id) so a
 * retry refunds nothing twice. It gives back money (≤ what was paid, in total over all refunds)
 * and reverses the points its purchase earned in proportion; the coupon and points used stay used.
 * `pointsDue` is what the proportion asks back; `pointsReversed` what the balance could give
 * (never below zero); the difference is the recorded shortfall.
 */
export const refunds = sqliteTable(
  "refunds",
  {
    id: text("id").primaryKey(),
    purchaseId: text("purchase_id")
      .notNull()
      .references(() => purchases.id),
    source: text("source", { enum: ["staff", "pos", "online"] }).notNull(),
    storeId: text("store_id").notNull(),
    externalId: text("external_id").notNull(),
    staffId: text("staff_id"),
    memberId: text("member_id"),
    amount: integer("amount").notNull(),
    pointsDue: integer("points_due").notNull(),
    pointsReversed: integer("points_reversed"),
    reason: text("reason").notNull().default(""),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [
    uniqueIndex("refunds_source_store_ext_uq").on(t.source, t.storeId, t.externalId),
    index("refunds_purchase_idx").on(t.purchaseId),
  ],
);

/** One-time staff invites: a used invite's id is recorded here, so it links one LINE user once. */
export const usedStaffInvites = sqliteTable("used_staff_invites", {
  inviteId: text("invite_id").primaryKey(),
  staffId: text("staff_id").notNull(),
  lineUserId: text("line_user_id").notNull(),
  usedAt: integer("used_at", { mode: "timestamp_ms" }).notNull(),
});
