import type { Feature } from "..";
import { sweepRfm } from "./rfm";
import { rfmRoutes } from "./rfm-routes";
import { segmentRoutes } from "./segment-routes";

/**
 * 行銷: segments over everything the product collects (rule.ts, rule-sql.ts), tags, RFM scores,
 * broadcasts with a holdout and their results, and the OMO reports.
 */
export const marketing: Feature = {
  name: "marketing",
  routes: () => segmentRoutes().route("/", rfmRoutes()),
  sweep: async (deps) => {
    // Once a brand day.
    await sweepRfm(deps);
  },
};

// Public surface: what other features may use.
export { RFM_MAP, RFM_NAMES, RFM_NONE, rfmGroupOf } from "./rfm-catalogue";
export { parseRule, type Rule } from "./rule";
export { ruleWhere } from "./rule-sql";
export { countRule, pageRule } from "./segments";
