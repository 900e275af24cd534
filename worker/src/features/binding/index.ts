import type { Feature } from "..";
import { bindingRoutes } from "./routes";

/**
 * 綁定: signed store / staff QR links (admin API, posters) and binding a LIFF visitor to the store
 * and staff member whose QR they scanned. Staff pages issue links; their tests read tokens.
 */
export const binding: Feature = { name: "binding", routes: bindingRoutes };

export { issueBindingLink } from "./links";
export { readBindingToken } from "./token";
