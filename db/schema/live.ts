import { sql } from "drizzle-orm";
import { check, index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import type { DeliveryJson } from "./json";
import { members } from "./members";
import { staff, stores } from "./stores";

/**
 * 直播 / 貼文銷售: a live session or post where comments order. draft → open → closed.
 * `ingestKeyHash` is the SHA-256 of the key other platforms' comment relays post with.
 */
export const liveSales = sqliteTable("live_sales", {
  id: text("id").primaryKey(),
  title: text("title").notNull(),
  status: text("status", { enum: ["draft", "open", "closed"] })
    .notNull()
    .default("draft"),
  featuredCode: text("featured_code"),
  /** The LINE group whose "+1" comments order (null: any group the OA is in, while open). */
  lineGroupId: text("line_group_id"),
  ingestKeyHash: text("ingest_key_hash").notNull(),
  /** How long an unconfirmed cart holds its stock. */
  holdMinutes: integer("hold_minutes").notNull().default(1440),
  /** Bumped when products change: the parser's compiled catalogue is cached per version. */
  version: integer("version").notNull().default(1),
  /** Comment sequence: each batch takes a range inside its transaction, so `seq` is commit order. */
  nextSeq: integer("next_seq").notNull().default(1),
  createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
  openedAt: integer("opened_at", { mode: "timestamp_ms" }),
  closedAt: integer("closed_at", { mode: "timestamp_ms" }),
});

/** A product of a sale. `codeKey` is the normalised code (half-width, lower case). */
export const liveProducts = sqliteTable(
  "live_products",
  {
    id: text("id").primaryKey(),
    saleId: text("sale_id")
      .notNull()
      .references(() => liveSales.id),
    code: text("code").notNull(),
    codeKey: text("code_key").notNull(),
    name: text("name").notNull(),
    /** Minor units (TWD). */
    price: integer("price").notNull(),
    perBuyerLimit: integer("per_buyer_limit"),
    position: integer("position").notNull(),
  },
  (t) => [uniqueIndex("live_products_code_uq").on(t.saleId, t.codeKey)],
);

/**
 * The unit stock is kept on: a variant (`紅 M`), or the product itself (`name` null) when it has
 * none. `reserved` and `waitlisted` are maintained by triggers on live_lines (see the
 * 0005 migration), so they always equal the sums of the lines; the CHECK makes overselling an
 * error in the database, whatever the code above it does.
 */
export const liveVariants = sqliteTable(
  "live_variants",
  {
    id: text("id").primaryKey(),
    saleId: text("sale_id").notNull(),
    productId: text("product_id")
      .notNull()
      .references(() => liveProducts.id),
    name: text("name"),
    stock: integer("stock").notNull(),
    reserved: integer("reserved").notNull().default(0),
    waitlisted: integer("waitlisted").notNull().default(0),
    position: integer("position").notNull(),
  },
  (t) => [
    index("live_variants_product_idx").on(t.productId),
    check(
      "live_variants_stock_ck",
      sql`${t.reserved} >= 0 AND ${t.reserved} <= ${t.stock} AND ${t.waitlisted} >= 0`,
    ),
  ],
);

/** Whoever commented: a LINE user, or a user of another platform until they claim their orders. */
export const liveBuyers = sqliteTable(
  "live_buyers",
  {
    id: text("id").primaryKey(),
    platform: text("platform").notNull(),
    externalUserId: text("external_user_id").notNull(),
    displayName: text("display_name").notNull().default(""),
    /** Set for LINE buyers, and when another platform's buyer claims their orders in LIFF. */
    lineUserId: text("line_user_id"),
    /** Asked for their cart in a private message after group comments (pushes are then counted). */
    dmOptIn: integer("dm_opt_in", { mode: "boolean" }).notNull().default(false),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [
    uniqueIndex("live_buyers_platform_uq").on(t.platform, t.externalUserId),
    index("live_buyers_line_idx").on(t.lineUserId),
  ],
);

/**
 * A buyer's order in one sale (訂單): cart → confirmed → paid → picked_up, or cancelled / expired.
 * A buyer has at most one cart per sale, and may check out several orders (adding after checkout).
 * Attributed when created to the member's home store and referrer staff.
 */
export const liveOrders = sqliteTable(
  "live_orders",
  {
    id: text("id").primaryKey(),
    saleId: text("sale_id")
      .notNull()
      .references(() => liveSales.id),
    buyerId: text("buyer_id")
      .notNull()
      .references(() => liveBuyers.id),
    status: text("status", { enum: ["cart", "confirmed", "paid", "picked_up", "cancelled", "expired"] })
      .notNull()
      .default("cart"),
    memberId: text("member_id").references(() => members.id),
    attributedStoreId: text("attributed_store_id").references(() => stores.id),
    attributedStaffId: text("attributed_staff_id").references(() => staff.id),
    fulfilment: text("fulfilment", { enum: ["pickup", "delivery"] }),
    pickupStoreId: text("pickup_store_id").references(() => stores.id),
    /** JSON: { name, phone, address } for delivery. */
    delivery: text("delivery", { mode: "json" }).$type<DeliveryJson>(),
    paymentMethod: text("payment_method", { enum: ["bank_transfer", "pay_at_pickup"] }),
    couponId: text("coupon_id"),
    pointsUsed: integer("points_used").notNull().default(0),
    subtotal: integer("subtotal").notNull().default(0),
    discount: integer("discount").notNull().default(0),
    total: integer("total").notNull().default(0),
    expiresAt: integer("expires_at", { mode: "timestamp_ms" }).notNull(),
    remindedAt: integer("reminded_at", { mode: "timestamp_ms" }),
    confirmedAt: integer("confirmed_at", { mode: "timestamp_ms" }),
    paidAt: integer("paid_at", { mode: "timestamp_ms" }),
    closedAt: integer("closed_at", { mode: "timestamp_ms" }),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [
    // One open cart per buyer per sale; after checkout a new "+1" opens another cart (加購).
    uniqueIndex("live_orders_cart_uq").on(t.saleId, t.buyerId).where(sql`${t.status} = 'cart'`),
    index("live_orders_buyer_idx").on(t.saleId, t.buyerId, t.createdAt),
    index("live_orders_due_idx").on(t.status, t.expiresAt),
    // Segments (a member's live orders) and reports (orders per day).
    index("live_orders_member_idx").on(t.memberId, t.createdAt),
    index("live_orders_created_idx").on(t.createdAt),
  ],
);

/**
 * Every comment received for a sale, once: (sale, platform, comment id) is unique, so a redelivered
 * webhook or a re-posted batch never orders twice. `seq` orders comments (and so the waitlist).
 */
export const liveComments = sqliteTable(
  "live_comments",
  {
    id: text("id").primaryKey(),
    saleId: text("sale_id")
      .notNull()
      .references(() => liveSales.id),
    platform: text("platform").notNull(),
    commentId: text("comment_id").notNull(),
    buyerId: text("buyer_id").notNull(),
    text: text("text").notNull(),
    /** How the parser read it: order | none | ambiguous. */
    kind: text("kind", { enum: ["order", "none", "ambiguous"] }).notNull(),
    /** For none/ambiguous and parser rejections: the outcome and reason decided before the database. */
    outcome: text("outcome"),
    reason: text("reason"),
    /** JSON of parser-rejected parts and ambiguities, for the seller's view. */
    // Plain text, not drizzle's json mode: comments are written on the hot path by prepared
    // statements whose values are bound as given (lib/sql-batch.ts), so this one is serialised by
    // the writer (ingest.ts) and parsed by the reader (tally.ts).
    detail: text("detail"),
    /** Where it came from: api | line_chat | line_group; the chat for confirmations. */
    origin: text("origin").notNull(),
    chatId: text("chat_id"),
    seq: integer("seq").notNull(),
    postedAt: integer("posted_at", { mode: "timestamp_ms" }).notNull(),
    receivedAt: integer("received_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [
    uniqueIndex("live_comments_uq").on(t.saleId, t.platform, t.commentId),
    index("live_comments_sale_idx").on(t.saleId, t.seq),
  ],
);

/**
 * 喊單: one line of a comment. `decision` is what the database decided when the comment came
 * (reserved | waitlisted | rejected | cancel) and never changes; `status` and `qty` move as the
 * buyer cancels, the waitlist is promoted or the cart expires. Triggers keep live_variants'
 * counters equal to the sums of these rows.
 */
export const liveLines = sqliteTable(
  "live_lines",
  {
    id: text("id").primaryKey(),
    saleId: text("sale_id").notNull(),
    orderId: text("order_id").notNull(),
    commentRowId: text("comment_row_id").notNull(),
    productId: text("product_id").notNull(),
    variantId: text("variant_id").notNull(),
    decision: text("decision", { enum: ["reserved", "waitlisted", "rejected", "cancel"] }).notNull(),
    reason: text("reason"),
    status: text("status", {
      enum: ["reserved", "waitlisted", "rejected", "cancelled", "expired"],
    }).notNull(),
    /** What the comment asked for (negative for a cancel line). */
    requested: integer("requested").notNull(),
    /** What this line still holds (reserved or waitlisted); 0 once cancelled. */
    qty: integer("qty").notNull(),
    seq: integer("seq").notNull(),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
    promotedAt: integer("promoted_at", { mode: "timestamp_ms" }),
  },
  (t) => [
    index("live_lines_comment_idx").on(t.commentRowId),
    index("live_lines_order_idx").on(t.orderId, t.productId, t.status),
    index("live_lines_wait_idx").on(t.saleId, t.status, t.variantId, t.seq),
  ],
);

/**
 * Group confirmations waiting to be gathered into one reply in the group (a push to a group is
 * charged per member; one reply is free). Flushed a few seconds after the first one.
 */
export const liveGroupNotices = sqliteTable(
  "live_group_notices",
  {
    id: text("id").primaryKey(),
    saleId: text("sale_id").notNull(),
    chatId: text("chat_id").notNull(),
    lineUserId: text("line_user_id").notNull(),
    commentRowId: text("comment_row_id").notNull(),
    replyToken: text("reply_token"),
    replyTokenExpiresAt: integer("reply_token_expires_at", { mode: "timestamp_ms" }),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
    flushedAt: integer("flushed_at", { mode: "timestamp_ms" }),
  },
  (t) => [
    uniqueIndex("live_group_notices_comment_uq").on(t.commentRowId),
    index("live_group_notices_due_idx").on(t.flushedAt, t.chatId, t.createdAt),
  ],
);
