import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../../lib/hono";
import { errorResponses } from "../../lib/openapi";
import { createPosKey } from "./service";

/** POS keys, made by the admin for a store. */
export function keyRoutes(app: OpenAPIHono<AppEnv>) {
  app.openapi(
    createRoute({
      method: "post",
      path: "/api/admin/stores/{id}/pos-keys",
      tags: ["POS"],
      security: [{ adminToken: [] }],
      summary: "Create a POS key for a store (shown once)",
      description: 'Optional JSON body `{ "label": "櫃台 1" }`.',
      request: { params: z.object({ id: z.string() }) },
      responses: {
        201: {
          description: "The key",
          content: { "application/json": { schema: z.object({ id: z.string(), key: z.string() }) } },
        },
        ...errorResponses(401, 404),
      },
    }),
    async (c) => {
      const body = (await c.req.json().catch(() => ({}))) as { label?: unknown };
      const label = typeof body.label === "string" ? body.label.slice(0, 60) : "";
      return c.json(await createPosKey(c.var.deps, c.req.valid("param").id, label), 201);
    },
  );
}
