import type { Feature } from "..";
import { seedDemoHistory } from "./history";
import { seedDemoData } from "./seed";

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
    if (!deps.config.demoHistory) return;
    const started = performance.now();
    if (await seedDemoHistory(deps))
      deps.log.info("demo history seeded", { ms: Math.round(performance.now() - started) });
  },
};

export { seedDemoData, seedDemoHistory };
