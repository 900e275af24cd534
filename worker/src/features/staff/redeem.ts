import { and, eq } from "drizzle-orm";
import { coupons } from "../../../../db/schema";
import type { AppDeps } from "../../deps";
import { AppError } from "../../lib/errors";
import { type Coupon, redeemCoupon } from "../loyalty/coupons";
import type { StaffRow } from "./auth";

/** Store pages need a store: agents and brand admins without one are refused. */
export function storeClerk(s: StaffRow): StaffRow & { storeId: string } {
  if (!s.storeId)
    throw new AppError("FORBIDDEN", "Only staff of a store can do this. 僅門市人員可使用此功能。");
  return s as StaffRow & { storeId: string };
}

/**
 * Redeems in store. With a reference (the screen's request id), a repeat of a redemption this
 * clerk already made answers the same success instead of "already used".
 */
export async function redeemInStore(
  deps: AppDeps,
  clerk: StaffRow,
  code: string,
  reference: string | undefined,
): Promise<{ coupon: Coupon; replayed: boolean }> {
  try {
    return {
      coupon: await redeemCoupon(deps, {
        code,
        channel: "store",
        by: clerk.id,
        ...(reference ? { reference } : {}),
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
            eq(coupons.code, code.trim().toUpperCase()),
            eq(coupons.status, "redeemed"),
            eq(coupons.redeemedReference, reference),
          ),
        );
      if (row) return { coupon: row, replayed: true };
    }
    throw err;
  }
}
