import { and, eq, getTableColumns, type SQL, sql, type Table } from "drizzle-orm";
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
import { type Shape, shaped } from "../../lib/sql-batch";
import { heldOf } from "./cancel-ask";
import { heldByBuyer } from "./second-order";

/**
 * The statements of comment ingestion, each a fixed shape filled with values (see `shaped`): on
 * Node's embedded libSQL the SQL is built once and stays prepared; elsewhere they are ordinary
 * drizzle queries. Every value goes in through `sql` so drizzle maps nothing (timestamps are
 * epoch milliseconds here).
 */

type P = (name: string) => unknown;
type Deps = Pick<AppDeps, "db" | "sqlBatch" | "dbLimits">;

/** Rows per multi-row statement: a fixed size, so the same SQL text is reused (and stays prepared). */
const ROWS_PER_STATEMENT = 100;

/** Multi-row statements over `rows` (all with the same keys), chunked to the parameter limit. */
function rowsStatements<R extends Record<string, unknown>>(
  deps: Deps,
  name: string,
  table: Table,
  rows: R[],
  shared: Record<string, unknown>,
  build: (db: Db, rows: Array<Record<keyof R, SQL>>, p: P) => { toSQL(): { sql: string; params: unknown[] } },
): unknown[] {
  if (rows.length === 0) return [];
  const columns = Object.keys(rows[0] as R) as Array<keyof R & string>;
  // Drizzle binds a column's default for every column a row leaves out: count the table's columns.
  const perRow = Math.max(columns.length, Object.keys(getTableColumns(table)).length);
  const per = Math.max(
    1,
    Math.min(ROWS_PER_STATEMENT, Math.floor((deps.dbLimits.maxParams - Object.keys(shared).length) / perRow)),
  );
  const out: unknown[] = [];
  for (let i = 0; i < rows.length; i += per) {
    const chunk = rows.slice(i, i + per);
    const values: Record<string, unknown> = { ...shared };
    chunk.forEach((r, k) => {
      for (const c of columns) values[`${c}_${k}`] = r[c];
    });
    const shape: Shape<Record<string, unknown>> = {
      key: `${name}:${chunk.length}`,
      build: (db, p) =>
        build(
          db,
          chunk.map(
            (_, k) =>
              Object.fromEntries(columns.map((c) => [c, sql`${p(`${c}_${k}`)}`])) as Record<keyof R, SQL>,
          ),
          p,
        ),
    };
    out.push(shaped(deps, shape, values));
  }
  return out;
}

export interface BuyerRow extends Record<string, unknown> {
  id: string;
  platform: string;
  externalUserId: string;
  displayName: string;
  lineUserId: string | null;
  createdAt: number;
}

/** Buyers, inserted or renamed; returns `{ id, platform, external_user_id, line_user_id }` for every row. */
export function buyerUpserts(deps: Deps, rows: BuyerRow[]): unknown[] {
  return rowsStatements(deps, "live:buyers", liveBuyers, rows, {}, (db, values) =>
    db
      .insert(liveBuyers)
      .values(values as never)
      .onConflictDoUpdate({
        target: [liveBuyers.platform, liveBuyers.externalUserId],
        set: {
          displayName: sql`CASE WHEN excluded.display_name <> '' THEN excluded.display_name ELSE ${liveBuyers.displayName} END`,
        },
      })
      .returning({
        id: liveBuyers.id,
        platform: liveBuyers.platform,
        external_user_id: liveBuyers.externalUserId,
        line_user_id: liveBuyers.lineUserId,
      }),
  );
}

export interface OrderRow extends Record<string, unknown> {
  id: string;
  saleId: string;
  buyerId: string;
  status: "cart";
  expiresAt: number;
  createdAt: number;
}

/**
 * Carts, at most one open per buyer per sale (a partial unique index): a buyer whose cart was
 * checked out, cancelled or expired gets a new one. Returns `{ id, buyer_id }` for every row.
 */
export function orderUpserts(deps: Deps, rows: OrderRow[]): unknown[] {
  return rowsStatements(deps, "live:orders", liveOrders, rows, {}, (db, values) =>
    db
      .insert(liveOrders)
      .values(values as never)
      .onConflictDoUpdate({
        target: [liveOrders.saleId, liveOrders.buyerId],
        targetWhere: sql`${liveOrders.status} = 'cart'`,
        // A no-op update, so RETURNING gives the open cart's id.
        set: { status: sql`${liveOrders.status}` },
      })
      .returning({ id: liveOrders.id, buyer_id: liveOrders.buyerId }),
  );
}

/** Fills member and attribution on the sale's carts of LINE buyers who are members. */
export function attributeOrders(db: Db, saleId: string) {
  const member = (col: SQL) =>
    sql`(SELECT ${col} FROM ${members} WHERE ${members.lineUserId} = (SELECT ${liveBuyers.lineUserId} FROM ${liveBuyers} WHERE ${liveBuyers.id} = ${liveOrders.buyerId}) AND ${members.deletedAt} IS NULL)`;
  return db
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

/** Takes `n` sequence numbers for this batch's comments (in its transaction, so seq = commit order). */
export function takeSequence(db: Db, saleId: string, n: number) {
  return db
    .update(liveSales)
    .set({ nextSeq: sql`${liveSales.nextSeq} + ${n}` })
    .where(eq(liveSales.id, saleId));
}

export interface CommentRow extends Record<string, unknown> {
  id: string;
  saleId: string;
  platform: string;
  commentId: string;
  buyerId: string;
  text: string;
  kind: string;
  outcome: string | null;
  reason: string | null;
  detail: string | null;
  origin: string;
  chatId: string | null;
  /** How far before the batch's next sequence number this comment's is. */
  seq: number;
  postedAt: number;
  receivedAt: number;
}

/** Comment rows; a repeated (sale, platform, comment id) is skipped, and that is how a duplicate shows. */
export function commentInserts(deps: Deps, saleId: string, rows: CommentRow[]): unknown[] {
  return rowsStatements(deps, "live:comments", liveComments, rows, { sale: saleId }, (db, values, p) =>
    db
      .insert(liveComments)
      .values(
        values.map((v) => ({
          ...v,
          seq: sql`(SELECT ${liveSales.nextSeq} FROM ${liveSales} WHERE ${liveSales.id} = ${p("sale")}) - ${v.seq}`,
        })) as never,
      )
      .onConflictDoNothing(),
  );
}

const heldBy = (p: P, variant: boolean): SQL =>
  sql`(SELECT coalesce(sum(${liveLines.qty}), 0) FROM ${liveLines} WHERE ${liveLines.orderId} = ${p("order")} AND ${liveLines.productId} = ${p("product")}${
    variant ? sql` AND ${liveLines.variantId} = ${p("variant")}` : sql``
  } AND ${liveLines.status} IN ('reserved', 'waitlisted'))`;

const orderStatus = (p: P) =>
  sql`(SELECT ${liveOrders.status} FROM ${liveOrders} WHERE ${liveOrders.id} = ${p("order")})`;

/**
 * INSERT INTO live_lines … SELECT from a one-row decision table `x` (columns `d` and `seq`): the
 * line's own ids from the statement's values, its decision columns as given.
 */
function insertLine(
  db: Db,
  p: P,
  x: SQL,
  cols: { variant: unknown; decision: SQL; reason: SQL; status: SQL; requested: SQL; qty: SQL },
) {
  return db.insert(liveLines).select(
    db
      .select({
        id: sql`${p("line")}`.as("id"),
        saleId: sql`${p("sale")}`.as("sale_id"),
        orderId: sql`${p("order")}`.as("order_id"),
        commentRowId: sql`${p("comment")}`.as("comment_row_id"),
        productId: sql`${p("product")}`.as("product_id"),
        variantId: sql`${cols.variant}`.as("variant_id"),
        decision: sql`${cols.decision}`.as("decision"),
        reason: sql`${cols.reason}`.as("reason"),
        status: sql`${cols.status}`.as("status"),
        requested: sql`${cols.requested}`.as("requested"),
        qty: sql`${cols.qty}`.as("qty"),
        seq: sql`x.seq`.as("seq"),
        createdAt: sql`${p("now")}`.as("created_at"),
        promotedAt: sql`NULL`.as("promoted_at"),
      })
      .from(x),
  );
}

export interface LineValues extends Record<string, unknown> {
  line: string;
  sale: string;
  order: string;
  comment: string;
  product: string;
  variant: string;
  qty: number;
  limit: number | null;
  now: number;
}

/**
 * One order line: INSERT … SELECT whose CASE is the decision, made on the rows as they are when
 * the statement runs — the cart must be open, what the buyer holds in all their orders of the sale
 * plus this one within the product's limit, the unit's free stock enough with nobody waiting; else the waitlist. The
 * comment row must exist with this batch's id (a duplicate comment orders nothing).
 */
export function orderLineStatement(deps: Deps, v: LineValues): unknown {
  const limited = v.limit !== null;
  return shaped(
    deps,
    {
      key: `live:line:${limited}`,
      build: (db, p) => {
        const d = sql`(SELECT CASE
          WHEN ${orderStatus(p)} <> 'cart' THEN 'rejected:ORDER_CLOSED'
          ${limited ? sql`WHEN ${heldByBuyer(p)} + ${p("qty")} > ${p("limit")} THEN 'rejected:OVER_LIMIT'` : sql``}
          WHEN ${liveVariants.waitlisted} > 0 THEN 'waitlisted:QUEUED'
          WHEN ${liveVariants.stock} - ${liveVariants.reserved} >= ${p("qty")} THEN 'reserved'
          ELSE 'waitlisted:SOLD_OUT' END AS d, ${liveComments.seq} AS seq
        FROM ${liveComments}, ${liveVariants}
        WHERE ${liveComments.id} = ${p("comment")} AND ${liveVariants.id} = ${p("variant")}) AS x`;
        const decision = sql`(CASE WHEN instr(x.d, ':') > 0 THEN substr(x.d, 1, instr(x.d, ':') - 1) ELSE x.d END)`;
        return insertLine(db, p, d, {
          variant: p("variant"),
          decision,
          reason: sql`(CASE WHEN instr(x.d, ':') > 0 THEN substr(x.d, instr(x.d, ':') + 1) END)`,
          status: decision,
          requested: sql`${p("qty")}`,
          qty: sql`(CASE WHEN x.d LIKE 'rejected%' THEN 0 ELSE ${p("qty")} END)`,
        });
      },
    },
    v,
  );
}

export interface CancelValues extends Record<string, unknown> {
  line: string;
  sale: string;
  order: string;
  comment: string;
  product: string;
  /** The unit to cancel from, or null for any unit of the product. */
  variant: string | null;
  /** The unit the record line is filed under. */
  recordVariant: string;
  /** Units to cancel (positive). */
  units: number;
  now: number;
}

/**
 * A cancel (`A-1`): a record line (decision `cancel`, or `rejected`: nothing of it held, cart
 * checked out or what is held only in a checked-out order, or — naming no variant — several variants held: `VARIANT_REQUIRED`; filed under
 * the variant held), then one unit at a time off the buyer's newest lines, waitlisted before
 * reserved, each only if the record line says `cancel`.
 */
export function cancelStatements(deps: Deps, v: CancelValues): unknown[] {
  const one = v.variant !== null;
  const record = shaped(
    deps,
    {
      key: `live:cancel:${one}`,
      build: (db, p) => {
        const d = sql`(SELECT CASE
          WHEN ${orderStatus(p)} <> 'cart' THEN 'rejected:ORDER_CLOSED'
          WHEN ${heldBy(p, one)} = 0 AND ${heldByBuyer(p)} > 0 THEN 'rejected:ORDER_CLOSED'
          WHEN ${heldBy(p, one)} = 0 THEN 'rejected:NOTHING_TO_CANCEL'
          ${one ? sql`` : sql`WHEN ${heldOf(p, "count(DISTINCT variant_id)")} > 1 THEN 'rejected:VARIANT_REQUIRED'`}
          ELSE 'cancel' END AS d, ${liveComments.seq} AS seq
        FROM ${liveComments} WHERE ${liveComments.id} = ${p("comment")}) AS x`;
        return insertLine(db, p, d, {
          variant: one
            ? p("recordVariant")
            : sql`coalesce(${heldOf(p, "variant_id")}, ${p("recordVariant")})`,
          decision: sql`(CASE WHEN x.d = 'cancel' THEN 'cancel' ELSE 'rejected' END)`,
          reason: sql`(CASE WHEN x.d = 'cancel' THEN NULL ELSE substr(x.d, 10) END)`,
          status: sql`(CASE WHEN x.d = 'cancel' THEN 'cancelled' ELSE 'rejected' END)`,
          requested: sql`0 - ${p("units")}`,
          qty: sql`0`,
        });
      },
    },
    v,
  );
  const unit = () =>
    shaped(
      deps,
      {
        key: `live:cancel-unit:${one}`,
        build: (db, p) => {
          const target = sql`(SELECT l.id FROM ${liveLines} l WHERE l.order_id = ${p("order")} AND l.product_id = ${p("product")}${
            one ? sql` AND l.variant_id = ${p("variant")}` : sql``
          } AND l.status IN ('reserved', 'waitlisted') ORDER BY (l.status = 'waitlisted') DESC, l.seq DESC, l.id DESC LIMIT 1)`;
          return db
            .update(liveLines)
            .set({
              qty: sql`${liveLines.qty} - 1`,
              status: sql`CASE WHEN ${liveLines.qty} = 1 THEN 'cancelled' ELSE ${liveLines.status} END`,
            })
            .where(
              and(
                sql`${liveLines.id} = ${target}`,
                sql`EXISTS (SELECT 1 FROM ${liveLines} r WHERE r.id = ${p("line")} AND r.decision = 'cancel')`,
              ),
            );
        },
      },
      v,
    );
  return [record, ...Array.from({ length: v.units }, unit)];
}

/**
 * Promotes waitlisted lines to reserved wherever stock is free, strictly in comment order per
 * stock unit: a running sum over the queue, and every line whose running sum fits is promoted in
 * this one statement (the triggers move the counters). Only carts still open are promoted.
 * Returns `{ id, order_id }` of each promoted line.
 */
function promoteBuild(db: Db, p: P, variants: number | null) {
  return db
    .update(liveLines)
    .set({ status: "reserved", promotedAt: sql`${p("now")}` })
    .where(
      sql`${liveLines.id} IN (SELECT id FROM (
          SELECT l.id AS id,
                 sum(l.qty) OVER (PARTITION BY l.variant_id ORDER BY l.seq, l.id) AS run,
                 v.stock - v.reserved AS free
          FROM ${liveLines} l
          JOIN ${liveVariants} v ON v.id = l.variant_id
          JOIN ${liveOrders} o ON o.id = l.order_id
          WHERE l.sale_id = ${p("sale")} AND l.status = 'waitlisted' AND o.status = 'cart'${
            variants === null
              ? sql``
              : sql` AND l.variant_id IN (${sql.join(
                  Array.from({ length: variants }, (_, k) => sql`${p(`v${k}`)}`),
                  sql`, `,
                )})`
          }
        ) WHERE run <= free)`,
    )
    .returning({ id: liveLines.id, order_id: liveLines.orderId });
}

export function promoteStatement(deps: Deps, saleId: string, now: Date, variantIds?: string[]): unknown {
  const values: Record<string, unknown> = { sale: saleId, now: now.getTime() };
  variantIds?.forEach((v, k) => {
    values[`v${k}`] = v;
  });
  return shaped(
    deps,
    {
      key: `live:promote:${variantIds?.length ?? "all"}`,
      build: (db, p) => promoteBuild(db, p, variantIds?.length ?? null),
    },
    values,
  );
}
