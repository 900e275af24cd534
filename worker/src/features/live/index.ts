import type { Feature } from "..";
import { sweepCarts } from "./cart-sweep";
import { liveConsoleRoutes } from "./console-routes";
import { flushGroupNotices, liveLine } from "./line-handlers";
import { memberLiveRoutes } from "./me-routes";
import { liveRoutes } from "./routes";

/** 直播 +1 喊單: sales, comment ordering from LINE and other platforms, carts, checkout. */
export const live: Feature = {
  name: "live",
  line: liveLine,
  routes: () => liveRoutes().route("/", memberLiveRoutes()).route("/", liveConsoleRoutes()),
  sweep: async (deps) => {
    await flushGroupNotices(deps);
    await sweepCarts(deps);
  },
};

// Public surface: what other features and the hosts may use.
export { seedDemoSale } from "./demo";
