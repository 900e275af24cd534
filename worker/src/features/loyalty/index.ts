import type { Feature } from "..";
import { expireCoupons } from "./coupons";
import { expirePoints } from "./ledger";
import { couponRoutes } from "./routes";
import { issueBirthdayCoupons, sendExpiryReminders } from "./sweeps";

/**
 * 點數 and 優惠券: the ledger and coupons. Every sweep (Node timer, Workers cron) expires points
 * and coupons; once a day it reminds members of points about to expire and issues birthday coupons.
 */
export const loyalty: Feature = {
  name: "loyalty",
  routes: couponRoutes,
  sweep: async (deps) => {
    await expirePoints(deps);
    await expireCoupons(deps);
    await sendExpiryReminders(deps);
    await issueBirthdayCoupons(deps);
  },
};
