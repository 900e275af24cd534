import { and, desc, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "../../../../db/client";
import { outboxMessages } from "../../../../db/schema";
import type { AppDeps } from "../../deps";
import type { OutboxRow } from "./plan";

export async function listOutbox(db: Db, opts: { state?: OutboxRow["state"]; limit: number }) {
  const q = db.select().from(outboxMessages);
  return (opts.state ? q.where(eq(outboxMessages.state, opts.state)) : q)
    .orderBy(desc(outboxMessages.createdAt))
    .limit(opts.limit);
}

/**
 * Puts failed messages back in the queue. The retry key is kept (LINE still dedupes within 24 h
 * if an earlier attempt did land); an expired reply token simply means it goes out as a push.
 */
export async function retryOutbox(deps: AppDeps, ids: string[]): Promise<string[]> {
  if (ids.length === 0) return [];
  const now = deps.clock.now();
  const rows = await deps.db
    .update(outboxMessages)
    .set({
      state: "queued",
      attempts: 0,
      nextAttemptAt: now,
      retryNotBefore: null,
      replyAmbiguous: false,
    })
    .where(and(inArray(outboxMessages.id, ids), eq(outboxMessages.state, "failed")))
    .returning({ id: outboxMessages.id });
  for (const r of rows) deps.background.enqueue({ kind: "outbox", id: r.id });
  return rows.map((r) => r.id);
}

export interface OutboxStats {
  byState: Record<OutboxRow["state"], number>;
  /** Requests that went out as replies: free. */
  freeMessages: number;
  /** Push/multicast requests, and the recipients they were charged for. */
  countedRequests: number;
  countedRecipients: number;
  /**
   * Replies whose first attempt had an unknown outcome (5xx, timeout, crash): settled by a 400
   * while the token was young (LINE had delivered it), or pushed once the token was too old (a
   * duplicate if that first attempt had landed after all).
   */
  uncertainReplies: { tokenUsed: number; pushed: number };
  byTopic: Array<{ topic: string; free: number; countedRecipients: number; failed: number }>;
}

export async function outboxStats(db: Db, topicPrefix?: string): Promise<OutboxStats> {
  const where = topicPrefix ? sql`${outboxMessages.topic} LIKE ${`${topicPrefix}%`}` : sql`1 = 1`;
  const rows = await db
    .select({
      topic: outboxMessages.topic,
      state: outboxMessages.state,
      deliveredAs: outboxMessages.deliveredAs,
      resolution: outboxMessages.resolution,
      n: sql<number>`count(*)`,
      recipients: sql<number>`coalesce(sum(${outboxMessages.countedRecipients}), 0)`,
    })
    .from(outboxMessages)
    .where(where)
    .groupBy(
      outboxMessages.topic,
      outboxMessages.state,
      outboxMessages.deliveredAs,
      outboxMessages.resolution,
    );
  const stats: OutboxStats = {
    byState: { queued: 0, sending: 0, sent: 0, failed: 0, cancelled: 0 },
    freeMessages: 0,
    countedRequests: 0,
    countedRecipients: 0,
    uncertainReplies: { tokenUsed: 0, pushed: 0 },
    byTopic: [],
  };
  const topics = new Map<string, OutboxStats["byTopic"][number]>();
  for (const r of rows) {
    const n = Number(r.n);
    stats.byState[r.state] += n;
    const t = topics.get(r.topic) ?? { topic: r.topic, free: 0, countedRecipients: 0, failed: 0 };
    topics.set(r.topic, t);
    if (r.state === "failed") t.failed += n;
    if (r.state !== "sent") continue;
    if (r.resolution === "token_used") stats.uncertainReplies.tokenUsed += n;
    if (r.resolution === "pushed") stats.uncertainReplies.pushed += n;
    if (r.deliveredAs === "reply") {
      stats.freeMessages += n;
      t.free += n;
    } else {
      stats.countedRequests += n;
      stats.countedRecipients += Number(r.recipients);
      t.countedRecipients += Number(r.recipients);
    }
  }
  stats.byTopic = [...topics.values()].sort((a, b) => a.topic.localeCompare(b.topic));
  return stats;
}

export async function outboxExists(db: Db, id: string): Promise<boolean> {
  const rows = await db
    .select({ id: outboxMessages.id })
    .from(outboxMessages)
    .where(eq(outboxMessages.id, id))
    .limit(1);
  return rows.length > 0;
}
