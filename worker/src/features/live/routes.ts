import { requireAdmin } from "../../lib/admin-auth";
import { createRouter } from "../../lib/hono";
import { claimLinkRoutes } from "./api/claim-links";
import { ingestCommentRoutes, recentCommentRoutes } from "./api/comments";
import { adminOrIngestKey } from "./api/common";
import { messageRoutes } from "./api/messages";
import { orderRoutes } from "./api/orders";
import { saleRoutes } from "./api/sales";
import { tallyRoutes } from "./api/tally";

/**
 * 直播 +1 喊單: sales, comment ingestion, tally, orders. Who may call what is decided here, for
 * every path under /api/lives, before the resources' routers (one file each in api/).
 */
export function liveRoutes() {
  const app = createRouter();
  app.use("/api/lives", requireAdmin);
  app.use("/api/lives/:id/claim-links", adminOrIngestKey);
  app.use("/api/lives/:id/comments", async (c, next) =>
    c.req.method === "POST" ? adminOrIngestKey(c, next) : requireAdmin(c, next),
  );
  app.use("/api/lives/:id/*", async (c, next) => {
    const p = c.req.path;
    if (
      p.endsWith("/comments") ||
      p.endsWith("/claim-links") ||
      p.endsWith("/tally") ||
      p.endsWith("/tally/stream")
    )
      return next();
    return requireAdmin(c, next);
  });
  app.use("/api/lives/:id", requireAdmin);

  // Mounted in this order, /openapi.json lists the routes (and their schemas) as it always has.
  return app
    .route("/", saleRoutes())
    .route("/", ingestCommentRoutes())
    .route("/", claimLinkRoutes())
    .route("/", tallyRoutes())
    .route("/", recentCommentRoutes())
    .route("/", orderRoutes())
    .route("/", messageRoutes());
}
