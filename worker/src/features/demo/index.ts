import type { Feature } from "..";
import { seedDemoData } from "./seed";

/** 示範資料: the demo brand seeded into a sandbox (or an explicit DEMO_DATA=true) database. */
export const demo: Feature = {
  name: "demo",
  start: async (deps) => {
    if (deps.config.demoData) await seedDemoData(deps);
  },
};

export { seedDemoData };
