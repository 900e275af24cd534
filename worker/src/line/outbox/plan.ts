import type { Db } from "../../../../db/client";
import { outboxMessages } from "../../../../db/schema";
import type { AppDeps } from "../../deps";
import { batch } from "../../lib/batch";
import type { LineMessage } from "../../ports/line";

export type OutboxRow = typeof outboxMessages.$inferSelect;
export type OutboxInsert = typeof outboxMessages.$inferInsert;
export const MAX_MESSAGES_PER_REQUEST = 5;
export const MULTICAST_MAX_RECIPIENTS = 500;

export interface OutgoingReply {
  kind: "reply";
  /** The chat to push to when the token cannot be used (user, group or room id). */
  chatId: string;
  replyToken: string | null;
  replyTokenExpiresAt: Date | null;
  messages: LineMessage[];
}
export interface OutgoingPush {
  kind: "push";
  to: string;
  messages: LineMessage[];
}
export interface OutgoingMulticast {
  kind: "multicast";
  to: string[];
  messages: LineMessage[];
}
export type Outgoing = OutgoingReply | OutgoingPush | OutgoingMulticast;

/**
 * Turns what a feature wants to send into outbox rows: ≤ 5 messages per request (the first five
 * of a reply use the token, the rest are pushed), ≤ 500 recipients per multicast.
 * `idBase` makes ids deterministic (e.g. per webhook event) so a re-run inserts nothing new.
 */
export function planOutbox(
  deps: Pick<AppDeps, "ids" | "clock">,
  items: Outgoing[],
  opts: { topic: string; eventId?: string | null; idBase?: string },
): OutboxInsert[] {
  const now = deps.clock.now();
  const rows: OutboxInsert[] = [];
  const base = (
    extra: Omit<OutboxInsert, "id" | "retryKey" | "retryKeyIssuedAt" | "nextAttemptAt" | "topic">,
  ) => {
    const n = rows.length;
    rows.push({
      id: opts.idBase ? `${opts.idBase}_${n}` : deps.ids.id("obx"),
      retryKey: deps.ids.uuid(),
      retryKeyIssuedAt: now,
      nextAttemptAt: now,
      topic: opts.topic,
      eventId: opts.eventId ?? null,
      createdAt: now,
      ...extra,
    });
  };
  for (const item of items) {
    const chunks = chunk(item.messages, MAX_MESSAGES_PER_REQUEST);
    if (item.kind === "reply") {
      chunks.forEach((messages, i) => {
        const useToken = i === 0 && item.replyToken !== null;
        base({
          kind: useToken ? "reply" : "push",
          recipients: [item.chatId],
          replyToken: useToken ? item.replyToken : null,
          replyTokenExpiresAt: useToken ? item.replyTokenExpiresAt : null,
          messages: messages,
        });
      });
    } else if (item.kind === "push") {
      for (const messages of chunks) {
        base({ kind: "push", recipients: [item.to], messages: messages });
      }
    } else {
      const unique = [...new Set(item.to)];
      for (const to of chunk(unique, MULTICAST_MAX_RECIPIENTS)) {
        for (const messages of chunks) {
          base({ kind: "multicast", recipients: to, messages: messages });
        }
      }
    }
  }
  return rows;
}

const OUTBOX_COLUMNS = 22;

/** Multi-row inserts of planned rows, chunked to the database's parameter limit. */
export function insertOutboxQueries(deps: Pick<AppDeps, "db" | "dbLimits">, rows: OutboxInsert[]) {
  const per = Math.max(1, Math.floor(deps.dbLimits.maxParams / OUTBOX_COLUMNS));
  const out: ReturnType<typeof insertOutboxQuery>[] = [];
  for (let i = 0; i < rows.length; i += per) out.push(insertOutboxQuery(deps.db, rows.slice(i, i + per)));
  return out;
}

function insertOutboxQuery(db: Db, rows: OutboxInsert[]) {
  return db.insert(outboxMessages).values(rows).onConflictDoNothing({ target: outboxMessages.id }).returning({
    id: outboxMessages.id,
  });
}

/** Queues messages from outside a webhook event (agent replies, broadcasts, reminders). */
export async function queueMessages(
  deps: AppDeps,
  items: Outgoing[],
  opts: { topic: string; idBase?: string },
): Promise<string[]> {
  const rows = planOutbox(deps, items, opts);
  if (rows.length === 0) return [];
  const results = await batch(deps.db, insertOutboxQueries(deps, rows));
  const ids = results.flat().map((r) => r.id);
  for (const id of ids) deps.background.enqueue({ kind: "outbox", id });
  return ids;
}

function chunk<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
