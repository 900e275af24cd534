import { getTableColumns, is, SQL, sql } from "drizzle-orm";
import type { SQLiteTable } from "drizzle-orm/sqlite-core";

/**
 * The SELECT list of an `INSERT INTO table SELECT …` built with drizzle's insert-select (which
 * names every column of the table, in order): the expressions given, every other column its
 * default or NULL. Written as a drizzle builder rather than `db.run(sql…)` because drizzle's D1
 * batch cannot bind a raw statement's parameters.
 */
export function selectColumns<T extends SQLiteTable>(
  table: T,
  values: Partial<Record<keyof T["_"]["columns"], SQL>>,
): SQL {
  const list = Object.entries(getTableColumns(table)).map(([key, col]) => {
    const given = values[key as keyof T["_"]["columns"]];
    const fallback =
      col.default === undefined
        ? sql`NULL`
        : is(col.default, SQL)
          ? col.default
          : sql.param(col.default, col);
    return sql`${given ?? fallback} AS ${sql.identifier(col.name)}`;
  });
  return sql.join(list, sql`, `);
}
