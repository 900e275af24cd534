import { requireAdmin } from "../../../lib/admin-auth";
import { createRouter } from "../../../lib/hono";
import { couponFunnel } from "./coupons";
import { liveSales } from "./live";
import { membersBound } from "./members";
import { messageCost } from "./messages";
import { points } from "./points";
import { addReport } from "./report";
import { revenue } from "./revenue";

/**
 * OMO reports (admin): each `GET /api/reports/<name>?from&to&granularity[&storeId]` with its
 * `.csv` twin, one report per file in this folder.
 */
export function reportRoutes() {
  const app = createRouter();
  app.use("/api/reports/*", requireAdmin);
  addReport(app, membersBound);
  addReport(app, revenue);
  addReport(app, couponFunnel);
  addReport(app, points);
  addReport(app, liveSales);
  addReport(app, messageCost);
  return app;
}
