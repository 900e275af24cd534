import { eq, sql } from "drizzle-orm";
import { members } from "../../../../db/schema";
import type { AppDeps } from "../../deps";
import { AppError, say } from "../../lib/errors";
import { type Actor, auditEntryIf } from "../audit";
import { debitPoints, earnPoints, type PointEntry } from "./ledger";
import { endOfNextYear } from "./purchases";

export interface AdjustInput {
  memberId: string;
  /** Signed, whole, not 0: points added (a new lot) or taken (earliest-expiring lots first). */
  delta: number;
  reason: string;
  /** The caller's key for this adjustment: a retry with it changes nothing. */
  idempotencyKey: string;
  actor: Actor;
}

export interface AdjustResult {
  entry: PointEntry;
  created: boolean;
  balance: number;
}

/**
 * A manual points adjustment (kind `adjust`) with its reason. Up: a new lot expiring as earned
 * points do. Down: taken from the lots like a redemption, never below zero (refused with
 * NOT_ENOUGH_POINTS, nothing changed). The ledger entry, the lots, the cached balance and the
 * audit entry (`points.adjust`, balance before → after, the reason) are one batch; the audit
 * entry is written only with the ledger entry, so a retried call writes neither twice.
 */
export async function adjustPoints(
  deps: Pick<AppDeps, "db" | "ids" | "clock" | "config">,
  input: AdjustInput,
): Promise<AdjustResult> {
  const [m] = await deps.db
    .select({ id: members.id, deletedAt: members.deletedAt })
    .from(members)
    .where(eq(members.id, input.memberId));
  if (!m || m.deletedAt) throw new AppError("NOT_FOUND", say("找不到這位會員。", "No such member."));
  const key = `adjust:${input.idempotencyKey}`;
  const entry = {
    memberId: m.id,
    points: Math.abs(input.delta),
    idempotencyKey: key,
    reason: input.reason,
    actor: input.actor.id,
  };
  // After the balance update in the same batch: the balance now, and what it was.
  const balance = sql`(SELECT ${members.pointsBalance} FROM ${members} WHERE ${members.id} = ${m.id})`;
  const audit = (written: Parameters<typeof auditEntryIf>[2]) => [
    auditEntryIf(
      deps,
      {
        actor: input.actor,
        action: "points.adjust",
        subject: { kind: "member", id: m.id },
        memberId: m.id,
        before: sql`json_object('balance', ${balance} - ${input.delta})`,
        after: sql`json_object('balance', ${balance}, 'delta', ${input.delta})`,
        reason: input.reason,
      },
      written,
    ),
  ];
  let result: { entry: PointEntry; created: boolean };
  if (input.delta > 0) {
    const expiresAt = endOfNextYear(deps.clock.now(), deps.config.brand.timeZone);
    result = await earnPoints(deps, { ...entry, kind: "adjust", expiresAt }, audit);
  } else {
    const r = await debitPoints(deps, { ...entry, kind: "adjust" }, { partial: false, alsoIfWritten: audit });
    if (!r.entry) throw new Error("adjustment wrote nothing");
    result = { entry: r.entry, created: r.created };
  }
  const [after] = await deps.db
    .select({ balance: members.pointsBalance })
    .from(members)
    .where(eq(members.id, m.id));
  return { ...result, balance: after?.balance ?? 0 };
}
