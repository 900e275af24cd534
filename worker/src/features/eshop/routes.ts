import { requireAdmin } from "../../lib/admin-auth";
import { createRouter } from "../../lib/hono";
import { adminRoutes } from "./admin-routes";
import { requireShopKey } from "./auth";
import { orderRoutes } from "./order-routes";

/** The online channel: the admin connects shops; each shop posts orders with its own key. */
export function eshopRoutes() {
  const app = createRouter();
  app.use("/api/admin/shops", requireAdmin);
  app.use("/api/admin/shops/*", requireAdmin);
  app.use("/api/admin/eshop/*", requireAdmin);
  app.use("/api/shop/*", requireShopKey);
  adminRoutes(app);
  orderRoutes(app);
  return app;
}
