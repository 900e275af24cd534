import { errorMessage } from "../../lib/log";
import type { Feature } from "..";
import { seedDemoHistory } from "./history";
import { seedDemoData } from "./seed";
import { seedDemoShop } from "./shop";

/**
 * 示範資料: the demo brand seeded into a sandbox (or an explicit DEMO_DATA=true) database, and
 * with it — when `config.demoHistory` (the sandbox's own default, or DEMO_HISTORY=true) — its year
 * of history.
 */
export const demo: Feature = {
  name: "demo",
  start: async (deps) => {
    if (!deps.config.demoData) return;
    await seedDemoData(deps);
    await seedDemoShop(deps);
    if (!deps.config.demoHistory) return;
    // The history is a nicety: a database it cannot be written to (an admin removed a demo
    // coupon template, say) still starts, without it.
    const started = performance.now();
    try {
      if (await seedDemoHistory(deps))
        deps.log.info("demo history seeded", { ms: Math.round(performance.now() - started) });
    } catch (err) {
      deps.log.warn("demo history not seeded", { error: errorMessage(err) });
    }
  },
};

export { DEMO_FAQ, DEMO_FAQ_EN } from "./faq";
export { SANDBOX_SHOP_ID, SANDBOX_SHOP_KEY } from "./shop";
export { seedDemoData, seedDemoHistory };
