import { sql } from "drizzle-orm";
import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { timestampNow } from "./columns";
import type { OnlineOrderLineJson, StaffCartItemJson } from "./json";
import { coupons } from "./loyalty";
import { members } from "./members";
import { staff, stores } from "./stores";

/**
 * 網路商店: a brand's e-shop that posts its orders here. Its API key is kept as a hash (answered
 * once, like POS keys); `platform` says how its webhooks arrive (`api`: the orders API as it is;
 * `shopify`: the Shopify connector, matched by `domain`, signed with the app's secret from env).
 */
export const shops = sqliteTable(
  "shops",
  {
    id: text("id").primaryKey(),
    name: text("name").notNull(),
    platform: text("platform", { enum: ["api", "shopify"] })
      .notNull()
      .default("api"),
    /** Shopify: `brand.myshopify.com`, as `X-Shopify-Shop-Domain` names it. */
    domain: text("domain"),
    /** The shop's own address (links staff make must point under it). */
    baseUrl: text("base_url").notNull(),
    /** Where a cart link lands: `{items}` becomes `sku:qty,sku:qty`, `{ref}` the attribution token. */
    cartUrlTemplate: text("cart_url_template"),
    keyHash: text("key_hash").notNull(),
    revokedAt: integer("revoked_at", { mode: "timestamp_ms" }),
    createdAt: timestampNow("created_at"),
  },
  (t) => [uniqueIndex("shops_key_uq").on(t.keyHash), uniqueIndex("shops_domain_uq").on(t.domain)],
);

/** The shop's catalogue feed (a products JSON/CSV the shop exposes or the admin uploads). */
export const shopProducts = sqliteTable(
  "shop_products",
  {
    shopId: text("shop_id")
      .notNull()
      .references(() => shops.id),
    sku: text("sku").notNull(),
    name: text("name").notNull(),
    price: integer("price").notNull(),
    url: text("url"),
    imageUrl: text("image_url"),
    active: integer("active", { mode: "boolean" }).notNull().default(true),
    updatedAt: integer("updated_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [uniqueIndex("shop_products_pk").on(t.shopId, t.sku)],
);

/**
 * An online order as the shop tells it: created → paid → fulfilled, or cancelled / refunded.
 * Unique per (shop, the shop's order id): a repeat changes nothing. The coupon it used is
 * reserved on create and redeemed on payment; its points are taken on create and given back on
 * cancel; the purchase (points earned, reports) is written when paid.
 */
export const onlineOrders = sqliteTable(
  "online_orders",
  {
    id: text("id").primaryKey(),
    shopId: text("shop_id")
      .notNull()
      .references(() => shops.id),
    externalId: text("external_id").notNull(),
    state: text("state", { enum: ["created", "paid", "fulfilled", "cancelled", "refunded"] }).notNull(),
    /** The member (known, or a guest made for a LINE user id); null: an unknown customer. */
    memberId: text("member_id").references(() => members.id),
    /** An unknown customer's verified phone (E.164): merged with proof later, like store sales. */
    customerPhone: text("customer_phone"),
    lines: text("lines", { mode: "json" }).$type<OnlineOrderLineJson[]>().notNull(),
    /** What the lines cost, before coupon and points. */
    subtotal: integer("subtotal").notNull(),
    couponCode: text("coupon_code"),
    couponId: text("coupon_id").references(() => coupons.id),
    couponDiscount: integer("coupon_discount").notNull().default(0),
    pointsUsed: integer("points_used").notNull().default(0),
    /** What the customer pays: subtotal − coupon − points (+ shipping, which earns nothing). */
    total: integer("total").notNull(),
    shipping: integer("shipping").notNull().default(0),
    /** 線上買門市取: the store it is picked up at. */
    pickupStoreId: text("pickup_store_id").references(() => stores.id),
    pickupState: text("pickup_state", { enum: ["waiting", "preparing", "ready", "picked_up"] }),
    readyAt: integer("ready_at", { mode: "timestamp_ms" }),
    pickedUpAt: integer("picked_up_at", { mode: "timestamp_ms" }),
    pickedUpBy: text("picked_up_by"),
    /** Who gets the credit, and why: a staff link used for this order, the referrer, the store. */
    attributedStaffId: text("attributed_staff_id").references(() => staff.id),
    attributedStoreId: text("attributed_store_id").references(() => stores.id),
    attribution: text("attribution", { enum: ["link", "referrer", "store", "none"] }).notNull(),
    staffLinkId: text("staff_link_id"),
    purchaseId: text("purchase_id"),
    refundedAmount: integer("refunded_amount").notNull().default(0),
    paidAt: integer("paid_at", { mode: "timestamp_ms" }),
    cancelledAt: integer("cancelled_at", { mode: "timestamp_ms" }),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
    updatedAt: integer("updated_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [
    uniqueIndex("online_orders_shop_ext_uq").on(t.shopId, t.externalId),
    index("online_orders_member_idx").on(t.memberId, t.createdAt),
    index("online_orders_pickup_idx").on(t.pickupStoreId, t.pickupState),
  ],
);

/**
 * 線上推廣連結 / 代加入購物車: a staff member's link to a page of the shop, or a cart they filled
 * for a customer. The attribution token the shop passes back on the order is `<id>.<signature>`.
 */
export const staffLinks = sqliteTable(
  "staff_links",
  {
    id: text("id").primaryKey(),
    shopId: text("shop_id")
      .notNull()
      .references(() => shops.id),
    staffId: text("staff_id")
      .notNull()
      .references(() => staff.id),
    kind: text("kind", { enum: ["page", "cart"] }).notNull(),
    targetUrl: text("target_url").notNull(),
    items: text("items", { mode: "json" }).$type<StaffCartItemJson[]>(),
    /** A cart sent to one member in LINE. */
    sentToMemberId: text("sent_to_member_id").references(() => members.id),
    expiresAt: integer("expires_at", { mode: "timestamp_ms" }).notNull(),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [index("staff_links_staff_idx").on(t.staffId, t.createdAt)],
);

/**
 * 轉贈: a member gives an unused, transferable coupon to a LINE friend. The link carries a token
 * whose hash is kept; accepting moves the coupon in one conditional update, once.
 */
export const couponGifts = sqliteTable(
  "coupon_gifts",
  {
    id: text("id").primaryKey(),
    couponId: text("coupon_id")
      .notNull()
      .references(() => coupons.id),
    fromMemberId: text("from_member_id")
      .notNull()
      .references(() => members.id),
    tokenHash: text("token_hash").notNull(),
    state: text("state", { enum: ["pending", "accepted", "cancelled", "expired"] }).notNull(),
    toMemberId: text("to_member_id").references(() => members.id),
    expiresAt: integer("expires_at", { mode: "timestamp_ms" }).notNull(),
    acceptedAt: integer("accepted_at", { mode: "timestamp_ms" }),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [
    uniqueIndex("coupon_gifts_token_uq").on(t.tokenHash),
    // One open gift per coupon at a time.
    uniqueIndex("coupon_gifts_open_uq").on(t.couponId).where(sql`state = 'pending'`),
  ],
);

/** Webhook deliveries a connector took (Shopify's `X-Shopify-Webhook-Id`): a replay is answered, not done again. */
export const shopWebhooks = sqliteTable("shop_webhooks", {
  webhookId: text("webhook_id").primaryKey(),
  shopId: text("shop_id")
    .notNull()
    .references(() => shops.id),
  topic: text("topic").notNull(),
  receivedAt: integer("received_at", { mode: "timestamp_ms" }).notNull(),
});
