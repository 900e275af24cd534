import type { Feature } from "..";
import { posRoutes } from "./routes";

/** POS integration: per-store POS keys (admin), transactions and refunds the POS posts, 歸戶 codes. */
export const pos: Feature = { name: "pos", routes: posRoutes };

// The stores admin page lists a store's keys.
export { posKeysOf } from "./keys";
export { PosKeyJson } from "./schema";
