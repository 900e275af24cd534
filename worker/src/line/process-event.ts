import type { AppDeps } from "../deps";
import { type BatchStatement, batch } from "../lib/batch";
import { errorMessage } from "../lib/log";
import { chatOf, type DispatchTable, dispatchEvent, type RawEventContext } from "./dispatch";
import {
  claimEvents,
  EVENT_MAX_ATTEMPTS,
  type EventFinish,
  type EventRow,
  finishEventsQueries,
} from "./event-store";
import { eventSchema, type LineEvent } from "./events";
import { insertOutboxQueries, type OutboxInsert, type Outgoing, planOutbox } from "./outbox";

export function toLineEvent(row: EventRow): LineEvent {
  const payload = JSON.parse(row.payload) as Record<string, unknown>;
  const env = eventSchema.parse(payload);
  return {
    id: row.id,
    type: row.type,
    mode: row.mode === "standby" ? "standby" : "active",
    timestamp: row.eventTimestamp,
    isRedelivery: row.isRedelivery,
    source: env.source,
    replyToken: row.replyToken ?? undefined,
    payload,
  };
}

export type ProcessOutcome = "processed" | "skipped" | "failed" | "not-claimed";

/**
 * Claims recorded events (one statement), runs each one's handlers in order, then in ONE batch
 * stores everything they want to send and marks each event processed (or failed, for a retry).
 * Outbox ids derive from the event id, so even a handler run twice (a crash between handling and
 * the batch, then a retry) queues each message once. Batching many events per claim and per
 * write keeps a burst of webhooks cheap on every database.
 */
export async function processEvents(
  deps: AppDeps,
  table: DispatchTable,
  ids: string[],
): Promise<Map<string, ProcessOutcome>> {
  const { db, clock, log } = deps;
  const outcomes = new Map<string, ProcessOutcome>();
  const rows = await claimEvents(db, ids, clock.now());
  if (rows.length === 0) return outcomes;
  rows.sort((a, b) => a.eventTimestamp.getTime() - b.eventTimestamp.getTime());

  const finishes: EventFinish[] = [];
  const planned: OutboxInsert[] = [];
  const observed: BatchStatement[] = [];
  let wake = false;
  let retryAt: Date | null = null;
  for (const row of rows) {
    try {
      const { outgoing, topic, result, event, tokenExpiresAt } = await runHandlers(deps, table, row);
      const rowsOut = planOutbox(deps, outgoing, { topic, eventId: row.id, idBase: `obx_${row.id}` });
      planned.push(...rowsOut);
      const { userId, chatId } = chatOf(event);
      for (const observe of table.observers) {
        const seen = await observe(deps, {
          event,
          userId,
          chatId,
          topic,
          result,
          planned: rowsOut,
          replyTokenExpiresAt: event.replyToken ? tokenExpiresAt : null,
        });
        observed.push(...seen.statements);
        if (seen.wake) wake = true;
      }
      const state = result === "unknown-type" ? "skipped" : "processed";
      finishes.push({ id: row.id, attempt: row.attempts, state, at: clock.now() });
      outcomes.set(row.id, state);
    } catch (err) {
      const retry = row.attempts < EVENT_MAX_ATTEMPTS;
      const nextAttemptAt = retry ? new Date(clock.now().getTime() + 2_000 * 2 ** row.attempts) : null;
      log.error("webhook event failed", {
        eventId: row.id,
        type: row.type,
        attempt: row.attempts,
        error: errorMessage(err),
      });
      finishes.push({
        id: row.id,
        attempt: row.attempts,
        state: "failed",
        at: clock.now(),
        error: errorMessage(err),
        nextAttemptAt,
      });
      if (nextAttemptAt && (!retryAt || nextAttemptAt < retryAt)) retryAt = nextAttemptAt;
      outcomes.set(row.id, "failed");
    }
  }
  const statements: BatchStatement[] = [
    ...insertOutboxQueries(deps, planned),
    ...observed,
    ...finishEventsQueries(db, deps.dbLimits, finishes),
  ];
  await batch(db, statements);
  for (const r of planned) deps.background.enqueue({ kind: "outbox", id: r.id });
  if (retryAt) deps.background.wakeAt?.(retryAt);
  if (wake) deps.background.wakeAt?.(clock.now());
  return outcomes;
}

async function runHandlers(deps: AppDeps, table: DispatchTable, row: EventRow) {
  const event = toLineEvent(row);
  const standby = event.mode === "standby";
  const outgoing: Outgoing[] = [];
  let suppressed = 0;
  const { userId, chatId } = chatOf(event);
  // A token is good for about a minute from the event, not from when we got round to it.
  const tokenExpiresAt = new Date(
    Math.min(event.timestamp.getTime(), row.receivedAt.getTime()) + deps.config.replyTokenTtlMs,
  );
  let replyItem: (Outgoing & { kind: "reply" }) | undefined;

  const ctx: RawEventContext = {
    event,
    deps,
    userId,
    chatId,
    topic: "general",
    outgoing,
    reply: (...messages) => {
      if (standby || !chatId) {
        suppressed += messages.length;
        return;
      }
      if (!replyItem) {
        replyItem = {
          kind: "reply",
          chatId,
          replyToken: event.replyToken ?? null,
          replyTokenExpiresAt: event.replyToken ? tokenExpiresAt : null,
          messages: [],
        };
        outgoing.unshift(replyItem);
      }
      replyItem.messages.push(...messages);
    },
    push: (to, ...messages) => {
      if (standby) {
        suppressed += messages.length;
        return;
      }
      outgoing.push({ kind: "push", to, messages });
    },
  };
  const result = await dispatchEvent(table, ctx);
  if (result === "unknown-type")
    deps.log.warn("webhook event of unknown type skipped", { eventId: row.id, type: event.type });
  if (suppressed > 0) deps.log.info("standby: messages not sent", { eventId: row.id, count: suppressed });
  return { outgoing, topic: ctx.topic, result, event, tokenExpiresAt };
}
