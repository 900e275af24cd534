import { and, asc, desc, eq, inArray, lt, lte, or, sql } from "drizzle-orm";
import type { Db } from "../../../db/client";
import { outboxMessages } from "../../../db/schema";
import type { AppDeps } from "../deps";
import { errorMessage } from "../lib/log";
import { chunkRows, rowValues } from "../lib/row-values";
import { LineApiError, type LineMessage } from "../ports/line";

export type OutboxRow = typeof outboxMessages.$inferSelect;
type BatchArg = Parameters<Db["batch"]>[0];
type NewOutboxRow = typeof outboxMessages.$inferInsert;

export const MAX_MESSAGES_PER_REQUEST = 5;
export const MULTICAST_MAX_RECIPIENTS = 500;
export const OUTBOX_MAX_ATTEMPTS = 8;
const SEND_LEASE_MS = 30_000;
/** LINE keeps a retry key for 24 hours; after that a new one is needed. */
const RETRY_KEY_TTL_MS = 24 * 3600_000;
const BACKOFF_BASE_MS = 1_000;
const BACKOFF_MAX_MS = 5 * 60_000;

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
): NewOutboxRow[] {
  const now = deps.clock.now();
  const rows: NewOutboxRow[] = [];
  const base = (
    extra: Omit<NewOutboxRow, "id" | "retryKey" | "retryKeyIssuedAt" | "nextAttemptAt" | "topic">,
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
          recipients: JSON.stringify([item.chatId]),
          replyToken: useToken ? item.replyToken : null,
          replyTokenExpiresAt: useToken ? item.replyTokenExpiresAt : null,
          messages: JSON.stringify(messages),
        });
      });
    } else if (item.kind === "push") {
      for (const messages of chunks) {
        base({ kind: "push", recipients: JSON.stringify([item.to]), messages: JSON.stringify(messages) });
      }
    } else {
      const unique = [...new Set(item.to)];
      for (const to of chunk(unique, MULTICAST_MAX_RECIPIENTS)) {
        for (const messages of chunks) {
          base({ kind: "multicast", recipients: JSON.stringify(to), messages: JSON.stringify(messages) });
        }
      }
    }
  }
  return rows;
}

export type OutboxInsert = NewOutboxRow;
const OUTBOX_COLUMNS = 22;

/** Multi-row inserts of planned rows, chunked to the database's parameter limit. */
export function insertOutboxQueries(deps: Pick<AppDeps, "db" | "dbLimits">, rows: NewOutboxRow[]) {
  const per = Math.max(1, Math.floor(deps.dbLimits.maxParams / OUTBOX_COLUMNS));
  const out: ReturnType<typeof insertOutboxQuery>[] = [];
  for (let i = 0; i < rows.length; i += per) out.push(insertOutboxQuery(deps.db, rows.slice(i, i + per)));
  return out;
}

function insertOutboxQuery(db: Db, rows: NewOutboxRow[]) {
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
  const results = (await deps.db.batch(
    insertOutboxQueries(deps, rows) as unknown as BatchArg,
  )) as unknown as Array<Array<{ id: string }>>;
  const ids = results.flat().map((r) => r.id);
  for (const id of ids) deps.background.enqueue({ kind: "outbox", id });
  return ids;
}

function chunk<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

function sendable(now: Date) {
  return or(
    and(eq(outboxMessages.state, "queued"), lte(outboxMessages.nextAttemptAt, now)),
    and(eq(outboxMessages.state, "sending"), lt(outboxMessages.claimedUntil, now)),
  );
}

export async function dueOutboxIds(db: Db, now: Date, limit = 500): Promise<string[]> {
  const rows = await db
    .select({ id: outboxMessages.id })
    .from(outboxMessages)
    .where(sendable(now))
    .orderBy(asc(outboxMessages.nextAttemptAt))
    .limit(limit);
  return rows.map((r) => r.id);
}

export type SendOutcome =
  | { state: "sent"; as: "reply" | "push" | "multicast" }
  | { state: "retry"; at: Date }
  | { state: "failed"; reason: string }
  | { state: "not-claimed" };

const SEND_CONCURRENCY = 16;

/**
 * Sends outbox messages. The claim is one conditional update, so two runners never send the same
 * row at once; the sends run concurrently; every outcome is written in one batch, each update
 * fenced by the claim's attempt number.
 */
export async function sendOutboxMessages(deps: AppDeps, ids: string[]): Promise<Map<string, SendOutcome>> {
  const { db, clock } = deps;
  const outcomes = new Map<string, SendOutcome>();
  if (ids.length === 0) return outcomes;
  const now = clock.now();
  const rows = await db
    .update(outboxMessages)
    .set({
      state: "sending",
      attempts: sql`${outboxMessages.attempts} + 1`,
      claimedUntil: new Date(now.getTime() + SEND_LEASE_MS),
    })
    .where(and(inArray(outboxMessages.id, ids), sendable(now)))
    .returning();
  if (rows.length === 0) return outcomes;

  const results: Array<{ row: OutboxRow; patch: Partial<NewOutboxRow>; outcome: SendOutcome }> = [];
  let next = 0;
  const worker = async () => {
    while (next < rows.length) {
      const row = rows[next++] as OutboxRow;
      results.push({ row, ...(await attemptSend(deps, row, now)) });
    }
  };
  await Promise.all(Array.from({ length: Math.min(SEND_CONCURRENCY, rows.length) }, worker));

  let wake: Date | null = null;
  const finished = new Map<string, Record<string, string | number | null>>();
  const renewedKeys = results.some((r) => r.patch.retryKey !== undefined);
  for (const { row, patch, outcome } of results) {
    outcomes.set(row.id, outcome);
    const r = { ...row, ...patch };
    if (outcome.state === "sent") {
      Object.assign(r, { state: "sent", sentAt: now, deliveredAs: outcome.as, lastError: null });
    } else if (outcome.state === "retry") {
      Object.assign(r, { state: "queued", nextAttemptAt: outcome.at });
      if (!wake || outcome.at < wake) wake = outcome.at;
    } else if (outcome.state === "failed") {
      Object.assign(r, { state: "failed", lastError: outcome.reason.slice(0, 1000) });
    }
    finished.set(row.id, {
      a: row.attempts,
      state: r.state,
      sentAt: r.sentAt?.getTime() ?? null,
      deliveredAs: r.deliveredAs ?? null,
      nextAttemptAt: r.nextAttemptAt.getTime(),
      lastStatus: r.lastStatus ?? null,
      lastError: r.lastError ?? null,
      lineRequestId: r.lineRequestId ?? null,
      countedRecipients: r.countedRecipients,
      replyAmbiguous: r.replyAmbiguous ? 1 : 0,
      retryKey: r.retryKey,
      retryKeyIssuedAt: r.retryKeyIssuedAt.getTime(),
    });
  }
  // Retry keys and LINE's request ids differ per row; most other columns are shared.
  const updates = chunkRows([...finished], deps.dbLimits.maxParams, renewedKeys ? 6 : 4).map((chunk) => {
    const v = rowValues(outboxMessages.id, new Map(chunk));
    // biome-ignore lint/suspicious/noExplicitAny: SQL expressions stand in for typed values
    const f = (k: string) => v.field(k) as any;
    return db
      .update(outboxMessages)
      .set({
        state: f("state"),
        sentAt: f("sentAt"),
        deliveredAs: f("deliveredAs"),
        nextAttemptAt: f("nextAttemptAt"),
        lastStatus: f("lastStatus"),
        lastError: f("lastError"),
        lineRequestId: f("lineRequestId"),
        countedRecipients: f("countedRecipients"),
        replyAmbiguous: f("replyAmbiguous"),
        ...(renewedKeys ? { retryKey: f("retryKey"), retryKeyIssuedAt: f("retryKeyIssuedAt") } : {}),
        claimedUntil: null,
      })
      .where(and(v.inRows(), sql`${outboxMessages.attempts} = ${v.field("a")}`));
  });
  await db.batch(updates as unknown as BatchArg);
  if (wake) deps.background.wakeAt?.(wake);
  return outcomes;
}

/** One attempt at LINE for a claimed row: reply while the token is fresh, else push/multicast. */
async function attemptSend(
  deps: AppDeps,
  row: OutboxRow,
  now: Date,
): Promise<{ patch: Partial<NewOutboxRow>; outcome: SendOutcome }> {
  const { line } = deps;
  const messages = JSON.parse(row.messages) as LineMessage[];
  const recipients = JSON.parse(row.recipients) as string[];
  const patch: Partial<NewOutboxRow> = {};
  const done = (outcome: SendOutcome) => ({ patch, outcome });

  const retryOrFail = (err: LineApiError): SendOutcome => {
    if (row.attempts >= OUTBOX_MAX_ATTEMPTS) {
      return { state: "failed", reason: `gave up after ${row.attempts} attempts: ${err.message}` };
    }
    const backoff = Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** (row.attempts - 1));
    const jittered = backoff * (0.5 + deps.ids.random());
    const retryAfter = (err.details.retryAfterSeconds ?? 0) * 1000;
    return { state: "retry", at: new Date(now.getTime() + Math.max(jittered, retryAfter)) };
  };
  const record = (err: unknown): LineApiError => {
    const e = err instanceof LineApiError ? err : new LineApiError(0, errorMessage(err));
    patch.lastStatus = e.status;
    patch.lastError = e.message.slice(0, 1000);
    if (e.details.requestId) patch.lineRequestId = e.details.requestId;
    return e;
  };

  // 1. Reply while the token is fresh: free.
  const tokenFresh =
    row.kind === "reply" &&
    row.replyToken !== null &&
    (row.replyTokenExpiresAt?.getTime() ?? 0) > now.getTime();
  if (tokenFresh && row.replyToken) {
    try {
      const res = await line.reply(row.replyToken, messages);
      patch.lastStatus = 200;
      patch.lineRequestId = res.requestId;
      patch.countedRecipients = 0;
      return done({ state: "sent", as: "reply" });
    } catch (err) {
      const e = record(err);
      if (e.status === 429) return done(retryOrFail(e));
      if (e.retryable) {
        // LINE may have delivered it: never push after this, or the user could get it twice.
        patch.replyAmbiguous = true;
        return done(retryOrFail(e));
      }
      if (row.replyAmbiguous) {
        return done({
          state: "failed",
          reason: `REPLY_OUTCOME_UNKNOWN: an earlier reply attempt may have been delivered; not pushed to avoid a duplicate (${e.message})`,
        });
      }
      if (e.status !== 400) return done({ state: "failed", reason: e.message });
      // 400 on reply = the token is used or expired: fall through to push.
    }
  } else if (row.kind === "reply" && row.replyAmbiguous) {
    return done({
      state: "failed",
      reason:
        "REPLY_OUTCOME_UNKNOWN: the reply token expired after an attempt with an unknown outcome; not pushed",
    });
  }

  // 2. Push / multicast under a stored retry key: counted against the quota.
  let retryKey = row.retryKey;
  if (now.getTime() - row.retryKeyIssuedAt.getTime() > RETRY_KEY_TTL_MS) {
    retryKey = deps.ids.uuid();
    patch.retryKey = retryKey;
    patch.retryKeyIssuedAt = now;
  }
  try {
    const res =
      row.kind === "multicast"
        ? await line.multicast(recipients, messages, retryKey)
        : await line.push(recipients[0] ?? "", messages, retryKey);
    patch.lastStatus = res.alreadyAccepted ? 409 : 200;
    patch.lineRequestId = res.requestId;
    patch.countedRecipients = recipients.length;
    return done({ state: "sent", as: row.kind === "multicast" ? "multicast" : "push" });
  } catch (err) {
    const e = record(err);
    return done(e.retryable ? retryOrFail(e) : { state: "failed", reason: e.message });
  }
}

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
    .set({ state: "queued", attempts: 0, nextAttemptAt: now, replyAmbiguous: false })
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
  byTopic: Array<{ topic: string; free: number; countedRecipients: number; failed: number }>;
}

export async function outboxStats(db: Db, topicPrefix?: string): Promise<OutboxStats> {
  const where = topicPrefix ? sql`${outboxMessages.topic} LIKE ${`${topicPrefix}%`}` : sql`1 = 1`;
  const rows = await db
    .select({
      topic: outboxMessages.topic,
      state: outboxMessages.state,
      deliveredAs: outboxMessages.deliveredAs,
      n: sql<number>`count(*)`,
      recipients: sql<number>`coalesce(sum(${outboxMessages.countedRecipients}), 0)`,
    })
    .from(outboxMessages)
    .where(where)
    .groupBy(outboxMessages.topic, outboxMessages.state, outboxMessages.deliveredAs);
  const stats: OutboxStats = {
    byState: { queued: 0, sending: 0, sent: 0, failed: 0 },
    freeMessages: 0,
    countedRequests: 0,
    countedRecipients: 0,
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
