import { and, eq, inArray, type SQL, sql } from "drizzle-orm";
import type { Db } from "../../../../db/client";
import {
  liveBuyers,
  liveComments,
  liveLines,
  liveOrders,
  liveSales,
  liveVariants,
  members,
} from "../../../../db/schema";
import type { AppDeps } from "../../deps";
import { AppError } from "../../lib/errors";
import { type OrderLine, type ParseResult, parseComment } from "./parser";
import type { SaleCatalogue, SaleProduct, SaleRow } from "./sales";
import { saleCatalogue } from "./sales";

type BatchArg = Parameters<Db["batch"]>[0];

/** A comment as it arrives: from the ingestion API, or from LINE (platform `line`). */
export interface CommentInput {
  platform: string;
  commentId: string;
  userId: string;
  userName: string;
  text: string;
  postedAt: Date;
}

export type Outcome = "ordered" | "waitlisted" | "cancelled" | "ignored" | "rejected" | "duplicate" | "ask";

export interface ResultItem {
  code: string;
  variant?: string;
  qty: number;
  /** What happened to this item: reserved | waitlisted | cancelled | rejected. */
  status: "reserved" | "waitlisted" | "cancelled" | "rejected";
  reason?: string;
}

export interface CommentResult {
  commentId: string;
  outcome: Outcome;
  items: ResultItem[];
  reason?: string;
  /** For an `ask`: the variants to choose from, when that is the question. */
  choices?: string[];
  /** Internal: the stored comment row, buyer and cart (absent for a duplicate). */
  commentRowId?: string;
  buyerId?: string;
  orderId?: string;
}

export interface IngestOptions {
  origin: "api" | "line_chat" | "line_group";
  /** The LINE chat (user or group id) the comment was typed in. */
  chatId?: string | null;
}

export interface IngestReport {
  results: CommentResult[];
  /** Waitlisted lines that cancels in this batch promoted to reserved. */
  promoted: Array<{ lineId: string; orderId: string }>;
}

/** Lines a comment asks for, resolved to stock units, in comment order. */
interface PlannedLine {
  lineId: string;
  product: SaleProduct;
  /** The stock unit, or null for a cancel of a product with variants and none named. */
  variantId: string | null;
  variantName: string | null;
  quantity: number;
}

const REJECT_REASON: Record<string, string> = {
  UNKNOWN_CODE: "UNKNOWN_CODE",
  UNKNOWN_VARIANT: "UNKNOWN_VARIANT",
  QUANTITY_TOO_LARGE: "QUANTITY_TOO_LARGE",
};

const key = (platform: string, userId: string) => `${platform}\u0000${userId}`;

/**
 * Applies a batch of comments to an open sale, in order, in one database transaction:
 * every comment is stored once (a repeated comment id is a `duplicate`), and every order line is
 * one INSERT … SELECT whose CASE decides reserved / waitlisted / over-limit from the rows as they
 * are at that moment; the triggers move the stock counters in the same statement and a CHECK
 * refuses an oversell. JavaScript only parses and reads the decisions back.
 */
export async function ingestComments(
  deps: AppDeps,
  sale: SaleRow,
  comments: CommentInput[],
  opts: IngestOptions,
): Promise<IngestReport> {
  if (sale.status !== "open") {
    throw new AppError(
      "SALE_NOT_OPEN",
      "This sale is not open for orders. 此銷售目前不接受喊單。",
      { status: sale.status },
      409,
    );
  }
  const { db, ids, clock } = deps;
  const now = clock.now();
  const catalogue = await saleCatalogue(db, sale);

  // 1. Parse (pure) and plan.
  const parsed = comments.map((c) => parseComment(c.text, catalogue.compiled));
  const planned: PlannedLine[][] = parsed.map((p) =>
    p.kind === "order" ? planLines(ids, catalogue, p.lines) : [],
  );

  // 2. Buyers and carts (idempotent upserts; they move no stock).
  const buyerIds = await upsertBuyers(deps, comments, now);
  const cartBuyers = new Set<string>();
  comments.forEach((c, i) => {
    if ((planned[i]?.length ?? 0) > 0) cartBuyers.add(buyerIds.get(key(c.platform, c.userId)) ?? "");
  });
  const orderIds = await upsertOrders(deps, sale, [...cartBuyers], now);

  // 3. One transaction: sequence numbers, comment rows, then each line's decision.
  const n = comments.length;
  const rowIds = comments.map(() => ids.id("lcm"));
  const statements: unknown[] = [
    db
      .update(liveSales)
      .set({ nextSeq: sql`${liveSales.nextSeq} + ${n}` })
      .where(eq(liveSales.id, sale.id)),
  ];
  const commentRows = comments.map((c, i) => {
    const p = parsed[i] as ParseResult;
    const pre = preDecided(p, planned[i] ?? []);
    return {
      id: rowIds[i] as string,
      saleId: sale.id,
      platform: c.platform,
      commentId: c.commentId,
      buyerId: buyerIds.get(key(c.platform, c.userId)) as string,
      text: c.text,
      kind: p.kind,
      outcome: pre?.outcome ?? null,
      reason: pre?.reason ?? null,
      detail: p.kind === "order" && p.rejected.length === 0 ? null : JSON.stringify(p),
      origin: opts.origin,
      chatId: opts.chatId ?? null,
      seq: sql`(SELECT ${liveSales.nextSeq} FROM ${liveSales} WHERE ${liveSales.id} = ${sale.id}) - ${n - i}`,
      postedAt: c.postedAt,
      receivedAt: now,
    };
  });
  const perRow = Math.max(1, Math.floor(deps.dbLimits.maxParams / 17));
  for (let i = 0; i < commentRows.length; i += perRow) {
    statements.push(
      db
        .insert(liveComments)
        .values(commentRows.slice(i, i + perRow))
        .onConflictDoNothing(),
    );
  }
  const promotions: number[] = [];
  comments.forEach((c, i) => {
    const lines = planned[i] ?? [];
    if (lines.length === 0) return;
    const orderId = orderIds.get(buyerIds.get(key(c.platform, c.userId)) as string) as string;
    let cancels = false;
    for (const line of lines) {
      if (line.quantity > 0)
        statements.push(orderLine(deps, sale.id, orderId, rowIds[i] as string, line, now));
      else {
        statements.push(...cancelLine(deps, sale.id, orderId, rowIds[i] as string, line, now));
        cancels = true;
      }
    }
    if (cancels) {
      promotions.push(statements.length);
      statements.push(promoteQuery(db, sale.id, now));
    }
  });
  const out = (await db.batch(statements as unknown as BatchArg)) as unknown as unknown[];
  const promoted = promotions.flatMap((at) => out[at] as Array<{ lineId: string; orderId: string }>);

  // 4. Read the decisions back.
  const stored = new Set<string>();
  const linesByComment = new Map<string, Array<typeof liveLines.$inferSelect>>();
  const per = Math.max(1, deps.dbLimits.maxParams - 2);
  for (let i = 0; i < rowIds.length; i += per) {
    const chunk = rowIds.slice(i, i + per);
    const rows = await db
      .select({ id: liveComments.id })
      .from(liveComments)
      .where(inArray(liveComments.id, chunk));
    for (const r of rows) stored.add(r.id);
    const lines = await db.select().from(liveLines).where(inArray(liveLines.commentRowId, chunk));
    for (const l of lines) {
      const list = linesByComment.get(l.commentRowId) ?? [];
      list.push(l);
      linesByComment.set(l.commentRowId, list);
    }
  }
  const results = comments.map((c, i): CommentResult => {
    const rowId = rowIds[i] as string;
    if (!stored.has(rowId)) return { commentId: c.commentId, outcome: "duplicate", items: [] };
    const buyerId = buyerIds.get(key(c.platform, c.userId)) as string;
    const base = { commentId: c.commentId, commentRowId: rowId, buyerId, orderId: orderIds.get(buyerId) };
    return {
      ...base,
      ...describe(parsed[i] as ParseResult, planned[i] ?? [], linesByComment.get(rowId) ?? []),
    };
  });
  return { results, promoted };
}

function planLines(ids: AppDeps["ids"], catalogue: SaleCatalogue, lines: OrderLine[]): PlannedLine[] {
  const out: PlannedLine[] = [];
  for (const l of lines) {
    const product = catalogue.byCode.get(l.code);
    if (!product) continue; // the parser only returns catalogue codes
    const plain = product.variants.length === 1 && product.variants[0]?.name === null;
    const unit = l.variantId
      ? product.variants.find((v) => v.id === l.variantId)
      : plain
        ? product.variants[0]
        : undefined;
    if (!unit && l.quantity > 0) continue; // the parser asks instead of ordering an unnamed variant
    out.push({
      lineId: ids.id("lln"),
      product,
      variantId: unit?.id ?? null,
      variantName: unit?.name ?? null,
      quantity: l.quantity,
    });
  }
  return out;
}

/** Outcomes known without the database: not an order, a question to ask, or nothing usable. */
function preDecided(p: ParseResult, lines: PlannedLine[]): { outcome: Outcome; reason: string } | undefined {
  if (p.kind === "none") return { outcome: "ignored", reason: p.why };
  if (p.kind === "ambiguous") return { outcome: "ask", reason: p.reason };
  if (lines.length === 0) {
    const first = p.rejected[0];
    return {
      outcome: "rejected",
      reason: first ? (REJECT_REASON[first.reason] ?? first.reason) : "NO_ORDER",
    };
  }
  return undefined;
}

const heldBy = (orderId: string, productId: string, variantId: string | null): SQL =>
  sql`(SELECT coalesce(sum(${liveLines.qty}), 0) FROM ${liveLines} WHERE ${liveLines.orderId} = ${orderId} AND ${liveLines.productId} = ${productId}${
    variantId ? sql` AND ${liveLines.variantId} = ${variantId}` : sql``
  } AND ${liveLines.status} IN ('reserved', 'waitlisted'))`;

/**
 * One order line: INSERT … SELECT whose CASE is the decision, made on the rows as they are when
 * the statement runs: the cart must be open, the buyer's held quantity plus this one within the
 * product's limit, and the unit's free stock enough with nobody waiting ahead; else the waitlist.
 */
function orderLine(
  deps: AppDeps,
  saleId: string,
  orderId: string,
  rowId: string,
  line: PlannedLine,
  now: Date,
) {
  const { db } = deps;
  const q = line.quantity;
  const limit = line.product.perBuyerLimit;
  const d = sql`(SELECT CASE
      WHEN (SELECT ${liveOrders.status} FROM ${liveOrders} WHERE ${liveOrders.id} = ${orderId}) <> 'cart' THEN 'rejected:ORDER_CLOSED'
      ${limit === null ? sql`` : sql`WHEN ${heldBy(orderId, line.product.id, null)} + ${q} > ${limit} THEN 'rejected:OVER_LIMIT'`}
      WHEN ${liveVariants.waitlisted} > 0 THEN 'waitlisted:QUEUED'
      WHEN ${liveVariants.stock} - ${liveVariants.reserved} >= ${q} THEN 'reserved'
      ELSE 'waitlisted:SOLD_OUT' END AS d, ${liveComments.seq} AS seq
    FROM ${liveComments}, ${liveVariants}
    WHERE ${liveComments.id} = ${rowId} AND ${liveVariants.id} = ${line.variantId}) AS x`;
  const decision = sql`(CASE WHEN instr(x.d, ':') > 0 THEN substr(x.d, 1, instr(x.d, ':') - 1) ELSE x.d END)`;
  return db.insert(liveLines).select(
    db
      .select({
        id: sql`${line.lineId}`.as("id"),
        saleId: sql`${saleId}`.as("sale_id"),
        orderId: sql`${orderId}`.as("order_id"),
        commentRowId: sql`${rowId}`.as("comment_row_id"),
        productId: sql`${line.product.id}`.as("product_id"),
        variantId: sql`${line.variantId}`.as("variant_id"),
        decision: sql`${decision}`.as("decision"),
        reason: sql`(CASE WHEN instr(x.d, ':') > 0 THEN substr(x.d, instr(x.d, ':') + 1) END)`.as("reason"),
        status: sql`${decision}`.as("status"),
        requested: sql`${q}`.as("requested"),
        qty: sql`(CASE WHEN x.d LIKE 'rejected%' THEN 0 ELSE ${q} END)`.as("qty"),
        seq: sql`x.seq`.as("seq"),
        createdAt: sql`${now.getTime()}`.as("created_at"),
        promotedAt: sql`NULL`.as("promoted_at"),
      })
      .from(d),
  );
}

/**
 * A cancel (`A-1`): a record line (decision `cancel`, or `rejected` when the cart holds none of it
 * or is already checked out), then one unit at a time off the buyer's newest lines, waitlisted
 * before reserved, each only if the record line says `cancel`.
 */
function cancelLine(
  deps: AppDeps,
  saleId: string,
  orderId: string,
  rowId: string,
  line: PlannedLine,
  now: Date,
) {
  const { db } = deps;
  const units = -line.quantity;
  const held = heldBy(orderId, line.product.id, line.variantId);
  const recordVariant = line.variantId ?? line.product.variants[0]?.id ?? "";
  const d = sql`(SELECT CASE
      WHEN (SELECT ${liveOrders.status} FROM ${liveOrders} WHERE ${liveOrders.id} = ${orderId}) <> 'cart' THEN 'rejected:ORDER_CLOSED'
      WHEN ${held} = 0 THEN 'rejected:NOTHING_TO_CANCEL'
      ELSE 'cancel' END AS d, ${liveComments.seq} AS seq
    FROM ${liveComments} WHERE ${liveComments.id} = ${rowId}) AS x`;
  const record = db.insert(liveLines).select(
    db
      .select({
        id: sql`${line.lineId}`.as("id"),
        saleId: sql`${saleId}`.as("sale_id"),
        orderId: sql`${orderId}`.as("order_id"),
        commentRowId: sql`${rowId}`.as("comment_row_id"),
        productId: sql`${line.product.id}`.as("product_id"),
        variantId: sql`${recordVariant}`.as("variant_id"),
        decision: sql`(CASE WHEN x.d = 'cancel' THEN 'cancel' ELSE 'rejected' END)`.as("decision"),
        reason: sql`(CASE WHEN x.d = 'cancel' THEN NULL ELSE substr(x.d, 10) END)`.as("reason"),
        status: sql`(CASE WHEN x.d = 'cancel' THEN 'cancelled' ELSE 'rejected' END)`.as("status"),
        requested: sql`${line.quantity}`.as("requested"),
        qty: sql`0`.as("qty"),
        seq: sql`x.seq`.as("seq"),
        createdAt: sql`${now.getTime()}`.as("created_at"),
        promotedAt: sql`NULL`.as("promoted_at"),
      })
      .from(d),
  );
  const target = sql`(SELECT l.id FROM ${liveLines} l WHERE l.order_id = ${orderId} AND l.product_id = ${line.product.id}${
    line.variantId ? sql` AND l.variant_id = ${line.variantId}` : sql``
  } AND l.status IN ('reserved', 'waitlisted') ORDER BY (l.status = 'waitlisted') DESC, l.seq DESC, l.id DESC LIMIT 1)`;
  const statements: unknown[] = [record];
  for (let u = 0; u < units; u++) {
    statements.push(
      db
        .update(liveLines)
        .set({
          qty: sql`${liveLines.qty} - 1`,
          status: sql`CASE WHEN ${liveLines.qty} = 1 THEN 'cancelled' ELSE ${liveLines.status} END`,
        })
        .where(
          and(
            sql`${liveLines.id} = ${target}`,
            sql`EXISTS (SELECT 1 FROM ${liveLines} r WHERE r.id = ${line.lineId} AND r.decision = 'cancel')`,
          ),
        ),
    );
  }
  return statements;
}

/**
 * Promotes waitlisted lines to reserved wherever stock is free, strictly in comment order per
 * stock unit: a running sum over the queue, and every line whose running sum fits is promoted in
 * this one statement (the triggers move the counters). Only carts still open are promoted.
 */
export function promoteQuery(db: Db, saleId: string, now: Date) {
  return db
    .update(liveLines)
    .set({ status: "reserved", promotedAt: now })
    .where(
      sql`${liveLines.id} IN (SELECT id FROM (
          SELECT l.id AS id,
                 sum(l.qty) OVER (PARTITION BY l.variant_id ORDER BY l.seq, l.id) AS run,
                 v.stock - v.reserved AS free
          FROM ${liveLines} l
          JOIN ${liveVariants} v ON v.id = l.variant_id
          JOIN ${liveOrders} o ON o.id = l.order_id
          WHERE l.sale_id = ${saleId} AND l.status = 'waitlisted' AND o.status = 'cart'
        ) WHERE run <= free)`,
    )
    .returning({ lineId: liveLines.id, orderId: liveLines.orderId });
}

function describe(
  p: ParseResult,
  planned: PlannedLine[],
  rows: Array<typeof liveLines.$inferSelect>,
): Omit<CommentResult, "commentId"> {
  if (p.kind === "none") return { outcome: "ignored", items: [], reason: p.why };
  if (p.kind === "ambiguous") {
    const choices = p.candidates?.map((c) => c.words.join(" "));
    return { outcome: "ask", items: [], reason: p.reason, ...(choices?.length ? { choices } : {}) };
  }
  const byId = new Map(rows.map((r) => [r.id, r]));
  const items: ResultItem[] = [];
  for (const l of planned) {
    const row = byId.get(l.lineId);
    if (!row) continue;
    const status: ResultItem["status"] =
      row.decision === "cancel" ? "cancelled" : row.decision === "rejected" ? "rejected" : row.decision;
    items.push({
      code: l.product.code,
      ...(l.variantName ? { variant: l.variantName } : {}),
      qty: l.quantity,
      status,
      ...(row.reason ? { reason: row.reason } : {}),
    });
  }
  for (const r of p.rejected) {
    items.push({
      code: r.code ?? "",
      ...(r.words?.length ? { variant: r.words.join(" ") } : {}),
      qty: r.quantity ?? 0,
      status: "rejected",
      reason: REJECT_REASON[r.reason] ?? r.reason,
    });
  }
  const has = (s: ResultItem["status"]) => items.some((i) => i.status === s);
  const outcome: Outcome = has("reserved")
    ? "ordered"
    : has("waitlisted")
      ? "waitlisted"
      : has("cancelled")
        ? "cancelled"
        : "rejected";
  const rejected = items.filter((i) => i.status === "rejected");
  const reason =
    outcome === "waitlisted"
      ? items.find((i) => i.status === "waitlisted")?.reason
      : rejected.length > 0
        ? rejected.map((i) => i.reason).join(",")
        : undefined;
  return { outcome, items, ...(reason ? { reason } : {}) };
}

async function upsertBuyers(
  deps: AppDeps,
  comments: CommentInput[],
  now: Date,
): Promise<Map<string, string>> {
  const { db, ids } = deps;
  const unique = new Map<string, CommentInput>();
  for (const c of comments) unique.set(key(c.platform, c.userId), c);
  const rows = [...unique.values()].map((c) => ({
    id: ids.id("lby"),
    platform: c.platform,
    externalUserId: c.userId,
    displayName: c.userName,
    lineUserId: c.platform === "line" ? c.userId : null,
    createdAt: now,
  }));
  const out = new Map<string, string>();
  const per = Math.max(1, Math.floor(deps.dbLimits.maxParams / 6));
  for (let i = 0; i < rows.length; i += per) {
    const got = await db
      .insert(liveBuyers)
      .values(rows.slice(i, i + per))
      .onConflictDoUpdate({
        target: [liveBuyers.platform, liveBuyers.externalUserId],
        set: {
          displayName: sql`CASE WHEN excluded.display_name <> '' THEN excluded.display_name ELSE ${liveBuyers.displayName} END`,
        },
      })
      .returning({ id: liveBuyers.id, platform: liveBuyers.platform, userId: liveBuyers.externalUserId });
    for (const r of got) out.set(key(r.platform, r.userId), r.id);
  }
  return out;
}

/**
 * One cart per buyer per sale; an expired cart reopens when its buyer orders again. New carts of
 * LINE buyers who are members are attributed to the member's home store and referrer staff.
 */
async function upsertOrders(
  deps: AppDeps,
  sale: SaleRow,
  buyerIds: string[],
  now: Date,
): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  if (buyerIds.length === 0) return out;
  const { db, ids } = deps;
  const expiresAt = new Date(now.getTime() + sale.holdMinutes * 60_000);
  const per = Math.max(1, Math.floor(deps.dbLimits.maxParams / 6));
  for (let i = 0; i < buyerIds.length; i += per) {
    const rows = buyerIds.slice(i, i + per).map((buyerId) => ({
      id: ids.id("ord"),
      saleId: sale.id,
      buyerId,
      status: "cart" as const,
      expiresAt,
      createdAt: now,
    }));
    const got = await db
      .insert(liveOrders)
      .values(rows)
      .onConflictDoUpdate({
        target: [liveOrders.saleId, liveOrders.buyerId],
        set: {
          status: sql`CASE WHEN ${liveOrders.status} = 'expired' THEN 'cart' ELSE ${liveOrders.status} END`,
          expiresAt: sql`CASE WHEN ${liveOrders.status} = 'expired' THEN excluded.expires_at ELSE ${liveOrders.expiresAt} END`,
          remindedAt: sql`CASE WHEN ${liveOrders.status} = 'expired' THEN NULL ELSE ${liveOrders.remindedAt} END`,
        },
      })
      .returning({ id: liveOrders.id, buyerId: liveOrders.buyerId });
    for (const r of got) out.set(r.buyerId, r.id);
  }
  await attributeOrders(db, sale.id);
  return out;
}

/** Fills member and attribution on this sale's carts of LINE buyers that are members. */
export async function attributeOrders(db: Db, saleId: string): Promise<void> {
  const member = (col: SQL) =>
    sql`(SELECT ${col} FROM ${members} WHERE ${members.lineUserId} = (SELECT ${liveBuyers.lineUserId} FROM ${liveBuyers} WHERE ${liveBuyers.id} = ${liveOrders.buyerId}) AND ${members.deletedAt} IS NULL)`;
  await db
    .update(liveOrders)
    .set({
      memberId: member(sql`${members.id}`),
      attributedStoreId: member(sql`${members.homeStoreId}`),
      attributedStaffId: member(sql`${members.referrerStaffId}`),
    })
    .where(
      and(
        eq(liveOrders.saleId, saleId),
        sql`${liveOrders.memberId} IS NULL`,
        sql`EXISTS (SELECT 1 FROM ${liveBuyers} b JOIN ${members} m ON m.line_user_id = b.line_user_id WHERE b.id = ${liveOrders.buyerId} AND m.deleted_at IS NULL)`,
      ),
    );
}
