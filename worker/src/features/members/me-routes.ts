import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../lib/hono";
import { errorResponses } from "../../lib/openapi";
import { whoAmI } from "./me";
import { Me } from "./schema";

/** Who am I. */
export function meRoutes(app: OpenAPIHono<AppEnv>) {
  app.openapi(
    createRoute({
      method: "get",
      path: "/api/me",
      tags: ["Member"],
      summary: "Who am I: the caller's member record (created as a guest on first visit)",
      security: [{ liffIdToken: [] }],
      responses: {
        200: { description: "The caller", content: { "application/json": { schema: Me } } },
        ...errorResponses(401),
      },
    }),
    async (c) => c.json(await whoAmI(c.var.deps, c.var.lineUser), 200),
  );
}
