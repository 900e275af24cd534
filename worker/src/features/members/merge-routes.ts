import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../../lib/hono";
import { errorResponses } from "../../lib/openapi";
import { mergeJson, mergeWithCode } from "./merge";
import { Merge } from "./merge-schema";

/** 歸戶 by the member, with the one-time code the store's POS gave them. */
export function mergeRoutes(app: OpenAPIHono<AppEnv>) {
  app.openapi(
    createRoute({
      method: "post",
      path: "/api/me/merge",
      tags: ["Member"],
      summary:
        "Merge my in-store purchases made without the card (歸戶) with the one-time code the store's POS gave me",
      description:
        "Works only for a member registered with the phone the POS used; the code is single use and valid 10 minutes. After 5 wrong codes for a phone in an hour, codes are refused (429) for that phone.",
      security: [{ liffIdToken: [] }],
      request: {
        body: {
          content: {
            "application/json": {
              schema: z.object({ code: z.string().regex(/^\d{6}$/, "6 digits") }),
            },
          },
          required: true,
        },
      },
      responses: {
        200: { description: "Merged", content: { "application/json": { schema: Merge } } },
        ...errorResponses(400, 401, 404, 422, 429),
      },
    }),
    async (c) =>
      c.json(mergeJson(await mergeWithCode(c.var.deps, c.var.lineUser, c.req.valid("json").code)), 200),
  );
}
