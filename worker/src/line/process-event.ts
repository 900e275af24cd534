import type { AppDeps } from "../deps";
import { errorMessage } from "../lib/log";
import { chatOf, type DispatchTable, dispatchEvent, type EventContext } from "./dispatch";
import { claimEvent, EVENT_MAX_ATTEMPTS, type EventRow, finishEventQuery } from "./event-store";
import { eventSchema, type LineEvent } from "./events";
import { insertOutboxQuery, type Outgoing, planOutbox } from "./outbox";

type BatchArg = Parameters<AppDeps["db"]["batch"]>[0];

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
 * Claims one recorded event, runs its handlers, and in ONE batch stores what they want to send
 * and marks the event processed. Outbox ids derive from the event id, so even a handler run twice
 * (a crash between handling and the batch, then a retry) queues each message once.
 */
export async function processEvent(deps: AppDeps, table: DispatchTable, id: string): Promise<ProcessOutcome> {
  const { db, clock, log } = deps;
  const row = await claimEvent(db, id, clock.now());
  if (!row) return "not-claimed";

  const event = toLineEvent(row);
  const standby = event.mode === "standby";
  const outgoing: Outgoing[] = [];
  let suppressed = 0;
  const { userId, chatId } = chatOf(event);
  const tokenExpiresAt = new Date(
    Math.min(event.timestamp.getTime(), row.receivedAt.getTime()) + deps.config.replyTokenTtlMs,
  );
  let replyItem: (Outgoing & { kind: "reply" }) | undefined;

  const ctx: EventContext = {
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

  try {
    const result = await dispatchEvent(table, ctx);
    if (result === "unknown-type")
      log.warn("webhook event of unknown type skipped", { eventId: id, type: event.type });
    if (suppressed > 0) log.info("standby: messages not sent", { eventId: id, count: suppressed });
    const rows = planOutbox(deps, outgoing, { topic: ctx.topic, eventId: id, idBase: `obx_${id}` });
    const statements = [
      ...(rows.length > 0 ? [insertOutboxQuery(db, rows)] : []),
      finishEventQuery(db, id, row.attempts, {
        state: result === "unknown-type" ? "skipped" : "processed",
        at: clock.now(),
      }),
    ];
    await db.batch(statements as unknown as BatchArg);
    for (const r of rows) deps.background.enqueue({ kind: "outbox", id: r.id });
    return result === "unknown-type" ? "skipped" : "processed";
  } catch (err) {
    const retry = row.attempts < EVENT_MAX_ATTEMPTS;
    const nextAttemptAt = retry ? new Date(clock.now().getTime() + 2_000 * 2 ** row.attempts) : null;
    log.error("webhook event failed", {
      eventId: id,
      type: event.type,
      attempt: row.attempts,
      error: errorMessage(err),
    });
    await finishEventQuery(db, id, row.attempts, {
      state: "failed",
      at: clock.now(),
      error: errorMessage(err),
      nextAttemptAt,
    });
    if (nextAttemptAt) deps.background.wakeAt?.(nextAttemptAt);
    return "failed";
  }
}
