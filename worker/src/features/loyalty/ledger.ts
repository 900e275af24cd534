import { and, asc, eq, gt, lte, type SQL, sql } from "drizzle-orm";
import { members, pointEntries, pointLots } from "../../../../db/schema";
import type { AppDeps } from "../../deps";
import { type BatchStatement, batch } from "../../lib/batch";
import { AppError, say } from "../../lib/errors";

type Deps = Pick<AppDeps, "db" | "ids" | "clock">;
export type PointEntry = typeof pointEntries.$inferSelect;

export interface EntryInput {
  memberId: string;
  points: number;
  idempotencyKey: string;
  reason: string;
  actor: string;
  reference?: string | null;
}

const entryExists = (id: string) =>
  sql`EXISTS (SELECT 1 FROM ${pointEntries} WHERE ${pointEntries.id} = ${id})`;

async function entryByKey(deps: Deps, key: string): Promise<PointEntry> {
  const [row] = await deps.db.select().from(pointEntries).where(eq(pointEntries.idempotencyKey, key));
  if (!row) throw new Error(`ledger entry ${key} missing`);
  return row;
}

/**
 * Earns points as a new lot expiring at `expiresAt`. One batch: the entry (unique idempotency
 * key), then the lot and the cached balance only if that entry was written by this call — a
 * retry with the same key changes nothing and returns the original entry.
 */
export async function earnPoints(
  deps: Deps,
  input: EntryInput & { expiresAt: Date; kind?: "earn" | "adjust" },
  alsoIfWritten?: (written: SQL) => BatchStatement[],
): Promise<{ entry: PointEntry; created: boolean }> {
  if (!Number.isInteger(input.points) || input.points <= 0)
    throw new AppError(
      "VALIDATION_FAILED",
      say("points 須為正整數。", "points must be a positive whole number"),
    );
  const { db } = deps;
  const now = deps.clock.now();
  const id = deps.ids.id("pte");
  const lotId = deps.ids.id("lot");
  const mine = entryExists(id);
  await batch(db, [
    db
      .insert(pointEntries)
      .values({
        id,
        memberId: input.memberId,
        kind: input.kind ?? "earn",
        points: input.points,
        idempotencyKey: input.idempotencyKey,
        reason: input.reason,
        actor: input.actor,
        lotId,
        reference: input.reference ?? null,
        createdAt: now,
      })
      .onConflictDoNothing({ target: pointEntries.idempotencyKey }),
    db.insert(pointLots).select(
      db
        .select({
          id: sql`${lotId}`.as("id"),
          memberId: sql`${input.memberId}`.as("member_id"),
          earned: sql`${input.points}`.as("earned"),
          remaining: sql`${input.points}`.as("remaining"),
          expiresAt: sql`${input.expiresAt.getTime()}`.as("expires_at"),
          createdAt: sql`${now.getTime()}`.as("created_at"),
          remindedAt: sql`NULL`.as("reminded_at"),
        })
        .from(sql`(SELECT 1)`)
        .where(mine),
    ),
    db
      .update(members)
      .set({ pointsBalance: sql`${members.pointsBalance} + ${input.points}`, updatedAt: now })
      .where(and(eq(members.id, input.memberId), mine)),
    ...(alsoIfWritten?.(mine) ?? []),
  ]);
  const entry = await entryByKey(deps, input.idempotencyKey);
  return { entry, created: entry.id === id };
}

/**
 * Spends points, earliest-expiring lots first; never below zero. The lots are read, then one
 * batch writes the entry only if every lot still holds exactly what was read (and the total
 * covers the amount), and changes the lots and the balance only if that entry was written — so
 * two concurrent redemptions cannot both spend the same points; the loser re-reads and retries.
 */
export async function redeemPoints(
  deps: Deps,
  input: EntryInput,
): Promise<{ entry: PointEntry; created: boolean }> {
  const r = await debitPoints(deps, { ...input, kind: "redeem" }, { partial: false });
  if (!r.entry) throw new Error("redemption wrote nothing");
  return { entry: r.entry, created: r.created };
}

export interface DebitOptions {
  /** Take what there is (up to the amount) instead of refusing when the balance is short. */
  partial: boolean;
  /** A lot to take from first (a refund reverses its purchase's own lot first). */
  preferLotId?: string | null;
  /** A further condition for writing the entry, checked in the same statement. */
  guard?: SQL;
  /** Statements to run in the same batch, gated on the entry having been written by this call. */
  alsoIfWritten?: (written: SQL, points: number) => BatchStatement[];
}

/**
 * Takes points off a member's lots, as one entry of `kind` (negative), deciding in the database
 * (see redeemPoints). With `partial`, takes min(amount, available) and reports how many; nothing
 * is written when there is nothing to take (`entry` null, `points` 0).
 */
export async function debitPoints(
  deps: Deps,
  input: EntryInput & { kind: "redeem" | "reverse" | "adjust" },
  opts: DebitOptions,
): Promise<{ entry: PointEntry | null; created: boolean; points: number }> {
  if (!Number.isInteger(input.points) || input.points <= 0)
    throw new AppError(
      "VALIDATION_FAILED",
      say("points 須為正整數。", "points must be a positive whole number"),
    );
  const { db } = deps;
  for (let attempt = 0; attempt < 20; attempt++) {
    const [done] = await db
      .select()
      .from(pointEntries)
      .where(eq(pointEntries.idempotencyKey, input.idempotencyKey));
    if (done) return { entry: done, created: false, points: -done.points };
    const now = deps.clock.now();
    const lots = await db
      .select({ id: pointLots.id, remaining: pointLots.remaining })
      .from(pointLots)
      .where(
        and(eq(pointLots.memberId, input.memberId), gt(pointLots.remaining, 0), gt(pointLots.expiresAt, now)),
      )
      .orderBy(asc(pointLots.expiresAt), asc(pointLots.id));
    if (opts.preferLotId) {
      const i = lots.findIndex((l) => l.id === opts.preferLotId);
      if (i > 0) lots.unshift(...lots.splice(i, 1));
    }
    const available = lots.reduce((n, l) => n + l.remaining, 0);
    if (available < input.points && !opts.partial) {
      throw new AppError(
        "UNPROCESSABLE",
        say("點數不足。", `Not enough points: ${available} available, ${input.points} asked.`),
        {
          reason: "NOT_ENOUGH_POINTS",
          available,
          requested: input.points,
        },
      );
    }
    const amount = Math.min(available, input.points);
    if (amount === 0) return { entry: null, created: false, points: 0 };
    const takes: Array<{ id: string; remaining: number; take: number }> = [];
    let left = amount;
    for (const lot of lots) {
      if (left === 0) break;
      const take = Math.min(lot.remaining, left);
      takes.push({ ...lot, take });
      left -= take;
    }
    const id = deps.ids.id("pte");
    const mine = entryExists(id);
    const unchanged = sql.join(
      takes.map(
        (t) =>
          sql`(SELECT ${pointLots.remaining} FROM ${pointLots} WHERE ${pointLots.id} = ${t.id}) = ${t.remaining}`,
      ),
      sql` AND `,
    );
    await batch(db, [
      db.insert(pointEntries).select(
        db
          .select({
            id: sql`${id}`.as("id"),
            memberId: sql`${input.memberId}`.as("member_id"),
            kind: sql`${input.kind}`.as("kind"),
            points: sql`${-amount}`.as("points"),
            idempotencyKey: sql`${input.idempotencyKey}`.as("idempotency_key"),
            reason: sql`${input.reason}`.as("reason"),
            actor: sql`${input.actor}`.as("actor"),
            lotId: sql`NULL`.as("lot_id"),
            reference: sql`${input.reference ?? null}`.as("reference"),
            createdAt: sql`${now.getTime()}`.as("created_at"),
          })
          .from(sql`(SELECT 1)`)
          .where(
            sql`${unchanged} AND NOT EXISTS (SELECT 1 FROM ${pointEntries} WHERE ${pointEntries.idempotencyKey} = ${input.idempotencyKey})${opts.guard ? sql` AND ${opts.guard}` : sql``}`,
          ),
      ),
      ...takes.map((t) =>
        db
          .update(pointLots)
          .set({ remaining: sql`${pointLots.remaining} - ${t.take}` })
          .where(and(eq(pointLots.id, t.id), mine)),
      ),
      db
        .update(members)
        .set({ pointsBalance: sql`${members.pointsBalance} - ${amount}`, updatedAt: now })
        .where(and(eq(members.id, input.memberId), mine)),
      ...(opts.alsoIfWritten?.(mine, amount) ?? []),
    ]);
    const [written] = await db.select().from(pointEntries).where(eq(pointEntries.id, id));
    if (written) return { entry: written, created: true, points: amount };
    // Not written: the lots moved (retry), the key was taken meanwhile (replay), or the guard failed.
    if (opts.guard) {
      const [other] = await db
        .select()
        .from(pointEntries)
        .where(eq(pointEntries.idempotencyKey, input.idempotencyKey));
      if (other) return { entry: other, created: false, points: -other.points };
      const [held] = await db.select({ ok: sql<number>`${opts.guard}` }).from(sql`(SELECT 1)`);
      if (!held?.ok) return { entry: null, created: false, points: 0 };
    }
  }
  throw new AppError(
    "CONFLICT",
    say("點數異動中，請再試一次。", "The points changed while redeeming; please try again."),
  );
}

/** Expires what is left of lots past their expiry: one `expire` entry per lot, idempotent. */
export async function expirePoints(deps: Deps, limit = 500): Promise<number> {
  const { db } = deps;
  const now = deps.clock.now();
  const due = await db
    .select()
    .from(pointLots)
    .where(and(gt(pointLots.remaining, 0), lte(pointLots.expiresAt, now)))
    .limit(limit);
  let expired = 0;
  for (const lot of due) {
    const id = deps.ids.id("pte");
    const mine = entryExists(id);
    await batch(db, [
      db.insert(pointEntries).select(
        db
          .select({
            id: sql`${id}`.as("id"),
            memberId: sql`${lot.memberId}`.as("member_id"),
            kind: sql`'expire'`.as("kind"),
            points: sql`${-lot.remaining}`.as("points"),
            idempotencyKey: sql`${`expire:${lot.id}`}`.as("idempotency_key"),
            reason: sql`'points expired'`.as("reason"),
            actor: sql`'system'`.as("actor"),
            lotId: sql`${lot.id}`.as("lot_id"),
            reference: sql`NULL`.as("reference"),
            createdAt: sql`${now.getTime()}`.as("created_at"),
          })
          .from(sql`(SELECT 1)`)
          .where(
            sql`(SELECT ${pointLots.remaining} FROM ${pointLots} WHERE ${pointLots.id} = ${lot.id}) = ${lot.remaining} AND NOT EXISTS (SELECT 1 FROM ${pointEntries} WHERE ${pointEntries.idempotencyKey} = ${`expire:${lot.id}`})`,
          ),
      ),
      db
        .update(pointLots)
        .set({ remaining: 0 })
        .where(and(eq(pointLots.id, lot.id), mine)),
      db
        .update(members)
        .set({ pointsBalance: sql`${members.pointsBalance} - ${lot.remaining}`, updatedAt: now })
        .where(and(eq(members.id, lot.memberId), mine)),
    ]);
    const [written] = await db
      .select({ id: pointEntries.id })
      .from(pointEntries)
      .where(eq(pointEntries.id, id));
    if (written) expired++;
  }
  return expired;
}

/** The ledger's truth (sum of entries) beside the cached balance; a check that they agree. */
export async function balanceCheck(
  deps: Pick<AppDeps, "db">,
  memberId: string,
): Promise<{ ledger: number; cached: number }> {
  const [sum] = await deps.db
    .select({ n: sql<number>`coalesce(sum(${pointEntries.points}), 0)` })
    .from(pointEntries)
    .where(eq(pointEntries.memberId, memberId));
  const [m] = await deps.db
    .select({ b: members.pointsBalance })
    .from(members)
    .where(eq(members.id, memberId));
  return { ledger: Number(sum?.n ?? 0), cached: m?.b ?? 0 };
}
