import type { Feature } from "..";
import { bindingRoutes } from "./routes";

export const binding: Feature = { name: "binding", routes: bindingRoutes };

// Public surface: what other features and the hosts may use.
export { issueBindingLink } from "./links";
export { readBindingToken } from "./token";
