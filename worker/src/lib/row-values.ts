import { inArray, type SQL, sql } from "drizzle-orm";
import type { SQLiteColumn } from "drizzle-orm/sqlite-core";

type Value = string | number | null;

/**
 * Per-row values for one UPDATE over many rows. A column whose value is the same on every row is
 * a single bound value; one that varies is `CASE id WHEN ? THEN ? … END`. A batch of webhook
 * events (usually identical outcomes) then costs one statement with few parameters instead of a
 * statement per row. `chunkRows` keeps each statement under the database's parameter limit
 * (D1: 100).
 */
export function rowValues(idColumn: SQLiteColumn, rows: Map<string, Record<string, Value>>) {
  const ids = [...rows.keys()];
  return {
    field(key: string): SQL {
      const values = ids.map((id) => rows.get(id)?.[key] ?? null);
      const first = values[0] ?? null;
      if (values.every((v) => v === first)) return sql`${first}`;
      const cases = ids.map((id, i) => sql`WHEN ${id} THEN ${values[i] ?? null}`);
      return sql`CASE ${idColumn} ${sql.join(cases, sql` `)} END`;
    },
    inRows: (): SQL => inArray(idColumn, ids) as SQL,
  };
}

/** Splits rows so a statement with `varyingFields` CASE columns stays under `maxParams`. */
export function chunkRows<T>(rows: T[], maxParams: number, varyingFields: number): T[][] {
  const per = Math.max(1, Math.floor((maxParams - 20) / (1 + 2 * varyingFields)));
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += per) out.push(rows.slice(i, i + per));
  return out;
}
