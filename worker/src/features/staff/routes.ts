import { requireAdmin } from "../../lib/admin-auth";
import { createRouter } from "../../lib/hono";
import { requireLineUser } from "../../lib/liff-auth";
import { requireStaff } from "./auth";
import { bindingQrRoutes } from "./binding-qr-routes";
import { couponRoutes } from "./coupon-routes";
import { inviteRoutes } from "./invite-routes";
import { meRoutes } from "./me-routes";
import { memberRoutes } from "./member-routes";
import { mergeRoutes } from "./merge-routes";
import { purchaseRoutes } from "./purchase-routes";
import { todayRoutes } from "./today-routes";

/**
 * Staff API (LIFF staff pages): join by invite, look up a member card, record purchases, redeem
 * coupons. Who may call what is decided here, in one place; each resource's routes are in their
 * own file, registered in the order /openapi.json lists them.
 */
export function staffRoutes() {
  const app = createRouter();
  app.use("/api/admin/staff/*", requireAdmin);
  app.use("/api/staff/*", requireLineUser);
  const staffOnly = requireStaff();
  app.use("/api/staff/me", staffOnly);
  app.use("/api/staff/members/*", staffOnly);
  app.use("/api/staff/purchases", requireStaff("staff", "admin"));
  app.use("/api/staff/purchases/*", requireStaff("staff", "admin"));
  app.use("/api/staff/merges", requireStaff("staff", "admin"));
  app.use("/api/staff/coupons/*", requireStaff("staff", "admin"));
  app.use("/api/staff/today", requireStaff("staff", "admin"));
  app.use("/api/staff/binding-qr", requireStaff("staff", "admin"));

  inviteRoutes(app);
  meRoutes(app);
  memberRoutes(app);
  purchaseRoutes(app);
  mergeRoutes(app);
  couponRoutes(app);
  todayRoutes(app);
  bindingQrRoutes(app);
  return app;
}
