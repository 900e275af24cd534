import { createRoute } from "@hono/zod-openapi";
import { requireAdmin } from "../../lib/admin-auth";
import { createRouter } from "../../lib/hono";
import { errorResponses, jsonResponse as json } from "../../lib/openapi";
import { listAudit } from "./read";
import { AuditPage, AuditQuerySchema } from "./schema";

/** 稽核紀錄 (admin): read only; entries are written by the features whose actions they record. */
export function auditRoutes() {
  const app = createRouter();
  app.use("/api/admin/audit", requireAdmin);
  app.openapi(
    createRoute({
      method: "get",
      path: "/api/admin/audit",
      tags: ["Audit log"],
      security: [{ adminToken: [] }],
      summary: "Who changed money, points, coupons, roles or keys, when, and from what to what",
      description:
        "Newest first. Filter by action, actor (`admin` or a staff id), subject, member or store; page with `before` = the last page's `next`.",
      request: { query: AuditQuerySchema },
      responses: { 200: json(AuditPage, "Entries"), ...errorResponses(400, 401) },
    }),
    async (c) => c.json(await listAudit(c.var.deps, c.req.valid("query")), 200),
  );
  return app;
}
