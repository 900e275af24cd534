/**
 * Starting a send: ONE batch (atomic on a libSQL file, Turso and D1) that moves the broadcast to
 * `sending` and, only for the run that moved it, decides everything else in SQL — who is left
 * out (blocked or withdrew since; over the frequency cap), the chunk of every recipient
 * (ROW_NUMBER over the recipients, 500 a multicast), one outbox row per chunk under an id made of
 * broadcast and chunk (a re-run inserts nothing) with its own retry key for life, the chunk rows
 * and the counts. Then the outbox delivers the chunks like any message (retries under the same
 * `X-Line-Retry-Key`, 409 = landed, 429 Retry-After, claims that survive a kill -9), on Node in
 * process, on Workers from the Queue.
 */
import { and, asc, eq, gt, lte, sql } from "drizzle-orm";
import {
  broadcastChunks,
  broadcastMembers,
  broadcasts,
  couponTemplates,
  outboxMessages,
} from "../../../../db/schema";
import type { AppDeps } from "../../deps";
import { type BatchStatement, batch } from "../../lib/batch";
import { MULTICAST_MAX_RECIPIENTS } from "../../line/outbox";
import type { LineMessage } from "../../ports/line";
import { isPersonal, outgoingMessages, personalJsonSql, unitName } from "./broadcast-messages";
import { broadcastSettings } from "./broadcast-settings";
import { type BroadcastRow, countOf, requireBroadcast, settleBroadcasts } from "./broadcasts";
import { selectColumns } from "./select-columns";

const DAY_MS = 86_400_000;
/**
 * Pacing: chunks fall due a slot at a time, 100 multicasts per half second (LINE: 200 multicast
 * requests a second per channel), 1,000 pushes per half second (2,000 a second).
 */
export const PACE = { multicast: 100, push: 1_000, slotMs: 500 } as const;
/** Chunks handed to the outbox by the request that starts the send; the sweep takes the rest. */
const KICK = 100;

/** The outbox id of a chunk: the same for every run, so planning twice inserts nothing new. */
export const chunkOutboxId = (broadcastId: string, chunk: number) => `obx_${broadcastId}_${chunk}`;

/**
 * A chunk's retry key, from the planning run's UUID: its first 24 characters, the chunk number
 * in 6 hex digits, its last 6 — a UUID, unique per chunk, fixed for the row's life.
 */
const retryKeySql = (planId: string) =>
  sql`${planId.slice(0, 24)} || printf('%06x', b.chunk) || ${planId.slice(-6)}`;

/**
 * Starts a due broadcast (`scheduled`, `startsAt` passed) if no one has: true when this run
 * planned it. Outside the batch only reads (the settings, the coupon's name) that decide nothing.
 */
export async function planBroadcast(deps: AppDeps, id: string): Promise<boolean> {
  const { db } = deps;
  const b = await requireBroadcast(db, id);
  if (b.state !== "scheduled") return false;
  const now = deps.clock.now();
  const t = now.getTime();
  const settings = await broadcastSettings(deps);
  const messages = await sentMessages(deps, b);
  const personal = isPersonal(b.messages);
  const size = personal ? 1 : MULTICAST_MAX_RECIPIENTS;
  const perSlot = personal ? PACE.push : PACE.multicast;
  const units = settings.unitStatisticsOn ? JSON.stringify([unitName(b)]) : null;
  const planId = deps.ids.uuid();
  const guard = sql`EXISTS (SELECT 1 FROM broadcasts WHERE id = ${id} AND state = 'sending' AND plan_id = ${planId})`;
  const cap = settings.frequencyCap;
  const outboxId = sql`'obx_' || ${id} || '_' || b.chunk`;
  /** What every chunk's outbox row has, whatever its kind. */
  const outboxRow = {
    id: outboxId,
    retryKey: retryKeySql(planId),
    retryKeyIssuedAt: sql`${t}`,
    nextAttemptAt: sql`${t} + (b.chunk / ${sql.raw(String(perSlot))}) * ${sql.raw(String(PACE.slotMs))}`,
    topic: sql`${`broadcast:${id}`}`,
    createdAt: sql`${t}`,
    customAggregationUnits: sql`${units}`,
  };

  const bm = broadcastMembers;
  const statements: BatchStatement[] = [
    db
      .update(broadcasts)
      .set({ state: "sending", startedAt: now, planId, updatedAt: now })
      .where(and(eq(broadcasts.id, id), eq(broadcasts.state, "scheduled"), lte(broadcasts.startsAt, now)))
      .returning({ id: broadcasts.id }),
    // Blocked the OA, withdrew consent or deleted their data since the broadcast was made.
    db
      .update(bm)
      .set({ role: "excluded" })
      .where(sql`broadcast_id = ${id} AND role = 'recipient' AND ${guard} AND NOT EXISTS (
        SELECT 1 FROM members m WHERE m.id = broadcast_members.member_id
          AND m.line_user_id = broadcast_members.line_user_id AND m.friendship = 'friend'
          AND m.marketing_opt_out_at IS NULL AND m.deleted_at IS NULL)`),
  ];
  if (cap)
    // Already reached by `cap.messages` broadcasts in the rolling window.
    statements.push(
      db
        .update(bm)
        .set({ role: "capped" })
        .where(sql`broadcast_id = ${id} AND role = 'recipient' AND ${guard} AND (
          SELECT count(*) FROM broadcast_members o
          WHERE o.member_id = broadcast_members.member_id AND o.broadcast_id <> ${id}
            AND o.role = 'recipient' AND o.planned_at > ${t - cap.days * DAY_MS}) >= ${sql.raw(String(cap.messages))}`),
    );
  const recipients = sql`FROM broadcast_members b WHERE b.broadcast_id = ${id} AND b.role = 'recipient' AND b.chunk IS NOT NULL AND ${guard}`;
  statements.push(
    db
      .update(bm)
      .set({ chunk: sql`r.chunk`, plannedAt: now })
      .from(
        sql`(SELECT member_id AS mid, (ROW_NUMBER() OVER (ORDER BY member_id) - 1) / ${sql.raw(String(size))} AS chunk
             FROM broadcast_members WHERE broadcast_id = ${id} AND role = 'recipient') AS r`,
      )
      .where(
        sql`broadcast_members.broadcast_id = ${id} AND broadcast_members.member_id = r.mid AND ${guard}`,
      ),
    db
      .insert(outboxMessages)
      .select(
        personal
          ? sql`SELECT ${selectColumns(outboxMessages, {
              ...outboxRow,
              kind: sql`'push'`,
              recipients: sql`json_array(b.line_user_id)`,
              messages: personalJsonSql(JSON.stringify(messages)),
            })} FROM broadcast_members b JOIN members m ON m.id = b.member_id
              WHERE b.broadcast_id = ${id} AND b.role = 'recipient' AND b.chunk IS NOT NULL AND ${guard}`
          : sql`SELECT ${selectColumns(outboxMessages, {
              ...outboxRow,
              kind: sql`'multicast'`,
              recipients: sql`json_group_array(b.line_user_id)`,
              messages: sql`${JSON.stringify(messages)}`,
            })} ${recipients} GROUP BY b.chunk`,
      )
      .onConflictDoNothing(),
    db
      .insert(broadcastChunks)
      .select(
        sql`SELECT ${selectColumns(broadcastChunks, {
          broadcastId: sql`${id}`,
          chunk: sql`b.chunk`,
          outboxId,
          size: sql`count(*)`,
        })} ${recipients} GROUP BY b.chunk`,
      )
      .onConflictDoNothing(),
    db
      .update(broadcasts)
      .set({
        recipients: countOf(id, "recipient"),
        capped: countOf(id, "capped"),
        excluded: countOf(id, "excluded"),
        chunks: sql`(SELECT count(*) FROM broadcast_chunks WHERE broadcast_id = ${id})`,
      })
      .where(and(eq(broadcasts.id, id), eq(broadcasts.planId, planId))),
    // Nobody left to send to: done at once.
    settleBroadcasts(db, now, id),
  );
  const [moved] = (await batch(db, statements)) as [Array<{ id: string }>];
  if (moved.length === 0) return false;
  await kickChunks(deps, id, now);
  return true;
}

/** The outgoing messages with the coupon card when the broadcast carries one. */
export async function sentMessages(deps: AppDeps, b: BroadcastRow): Promise<LineMessage[]> {
  let coupon: { name: string } | null = null;
  if (b.couponTemplateId) {
    const [tpl] = await deps.db
      .select({ name: couponTemplates.name })
      .from(couponTemplates)
      .where(eq(couponTemplates.id, b.couponTemplateId));
    coupon = { name: tpl?.name ?? "優惠券 Coupon" };
  }
  return outgoingMessages(deps.config, {
    id: b.id,
    messages: b.messages,
    coupon,
  });
}

/**
 * Hands the first chunks due to the outbox (Node: in process; Workers: a Queue job each, so a
 * bounded number per request) and asks for a sweep for the rest: at once when more are due, else
 * when the next slot falls due.
 */
async function kickChunks(deps: AppDeps, id: string, now: Date): Promise<void> {
  const o = outboxMessages;
  const mine = and(eq(broadcastChunks.broadcastId, id), eq(o.state, "queued"));
  const rows = () =>
    deps.db
      .select({ id: o.id, at: o.nextAttemptAt })
      .from(broadcastChunks)
      .innerJoin(o, eq(o.id, broadcastChunks.outboxId));
  const due = await rows()
    .where(and(mine, lte(o.nextAttemptAt, now)))
    .limit(KICK + 1);
  for (const r of due.slice(0, KICK)) deps.background.enqueue({ kind: "outbox", id: r.id });
  if (due.length > KICK) return deps.background.wakeAt?.(now);
  const [later] = await rows()
    .where(and(mine, gt(o.nextAttemptAt, now)))
    .orderBy(asc(o.nextAttemptAt))
    .limit(1);
  if (later) deps.background.wakeAt?.(later.at);
}
