import type { Feature } from "..";
import { broadcastRoutes } from "./broadcast-routes";
import { broadcastSweep } from "./broadcast-send";
import { reportRoutes } from "./reports/routes";
import { resultsRoutes } from "./results-routes";
import { sweepRfm } from "./rfm";
import { rfmRoutes } from "./rfm-routes";
import { segmentRoutes } from "./segment-routes";
import { tagRoutes } from "./tag-routes";
import { tagRuleRoutes } from "./tag-rule-routes";
import { runTagRules } from "./tag-rules";

/**
 * 行銷: segments over everything the product collects (rule.ts, rule-sql.ts), tags, RFM scores,
 * broadcasts with a holdout and their results, and the OMO reports.
 */
export const marketing: Feature = {
  name: "marketing",
  routes: () =>
    segmentRoutes()
      .route("/", rfmRoutes())
      .route("/", tagRoutes())
      .route("/", tagRuleRoutes())
      .route("/", reportRoutes())
      .route("/", broadcastRoutes())
      .route("/", resultsRoutes()),
  sweep: async (deps) => {
    // Scores first (once a brand day): a tag rule may name an RFM group.
    await sweepRfm(deps);
    await runTagRules(deps, { due: true });
    // Scheduled broadcasts that are due start; finished ones are settled.
    await broadcastSweep(deps);
  },
};

// Public surface: what other features may use.
export { couponMessage } from "./broadcast-messages";
export { recomputeRfm } from "./rfm";
export { RFM_MAP, RFM_NAMES, RFM_NONE, rfmGroupOf } from "./rfm-catalogue";
export { parseRule, type Rule } from "./rule";
export { ruleWhere } from "./rule-sql";
export { countRule, pageRule } from "./segments";
export { AddedTag, AddTag } from "./tag-schema";
export { addMemberTag, removeMemberTag } from "./tags";
