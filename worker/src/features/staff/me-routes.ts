import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../lib/hono";
import { errorResponses, jsonResponse as json } from "../../lib/openapi";
import { StaffMe, staffSecurity, tags } from "./schema";
import { staffMe } from "./service";

/** The signed-in staff member. */
export function meRoutes(app: OpenAPIHono<AppEnv>) {
  app.openapi(
    createRoute({
      method: "get",
      path: "/api/staff/me",
      tags,
      security: staffSecurity,
      summary: "The signed-in staff member and their store (403 for anyone else)",
      responses: { 200: json(StaffMe, "Staff"), ...errorResponses(401, 403) },
    }),
    async (c) => c.json(await staffMe(c.var.deps, c.var.staff), 200),
  );
}
