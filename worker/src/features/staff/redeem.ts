import { and, eq } from "drizzle-orm";
import { coupons, couponTemplates } from "../../../../db/schema";
import type { AppDeps } from "../../deps";
import { AppError, say } from "../../lib/errors";
import { staffActor } from "../audit";
import { type Coupon, redeemCoupon } from "../loyalty";
import type { StaffRow } from "./auth";

/** Store pages need a store: agents and brand admins without one are refused. */
export function storeClerk(s: StaffRow): StaffRow & { storeId: string } {
  if (!s.storeId)
    throw new AppError("FORBIDDEN", say("僅門市人員可使用此功能。", "Only staff of a store can do this."));
  return s as StaffRow & { storeId: string };
}

const normal = (code: string) => code.trim().toUpperCase();

/** A coupon and its template by code, as the counter sees it before redeeming. */
export async function couponByCode(deps: Pick<AppDeps, "db">, code: string) {
  const [row] = await deps.db
    .select({ c: coupons, t: couponTemplates })
    .from(coupons)
    .innerJoin(couponTemplates, eq(couponTemplates.id, coupons.templateId))
    .where(eq(coupons.code, normal(code)));
  if (!row)
    throw new AppError("NOT_FOUND", say("查無此優惠券。", "No coupon has this code."), {
      reason: "NOT_FOUND",
    });
  return row;
}

/**
 * A minimum spend is a condition on the purchase the coupon is used on: the clerk gives that
 * purchase's amount, and below the minimum the coupon is refused. Checked before anything is
 * written, and only for a coupon that could still be redeemed (otherwise its own refusal says
 * why, and a repeat of this clerk's redemption replays).
 */
export function checkMinSpend(minSpend: number, amount: number | undefined): void {
  if (minSpend <= 0) return;
  const min = `NT$${minSpend.toLocaleString("en-US")}`;
  if (amount === undefined)
    throw new AppError(
      "VALIDATION_FAILED",
      say(
        `此優惠券需消費滿 ${min}，請輸入本次消費金額。`,
        `This coupon needs a spend of at least ${min}: give the purchase amount.`,
      ),
      { reason: "AMOUNT_REQUIRED", field: "amount", minSpend },
    );
  if (amount < minSpend)
    throw new AppError(
      "UNPROCESSABLE",
      say(`未達優惠券最低消費 ${min}。`, `This coupon needs a spend of at least ${min}.`),
      { reason: "MIN_SPEND_NOT_MET", field: "amount", minSpend, amount },
    );
}

/**
 * Redeems in store, audited (`coupon.redeem`) with the redemption. With a reference (the screen's
 * request id), a repeat of a redemption this clerk already made answers the same success instead
 * of "already used" (and writes no second entry). `amount` is the
 * purchase it is used on, required by a coupon with a minimum spend.
 */
export async function redeemInStore(
  deps: AppDeps,
  clerk: StaffRow,
  input: { code: string; reference?: string | undefined; amount?: number | undefined },
): Promise<{ coupon: Coupon; replayed: boolean }> {
  const { code, reference } = input;
  const [found] = await deps.db
    .select({ status: coupons.status, minSpend: couponTemplates.minSpend })
    .from(coupons)
    .innerJoin(couponTemplates, eq(couponTemplates.id, coupons.templateId))
    .where(eq(coupons.code, normal(code)));
  if (found?.status === "issued") checkMinSpend(found.minSpend, input.amount);
  try {
    return {
      coupon: await redeemCoupon(deps, {
        code,
        channel: "store",
        by: clerk.id,
        ...(reference ? { reference } : {}),
        audit: { actor: staffActor(clerk), storeId: clerk.storeId },
      }),
      replayed: false,
    };
  } catch (err) {
    if (reference && err instanceof AppError) {
      const [row] = await deps.db
        .select()
        .from(coupons)
        .where(
          and(
            eq(coupons.code, normal(code)),
            eq(coupons.status, "redeemed"),
            eq(coupons.redeemedReference, reference),
          ),
        );
      if (row) return { coupon: row, replayed: true };
    }
    throw err;
  }
}
