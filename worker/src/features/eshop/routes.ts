import { requireAdmin } from "../../lib/admin-auth";
import { createRouter } from "../../lib/hono";
import { requireLineUser } from "../../lib/liff-auth";
import { requireStaff } from "../staff";
import { adminRoutes } from "./admin-routes";
import { requireShopKey } from "./auth";
import { orderRoutes } from "./order-routes";
import { pickupRoutes } from "./pickup-routes";
import { shopifyRoutes } from "./shopify-routes";
import { staffLinkRoutes } from "./staff-link-routes";

/** The online channel: the admin connects shops; each shop posts orders with its own key. */
export function eshopRoutes() {
  const app = createRouter();
  app.use("/api/admin/shops", requireAdmin);
  app.use("/api/admin/shops/*", requireAdmin);
  app.use("/api/admin/eshop/*", requireAdmin);
  app.use("/api/shop/*", requireShopKey);
  for (const path of [
    "/api/staff/shops",
    "/api/staff/shop-links",
    "/api/staff/cart-links",
    "/api/staff/cart-links/send",
  ]) {
    app.use(path, requireLineUser);
    app.use(path, requireStaff("staff", "admin"));
  }
  for (const path of ["/api/staff/pickups", "/api/staff/pickups/*"]) {
    app.use(path, requireLineUser);
    app.use(path, requireStaff("staff", "admin"));
  }
  adminRoutes(app);
  orderRoutes(app);
  pickupRoutes(app);
  shopifyRoutes(app);
  staffLinkRoutes(app);
  return app;
}
