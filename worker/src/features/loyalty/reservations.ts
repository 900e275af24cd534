/**
 * A coupon held for an online order: reserved when the shop creates the order (so no store and no
 * other order can use it meanwhile), redeemed when it is paid, given back when it is cancelled or
 * when the hold runs out unpaid (the sweep). Each step is one conditional update whose row count
 * decides: a store and the web shop trying the same coupon at the same moment get one success.
 */
import { and, eq, lte, sql } from "drizzle-orm";
import { coupons, couponTemplates } from "../../../../db/schema";
import type { AppDeps } from "../../deps";
import { AppError, say } from "../../lib/errors";
import { type Coupon, type CouponTemplate, REFUSALS, type RedeemRefusal } from "./coupons";

type Deps = Pick<AppDeps, "db" | "clock">;

export interface CouponQuote {
  usable: boolean;
  /** Why not (one of the redeem refusals, or MIN_SPEND_NOT_MET). */
  reason: RedeemRefusal | "MIN_SPEND_NOT_MET" | null;
  message: { "zh-TW": string; en: string } | null;
  discount: number;
  coupon: Coupon | null;
  template: CouponTemplate | null;
}

const discountOf = (tpl: CouponTemplate, amount: number) =>
  tpl.kind === "amount" ? Math.min(tpl.value, amount) : Math.floor((amount * tpl.value) / 100);

/** Whether a member may use a coupon on an online cart of `amount` now, and what it takes off. */
export async function quoteCoupon(
  deps: Deps,
  input: { code: string; memberId: string; amount: number; reference?: string },
): Promise<CouponQuote> {
  const now = deps.clock.now();
  const code = input.code.trim().toUpperCase();
  const [row] = await deps.db
    .select({ coupon: coupons, tpl: couponTemplates })
    .from(coupons)
    .innerJoin(couponTemplates, eq(couponTemplates.id, coupons.templateId))
    .where(eq(coupons.code, code));
  const no = (reason: CouponQuote["reason"], extra: Partial<CouponQuote> = {}): CouponQuote => ({
    usable: false,
    reason,
    message:
      reason === "MIN_SPEND_NOT_MET"
        ? say(
            `未達優惠券最低消費 NT$${row?.tpl.minSpend.toLocaleString("en-US")}。`,
            `This coupon needs a spend of at least NT$${row?.tpl.minSpend.toLocaleString("en-US")}.`,
          )
        : reason
          ? REFUSALS[reason]
          : null,
    discount: 0,
    coupon: null,
    template: null,
    ...extra,
  });
  if (!row) return no("NOT_FOUND");
  const { coupon: c, tpl } = row;
  if (c.memberId !== input.memberId) return no("NOT_YOURS");
  const mine = input.reference !== undefined && c.reservedFor === input.reference;
  if (c.status === "redeemed") return no(c.redeemedReference === input.reference ? null : "ALREADY_REDEEMED");
  if (c.status === "reserved" && !mine) return no("RESERVED");
  if (c.status === "voided") return no("VOIDED");
  if (c.status === "expired" || c.expiresAt <= now) return no("EXPIRED");
  if (c.validFrom > now) return no("NOT_YET_VALID");
  if (tpl.channel === "store") return no("WRONG_CHANNEL");
  if (input.amount < tpl.minSpend) return no("MIN_SPEND_NOT_MET");
  return {
    usable: true,
    reason: null,
    message: null,
    discount: discountOf(tpl, input.amount),
    coupon: c,
    template: tpl,
  };
}

/**
 * Holds the member's coupon for the order `reference` until `until`: issued → reserved, in one
 * conditional update (valid now, online, at least the minimum spend). The same order again
 * answers the same hold. A refusal says why and changes nothing.
 */
export async function reserveCoupon(
  deps: Deps,
  input: { code: string; memberId: string; amount: number; reference: string; until: Date },
): Promise<{ coupon: Coupon; discount: number }> {
  const quote = await quoteCoupon(deps, input);
  if (!quote.usable || !quote.coupon || !quote.template) throw refusal(quote);
  if (quote.coupon.status === "reserved") return { coupon: quote.coupon, discount: quote.discount };
  const now = deps.clock.now().getTime();
  const [won] = await deps.db
    .update(coupons)
    .set({ status: "reserved", reservedFor: input.reference, reservedUntil: input.until })
    .where(
      and(
        eq(coupons.id, quote.coupon.id),
        eq(coupons.status, "issued"),
        eq(coupons.memberId, input.memberId),
        sql`${coupons.validFrom} <= ${now} AND ${coupons.expiresAt} > ${now}`,
      ),
    )
    .returning();
  if (won) return { coupon: won, discount: quote.discount };
  // Someone else took it between the look and the update (a store, another order): say who.
  const again = await quoteCoupon(deps, input);
  if (again.usable && again.coupon?.status === "reserved")
    return { coupon: again.coupon, discount: again.discount };
  throw refusal(again.usable ? { ...again, reason: "ALREADY_REDEEMED" } : again);
}

function refusal(q: CouponQuote): AppError {
  const reason = q.reason ?? "ALREADY_REDEEMED";
  return new AppError(
    reason === "NOT_FOUND" ? "NOT_FOUND" : "UNPROCESSABLE",
    q.message ?? REFUSALS.ALREADY_REDEEMED,
    { reason, field: "couponCode" },
  );
}

/**
 * The order is paid: its hold becomes the redemption. If the hold ran out and the coupon is still
 * the member's and unused, it is redeemed now; if someone used it meanwhile, `false`.
 */
export async function redeemReserved(
  deps: Deps,
  input: { couponId: string; memberId: string; reference: string; by: string },
): Promise<boolean> {
  const now = deps.clock.now();
  const [won] = await deps.db
    .update(coupons)
    .set({
      status: "redeemed",
      redeemedAt: now,
      redeemedBy: input.by,
      redeemedReference: input.reference,
      reservedFor: null,
      reservedUntil: null,
    })
    .where(
      and(
        eq(coupons.id, input.couponId),
        eq(coupons.memberId, input.memberId),
        sql`((${coupons.status} = 'reserved' AND ${coupons.reservedFor} = ${input.reference}) OR (${coupons.status} = 'issued' AND ${coupons.expiresAt} > ${now.getTime()}))`,
      ),
    )
    .returning({ id: coupons.id });
  if (won) return true;
  const [c] = await deps.db.select().from(coupons).where(eq(coupons.id, input.couponId));
  return c?.status === "redeemed" && c.redeemedReference === input.reference;
}

/** The order is cancelled: its coupon back to issued, whether it was held or redeemed by it. */
export async function releaseCoupon(
  deps: Deps,
  input: { couponId: string; reference: string },
): Promise<void> {
  await deps.db
    .update(coupons)
    .set({
      status: "issued",
      reservedFor: null,
      reservedUntil: null,
      redeemedAt: null,
      redeemedBy: null,
      redeemedReference: null,
    })
    .where(
      and(
        eq(coupons.id, input.couponId),
        sql`((${coupons.status} = 'reserved' AND ${coupons.reservedFor} = ${input.reference}) OR (${coupons.status} = 'redeemed' AND ${coupons.redeemedReference} = ${input.reference}))`,
      ),
    );
}

/** Holds that ran out unpaid go back to issued (sweep). */
export async function releaseLapsedHolds(deps: Deps): Promise<number> {
  const rows = await deps.db
    .update(coupons)
    .set({ status: "issued", reservedFor: null, reservedUntil: null })
    .where(and(eq(coupons.status, "reserved"), lte(coupons.reservedUntil, deps.clock.now())))
    .returning({ id: coupons.id });
  return rows.length;
}
