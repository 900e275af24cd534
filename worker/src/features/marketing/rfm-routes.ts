import { createRoute, z } from "@hono/zod-openapi";
import { requireAdmin } from "../../lib/admin-auth";
import { createRouter } from "../../lib/hono";
import { errorResponses, jsonResponse as json } from "../../lib/openapi";
import { memberRfm, recomputeRfm, rfmGrid } from "./rfm";
import { MemberRfm, RfmCounts, RfmGrid } from "./rfm-schema";

const security = [{ adminToken: [] }];
const tags = ["RFM"];
export const MemberId = z.object({
  memberId: z
    .string()
    .max(64)
    .openapi({ param: { name: "memberId", in: "path" } }),
});

/** RFM(+I): the grid, a recompute on demand, and one member's scores with the values behind them. */
export function rfmRoutes() {
  const app = createRouter();
  app.use("/api/marketing/rfm", requireAdmin);
  app.use("/api/marketing/rfm/*", requireAdmin);
  app.use("/api/marketing/members/*", requireAdmin);

  app.openapi(
    createRoute({
      method: "get",
      path: "/api/marketing/rfm",
      tags,
      security,
      summary: "The RFM grid: each group (zh-TW and English names) and each R × FM cell, with sizes",
      responses: { 200: json(RfmGrid, "The grid"), ...errorResponses(401) },
    }),
    async (c) => c.json(await rfmGrid(c.var.deps.db), 200),
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/api/marketing/rfm/recompute",
      tags,
      security,
      summary: "Score every member now (the daily sweep does it once a brand day): the size of each group",
      responses: { 200: json(RfmCounts, "Scored"), ...errorResponses(401) },
    }),
    async (c) => c.json(await recomputeRfm(c.var.deps), 200),
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/api/marketing/members/{memberId}/rfm",
      tags,
      security,
      summary: "A member's RFM(+I) scores and group, with the values behind them",
      request: { params: MemberId },
      responses: { 200: json(MemberRfm, "The member's scores"), ...errorResponses(401, 404) },
    }),
    async (c) => c.json(await memberRfm(c.var.deps.db, c.req.valid("param").memberId), 200),
  );
  return app;
}
