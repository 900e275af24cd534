import type { BatchItem, BatchResponse } from "drizzle-orm/batch";
import type { Db } from "./client";

/** One statement of a batch: any drizzle query (select, insert, update, delete, run). */
export type BatchStatement = BatchItem<"sqlite">;

/** A statement's result type; `unknown` for a list typed only as `BatchStatement[]` (drizzle's `any`). */
type ResultOf<S extends BatchStatement> = 0 extends 1 & S["_"]["result"] ? unknown : S["_"]["result"];

/**
 * `db.batch` (one all-or-nothing write transaction) for statements collected at run time.
 * drizzle types its argument as a non-empty tuple, so a list built in a loop or spread from
 * arrays needs a cast; this is the one place that makes it. A tuple written out in place keeps
 * drizzle's typed results (`const [updated, logged] = await batch(db, [update, log])`); a list of
 * one kind of query keeps that query's result type; a `BatchStatement[]` gets `unknown[]`.
 */
export function batch<T extends readonly [BatchStatement, ...BatchStatement[]]>(
  db: Db,
  statements: T,
): Promise<BatchResponse<T>>;
export function batch<S extends BatchStatement>(db: Db, statements: readonly S[]): Promise<ResultOf<S>[]>;
export function batch(db: Db, statements: readonly BatchStatement[]): Promise<unknown[]> {
  return db.batch(statements as unknown as [BatchStatement, ...BatchStatement[]]) as Promise<unknown[]>;
}
