import { and, asc, eq, gt, inArray, lt, lte, min, or, sql } from "drizzle-orm";
import type { Db } from "../../../../db/client";
import { appSettings, outboxMessages } from "../../../../db/schema";
import type { AppDeps } from "../../deps";
import { type BatchStatement, batch } from "../../lib/batch";
import { LineApiError } from "../../lib/line-api-error";
import { errorMessage } from "../../lib/log";
import { chunkRows, rowValues } from "../../lib/row-values";
import type { OutboxInsert, OutboxRow } from "./plan";
import { invalidTokenMeans, planRetry, RETRY_KEY_TTL_MS, replyTokenYoung } from "./policy";

const SEND_CONCURRENCY = 16;
/** A claim covers the sends it holds, each up to the LINE adapter's timeout (10 s), in waves of 16. */
const LEASE_BASE_MS = 15_000;
const LEASE_PER_WAVE_MS = 12_000;
/**
 * LINE counts as having been down when nothing was accepted for this long; the first success
 * after such a gap releases every message that failed meanwhile, instead of each waiting out its
 * own backoff. A message that fails while others go through (a poison message) is not released.
 */
export const RECOVERY_GAP_MS = 3_000;
const LAST_SUCCESS_KEY = "outbox:last_success_at";
/**
 * The last success this process stored, per database. Within a second of it the stored time is
 * fresh enough that no outage can be ending (it would need `RECOVERY_GAP_MS` without success), so
 * neither the release nor the bookkeeping write is needed: a busy outbox pays for them once a
 * second, not once per write.
 */
const storedSuccess = new WeakMap<object, number>();
const SUCCESS_WRITE_EVERY_MS = 1_000;

export type SendOutcome =
  | { state: "sent"; as: "reply" | "push" | "multicast" }
  | { state: "retry"; at: Date }
  | { state: "failed"; reason: string }
  | { state: "not-claimed" };

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

/** When the outbox next has work: the earliest queued attempt or stranded claim, if any. */
export async function nextOutboxWake(db: Db): Promise<Date | null> {
  const [queued] = await db
    .select({ at: min(outboxMessages.nextAttemptAt) })
    .from(outboxMessages)
    .where(eq(outboxMessages.state, "queued"));
  const [claimed] = await db
    .select({ at: min(outboxMessages.claimedUntil) })
    .from(outboxMessages)
    .where(eq(outboxMessages.state, "sending"));
  const times = [queued?.at, claimed?.at].filter((t): t is Date => t instanceof Date);
  return times.length ? new Date(Math.min(...times.map((t) => t.getTime()))) : null;
}

/**
 * Claims of a host process that died (kill -9, a crash) are void once the same host starts
 * again: the Node host owns its database file alone. Rows go back to the queue with their
 * outcome unknown, so a reply retried after it treats LINE's "token used" as delivered.
 */
export async function releaseDeadClaims(db: Db, now: Date, instanceId: string): Promise<number> {
  const rows = await db
    .update(outboxMessages)
    .set({
      state: "queued",
      nextAttemptAt: now,
      claimedUntil: null,
      replyAmbiguous: sql`CASE WHEN ${outboxMessages.kind} = 'reply' THEN 1 ELSE ${outboxMessages.replyAmbiguous} END`,
    })
    .where(
      and(
        eq(outboxMessages.state, "sending"),
        or(sql`${outboxMessages.claimedBy} IS NULL`, sql`${outboxMessages.claimedBy} <> ${instanceId}`),
      ),
    )
    .returning({ id: outboxMessages.id });
  return rows.length;
}

interface Finished {
  row: OutboxRow;
  patch: Partial<OutboxInsert>;
  outcome: SendOutcome;
  at: Date;
}

/**
 * Sends outbox messages. The claim is one conditional update, so two runners never send the same
 * row at once (a stranded claim taken over marks a reply's outcome unknown); the sends run
 * concurrently and each outcome is written as it finishes, group-committed with whatever else
 * finished meanwhile and fenced by the claim's attempt number, so a crash forgets at most the
 * sends in flight.
 */
export async function sendOutboxMessages(deps: AppDeps, ids: string[]): Promise<Map<string, SendOutcome>> {
  const { db, clock } = deps;
  const outcomes = new Map<string, SendOutcome>();
  if (ids.length === 0) return outcomes;
  const now = clock.now();
  const waves = Math.ceil(ids.length / SEND_CONCURRENCY);
  const rows = await db
    .update(outboxMessages)
    .set({
      state: "sending",
      attempts: sql`${outboxMessages.attempts} + 1`,
      claimedUntil: new Date(now.getTime() + LEASE_BASE_MS + waves * LEASE_PER_WAVE_MS),
      claimedBy: deps.instanceId,
      lastAttemptAt: now,
      // Taking over a stranded claim: whoever held it may have sent it.
      replyAmbiguous: sql`CASE WHEN ${outboxMessages.state} = 'sending' AND ${outboxMessages.kind} = 'reply' THEN 1 ELSE ${outboxMessages.replyAmbiguous} END`,
    })
    .where(and(inArray(outboxMessages.id, ids), sendable(now)))
    .returning();
  if (rows.length === 0) return outcomes;

  const writer = new OutcomeWriter(deps);
  let next = 0;
  let wake: Date | null = null;
  const worker = async () => {
    while (next < rows.length) {
      const row = rows[next++] as OutboxRow;
      const result = await attemptSend(deps, row);
      outcomes.set(row.id, result.outcome);
      if (result.outcome.state === "retry" && (!wake || result.outcome.at < wake)) wake = result.outcome.at;
      writer.add({ row, ...result, at: clock.now() });
    }
  };
  await Promise.all(Array.from({ length: Math.min(SEND_CONCURRENCY, rows.length) }, worker));
  await writer.done();
  if (wake) deps.background.wakeAt?.(wake);
  return outcomes;
}

/**
 * Writes finished sends as they come: one batch per group of outcomes that finished in the same
 * turn of the event loop or while the previous write was in flight, so a crash right after LINE accepted a message
 * loses at most the group being written, not the whole claim.
 */
class OutcomeWriter {
  private pending: Finished[] = [];
  private writing: Promise<void> | null = null;
  private failure: unknown;
  constructor(private readonly deps: AppDeps) {}

  add(f: Finished): void {
    this.pending.push(f);
    // One turn of the event loop first, so sends that finished together are written together.
    this.writing ??= nextTurn().then(() => this.drain());
  }

  async done(): Promise<void> {
    while (this.writing) await this.writing;
    if (this.failure) throw this.failure;
  }

  private async drain(): Promise<void> {
    try {
      while (this.pending.length > 0) {
        const group = this.pending.splice(0);
        try {
          await writeOutcomes(this.deps, group);
        } catch (err) {
          // Those rows stay claimed: after the lease a sweep retries them with their outcome unknown.
          this.failure ??= err;
          this.deps.log.error("outbox outcomes not written", {
            count: group.length,
            error: errorMessage(err),
          });
        }
      }
    } finally {
      this.writing = null;
    }
  }
}

const nextTurn = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

async function writeOutcomes(deps: AppDeps, group: Finished[]): Promise<void> {
  const { db } = deps;
  const finished = new Map<string, Record<string, string | number | null>>();
  const renewedKeys = group.some((r) => r.patch.retryKey !== undefined);
  let successAt: Date | null = null;
  for (const { row, patch, outcome, at } of group) {
    const r: OutboxRow = { ...row, ...(patch as Partial<OutboxRow>) };
    if (outcome.state === "sent") {
      Object.assign(r, { state: "sent", sentAt: at, deliveredAs: outcome.as, lastError: null });
      if (!successAt || at > successAt) successAt = at;
    } else if (outcome.state === "retry") {
      Object.assign(r, { state: "queued", nextAttemptAt: outcome.at });
    } else if (outcome.state === "failed") {
      Object.assign(r, { state: "failed", lastError: outcome.reason.slice(0, 1000) });
    }
    finished.set(row.id, {
      a: row.attempts,
      state: r.state,
      sentAt: r.sentAt?.getTime() ?? null,
      deliveredAs: r.deliveredAs ?? null,
      nextAttemptAt: r.nextAttemptAt.getTime(),
      retryNotBefore: r.retryNotBefore?.getTime() ?? null,
      lastStatus: r.lastStatus ?? null,
      lastError: r.lastError ?? null,
      lineRequestId: r.lineRequestId ?? null,
      countedRecipients: r.countedRecipients,
      replyAmbiguous: r.replyAmbiguous ? 1 : 0,
      resolution: r.resolution ?? null,
      retryKey: r.retryKey,
      retryKeyIssuedAt: r.retryKeyIssuedAt.getTime(),
    });
  }
  const statements: BatchStatement[] = [];
  const lastStored = storedSuccess.get(db);
  if (successAt && lastStored !== undefined && successAt.getTime() - lastStored < SUCCESS_WRITE_EVERY_MS)
    successAt = null;
  // Before this group's own rows are written: release what failed while LINE was down.
  if (successAt) statements.push(releaseAfterOutage(db, successAt));
  // Retry keys and LINE's request ids differ per row; most other columns are shared.
  for (const chunk of chunkRows([...finished], deps.dbLimits.maxParams, renewedKeys ? 7 : 5)) {
    const v = rowValues(outboxMessages.id, new Map(chunk));
    // biome-ignore lint/suspicious/noExplicitAny: SQL expressions stand in for typed values
    const f = (k: string) => v.field(k) as any;
    statements.push(
      db
        .update(outboxMessages)
        .set({
          state: f("state"),
          sentAt: f("sentAt"),
          deliveredAs: f("deliveredAs"),
          nextAttemptAt: f("nextAttemptAt"),
          retryNotBefore: f("retryNotBefore"),
          lastStatus: f("lastStatus"),
          lastError: f("lastError"),
          lineRequestId: f("lineRequestId"),
          countedRecipients: f("countedRecipients"),
          replyAmbiguous: f("replyAmbiguous"),
          resolution: f("resolution"),
          ...(renewedKeys ? { retryKey: f("retryKey"), retryKeyIssuedAt: f("retryKeyIssuedAt") } : {}),
          claimedUntil: null,
        })
        .where(and(v.inRows(), sql`${outboxMessages.attempts} = ${v.field("a")}`)),
    );
  }
  if (successAt) {
    const value = String(successAt.getTime());
    statements.push(
      db
        .insert(appSettings)
        .values({ key: LAST_SUCCESS_KEY, value })
        .onConflictDoUpdate({
          target: appSettings.key,
          set: { value },
          setWhere: sql`CAST(${appSettings.value} AS INTEGER) < ${successAt.getTime()}`,
        }),
    );
  }
  const results = await batch(db, statements);
  if (successAt) {
    storedSuccess.set(db, Math.max(lastStored ?? 0, successAt.getTime()));
    const released = results[0] as Array<{ id: string }>;
    for (const r of released) deps.background.enqueue({ kind: "outbox", id: r.id });
    if (released.length > 0)
      deps.log.info("LINE answers again: queued retries released", { count: released.length });
  }
}

/**
 * LINE accepted a message after a gap with no success (an outage): every queued message whose
 * last attempt failed with a retryable status during that gap is due now (never before its
 * Retry-After). Decided in one statement against the last success time stored beside it.
 */
function releaseAfterOutage(db: Db, at: Date) {
  const t = at.getTime();
  const lastSuccess = sql`coalesce((SELECT CAST(${appSettings.value} AS INTEGER) FROM ${appSettings} WHERE ${appSettings.key} = ${LAST_SUCCESS_KEY}), 0)`;
  return db
    .update(outboxMessages)
    .set({ nextAttemptAt: sql`max(${t}, coalesce(${outboxMessages.retryNotBefore}, 0))` })
    .where(
      and(
        eq(outboxMessages.state, "queued"),
        gt(outboxMessages.nextAttemptAt, at),
        or(
          eq(outboxMessages.lastStatus, 0),
          eq(outboxMessages.lastStatus, 429),
          sql`${outboxMessages.lastStatus} >= 500`,
        ),
        sql`${outboxMessages.lastAttemptAt} > ${lastSuccess}`,
        sql`${lastSuccess} < ${t - RECOVERY_GAP_MS}`,
        sql`coalesce(${outboxMessages.retryNotBefore}, 0) <= ${t}`,
      ),
    )
    .returning({ id: outboxMessages.id });
}

/** One attempt at LINE for a claimed row: reply while the token is young, else push/multicast. */
async function attemptSend(
  deps: AppDeps,
  row: OutboxRow,
): Promise<{ patch: Partial<OutboxInsert>; outcome: SendOutcome }> {
  const { line, clock } = deps;
  const messages = row.messages;
  const recipients = row.recipients;
  const patch: Partial<OutboxInsert> = {};
  const done = (outcome: SendOutcome) => ({ patch, outcome });

  const retryOrFail = (err: LineApiError): SendOutcome => {
    const current = { ...row, ...(patch as Partial<OutboxRow>) };
    const plan = planRetry(current, clock.now(), err.details, deps.ids.random());
    if (!plan) {
      return { state: "failed", reason: `gave up after ${row.attempts} attempts: ${err.message}` };
    }
    patch.retryNotBefore = plan.notBefore;
    return { state: "retry", at: plan.at };
  };
  const record = (err: unknown): LineApiError => {
    const e = err instanceof LineApiError ? err : new LineApiError(0, errorMessage(err));
    patch.lastStatus = e.status;
    patch.lastError = e.message.slice(0, 1000);
    if (e.details.requestId) patch.lineRequestId = e.details.requestId;
    return e;
  };

  // 1. Reply while the token is young: free.
  if (replyTokenYoung(row, clock.now()) && row.replyToken) {
    try {
      const res = await line.reply(row.replyToken, messages);
      patch.lastStatus = 200;
      patch.lineRequestId = res.requestId;
      patch.countedRecipients = 0;
      return done({ state: "sent", as: "reply" });
    } catch (err) {
      const e = record(err);
      if (e.invalidReplyToken) {
        if (invalidTokenMeans(row) === "delivered") {
          patch.resolution = "token_used";
          patch.countedRecipients = 0;
          return done({ state: "sent", as: "reply" });
        }
        // Used or expired before we ever sent: push instead (below).
      } else if (e.retryable) {
        // A 429 was refused; a 5xx or a timeout may have been delivered.
        if (e.status !== 429) patch.replyAmbiguous = true;
        return done(retryOrFail(e));
      } else {
        return done({ state: "failed", reason: e.message });
      }
    }
  }

  // 2. Push / multicast under a stored retry key: counted against the quota.
  if (row.kind === "reply" && (row.replyAmbiguous || patch.replyAmbiguous)) patch.resolution = "pushed";
  let retryKey = row.retryKey;
  const now = clock.now();
  if (now.getTime() - row.retryKeyIssuedAt.getTime() >= RETRY_KEY_TTL_MS) {
    retryKey = deps.ids.uuid();
    patch.retryKey = retryKey;
    patch.retryKeyIssuedAt = now;
  }
  try {
    const opts = row.customAggregationUnits ? { customAggregationUnits: row.customAggregationUnits } : {};
    const res =
      row.kind === "multicast"
        ? await line.multicast(recipients, messages, retryKey, opts)
        : await line.push(recipients[0] ?? "", messages, retryKey, opts);
    patch.lastStatus = res.alreadyAccepted ? 409 : 200;
    patch.lineRequestId = res.requestId;
    patch.countedRecipients = recipients.length;
    return done({ state: "sent", as: row.kind === "multicast" ? "multicast" : "push" });
  } catch (err) {
    const e = record(err);
    return done(e.retryable ? retryOrFail(e) : { state: "failed", reason: e.message });
  }
}
