import type { Feature } from "..";
import { expireCoupons } from "./coupons";
import { expirePoints } from "./ledger";
import { couponRoutes } from "./routes";

/** 點數 and 優惠券: the ledger and coupons; expiry runs on every sweep (Node timer, Workers cron). */
export const loyalty: Feature = {
  name: "loyalty",
  routes: couponRoutes,
  sweep: async (deps) => {
    await expirePoints(deps);
    await expireCoupons(deps);
  },
};
