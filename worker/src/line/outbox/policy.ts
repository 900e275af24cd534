/**
 * When to try again, and what a reply's failures mean. Pure functions of the row, the time and
 * LINE's answer, so the whole policy is unit-tested without a network.
 *
 * Replies: a reply token is single-use and good for about a minute. While it is *young* (the
 * row's `replyTokenExpiresAt`, the event's time + `replyTokenTtlMs`) a failed reply is retried
 * quickly with the same token, keeping one last try inside the young window. A 5xx, a timeout or
 * a crash mid-send leaves the outcome unknown (`replyAmbiguous`): a later 400 "Invalid reply
 * token" while the token is still young then means an earlier attempt used it — delivered, done.
 * Once the token is too old the message is pushed under the row's retry key: a customer without
 * an answer is worse than the rare duplicate this risks (the earlier attempt had landed after all).
 *
 * Push / multicast: retried under the same `X-Line-Retry-Key` (LINE answers 409 when an earlier
 * attempt landed) until the key's 24 hours are up; then the message is failed (the admin API can
 * retry it, under a new key).
 */
import type { OutboxRow } from "./plan";

export const BACKOFF_BASE_MS = 1_000;
export const BACKOFF_MAX_MS = 120_000;
/** LINE keeps a retry key for 24 hours: past that a retry could not be told from a new message. */
export const RETRY_KEY_TTL_MS = 24 * 3600_000;
export const GIVE_UP_AFTER_MS = RETRY_KEY_TTL_MS;
/** The last reply try is scheduled this long before the token stops being young. */
export const REPLY_LAST_TRY_MARGIN_MS = 3_000;
/** Closer together than this, two tries are one. */
const MIN_GAP_MS = 500;

/**
 * Backoff with ±50 % jitter: exponential in the attempts (1 s, 2 s, 4 s …) but never more than
 * a quarter of the message's age, capped at 2 minutes. Bounding by age keeps probing LINE every
 * few seconds through the first minute of an outage, so the first try after it recovers comes
 * soon (and then releases everything else, see `RECOVERY_GAP_MS`), while a long outage costs one
 * request per message every couple of minutes.
 */
export function backoffMs(attempts: number, ageMs: number, random: number): number {
  const exponential = BACKOFF_BASE_MS * 2 ** Math.max(0, attempts - 1);
  const byAge = Math.max(BACKOFF_BASE_MS, ageMs / 4);
  return Math.min(BACKOFF_MAX_MS, exponential, byAge) * (0.5 + random);
}

export function replyTokenYoung(
  row: Pick<OutboxRow, "kind" | "replyToken" | "replyTokenExpiresAt">,
  now: Date,
) {
  return (
    row.kind === "reply" &&
    row.replyToken !== null &&
    (row.replyTokenExpiresAt?.getTime() ?? 0) > now.getTime()
  );
}

export interface RetryPlan {
  at: Date;
  /** From LINE's Retry-After: never earlier, even when the queue is released on recovery. */
  notBefore: Date | null;
}

/**
 * The next attempt after a retryable failure (5xx, timeout, 429), or null to give up. `attempts`
 * counts this attempt.
 */
export function planRetry(
  row: Pick<
    OutboxRow,
    "kind" | "replyToken" | "replyTokenExpiresAt" | "attempts" | "retryKeyIssuedAt" | "createdAt"
  >,
  now: Date,
  err: { retryAfterSeconds?: number | undefined },
  random: number,
): RetryPlan | null {
  const t = now.getTime();
  if (t - row.retryKeyIssuedAt.getTime() >= GIVE_UP_AFTER_MS) return null;
  const retryAfter = (err.retryAfterSeconds ?? 0) * 1000;
  const notBefore = retryAfter > 0 ? t + retryAfter : null;
  let at = t + Math.max(backoffMs(row.attempts, t - row.createdAt.getTime(), random), retryAfter);
  if (replyTokenYoung(row, now)) {
    // Keep one more try while the token is young: it is free, and it settles an unknown outcome.
    // Jittered, so replies that asked together do not all fall back to push at the same instant.
    const lastTry =
      (row.replyTokenExpiresAt?.getTime() ?? 0) -
      REPLY_LAST_TRY_MARGIN_MS -
      random * REPLY_LAST_TRY_MARGIN_MS;
    if (at > lastTry && lastTry - t >= MIN_GAP_MS && lastTry >= (notBefore ?? 0)) at = lastTry;
  }
  return { at: new Date(at), notBefore: notBefore === null ? null : new Date(notBefore) };
}

/** What a 400 "Invalid reply token" means for this row. */
export function invalidTokenMeans(row: Pick<OutboxRow, "replyAmbiguous">): "delivered" | "push" {
  // After an attempt whose outcome is unknown, the token was used by that attempt: LINE has it.
  // Otherwise it was used or expired before we ever sent: push instead.
  return row.replyAmbiguous ? "delivered" : "push";
}
