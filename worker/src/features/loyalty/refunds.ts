import { and, eq, inArray, isNull, type SQL, sql } from "drizzle-orm";
import { pointEntries, purchases, refunds } from "../../../../db/schema";
import type { AppDeps } from "../../deps";
import { batch } from "../../lib/batch";
import { AppError, say } from "../../lib/errors";
import { type Actor, auditEntryIf } from "../audit";
import { debitPoints } from "./ledger";
import { type PurchaseRow, purchaseRef } from "./purchases";

export type RefundRow = typeof refunds.$inferSelect;

export interface RefundInput {
  source: "staff" | "pos" | "online";
  /** The caller's store (from the staff record or the POS key), never from the request. */
  storeId: string;
  staffId: string | null;
  /** The caller's id for this refund: a repeat replays it. */
  refundId: string;
  purchase: PurchaseRow;
  /** Money given back, minor units; default: all that is left of what was paid. */
  amount?: number | undefined;
  reason?: string | undefined;
  /** Who to audit it as (`purchase.refund`, written with the refund row this call inserts). */
  actor?: Actor | undefined;
}

/**
 * 退款: a refund is its own row. One batch inserts it only while the purchase's refunds stay
 * within what was paid (and the refund id is new), and moves the purchase's refunded total only
 * if this call inserted it — two refunds at once can never give back more than was paid. The
 * points to reverse are computed in the same statement: of what the purchase earned, the share
 * refunded (cumulative rounding, so refunding everything reverses exactly what was earned).
 *
 * The coupon and the points used as cash stay used (money is what is refunded). Points are then
 * reversed from the purchase's own lot first, then the member's other lots; if the member has
 * already spent them, what remains is reversed and the rest is recorded as the refund's
 * shortfall (`pointsDue - pointsReversed`): the balance never goes below zero.
 */
export async function refundPurchase(
  deps: AppDeps,
  input: RefundInput,
): Promise<{ refund: RefundRow; purchase: PurchaseRow; replayed: boolean }> {
  const { db } = deps;
  const { purchase } = input;
  if (purchase.storeId !== input.storeId) {
    throw new AppError(
      "FORBIDDEN",
      say(
        "此筆消費屬於其他門市，請至原門市辦理退款。",
        "This purchase was made in another store; refund it there.",
      ),
    );
  }
  const key = and(
    eq(refunds.source, input.source),
    eq(refunds.storeId, input.storeId),
    eq(refunds.externalId, input.refundId),
  );
  const replay = async () => {
    const [row] = await db.select().from(refunds).where(key);
    if (!row) return null;
    if (row.purchaseId !== purchase.id) {
      throw new AppError(
        "CONFLICT",
        say("此退款編號已用於其他消費。", "This refund id was already used for another purchase."),
      );
    }
    return row;
  };
  const earlier = await replay();
  if (earlier) return { ...(await settle(deps, earlier, purchase)), replayed: true };

  const left = purchase.paid - purchase.refundedAmount;
  const amount = input.amount ?? left;
  if (left <= 0) throw alreadyRefunded();
  if (!Number.isInteger(amount) || amount < 1)
    throw new AppError(
      "VALIDATION_FAILED",
      say("amount 須為正整數。", "amount must be a positive whole number"),
    );
  if (amount > left) throw tooMuch(left);

  const now = deps.clock.now();
  const id = deps.ids.id("rfd");
  const p = purchases;
  // round(earned × refunded / paid), half up, in integer arithmetic (bound numbers may arrive as
  // reals, hence the casts); after minus before.
  const amt = sql`CAST(${amount} AS INTEGER)`;
  const share = (refunded: unknown) =>
    sql`((2 * ${p.pointsEarned} * (${refunded}) + ${p.paid}) / (2 * ${p.paid}))`;
  const mine = sql`EXISTS (SELECT 1 FROM ${refunds} WHERE ${refunds.id} = ${id})`;
  await batch(db, [
    db.insert(refunds).select(
      db
        .select({
          id: sql`${id}`.as("id"),
          purchaseId: p.id,
          source: sql`${input.source}`.as("source"),
          storeId: sql`${input.storeId}`.as("store_id"),
          externalId: sql`${input.refundId}`.as("external_id"),
          staffId: sql`${input.staffId}`.as("staff_id"),
          memberId: p.memberId,
          amount: sql`${amount}`.as("amount"),
          pointsDue:
            sql`(${share(sql`${p.refundedAmount} + ${amt}`)} - ${share(sql`${p.refundedAmount}`)})`.as(
              "points_due",
            ),
          pointsReversed: sql`NULL`.as("points_reversed"),
          reason: sql`${input.reason ?? ""}`.as("reason"),
          createdAt: sql`${now.getTime()}`.as("created_at"),
        })
        .from(p)
        .where(
          and(
            eq(p.id, purchase.id),
            eq(p.storeId, input.storeId),
            sql`${p.refundedAmount} + ${amount} <= ${p.paid}`,
            sql`NOT EXISTS (SELECT 1 FROM ${refunds} WHERE ${refunds.source} = ${input.source} AND ${refunds.storeId} = ${input.storeId} AND ${refunds.externalId} = ${input.refundId})`,
          ),
        ),
    ),
    db
      .update(p)
      .set({ refundedAmount: sql`${p.refundedAmount} + ${amount}` })
      .where(and(eq(p.id, purchase.id), mine)),
    ...(input.actor ? [refundAudit(deps, input, input.actor, { id, amount, mine })] : []),
  ]);

  const [row] = await db.select().from(refunds).where(eq(refunds.id, id));
  if (!row) {
    // A twin with the same refund id won, or another refund took what was left.
    const twin = await replay();
    if (twin) return { ...(await settle(deps, twin, purchase)), replayed: true };
    const [fresh] = await db.select().from(purchases).where(eq(purchases.id, purchase.id));
    const now = fresh ? fresh.paid - fresh.refundedAmount : 0;
    throw now <= 0 ? alreadyRefunded() : tooMuch(now);
  }
  deps.log.info("refund", { purchaseId: purchase.id, refundId: row.id, amount, pointsDue: row.pointsDue });
  return { ...(await settle(deps, row, purchase)), replayed: false };
}

/**
 * The refund's audit entry, after the purchase's refunded total moved in the same batch (so the
 * total is read from the row), written only with the refund row this call inserted.
 */
function refundAudit(
  deps: AppDeps,
  input: RefundInput,
  actor: Actor,
  refund: { id: string; amount: number; mine: SQL },
) {
  const { amount } = refund;
  const p = purchases;
  const total = sql`(SELECT ${p.refundedAmount} FROM ${p} WHERE ${p.id} = ${input.purchase.id})`;
  const due = sql`(SELECT ${refunds.pointsDue} FROM ${refunds} WHERE ${refunds.id} = ${refund.id})`;
  return auditEntryIf(
    deps,
    {
      actor,
      action: "purchase.refund",
      subject: { kind: "purchase", id: input.purchase.id },
      memberId: input.purchase.memberId,
      storeId: input.storeId,
      before: sql`json_object('refundedAmount', ${total} - ${amount})`,
      after: sql`json_object('refundedAmount', ${total}, 'refundId', ${input.refundId}, 'amount', ${amount}, 'pointsDue', ${due})`,
      reason: input.reason ?? "",
    },
    refund.mine,
  );
}

const alreadyRefunded = () =>
  new AppError("CONFLICT", say("此筆消費已全額退款。", "This purchase has been refunded in full."), {
    reason: "ALREADY_REFUNDED",
  });
const tooMuch = (left: number) =>
  new AppError(
    "UNPROCESSABLE",
    say(`此筆消費尚可退款 NT$${left}。`, `Only NT$${left} of this purchase can still be refunded.`),
    { reason: "MORE_THAN_PAID", refundable: left },
  );

/**
 * Reverses the refund's points once: the `reverse` entry (idempotency key `refund:<id>`) and the
 * refund's `pointsReversed` are written in one batch, guarded on the refund not being settled yet.
 * A retry after a crash finishes here.
 */
async function settle(
  deps: AppDeps,
  refund: RefundRow,
  purchase: PurchaseRow,
): Promise<{ refund: RefundRow; purchase: PurchaseRow }> {
  const { db } = deps;
  if (refund.pointsReversed === null) {
    if (refund.memberId && refund.pointsDue > 0) {
      const ref = purchaseRef(purchase);
      const [earn] = await db
        .select({ lotId: pointEntries.lotId })
        .from(pointEntries)
        .where(
          inArray(pointEntries.idempotencyKey, [
            `${ref}:earn`,
            `${purchase.source}:${purchase.externalId}:earn`,
          ]),
        );
      await debitPoints(
        deps,
        {
          memberId: refund.memberId,
          kind: "reverse",
          points: refund.pointsDue,
          idempotencyKey: `refund:${refund.id}`,
          reason: `refund NT$${refund.amount}`,
          actor: refund.staffId ?? `pos:${refund.storeId}`,
          reference: ref,
        },
        {
          partial: true,
          preferLotId: earn?.lotId ?? null,
          guard: sql`(SELECT ${refunds.pointsReversed} FROM ${refunds} WHERE ${refunds.id} = ${refund.id}) IS NULL`,
          alsoIfWritten: (written, points) => [
            db
              .update(refunds)
              .set({ pointsReversed: points })
              .where(and(eq(refunds.id, refund.id), written)),
          ],
        },
      );
    }
    // Nothing (left) to take: settled at zero, unless the batch above or a twin settled it.
    await db
      .update(refunds)
      .set({ pointsReversed: 0 })
      .where(and(eq(refunds.id, refund.id), isNull(refunds.pointsReversed)));
  }
  const [row] = await db.select().from(refunds).where(eq(refunds.id, refund.id));
  const [p] = await db.select().from(purchases).where(eq(purchases.id, purchase.id));
  if (!row || !p) throw new Error("refund vanished");
  return { refund: row, purchase: p };
}

/** The refund as the staff and POS APIs show it. */
export function refundJson(r: RefundRow, p: PurchaseRow, replayed: boolean) {
  const reversed = r.pointsReversed ?? 0;
  return {
    id: r.id,
    refundId: r.externalId,
    purchase: { id: p.id, externalId: p.externalId, paid: p.paid, refunded: p.refundedAmount },
    amount: r.amount,
    pointsDue: r.pointsDue,
    pointsReversed: reversed,
    pointsShortfall: r.pointsDue - reversed,
    createdAt: r.createdAt.toISOString(),
    replayed,
  };
}
