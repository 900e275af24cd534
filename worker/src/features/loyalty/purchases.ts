import { and, eq, sql } from "drizzle-orm";
import { coupons, couponTemplates, members, pointEntries, purchases } from "../../../../db/schema";
import type { AppDeps } from "../../deps";
import { batch } from "../../lib/batch";
import { AppError, say } from "../../lib/errors";
import { type Actor, auditEntryIf } from "../audit";
import { redeemCoupon } from "./coupons";
import { earnRules, pointsFor } from "./earn-rules";
import { earnPoints, redeemPoints } from "./ledger";
import { itemStatements, type PurchaseItemInput } from "./purchase-items";
import { applyTierUpgrade, issueTierCoupon } from "./tiers";

/** Earn rule: 1 point per NT$100 paid; a point is worth NT$1 when used. */
export const AMOUNT_PER_POINT = 100;
export const POINT_VALUE = 1;

/** Points earned expire at the end of the next calendar year in the brand's time zone. */
export function endOfNextYear(now: Date, timeZone: string): Date {
  const year = Number(new Intl.DateTimeFormat("en", { timeZone, year: "numeric" }).format(now)) + 1;
  // Midnight 1 Jan of year+1 in the zone: find the zone's offset then and step back a millisecond.
  const guess = Date.UTC(year + 1, 0, 1);
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat("en-US", {
      timeZone,
      hour12: false,
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
    })
      .formatToParts(new Date(guess))
      .map((p) => [p.type, p.value]),
  );
  const local = Date.UTC(
    Number(parts.year),
    Number(parts.month) - 1,
    Number(parts.day),
    Number(parts.hour) % 24,
    Number(parts.minute),
  );
  return new Date(guess - (local - guess) - 1);
}

export type PurchaseRow = typeof purchases.$inferSelect;

/** The ledger's and coupons' reference for a purchase: unique per source, store and external id. */
export const purchaseRef = (p: Pick<PurchaseRow, "source" | "storeId" | "externalId">) =>
  `${p.source}:${p.storeId ?? ""}:${p.externalId}`;
/** Before purchases were unique per store, the reference had no store in it. */
const legacyRef = (p: Pick<PurchaseRow, "source" | "externalId">) => `${p.source}:${p.externalId}`;

export interface PurchaseInput {
  source: "staff" | "pos";
  /** The caller's id for this sale (a UUID made when the form opened, the POS transaction id): a repeat replays. */
  externalId: string;
  storeId: string;
  /** Who recorded it and gets the credit (staff sales); null from a POS. */
  staffId: string | null;
  memberCode?: string | undefined;
  /** A sale without a card may carry the customer's phone (E.164): an offline customer, merged only with proof. */
  customerPhone?: string | undefined;
  amount: number;
  couponCode?: string | undefined;
  pointsToUse?: number | undefined;
  /** What was sold (POS lines): stored with the purchase, for "bought X" segments. */
  items?: readonly PurchaseItemInput[] | undefined;
  /** Who to audit it as (`purchase.record`, written with the purchase row this call inserts). */
  actor?: Actor | undefined;
}

/**
 * Records a store sale: applies the member's coupon and points, then earns points on what was
 * paid and raises the tier if the spend now crosses a threshold. Every step is idempotent on
 * (source, store, external id), so a retried or double-tapped request returns the same purchase
 * and changes nothing (a retry also finishes what a crash left undone). Sales without a member
 * card still count for the store's reports; with a phone they belong to an offline customer.
 */
export async function recordPurchase(
  deps: AppDeps,
  input: PurchaseInput,
): Promise<{ purchase: PurchaseRow; replayed: boolean }> {
  const { db } = deps;
  const same = and(
    eq(purchases.source, input.source),
    eq(purchases.storeId, input.storeId),
    eq(purchases.externalId, input.externalId),
  );
  const [existing] = await db.select().from(purchases).where(same);
  if (existing) {
    await finishPurchase(deps, existing, true);
    return { purchase: existing, replayed: true };
  }
  const actor = input.staffId ?? `pos:${input.storeId}`;

  let member: typeof members.$inferSelect | undefined;
  if (input.memberCode) {
    [member] = await db.select().from(members).where(eq(members.memberCode, input.memberCode.trim()));
    if (!member) throw new AppError("NOT_FOUND", say("查無此會員。", "No member has this code."));
  }
  if (!member && (input.couponCode || input.pointsToUse)) {
    throw new AppError(
      "VALIDATION_FAILED",
      say("使用優惠券或點數需出示會員卡。", "Coupons and points need the member's card."),
    );
  }
  const ref = purchaseRef({ source: input.source, storeId: input.storeId, externalId: input.externalId });

  let couponId: string | null = null;
  let discount = 0;
  if (member && input.couponCode) {
    const code = input.couponCode.trim().toUpperCase();
    const [row] = await db
      .select({ coupon: coupons, tpl: couponTemplates })
      .from(coupons)
      .innerJoin(couponTemplates, eq(couponTemplates.id, coupons.templateId))
      .where(eq(coupons.code, code));
    if (!row || row.coupon.memberId !== member.id) {
      throw new AppError(
        "UNPROCESSABLE",
        say("此優惠券不屬於此會員。", "This coupon does not belong to this member."),
        { reason: "NOT_YOURS" },
      );
    }
    if (input.amount < row.tpl.minSpend) {
      const min = `NT$${row.tpl.minSpend.toLocaleString("en-US")}`;
      throw new AppError(
        "UNPROCESSABLE",
        say(`未達優惠券最低消費 ${min}。`, `This coupon needs a spend of at least ${min}.`),
        {
          reason: "MIN_SPEND_NOT_MET",
          field: "couponCode",
          minSpend: row.tpl.minSpend,
          amount: input.amount,
        },
      );
    }
    discount =
      row.tpl.kind === "amount"
        ? Math.min(row.tpl.value, input.amount)
        : Math.floor((input.amount * row.tpl.value) / 100);
    couponId = row.coupon.id;
    // Refused before the coupon is taken: a refusal leaves the coupon as it was.
    tooManyPoints(input.pointsToUse ?? 0, input.amount - discount);
    if (!(row.coupon.status === "redeemed" && row.coupon.redeemedReference === ref)) {
      await redeemCoupon(deps, {
        code,
        channel: "store",
        by: actor,
        reference: ref,
        memberId: member.id,
      }).catch(async (err) => {
        // The same request, sent twice at once: the twin redeemed it for this very sale.
        const [fresh] = await db.select().from(coupons).where(eq(coupons.id, row.coupon.id));
        if (fresh?.status === "redeemed" && fresh.redeemedReference === ref) return fresh;
        throw err;
      });
    }
  }
  const pointsToUse = input.pointsToUse ?? 0;
  tooManyPoints(pointsToUse, input.amount - discount);
  try {
    if (member && pointsToUse > 0) {
      await redeemPoints(deps, {
        memberId: member.id,
        points: pointsToUse,
        idempotencyKey: `${ref}:redeem`,
        reason: "used as cash in store",
        actor,
        reference: ref,
      });
    }
  } catch (err) {
    // Give the coupon back: the sale did not happen.
    if (couponId) {
      await db
        .update(coupons)
        .set({ status: "issued", redeemedAt: null, redeemedBy: null, redeemedReference: null })
        .where(and(eq(coupons.id, couponId), eq(coupons.redeemedReference, ref)));
    }
    throw err;
  }
  const paid = input.amount - discount - pointsToUse * POINT_VALUE;
  const earned = member ? pointsFor(await earnRules(db), paid, member.tier, "store") : 0;
  const now = deps.clock.now();
  const id = deps.ids.id("pur");
  const insert = db
    .insert(purchases)
    .values({
      id,
      source: input.source,
      externalId: input.externalId,
      memberId: member?.id ?? null,
      channel: "store",
      storeId: input.storeId,
      staffId: input.staffId,
      attributedStaffId: input.staffId,
      amount: input.amount,
      couponId,
      couponDiscount: discount,
      pointsUsed: pointsToUse,
      paid,
      pointsEarned: earned,
      customerPhone: member ? null : (input.customerPhone ?? null),
      createdAt: now,
    })
    .onConflictDoNothing();
  // The lines and the audit entry go in the purchase's batch, and only with the row this call
  // inserted (a twin that lost the insert writes neither).
  const audit = input.actor
    ? [
        auditEntryIf(
          deps,
          {
            actor: input.actor,
            action: "purchase.record",
            subject: { kind: "purchase", id },
            memberId: member?.id ?? null,
            storeId: input.storeId,
            after: {
              externalId: input.externalId,
              amount: input.amount,
              couponId,
              couponDiscount: discount,
              pointsUsed: pointsToUse,
              paid,
              pointsEarned: earned,
            },
          },
          sql`EXISTS (SELECT 1 FROM ${purchases} WHERE ${purchases.id} = ${id})`,
        ),
      ]
    : [];
  await batch(db, [insert, ...itemStatements(deps, id, input.items ?? []), ...audit]);
  const [purchase] = await db.select().from(purchases).where(same);
  if (!purchase) throw new Error("purchase vanished");
  await finishPurchase(deps, purchase);
  return { purchase, replayed: false };
}

/** Points are cash for at most what is left to pay (`max` in the refusal). */
function tooManyPoints(points: number, left: number): void {
  if (points * POINT_VALUE > left)
    throw new AppError(
      "UNPROCESSABLE",
      say("折抵點數超過應付金額。", "More points than the amount left to pay."),
      {
        reason: "TOO_MANY_POINTS",
        field: "pointsToUse",
        max: Math.max(0, Math.floor(left / POINT_VALUE)),
      },
    );
}

/**
 * What follows a member's purchase, each step idempotent: the points it earned, then the tier
 * (and its coupon). A replay repeats them, so a crash between steps is mended by the retry.
 */
async function finishPurchase(deps: AppDeps, purchase: PurchaseRow, replay = false): Promise<void> {
  if (!purchase.memberId) return;
  if (purchase.pointsEarned > 0) {
    const ref = purchaseRef(purchase);
    const [legacy] = await deps.db
      .select({ id: pointEntries.id })
      .from(pointEntries)
      .where(eq(pointEntries.idempotencyKey, `${legacyRef(purchase)}:earn`));
    if (!legacy) {
      await earnPoints(deps, {
        memberId: purchase.memberId,
        points: purchase.pointsEarned,
        idempotencyKey: `${ref}:earn`,
        reason: `store purchase NT$${purchase.paid}`,
        actor: purchase.staffId ?? `pos:${purchase.storeId}`,
        reference: ref,
        expiresAt: endOfNextYear(purchase.createdAt, deps.config.brand.timeZone),
      });
    }
  }
  const up = await applyTierUpgrade(deps, purchase.memberId);
  if (replay && !up) {
    const [m] = await deps.db
      .select({ tier: members.tier })
      .from(members)
      .where(eq(members.id, purchase.memberId));
    if (m) await issueTierCoupon(deps, purchase.memberId, m.tier);
  }
}
