import { createRouter } from "../../lib/hono";
import { requireLineUser } from "../../lib/liff-auth";
import { memberAdminRoutes } from "./admin-routes";
import { cardRoutes } from "./card-routes";
import { configRoutes } from "./config-routes";
import { meRoutes } from "./me-routes";
import { mergeRoutes } from "./merge-routes";
import { phoneVerificationRoutes } from "./phone-verification-routes";
import { profileRoutes } from "./profile-routes";

/**
 * Member API. The caller is whoever the verified LIFF ID token says, never a client-sent id.
 * Each resource's routes are in their own file, registered in the order /openapi.json lists them.
 */
export function memberRoutes() {
  const app = createRouter();
  app.use("/api/me", requireLineUser);
  app.use("/api/me/*", requireLineUser);
  app.route("/", phoneVerificationRoutes());
  configRoutes(app);
  meRoutes(app);
  cardRoutes(app);
  profileRoutes(app);
  mergeRoutes(app);
  app.route("/", memberAdminRoutes());
  return app;
}
