/**
 * Sending a broadcast: asked for (quota checked, the start put out of the quiet hours), started
 * by the planning batch (broadcast-plan.ts) at once or by the sweep when due, cancelled, or tried
 * on one LINE user first.
 */
import { and, asc, eq, inArray, lte, sql } from "drizzle-orm";
import { broadcastMembers, broadcasts, outboxMessages } from "../../../../db/schema";
import type { AppDeps } from "../../deps";
import { batch } from "../../lib/batch";
import { AppError, say } from "../../lib/errors";
import { queueMessages } from "../../line/outbox";
import type { LineMessage } from "../../ports/line";
import { isPersonal, personalMessages } from "./broadcast-messages";
import { planBroadcast, sentMessages } from "./broadcast-plan";
import { readQuota } from "./broadcast-quota";
import { broadcastSettings } from "./broadcast-settings";
import { broadcastView, memberByLineUser, requireBroadcast, settleBroadcasts } from "./broadcasts";
import { isQuiet, leaveQuietHours } from "./quiet-hours";

const notNow = (state: string) =>
  new AppError(
    "CONFLICT",
    say(`此群發目前為「${state}」，無法執行。`, `The broadcast is ${state}: that cannot be done now.`),
    { state },
  );

/**
 * Asks for the send: refused (422 OVER_QUOTA) when it costs more than the month has left, unless
 * confirmed; then `scheduled` from `scheduledAt` (or now) moved out of the quiet hours, and
 * started at once when that is now.
 */
export async function requestSend(deps: AppDeps, id: string, input: { confirmOverQuota: boolean }) {
  const b = await requireBroadcast(deps.db, id);
  if (b.state !== "draft") throw notNow(b.state);
  if (!input.confirmOverQuota) {
    const quota = await readQuota(deps, b.recipients);
    if (quota.type === "unknown")
      throw new AppError(
        "UNPROCESSABLE",
        say(
          "無法取得 LINE 的本月訊息額度；確認後仍可送出。",
          "LINE's message quota could not be read; confirm to send anyway.",
        ),
        { reason: "QUOTA_UNKNOWN", countedMessages: b.recipients },
      );
    if (quota.type === "limited" && b.recipients > (quota.remaining ?? 0))
      throw new AppError(
        "UNPROCESSABLE",
        say(
          `此群發需 ${b.recipients} 則，本月額度僅剩 ${quota.remaining} 則；確認後仍可送出。`,
          `This broadcast costs ${b.recipients} messages and the month has ${quota.remaining} left; confirm to send anyway.`,
        ),
        { reason: "OVER_QUOTA", countedMessages: b.recipients, ...quota },
      );
  }
  const now = deps.clock.now();
  const settings = await broadcastSettings(deps);
  const wanted = b.scheduledAt && b.scheduledAt > now ? b.scheduledAt : now;
  const startsAt = settings.quietHours
    ? leaveQuietHours(wanted, settings.quietHours, deps.config.brand.timeZone)
    : wanted;
  const moved = await deps.db
    .update(broadcasts)
    .set({
      state: "scheduled",
      startsAt,
      overQuotaConfirmedAt: input.confirmOverQuota ? now : null,
      heldBack: null,
      updatedAt: now,
    })
    .where(and(eq(broadcasts.id, id), eq(broadcasts.state, "draft")))
    .returning({ id: broadcasts.id });
  if (moved.length === 0) throw notNow((await requireBroadcast(deps.db, id)).state);
  if (startsAt.getTime() <= now.getTime()) await planBroadcast(deps, id);
  else deps.background.wakeAt?.(startsAt);
  return broadcastView(deps, id);
}

/**
 * Cancels: a draft or scheduled broadcast at once; a sending one's chunks that were never tried
 * are withdrawn (outbox state `cancelled`; their members lose the chunk, as members it was never
 * sent to: not in the results' recipients, not counted by the frequency cap, no coupon to claim)
 * while chunks already tried finish — a 5xx or a timeout may have landed, and only a retry under
 * the same key can tell. One batch, each step conditional.
 */
export async function cancelBroadcast(deps: AppDeps, id: string) {
  const { db } = deps;
  const now = deps.clock.now();
  const early = await db
    .update(broadcasts)
    .set({ state: "cancelled", cancelledAt: now, updatedAt: now })
    .where(and(eq(broadcasts.id, id), inArray(broadcasts.state, ["draft", "scheduled"])))
    .returning({ id: broadcasts.id });
  if (early.length === 0) {
    const chunksOf = sql`SELECT outbox_id FROM broadcast_chunks WHERE broadcast_id = ${id}`;
    const [, , stopped] = await batch(db, [
      db
        .update(outboxMessages)
        .set({ state: "cancelled", claimedUntil: null })
        .where(sql`id IN (${chunksOf}) AND state = 'queued' AND attempts = 0
          AND EXISTS (SELECT 1 FROM broadcasts WHERE id = ${id} AND state = 'sending')`),
      db
        .update(broadcastMembers)
        .set({ chunk: null, plannedAt: null })
        .where(sql`broadcast_id = ${id} AND chunk IN (
          SELECT c.chunk FROM broadcast_chunks c JOIN outbox_messages o ON o.id = c.outbox_id
          WHERE c.broadcast_id = ${id} AND o.state = 'cancelled')`),
      db
        .update(broadcasts)
        .set({ state: "cancelled", cancelledAt: now, updatedAt: now })
        .where(and(eq(broadcasts.id, id), eq(broadcasts.state, "sending")))
        .returning({ id: broadcasts.id }),
    ]);
    if (stopped.length === 0) throw notNow((await requireBroadcast(db, id)).state);
  }
  // Settled there: finished at once when nothing was in flight.
  return broadcastView(deps, id);
}

/** Sends the broadcast's messages (as a recipient would get them) to one LINE user by push. */
export async function testBroadcast(deps: AppDeps, id: string, lineUserId: string) {
  const b = await requireBroadcast(deps.db, id);
  const member = await memberByLineUser(deps.db, lineUserId);
  if (member?.friendship !== "friend")
    throw new AppError(
      "UNPROCESSABLE",
      say("此 LINE 使用者未加入好友，無法傳送測試訊息。", "This LINE user does not follow the OA."),
      { reason: "NOT_FOLLOWING", field: "lineUserId" },
    );
  let messages: LineMessage[] = await sentMessages(deps, b);
  if (isPersonal(b.messages)) messages = personalMessages(messages, member);
  const [outboxId] = await queueMessages(deps, [{ kind: "push", to: lineUserId, messages }], {
    topic: `broadcast:${id}:test`,
  });
  return { outboxId: outboxId ?? "", lineUserId };
}

/**
 * A scheduled send, due, whose cost the admin did not confirm beyond the quota: the quota is
 * read again (the month moves on between scheduling and sending), and if it now falls short the
 * broadcast goes back to draft with the reason (`heldBack`), messaging no one; sending it again
 * asks for the confirmation. A quota LINE cannot be asked for now does not hold it back: it was
 * checked when the send was asked for, and chunks retry until LINE answers.
 */
async function heldForQuota(deps: AppDeps, id: string, now: Date): Promise<boolean> {
  const b = await requireBroadcast(deps.db, id);
  if (b.overQuotaConfirmedAt) return false;
  const quota = await readQuota(deps, b.recipients);
  if (quota.type !== "limited" || b.recipients <= (quota.remaining ?? 0)) return false;
  const held = await deps.db
    .update(broadcasts)
    .set({
      state: "draft",
      startsAt: null,
      heldBack: {
        reason: "OVER_QUOTA",
        at: now.toISOString(),
        countedMessages: b.recipients,
        remaining: quota.remaining ?? 0,
      },
      updatedAt: now,
    })
    .where(and(eq(broadcasts.id, id), eq(broadcasts.state, "scheduled")))
    .returning({ id: broadcasts.id });
  if (held.length > 0)
    deps.log.warn("scheduled broadcast held back: over the month's quota", {
      broadcastId: id,
      countedMessages: b.recipients,
      remaining: quota.remaining,
    });
  return true;
}

/**
 * The marketing sweep (Node's timer, Workers' cron, every wake-up): starts scheduled broadcasts
 * that are due — or, if the quiet hours have begun meanwhile, moves their start to the end of
 * them — and settles the finished ones.
 */
export async function broadcastSweep(deps: AppDeps): Promise<void> {
  const { db } = deps;
  const now = deps.clock.now();
  const due = await db
    .select({ id: broadcasts.id })
    .from(broadcasts)
    .where(and(eq(broadcasts.state, "scheduled"), lte(broadcasts.startsAt, now)))
    .orderBy(asc(broadcasts.startsAt))
    .limit(20);
  if (due.length > 0) {
    const { quietHours } = await broadcastSettings(deps);
    const zone = deps.config.brand.timeZone;
    for (const { id } of due) {
      if (quietHours && isQuiet(now, quietHours, zone)) {
        await db
          .update(broadcasts)
          .set({ startsAt: leaveQuietHours(now, quietHours, zone), updatedAt: now })
          .where(and(eq(broadcasts.id, id), eq(broadcasts.state, "scheduled")));
      } else if (!(await heldForQuota(deps, id, now))) {
        await planBroadcast(deps, id);
      }
    }
  }
  await settleBroadcasts(db, now);
}
