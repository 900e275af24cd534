import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { timestampNow } from "./columns";
import type { BroadcastHoldJson, LineMessageJson, Rule } from "./json";
import { members } from "./members";

/**
 * 分眾: a saved segment, a rule (worker/src/features/marketing/rule.ts) over members evaluated in
 * SQL whenever it is counted, listed or broadcast to; nothing of its membership is stored.
 */
export const segments = sqliteTable(
  "segments",
  {
    id: text("id").primaryKey(),
    name: text("name").notNull(),
    /** JSON of the Rule. */
    rule: text("rule", { mode: "json" }).$type<Rule>().notNull(),
    /** The count when last evaluated (saved, listed or counted), with when. */
    lastCount: integer("last_count"),
    countedAt: integer("counted_at", { mode: "timestamp_ms" }),
    createdAt: timestampNow("created_at"),
    updatedAt: timestampNow("updated_at"),
  },
  (t) => [uniqueIndex("segments_name_uq").on(t.name)],
);

/**
 * 規則標籤: a tag the brand defines by a rule; the sweep keeps `member_tags` rows with source
 * `rule:<id>` equal to the rule's members (added when they match, removed when they stop).
 */
export const tagRules = sqliteTable(
  "tag_rules",
  {
    id: text("id").primaryKey(),
    tag: text("tag").notNull(),
    /** JSON of the Rule. */
    rule: text("rule", { mode: "json" }).$type<Rule>().notNull(),
    enabled: integer("enabled", { mode: "boolean" }).notNull().default(true),
    lastRunAt: integer("last_run_at", { mode: "timestamp_ms" }),
    lastCount: integer("last_count"),
    createdAt: timestampNow("created_at"),
    updatedAt: timestampNow("updated_at"),
  },
  (t) => [uniqueIndex("tag_rules_tag_uq").on(t.tag)],
);

/**
 * RFM(+I) per member, recomputed by the daily sweep and on demand: the values behind each score
 * (so a member shows why) and the 1–5 quintile scores; `rfmGroup` null = never bought.
 */
export const memberScores = sqliteTable(
  "member_scores",
  {
    memberId: text("member_id")
      .primaryKey()
      .references(() => members.id),
    /** Days since the last purchase (any channel); null = none in the scoring window. */
    recencyDays: integer("recency_days"),
    /** Purchases (store, online, paid live) in the scoring window. */
    frequency: integer("frequency").notNull(),
    /** Net spend (paid − refunded) in the scoring window, minor units. */
    monetary: integer("monetary").notNull(),
    /** Chat messages, live comments and LIFF visit days in the interaction window. */
    interactions: integer("interactions").notNull(),
    r: integer("r").notNull(),
    f: integer("f").notNull(),
    m: integer("m").notNull(),
    i: integer("i").notNull(),
    rfmGroup: text("rfm_group"),
    computedAt: integer("computed_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [index("member_scores_group_idx").on(t.rfmGroup)],
);

/** A day a member opened a LIFF page: one row per (member, day in the brand's zone), for the I of RFM(+I). */
export const memberVisits = sqliteTable(
  "member_visits",
  {
    memberId: text("member_id")
      .notNull()
      .references(() => members.id),
    /** YYYY-MM-DD in the brand's time zone. */
    day: text("day").notNull(),
    at: integer("at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.memberId, t.day] }), index("member_visits_at_idx").on(t.at)],
);

/**
 * 商品明細: what a purchase was of (POS lines, a live order's products), for "bought X" segments.
 * `sku` is the catalogue SKU, or `live:<liveProductId>` for a live product without one.
 */
export const purchaseItems = sqliteTable(
  "purchase_items",
  {
    purchaseId: text("purchase_id").notNull(),
    line: integer("line").notNull(),
    memberId: text("member_id"),
    sku: text("sku").notNull(),
    name: text("name").notNull(),
    quantity: integer("quantity").notNull(),
    price: integer("price").notNull(),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.purchaseId, t.line] }),
    index("purchase_items_sku_idx").on(t.sku, t.memberId, t.createdAt),
  ],
);

/**
 * 群發: a message to a segment through multicast. Recipients are fixed when it is created (the
 * rule evaluated once, the holdout drawn then: `broadcast_members`); sending makes one outbox row
 * per 500 recipients (`broadcast_chunks`), each with its retry key for life.
 */
export const broadcasts = sqliteTable(
  "broadcasts",
  {
    id: text("id").primaryKey(),
    name: text("name").notNull(),
    state: text("state", { enum: ["draft", "scheduled", "sending", "sent", "cancelled", "failed"] })
      .notNull()
      .default("draft"),
    segmentId: text("segment_id"),
    /** JSON of the Rule as it was when the broadcast was created. */
    rule: text("rule", { mode: "json" }).$type<Rule>().notNull(),
    /** JSON array of LINE message objects (text may carry {displayName} / {name} variables). */
    messages: text("messages", { mode: "json" }).$type<LineMessageJson[]>().notNull(),
    holdoutPercent: integer("holdout_percent").notNull(),
    attributionDays: integer("attribution_days").notNull(),
    /** A coupon template every recipient can claim once (a button in the message). */
    couponTemplateId: text("coupon_template_id"),
    /** LINE's unit-based statistics name, when the channel has them (a setting). */
    aggregationUnit: text("aggregation_unit"),
    scheduledAt: integer("scheduled_at", { mode: "timestamp_ms" }),
    /**
     * When the send is to start: `scheduledAt` (or the moment it was asked for), moved out of the
     * quiet hours; the sweep starts it once due.
     */
    startsAt: integer("starts_at", { mode: "timestamp_ms" }),
    /** The admin confirmed a send beyond the month's remaining quota. */
    overQuotaConfirmedAt: integer("over_quota_confirmed_at", { mode: "timestamp_ms" }),
    /** Eligible members when created (following, consenting), and how they were split. */
    eligible: integer("eligible").notNull(),
    recipients: integer("recipients").notNull(),
    holdout: integer("holdout").notNull(),
    /** Set when sending starts: recipients left out by the frequency cap or since created. */
    capped: integer("capped").notNull().default(0),
    excluded: integer("excluded").notNull().default(0),
    chunks: integer("chunks").notNull().default(0),
    /** When the send started (chunks planned): the attribution window opens here. */
    startedAt: integer("started_at", { mode: "timestamp_ms" }),
    /**
     * The planning run that started the send: it guards the planning batch (only the run that
     * moved the state plans), and the chunks' retry keys are derived from it.
     */
    planId: text("plan_id"),
    finishedAt: integer("finished_at", { mode: "timestamp_ms" }),
    cancelledAt: integer("cancelled_at", { mode: "timestamp_ms" }),
    /** Why it went back to draft when due (the quota, re-read then); null once sent again. */
    heldBack: text("last_error", { mode: "json" }).$type<BroadcastHoldJson>(),
    createdAt: timestampNow("created_at"),
    updatedAt: timestampNow("updated_at"),
  },
  (t) => [index("broadcasts_state_idx").on(t.state, t.scheduledAt)],
);

/**
 * Who a broadcast is for, one row per (broadcast, member), decided once: `recipient` or
 * `holdout` at creation; when sending starts a recipient may become `capped` (frequency cap) or
 * `excluded` (blocked the OA or withdrew consent since). `chunk` is set for those sent to.
 */
export const broadcastMembers = sqliteTable(
  "broadcast_members",
  {
    broadcastId: text("broadcast_id")
      .notNull()
      .references(() => broadcasts.id),
    memberId: text("member_id")
      .notNull()
      .references(() => members.id),
    lineUserId: text("line_user_id").notNull(),
    role: text("role", { enum: ["recipient", "holdout", "capped", "excluded"] }).notNull(),
    chunk: integer("chunk"),
    /** When it was planned into a chunk: what the frequency cap counts. */
    plannedAt: integer("planned_at", { mode: "timestamp_ms" }),
  },
  (t) => [
    primaryKey({ columns: [t.broadcastId, t.memberId] }),
    index("broadcast_members_chunk_idx").on(t.broadcastId, t.chunk),
    index("broadcast_members_member_idx").on(t.memberId, t.plannedAt),
  ],
);

/** One multicast call of a broadcast: ≤ 500 recipients, its outbox row (and so its retry key). */
export const broadcastChunks = sqliteTable(
  "broadcast_chunks",
  {
    broadcastId: text("broadcast_id")
      .notNull()
      .references(() => broadcasts.id),
    chunk: integer("chunk").notNull(),
    outboxId: text("outbox_id").notNull(),
    size: integer("size").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.broadcastId, t.chunk] }),
    uniqueIndex("broadcast_chunks_outbox_uq").on(t.outboxId),
  ],
);
