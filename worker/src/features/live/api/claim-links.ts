import { createRoute, z } from "@hono/zod-openapi";
import { createRouter } from "../../../lib/hono";
import { errorResponses, jsonResponse as json } from "../../../lib/openapi";
import { claimLinks } from "../claims";
import { requireSale } from "../sales";
import { adminOrKey, Id, tags } from "./common";

/** Claim links: buyers of other platforms attach their orders to a LINE account. */
export function claimLinkRoutes() {
  const app = createRouter();

  app.openapi(
    createRoute({
      method: "post",
      path: "/api/lives/{id}/claim-links",
      tags,
      security: adminOrKey,
      summary:
        "Claim links for buyers from other platforms: opened in LINE, they attach the orders to that account",
      request: {
        params: Id,
        body: {
          content: {
            "application/json": {
              schema: z.object({
                buyers: z
                  .array(
                    z.object({ platform: z.string().min(1).max(32), userId: z.string().min(1).max(200) }),
                  )
                  .min(1)
                  .max(500),
              }),
            },
          },
          required: true,
        },
      },
      responses: {
        200: json(
          z.object({
            links: z.array(
              z.object({
                platform: z.string(),
                userId: z.string(),
                url: z.string().nullable(),
                claimed: z.boolean(),
              }),
            ),
          }),
          "One link per known buyer (unknown buyers are left out)",
        ),
        ...errorResponses(400, 401, 404),
      },
    }),
    async (c) => {
      const deps = c.var.deps;
      const sale = await requireSale(deps.db, c.req.valid("param").id);
      return c.json({ links: await claimLinks(deps, sale.id, c.req.valid("json").buyers) }, 200);
    },
  );

  return app;
}
