import type { Feature } from "..";
import { expireCoupons } from "./coupons";
import { expirePoints } from "./ledger";
import { loyaltyRoutes } from "./routes";
import { issueBirthdayCoupons, sendExpiryReminders } from "./sweeps";
import { runTierReview } from "./tiers";

/**
 * 點數, 優惠券 and 會員等級: the ledger, coupons, purchases, refunds and tiers. Every sweep (Node
 * timer, Workers cron) reviews tiers on the review date, expires points and coupons; once a day it
 * reminds members of points about to expire and issues birthday coupons.
 */
export const loyalty: Feature = {
  name: "loyalty",
  routes: loyaltyRoutes,
  sweep: async (deps) => {
    await runTierReview(deps);
    await expirePoints(deps);
    await expireCoupons(deps);
    await sendExpiryReminders(deps);
    await issueBirthdayCoupons(deps);
  },
};

export type { Coupon } from "./coupons";
// Public surface: what other features and the hosts may use.
export { issueCoupon, newCouponCode, redeemCoupon } from "./coupons";
export { localDay } from "./dates";
export { earnRules, pointsFor } from "./earn-rules";
export { balanceCheck, earnPoints, redeemPoints } from "./ledger";
export { AMOUNT_PER_POINT, endOfNextYear, purchaseRef, recordPurchase } from "./purchases";
export { refundJson, refundPurchase } from "./refunds";
export { Refund, RefundInput } from "./schema";
export { LOYALTY_SETTINGS } from "./settings";
export type { TierCode } from "./tiers";
export { applyTierUpgrade, memberTier, runTierReview, TIER_NAMES, tierFor, tierForSpend } from "./tiers";
