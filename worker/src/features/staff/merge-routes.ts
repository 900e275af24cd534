import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../../lib/hono";
import { errorResponses, jsonResponse as json } from "../../lib/openapi";
import { Merge } from "../members";
import { staffSecurity, tags } from "./schema";
import { mergeAtCounter } from "./service";

/** 歸戶 at the counter. */
export function mergeRoutes(app: OpenAPIHono<AppEnv>) {
  app.openapi(
    createRoute({
      method: "post",
      path: "/api/staff/merges",
      tags,
      security: staffSecurity,
      summary:
        "Merge an offline customer (POS sales with this phone and no card) into the member whose card I scanned (歸戶)",
      description:
        "Proof is the clerk in the store with the member's card: the member must be registered with this very phone and have verified it by SMS (else 422 with details.reason PHONE_NOT_VERIFIED; PHONE_MISMATCH, NOT_REGISTERED). A typed phone alone moves nothing. Idempotent on requestId.",
      request: {
        body: {
          content: {
            "application/json": {
              schema: z.object({
                memberCode: z.string().min(4).max(32),
                phone: z.string().trim().min(6).max(30),
                requestId: z.string().min(8).max(64).optional(),
              }),
            },
          },
          required: true,
        },
      },
      responses: {
        200: json(Merge, "Merged (or the earlier identical request)"),
        ...errorResponses(400, 401, 403, 404, 409, 422),
      },
    }),
    async (c) => c.json(await mergeAtCounter(c.var.deps, c.var.staff, c.req.valid("json")), 200),
  );
}
