import type { Feature } from "..";
import { expireCoupons } from "./coupons";
import { expirePoints } from "./ledger";
import { releaseLapsedHolds } from "./reservations";
import { loyaltyRoutes } from "./routes";
import { issueBirthdayCoupons, sendExpiryReminders } from "./sweeps";
import { runTierReview } from "./tiers";

/**
 * 點數, 優惠券 and 會員等級: the ledger, coupons, purchases, refunds and tiers, with the admin API
 * for coupons, loyalty settings and earn rules. Every sweep (Node timer, Workers cron) reviews
 * tiers on the review date, expires points and coupons; once a day it reminds members of points
 * about to expire and issues birthday coupons.
 *
 * Other features record purchases and refunds here (staff, POS), move points and coupons (members,
 * demo) and read tiers (members' card).
 */
export const loyalty: Feature = {
  name: "loyalty",
  routes: loyaltyRoutes,
  sweep: async (deps) => {
    await runTierReview(deps);
    await expirePoints(deps);
    await releaseLapsedHolds(deps);
    await expireCoupons(deps);
    await sendExpiryReminders(deps);
    await issueBirthdayCoupons(deps);
  },
};

export { type AdjustInput, adjustPoints } from "./adjust";
// Coupons.
export type { Coupon } from "./coupons";
export { CODE_ALPHABET, couponWindow, issueCoupon, newCouponCode, redeemCoupon } from "./coupons";
// Settings and dates other features share.
export { localDay } from "./dates";
// Points: the ledger and how purchases earn.
export { earnRules, pointsFor } from "./earn-rules";
export { balanceCheck, earnPoints, redeemPoints } from "./ledger";
// Purchases and refunds (staff and POS record them; merges credit them).
export { itemStatements, type PurchaseItemInput } from "./purchase-items";
export { AMOUNT_PER_POINT, endOfNextYear, POINT_VALUE, purchaseRef, recordPurchase } from "./purchases";
export { refundJson, refundPurchase } from "./refunds";
// Coupons held for online orders.
export { type CouponQuote, quoteCoupon, redeemReserved, releaseCoupon, reserveCoupon } from "./reservations";
export { Refund, RefundInput } from "./schema";
export { LOYALTY_SETTINGS } from "./settings";
// Tiers.
export type { TierCode } from "./tiers";
export { applyTierUpgrade, memberTier, TIER_NAMES, tierFor, tierForSpend } from "./tiers";
