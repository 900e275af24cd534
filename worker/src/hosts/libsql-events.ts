import type { Client, InValue } from "@libsql/client";
import type { NewEventRow } from "../line/event-store";

const COLUMNS = [
  "id",
  "type",
  "mode",
  "source_type",
  "source_user_id",
  "source_group_id",
  "reply_token",
  "event_timestamp",
  "is_redelivery",
  "payload",
  "state",
  "received_at",
] as const;
const ROW = `(${COLUMNS.map(() => "?").join(",")})`;
const MAX_ROWS = 500;
const sqlCache = new Map<number, string>();

function insertSql(rows: number): string {
  let s = sqlCache.get(rows);
  if (!s) {
    s = `INSERT INTO webhook_events (${COLUMNS.join(",")}) VALUES ${Array.from({ length: rows }, () => ROW).join(",")} ON CONFLICT(id) DO NOTHING RETURNING id`;
    sqlCache.set(rows, s);
  }
  return s;
}

/**
 * The webhook's hot path on the Node host: the same multi-row `INSERT … ON CONFLICT DO NOTHING
 * RETURNING id` as `insertEvents`, written straight to the libSQL client with cached SQL text,
 * because building a 500-row statement through the query builder costs more than running it.
 * A test checks both write identical rows.
 */
export function libsqlEventInserter(client: Client) {
  return async (rows: NewEventRow[]): Promise<string[]> => {
    const inserted: string[] = [];
    for (let i = 0; i < rows.length; i += MAX_ROWS) {
      const chunk = rows.slice(i, i + MAX_ROWS);
      const args: InValue[] = [];
      for (const r of chunk) {
        args.push(
          r.id,
          r.type,
          r.mode ?? "active",
          r.sourceType ?? null,
          r.sourceUserId ?? null,
          r.sourceGroupId ?? null,
          r.replyToken ?? null,
          r.eventTimestamp.getTime(),
          r.isRedelivery ? 1 : 0,
          r.payload,
          r.state ?? "received",
          r.receivedAt.getTime(),
        );
      }
      const res = await client.execute({ sql: insertSql(chunk.length), args });
      for (const row of res.rows) inserted.push(String(row.id));
    }
    return inserted;
  };
}
