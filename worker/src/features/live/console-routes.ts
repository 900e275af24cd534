import { createRoute } from "@hono/zod-openapi";
import { requireAdmin } from "../../lib/admin-auth";
import { createRouter } from "../../lib/hono";
import { errorResponses, jsonResponse as json } from "../../lib/openapi";
import { listSales } from "./sale-list";
import { SaleListQuery, SaleListSchema } from "./schema";

export type { SaleSummary } from "./schema";
export { SaleListSchema };

const tags = ["Live sales (+1)"];

/** The seller console's reads that span sales (the per-sale routes are in routes.ts). */
export function liveConsoleRoutes() {
  const app = createRouter();
  app.use("/api/lives", requireAdmin);

  app.openapi(
    createRoute({
      method: "get",
      path: "/api/lives",
      tags,
      security: [{ adminToken: [] }],
      summary: "List sales, newest first, with units ordered / remaining / waitlisted, orders and revenue",
      request: { query: SaleListQuery },
      responses: { 200: json(SaleListSchema, "A page of sales"), ...errorResponses(400, 401) },
    }),
    async (c) => c.json(await listSales(c.var.deps.db, c.req.valid("query")), 200),
  );

  return app;
}
