import { is, Placeholder, sql } from "drizzle-orm";
import type { Db } from "../../../db/client";
import type { AppDeps } from "../deps";
import type { SqlStatement } from "../ports/sql";
import { type BatchStatement, batch } from "./batch";

type Query = { toSQL(): { sql: string; params: unknown[] } };

/**
 * Runs statements as one all-or-nothing batch: through the host's prepared-statement runner when
 * it has one (Node's embedded libSQL), else drizzle's `db.batch` (D1, Turso). Items are drizzle
 * queries or, on the runner path, statements made by `shaped`. Statements that return rows must
 * name their columns as the database does (e.g. `.returning({ id: t.id, order_id: t.orderId })`),
 * so both paths give the same rows.
 */
export async function runBatch(
  deps: Pick<AppDeps, "db" | "sqlBatch">,
  statements: unknown[],
): Promise<unknown[]> {
  if (statements.length === 0) return [];
  if (deps.sqlBatch)
    return deps.sqlBatch.batch(statements.map((s) => (isStatement(s) ? s : (s as Query).toSQL())));
  return batch(deps.db, statements as BatchStatement[]);
}

function isStatement(s: unknown): s is SqlStatement {
  return typeof (s as SqlStatement).sql === "string" && Array.isArray((s as SqlStatement).params);
}

/** A statement of a fixed shape whose values vary: built with `p(name)` for every value. */
export interface Shape<V extends Record<string, unknown>> {
  /** Same key ⇔ same SQL text (include anything that changes the SQL, e.g. row counts). */
  key: string;
  build(db: Db, p: (name: keyof V & string) => unknown): Query;
}

const templates = new Map<string, { sql: string; params: unknown[] }>();

/**
 * The statement for these values. With a prepared-statement runner, the shape is built and turned
 * into SQL once (drizzle placeholders), then only its parameters are filled — building SQL costs
 * more than running it. Without one, an ordinary drizzle query for `db.batch`.
 */
export function shaped<V extends Record<string, unknown>>(
  deps: Pick<AppDeps, "db" | "sqlBatch">,
  shape: Shape<V>,
  values: V,
): unknown {
  if (!deps.sqlBatch) return shape.build(deps.db, (name) => values[name]);
  let t = templates.get(shape.key);
  if (!t) {
    t = shape.build(deps.db, (name) => sql.placeholder(name)).toSQL();
    templates.set(shape.key, t);
  }
  const params = t.params.map((p) => (is(p, Placeholder) ? values[p.name] : p));
  return { sql: t.sql, params } satisfies SqlStatement;
}
