import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../../lib/hono";
import { errorResponses, jsonResponse as json } from "../../lib/openapi";
import { posMergeCode } from "./service";

/** 歸戶 codes the POS hands a customer without their card. */
export function mergeCodeRoutes(app: OpenAPIHono<AppEnv>) {
  app.openapi(
    createRoute({
      method: "post",
      path: "/api/pos/merge-codes",
      tags: ["POS"],
      security: [{ posKey: [] }],
      summary:
        "A one-time code (6 digits, 10 minutes) for the customer at the counter to merge their POS purchases into their membership",
      description:
        "The member types the code in LIFF (POST /api/me/merge); it works only for a member registered with this phone.",
      request: {
        body: {
          content: {
            "application/json": { schema: z.object({ phone: z.string().trim().min(6).max(30) }) },
          },
          required: true,
        },
      },
      responses: {
        201: json(
          z.object({ code: z.string(), expiresAt: z.string(), ttlSeconds: z.number().int() }),
          "The code to hand the customer",
        ),
        ...errorResponses(400, 401, 404),
      },
    }),
    async (c) => c.json(await posMergeCode(c.var.deps, c.var.posStoreId, c.req.valid("json").phone), 201),
  );
}
