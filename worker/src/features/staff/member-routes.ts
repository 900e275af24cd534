import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../../lib/hono";
import { errorResponses, jsonResponse as json } from "../../lib/openapi";
import { MemberSummary, staffSecurity, tags } from "./schema";
import { memberSummary } from "./service";

/** A member's card as the counter sees it. */
export function memberRoutes(app: OpenAPIHono<AppEnv>) {
  app.openapi(
    createRoute({
      method: "get",
      path: "/api/staff/members/{code}",
      tags,
      security: staffSecurity,
      summary: "Look up a member by the code on their card (points are usable in every store)",
      request: { params: z.object({ code: z.string().min(4).max(32) }) },
      responses: { 200: json(MemberSummary, "The member"), ...errorResponses(401, 403, 404) },
    }),
    async (c) => c.json(await memberSummary(c.var.deps, c.req.valid("param").code), 200),
  );
}
