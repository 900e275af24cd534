import type { Feature } from "..";
import { segmentRoutes } from "./segment-routes";

/**
 * 行銷: segments over everything the product collects (rule.ts, rule-sql.ts), tags, RFM scores,
 * broadcasts with a holdout and their results, and the OMO reports.
 */
export const marketing: Feature = { name: "marketing", routes: segmentRoutes };

// Public surface: what other features may use.
export { parseRule, type Rule } from "./rule";
export { ruleWhere } from "./rule-sql";
export { countRule, pageRule } from "./segments";
