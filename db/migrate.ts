import { sql } from "drizzle-orm";
import { batch } from "./batch";
import type { Db } from "./client";

export interface Migration {
  tag: string;
  hash: string;
  statements: string[];
}

/**
 * Applies the embedded migrations that are not yet applied, each in one batch together with its
 * bookkeeping row, so a migration is all-or-nothing on a libSQL file, Turso and D1 alike.
 * Safe to run from several processes at once: a loser's batch fails on the primary key or on
 * "table already exists" and it re-reads what was applied.
 */
export async function applyMigrations(db: Db, migrations: Migration[]): Promise<string[]> {
  await db.run(
    sql`CREATE TABLE IF NOT EXISTS _omo_migrations (tag TEXT PRIMARY KEY, hash TEXT NOT NULL, applied_at INTEGER NOT NULL)`,
  );
  const applied: string[] = [];
  for (const m of migrations) {
    const done = await db.all<{ tag: string; hash: string }>(
      sql`SELECT tag, hash FROM _omo_migrations WHERE tag = ${m.tag}`,
    );
    if (done.length > 0) continue;
    const statements = [
      ...m.statements.map((s) => db.run(sql.raw(s))),
      // No bound parameters: drizzle's D1 batch cannot bind raw statements. The values are ours.
      db.run(
        sql.raw(
          `INSERT INTO _omo_migrations (tag, hash, applied_at) VALUES (${quote(m.tag)}, ${quote(m.hash)}, ${Date.now()})`,
        ),
      ),
    ];
    try {
      await batch(db, statements);
      applied.push(m.tag);
    } catch (err) {
      const raced = await db.all(sql`SELECT tag FROM _omo_migrations WHERE tag = ${m.tag}`);
      if (raced.length === 0) throw err;
    }
  }
  return applied;
}

/** True once every embedded migration is recorded: what /healthz reports. */
export async function isMigrated(db: Db, migrations: Migration[]): Promise<boolean> {
  try {
    const rows = await db.all<{ n: number }>(sql`SELECT count(*) AS n FROM _omo_migrations`);
    return (rows[0]?.n ?? 0) >= migrations.length;
  } catch {
    return false;
  }
}

function quote(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}
