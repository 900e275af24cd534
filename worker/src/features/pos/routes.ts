import { requireAdmin } from "../../lib/admin-auth";
import { createRouter } from "../../lib/hono";
import { requirePosKey } from "./auth";
import { keyRoutes } from "./key-routes";
import { mergeCodeRoutes } from "./merge-code-routes";
import { transactionRoutes } from "./transaction-routes";

/** POS integration: per-store keys (admin) and transactions posted by the POS. */
export function posRoutes() {
  const app = createRouter();
  app.use("/api/admin/stores/:id/pos-keys", requireAdmin);
  app.use("/api/admin/pos-keys/*", requireAdmin);
  app.use("/api/pos/*", requirePosKey);
  keyRoutes(app);
  transactionRoutes(app);
  mergeCodeRoutes(app);
  return app;
}
