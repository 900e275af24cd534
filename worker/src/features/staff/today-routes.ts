import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../lib/hono";
import { errorResponses, jsonResponse as json } from "../../lib/openapi";
import { StaffToday, staffSecurity, tags } from "./schema";
import { todayAtCounter } from "./service";

/** Today at the counter, for the clerk and their store. */
export function todayRoutes(app: OpenAPIHono<AppEnv>) {
  app.openapi(
    createRoute({
      method: "get",
      path: "/api/staff/today",
      tags,
      security: staffSecurity,
      summary: "Today (brand time zone): members bound and purchases recorded by me and by my store",
      responses: { 200: json(StaffToday, "Today's figures"), ...errorResponses(401, 403) },
    }),
    async (c) => c.json(await todayAtCounter(c.var.deps, c.var.staff), 200),
  );
}
