import { inArray } from "drizzle-orm";
import { liveComments, liveLines } from "../../../../db/schema";
import type { AppDeps } from "../../deps";
import { AppError, say } from "../../lib/errors";
import { runBatch } from "../../lib/sql-batch";
import { ASK_WHICH, heldVariantNames, isAskWhich } from "./cancel-ask";
import { type OrderLine, type ParseResult, parseComment } from "./parser";
import type { SaleCatalogue, SaleProduct, SaleRow } from "./sales";
import { saleCatalogue } from "./sales";
import { markNewCarts } from "./second-order";
import {
  attributeOrders,
  buyerUpserts,
  type CommentRow,
  cancelStatements,
  commentInserts,
  orderLineStatement,
  orderUpserts,
  promoteStatement,
  takeSequence,
} from "./statements";

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
  /** The buyer had already checked out an order in this sale: these items are in a new cart. */
  newCart?: boolean;
}

export interface IngestOptions {
  origin: "api" | "line_chat" | "line_group";
  /** The LINE chat (user or group id) the comment was typed in. */
  chatId?: string | null;
}

export interface IngestReport {
  results: CommentResult[];
  /** Waitlisted lines that cancels in this batch promoted to reserved. */
  promoted: Promoted[];
}

/** A waitlisted line promoted to reserved (column names: the same rows on every host). */
export interface Promoted {
  id: string;
  order_id: string;
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
      say("此銷售目前不接受喊單。", "This sale is not open for orders."),
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
  const { ids: buyerIds, onLine } = await upsertBuyers(deps, comments, now);
  const cartBuyers = new Set<string>();
  comments.forEach((c, i) => {
    if ((planned[i]?.length ?? 0) > 0) cartBuyers.add(buyerIds.get(key(c.platform, c.userId)) ?? "");
  });
  const orderIds = await upsertOrders(
    deps,
    sale,
    [...cartBuyers],
    [...cartBuyers].some((b) => onLine.has(b)),
    now,
  );

  // 3. One transaction: sequence numbers, comment rows, then each line's decision.
  const n = comments.length;
  const rowIds = comments.map(() => ids.id("lcm"));
  const statements: unknown[] = [takeSequence(db, sale.id, n)];
  const commentRows: CommentRow[] = comments.map((c, i) => {
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
      seq: n - i,
      postedAt: c.postedAt.getTime(),
      receivedAt: now.getTime(),
    };
  });
  statements.push(...commentInserts(deps, sale.id, commentRows));
  const promotions: number[] = [];
  comments.forEach((c, i) => {
    const lines = planned[i] ?? [];
    if (lines.length === 0) return;
    const order = orderIds.get(buyerIds.get(key(c.platform, c.userId)) as string) as string;
    const base = { sale: sale.id, order, comment: rowIds[i] as string, now: now.getTime() };
    const released = new Set<string>();
    for (const line of lines) {
      const product = line.product;
      if (line.quantity > 0) {
        statements.push(
          orderLineStatement(deps, {
            ...base,
            line: line.lineId,
            product: product.id,
            variant: line.variantId as string,
            qty: line.quantity,
            limit: product.perBuyerLimit,
          }),
        );
      } else {
        statements.push(
          ...cancelStatements(deps, {
            ...base,
            line: line.lineId,
            product: product.id,
            variant: line.variantId,
            recordVariant: line.variantId ?? product.variants[0]?.id ?? "",
            units: -line.quantity,
          }),
        );
        for (const v of line.variantId ? [line.variantId] : product.variants.map((u) => u.id))
          released.add(v);
      }
    }
    if (released.size > 0) {
      promotions.push(statements.length);
      statements.push(promoteStatement(deps, sale.id, now, [...released]));
    }
  });
  const out = await runBatch(deps, statements);
  const promoted = promotions.flatMap((at) => out[at] as Promoted[]);

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
  await markNewCarts(db, sale.id, results); // 加購 after checkout: a new cart
  // A cancel naming no variant while several are held: ask which, among the ones held.
  for (const r of results) {
    const product = catalogue.byCode.get(r.items.find((i) => i.reason === ASK_WHICH)?.code ?? "");
    if (r.outcome !== "rejected" || !r.orderId || !product || !isAskWhich(r.items)) continue;
    Object.assign(r, { outcome: "ask", reason: ASK_WHICH });
    r.choices = await heldVariantNames(db, r.orderId, product.id);
  }
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

/** Buyer ids by (platform, user), and which of them are (or were claimed by) LINE users. */
async function upsertBuyers(
  deps: AppDeps,
  comments: CommentInput[],
  now: Date,
): Promise<{ ids: Map<string, string>; onLine: Set<string> }> {
  const unique = new Map<string, CommentInput>();
  for (const c of comments) unique.set(key(c.platform, c.userId), c);
  const rows = [...unique.values()].map((c) => ({
    id: deps.ids.id("lby"),
    platform: c.platform,
    externalUserId: c.userId,
    displayName: c.userName,
    lineUserId: c.platform === "line" ? c.userId : null,
    createdAt: now.getTime(),
  }));
  const ids = new Map<string, string>();
  const onLine = new Set<string>();
  const results = (await runBatch(deps, buyerUpserts(deps, rows))) as Array<
    Array<{ id: string; platform: string; external_user_id: string; line_user_id: string | null }>
  >;
  for (const got of results) {
    for (const r of got) {
      ids.set(key(r.platform, r.external_user_id), r.id);
      if (r.line_user_id) onLine.add(r.id);
    }
  }
  return { ids, onLine };
}

/**
 * One open cart per buyer per sale: a buyer whose cart was checked out, cancelled or expired gets
 * a new one (加購 after checkout is a second order). When LINE
 * buyers are among them, new carts of members are attributed to the member's home store and
 * referrer staff (a batch of other platforms' buyers has nobody to attribute: no statement).
 */
async function upsertOrders(
  deps: AppDeps,
  sale: SaleRow,
  buyerIds: string[],
  anyOnLine: boolean,
  now: Date,
): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  if (buyerIds.length === 0) return out;
  const expiresAt = now.getTime() + sale.holdMinutes * 60_000;
  const rows = buyerIds.map((buyerId) => ({
    id: deps.ids.id("ord"),
    saleId: sale.id,
    buyerId,
    status: "cart" as const,
    expiresAt,
    createdAt: now.getTime(),
  }));
  const upserts = orderUpserts(deps, rows);
  const results = await runBatch(deps, anyOnLine ? [...upserts, attributeOrders(deps.db, sale.id)] : upserts);
  for (const got of results.slice(0, upserts.length) as Array<Array<{ id: string; buyer_id: string }>>) {
    for (const r of got) out.set(r.buyer_id, r.id);
  }
  return out;
}
