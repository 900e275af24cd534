import type { Feature } from "..";
import { expirePoints } from "./ledger";

/** 點數: the ledger; expiry runs on every sweep (Node timer, Workers cron). */
export const loyalty: Feature = {
  name: "loyalty",
  sweep: async (deps) => {
    await expirePoints(deps);
  },
};
