import { createRoute, z } from "@hono/zod-openapi";
import { requireAdmin } from "../../lib/admin-auth";
import { createRouter } from "../../lib/hono";
import { errorResponses, jsonResponse as json } from "../../lib/openapi";
import { reportCsv } from "./reports/csv";
import { CampaignResults, campaignResults } from "./results";

const security = [{ adminToken: [] }];
const tags = ["Broadcasts"];
const Id = z.object({
  id: z
    .string()
    .max(64)
    .openapi({ param: { name: "id", in: "path" } }),
});

/** 成效: a broadcast's results against its holdout, as JSON and as CSV. */
export function resultsRoutes() {
  const app = createRouter();
  // Guarded here, whichever router is mounted first.
  app.use("/api/broadcasts/:id/results", requireAdmin);
  app.use("/api/broadcasts/:id/results.csv", requireAdmin);

  app.openapi(
    createRoute({
      method: "get",
      path: "/api/broadcasts/{id}/results",
      tags,
      security,
      summary:
        "Campaign results: recipients against the holdout in the attribution window (orders, net revenue, conversion, coupons) and the uplift with 95 % intervals",
      request: { params: Id },
      responses: {
        200: json(CampaignResults, "The results"),
        ...errorResponses(401, 404, 409),
      },
    }),
    async (c) => c.json(await campaignResults(c.var.deps, c.req.valid("param").id), 200),
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/api/broadcasts/{id}/results.csv",
      tags,
      security,
      summary: "Campaign results as CSV (UTF-8 with BOM, for Excel)",
      request: { params: Id },
      responses: {
        200: { description: "CSV", content: { "text/csv": { schema: z.string() } } },
        ...errorResponses(401, 404, 409),
      },
    }),
    async (c) => {
      const { id } = c.req.valid("param");
      return c.body(reportCsv(await campaignResults(c.var.deps, id)), 200, {
        "content-type": "text/csv; charset=utf-8",
        "content-disposition": `attachment; filename="results-${id}.csv"`,
      });
    },
  );
  return app;
}
