import Database from "libsql";
import type { SqlBatchRunner, SqlStatement } from "../ports/sql";

const CACHE_SIZE = 256;

interface Cached {
  stmt: Database.Statement;
  returnsData: boolean;
}

/**
 * A second connection to the embedded libSQL file that caches prepared statements (by SQL text,
 * least recently used out). Each batch is BEGIN IMMEDIATE … COMMIT run synchronously, so nothing
 * else in this process interleaves with it, and the other connection's operations (also
 * synchronous) never hold a lock while it waits.
 */
export function openLibsqlBatchRunner(path: string): SqlBatchRunner {
  const db = new Database(path);
  db.exec(
    "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA busy_timeout = 5000; PRAGMA foreign_keys = ON;",
  );
  const cache = new Map<string, Cached>();

  const prepared = (sql: string): Cached => {
    const hit = cache.get(sql);
    if (hit) {
      cache.delete(sql);
      cache.set(sql, hit);
      return hit;
    }
    const stmt = db.prepare(sql);
    let returnsData = true;
    try {
      stmt.raw(false);
    } catch {
      returnsData = false; // raw() refuses statements that return nothing
    }
    const entry = { stmt, returnsData };
    cache.set(sql, entry);
    if (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value as string);
    return entry;
  };

  return {
    async batch(statements: SqlStatement[]) {
      const out: Array<Array<Record<string, unknown>>> = [];
      db.exec("BEGIN IMMEDIATE");
      try {
        for (const s of statements) {
          const { stmt, returnsData } = prepared(s.sql);
          if (returnsData) out.push(stmt.all(...s.params) as Array<Record<string, unknown>>);
          else {
            stmt.run(...s.params);
            out.push([]);
          }
        }
        db.exec("COMMIT");
      } catch (err) {
        if (db.inTransaction) db.exec("ROLLBACK");
        throw err;
      }
      return out;
    },
    close: () => db.close(),
  };
}
