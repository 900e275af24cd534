import { and, inArray, sql } from "drizzle-orm";
import { outboxMessages } from "../../../../db/schema";
import type { AppDeps } from "../../deps";
import { errorMessage } from "../../lib/log";

export interface Quota {
  /** LINE's `type`; `unknown` when LINE could not be asked. */
  type: "limited" | "none" | "unknown";
  /** The month's target limit (limited only). */
  limit: number | null;
  /** Counted messages LINE says were sent this month. */
  used: number | null;
  /** Counted messages queued here and not sent yet (other broadcasts, pushes): they will use it too. */
  pending: number;
  /** What is left: limit − used − pending (limited only). */
  remaining: number | null;
  /** What would be left after this send: remaining − its counted messages. */
  afterSend: number | null;
}

/**
 * The month's quota as LINE has it (`GET /v2/bot/message/quota` and `…/consumption`, through the
 * LINE port), less what the outbox still holds to send, and what `counted` more would leave.
 */
export async function readQuota(deps: AppDeps, counted: number): Promise<Quota> {
  const [line, pending] = await Promise.all([
    Promise.all([deps.line.getMessageQuota(), deps.line.getMessageQuotaConsumption()]).catch((err) => {
      deps.log.warn("LINE quota not read", { error: errorMessage(err) });
      return null;
    }),
    pendingCounted(deps),
  ]);
  if (!line) return { type: "unknown", limit: null, used: null, pending, remaining: null, afterSend: null };
  const [quota, { totalUsage }] = line;
  if (quota.type === "none")
    return { type: "none", limit: null, used: totalUsage, pending, remaining: null, afterSend: null };
  const remaining = Math.max(0, quota.value - totalUsage - pending);
  return {
    type: "limited",
    limit: quota.value,
    used: totalUsage,
    pending,
    remaining,
    afterSend: remaining - counted,
  };
}

/** Recipients of pushes and multicasts queued or being sent: each will count once. */
async function pendingCounted(deps: AppDeps): Promise<number> {
  const [row] = await deps.db
    .select({ n: sql<number>`coalesce(sum(json_array_length(${outboxMessages.recipients})), 0)` })
    .from(outboxMessages)
    .where(
      and(
        inArray(outboxMessages.state, ["queued", "sending"]),
        inArray(outboxMessages.kind, ["push", "multicast"]),
      ),
    );
  return Number(row?.n ?? 0);
}
