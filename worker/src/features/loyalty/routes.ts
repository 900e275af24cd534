import { requireAdmin } from "../../lib/admin-auth";
import { createRouter } from "../../lib/hono";
import { couponRoutes } from "./coupon-routes";
import { giftRoutes } from "./gift-routes";
import { settingsRoutes } from "./settings-routes";

/** Loyalty admin API (admin token): coupons, loyalty settings, earn rules; members give coupons (LIFF ID token). */
export function loyaltyRoutes() {
  const app = createRouter();
  app.use("/api/admin/coupon-templates", requireAdmin);
  app.use("/api/admin/coupon-templates/*", requireAdmin);
  app.use("/api/admin/coupons/*", requireAdmin);
  app.use("/api/admin/loyalty/settings", requireAdmin);
  app.use("/api/admin/loyalty/earn-rules", requireAdmin);
  app.use("/api/admin/loyalty/tiers", requireAdmin);
  couponRoutes(app);
  settingsRoutes(app);
  giftRoutes(app);
  return app;
}
