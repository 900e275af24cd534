/**
 * A batch of SQL statements run in one write transaction, all or nothing. Hot paths that send
 * hundreds of statements at once (a burst of "+1" comments) build them with drizzle and hand the
 * SQL text and parameters here. The Node host runs them on an embedded libSQL connection that keeps
 * its prepared statements (preparing a statement with triggers costs ~20× running it); other hosts
 * have none and the caller falls back to drizzle's `db.batch`.
 */
export interface SqlStatement {
  sql: string;
  params: unknown[];
}

export interface SqlBatchRunner {
  /** Rows for statements that return rows (SELECT, RETURNING), keyed by column name; [] for others. */
  batch(statements: SqlStatement[]): Promise<Array<Array<Record<string, unknown>>>>;
  close(): void;
}
