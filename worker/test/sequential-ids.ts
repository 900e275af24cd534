import type { Ids } from "../src/ports/ids";

/** Deterministic ids for tests: `obx_0001`, uuids from a counter, a fixed jitter. */
export function sequentialIds(jitter = 0.5): Ids {
  let n = 0;
  return {
    id: (prefix) => `${prefix}_${String(++n).padStart(6, "0")}`,
    uuid: () => {
      const hex = (++n).toString(16).padStart(12, "0");
      return `00000000-0000-4000-8000-${hex}`;
    },
    random: () => jitter,
  };
}
