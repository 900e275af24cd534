import { and, asc, eq, inArray, lt, lte, min, or, sql } from "drizzle-orm";
import type { Db } from "../../../db/client";
import { webhookEvents } from "../../../db/schema";
import type { DbLimits } from "../deps";
import { chunkRows, rowValues } from "../lib/row-values";
import type { WebhookEnvelopeEvent } from "./events";

export type EventRow = typeof webhookEvents.$inferSelect;
export type NewEventRow = typeof webhookEvents.$inferInsert;

/** A claimed event stays ours this long; after that a sweep may take it over (crash recovery). */
export const EVENT_LEASE_MS = 60_000;
export const EVENT_MAX_ATTEMPTS = 5;
const COLUMNS_PER_ROW = 12;

export function toEventRow(e: WebhookEnvelopeEvent, receivedAt: Date): NewEventRow {
  const src = e.source;
  return {
    id: e.webhookEventId,
    type: e.type,
    mode: e.mode,
    sourceType: src?.type ?? null,
    sourceUserId: src?.userId ?? null,
    sourceGroupId: src?.type === "group" ? src.groupId : src?.type === "room" ? src.roomId : null,
    replyToken: e.replyToken ?? null,
    eventTimestamp: new Date(e.timestamp),
    isRedelivery: e.deliveryContext.isRedelivery,
    payload: JSON.stringify(e),
    state: "received",
    receivedAt,
  };
}

/**
 * Inserts events, ignoring ids already recorded, and returns the ids that are new. One multi-row
 * statement per chunk: the unique primary key, not a prior read, decides what is new, so a
 * concurrent redelivery of the same event is recorded once.
 */
export async function insertEvents(db: Db, limits: DbLimits, rows: NewEventRow[]): Promise<string[]> {
  const perChunk = Math.max(1, Math.floor(limits.maxParams / COLUMNS_PER_ROW));
  const inserted: string[] = [];
  for (let i = 0; i < rows.length; i += perChunk) {
    const chunk = rows.slice(i, i + perChunk);
    const res = await db
      .insert(webhookEvents)
      .values(chunk)
      .onConflictDoNothing({ target: webhookEvents.id })
      .returning({ id: webhookEvents.id });
    for (const r of res) inserted.push(r.id);
  }
  return inserted;
}

interface Pending {
  rows: NewEventRow[];
  resolve(ids: string[]): void;
  reject(err: unknown): void;
}

/**
 * Group commit: webhook requests arriving while a write is in flight are written together in the
 * next statement. Every caller still waits for its own rows to be durable before answering 200,
 * but N concurrent requests cost ~1 write instead of N. No timers: the batch is whatever queued
 * up during the previous write.
 */
export class EventRecorder {
  private queue: Pending[] = [];
  private flushing = false;

  constructor(private readonly insert: (rows: NewEventRow[]) => Promise<string[]>) {}

  record(rows: NewEventRow[]): Promise<string[]> {
    if (rows.length === 0) return Promise.resolve([]);
    return new Promise((resolve, reject) => {
      this.queue.push({ rows, resolve, reject });
      if (!this.flushing) void this.flush();
    });
  }

  private async flush(): Promise<void> {
    this.flushing = true;
    try {
      while (this.queue.length > 0) {
        const batch = this.queue.splice(0);
        try {
          const inserted = new Set(await this.insert(batch.flatMap((p) => p.rows)));
          for (const p of batch) {
            const mine: string[] = [];
            for (const r of p.rows) {
              // An id is "new" for the first request that carried it, once.
              if (inserted.delete(r.id)) mine.push(r.id);
            }
            p.resolve(mine);
          }
        } catch (err) {
          for (const p of batch) p.reject(err);
        }
      }
    } finally {
      this.flushing = false;
    }
  }
}

/**
 * Claims events for processing with one conditional update: fresh, stranded by a crash (lease
 * expired) or due for a retry. Returns only the rows this caller won.
 */
export async function claimEvents(db: Db, ids: string[], now: Date): Promise<EventRow[]> {
  if (ids.length === 0) return [];
  return db
    .update(webhookEvents)
    .set({
      state: "processing",
      attempts: sql`${webhookEvents.attempts} + 1`,
      claimedUntil: new Date(now.getTime() + EVENT_LEASE_MS),
    })
    .where(and(inArray(webhookEvents.id, ids), claimable(now)))
    .returning();
}

function claimable(now: Date) {
  return or(
    eq(webhookEvents.state, "received"),
    and(eq(webhookEvents.state, "processing"), lt(webhookEvents.claimedUntil, now)),
    and(
      eq(webhookEvents.state, "failed"),
      lte(webhookEvents.nextAttemptAt, now),
      lt(webhookEvents.attempts, EVENT_MAX_ATTEMPTS),
    ),
  );
}

/**
 * Ids a sweep should (re)process: unprocessed after a restart, stranded, or due for retry. An id
 * with a NUL (recorded before the webhook refused them) reads back cut short, so it could never
 * be claimed and would come back every sweep, first in line: it is left out.
 */
export async function dueEventIds(db: Db, now: Date, limit = 500): Promise<string[]> {
  const rows = await db
    .select({ id: webhookEvents.id })
    .from(webhookEvents)
    .where(and(claimable(now), sql`instr(${webhookEvents.id}, char(0)) = 0`))
    .orderBy(asc(webhookEvents.receivedAt))
    .limit(limit);
  return rows.map((r) => r.id);
}

export type EventFinish =
  | { id: string; attempt: number; state: "processed" | "skipped"; at: Date }
  | { id: string; attempt: number; state: "failed"; at: Date; error: string; nextAttemptAt: Date | null };

/**
 * The one update that closes the claims of many events; each row only changes while the claim
 * (state processing + attempt number) is still the one that was taken.
 */
export function finishEventsQueries(db: Db, limits: DbLimits, finishes: EventFinish[]) {
  return chunkRows(finishes, limits.maxParams, 5).map((chunk) => {
    const rows = new Map<string, Record<string, string | number | null>>();
    for (const f of chunk) {
      rows.set(f.id, {
        a: f.attempt,
        s: f.state,
        p: f.state === "failed" ? null : f.at.getTime(),
        e: f.state === "failed" ? f.error.slice(0, 1000) : null,
        n: f.state === "failed" ? (f.nextAttemptAt?.getTime() ?? null) : null,
      });
    }
    const v = rowValues(webhookEvents.id, rows);
    return db
      .update(webhookEvents)
      .set({
        state: v.field("s") as unknown as "processed",
        processedAt: v.field("p") as unknown as Date,
        lastError: v.field("e") as unknown as string,
        nextAttemptAt: v.field("n") as unknown as Date,
        claimedUntil: null,
      })
      .where(
        and(
          v.inRows(),
          eq(webhookEvents.state, "processing"),
          sql`${webhookEvents.attempts} = ${v.field("a")}`,
        ),
      );
  });
}

export async function listEvents(db: Db, opts: { state?: EventRow["state"]; limit: number }) {
  const q = db.select().from(webhookEvents);
  const rows = await (opts.state ? q.where(eq(webhookEvents.state, opts.state)) : q)
    .orderBy(sql`${webhookEvents.receivedAt} desc`)
    .limit(opts.limit);
  return rows;
}

/** Puts failed events back in line (admin retry). */
export async function requeueEvents(db: Db, ids: string[], now: Date): Promise<string[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .update(webhookEvents)
    .set({ state: "received", attempts: 0, nextAttemptAt: now, lastError: null })
    .where(and(inArray(webhookEvents.id, ids), eq(webhookEvents.state, "failed")))
    .returning({ id: webhookEvents.id });
  return rows.map((r) => r.id);
}

/** When events next need a look: a failed one's retry, or a claim's lease running out. */
export async function nextEventWake(db: Db): Promise<Date | null> {
  const [failed] = await db
    .select({ at: min(webhookEvents.nextAttemptAt) })
    .from(webhookEvents)
    .where(and(eq(webhookEvents.state, "failed"), lt(webhookEvents.attempts, EVENT_MAX_ATTEMPTS)));
  const [claimed] = await db
    .select({ at: min(webhookEvents.claimedUntil) })
    .from(webhookEvents)
    .where(eq(webhookEvents.state, "processing"));
  const times = [failed?.at, claimed?.at].filter((t): t is Date => t instanceof Date);
  return times.length ? new Date(Math.min(...times.map((t) => t.getTime()))) : null;
}

/**
 * Claims of a host process that died are void when the same host starts again (the Node host
 * owns its database file alone): the events are processed at once, not after their lease.
 */
export async function releaseDeadEventClaims(db: Db): Promise<number> {
  const rows = await db
    .update(webhookEvents)
    .set({ claimedUntil: new Date(0) })
    .where(eq(webhookEvents.state, "processing"))
    .returning({ id: webhookEvents.id });
  return rows.length;
}
