import { type SQL, sql } from "drizzle-orm";
import type { SQLiteColumn } from "drizzle-orm/sqlite-core";

/**
 * Per-row values for one UPDATE over many rows: the values travel as one JSON object keyed by
 * row id, and each column reads its own value with `json_each`. One statement and a handful of
 * bound parameters however many rows — which D1 (100 parameters per statement) and a batch of
 * hundreds of webhook events both need.
 */
export function jsonRows(idColumn: SQLiteColumn, rows: Record<string, Record<string, unknown>>) {
  const json = JSON.stringify(rows);
  return {
    /** This row's value of `key`, as SQL. */
    field: (key: string): SQL =>
      sql`(SELECT json_extract(value, ${`$.${key}`}) FROM json_each(${json}) WHERE key = ${idColumn})`,
    /** Restricts the UPDATE to the rows in the JSON. */
    inRows: (): SQL => sql`${idColumn} IN (SELECT key FROM json_each(${json}))`,
  };
}
