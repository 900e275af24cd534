import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../../lib/hono";
import { errorResponses } from "../../lib/openapi";
import { myCard, myCoupons, myPoints } from "./me";
import { Card, CouponJson, Entry } from "./schema";

/** The member card and what is on it: points history and coupons. */
export function cardRoutes(app: OpenAPIHono<AppEnv>) {
  app.openapi(
    createRoute({
      method: "get",
      path: "/api/me/card",
      tags: ["Member"],
      summary:
        "My member card: code for the QR/barcode, tier and progress to the next, points, points expiring within 60 days",
      security: [{ liffIdToken: [] }],
      responses: {
        200: { description: "The card", content: { "application/json": { schema: Card } } },
        ...errorResponses(401),
      },
    }),
    async (c) => c.json(await myCard(c.var.deps, c.var.lineUser), 200),
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/api/me/points",
      tags: ["Member"],
      summary: "My points history, newest first (cursor paging)",
      security: [{ liffIdToken: [] }],
      request: {
        query: z.object({
          before: z.string().max(80).optional(),
          limit: z.coerce.number().int().min(1).max(100).default(20),
        }),
      },
      responses: {
        200: {
          description: "A page",
          content: {
            "application/json": {
              schema: z.object({ entries: z.array(Entry), nextCursor: z.string().nullable() }),
            },
          },
        },
        ...errorResponses(400, 401),
      },
    }),
    async (c) => c.json(await myPoints(c.var.deps, c.var.lineUser, c.req.valid("query")), 200),
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/api/me/coupons",
      tags: ["Member"],
      summary: "My coupons: available, used or expired",
      security: [{ liffIdToken: [] }],
      request: { query: z.object({ status: z.enum(["available", "used", "expired"]).default("available") }) },
      responses: {
        200: {
          description: "Coupons",
          content: { "application/json": { schema: z.object({ coupons: z.array(CouponJson) }) } },
        },
        ...errorResponses(400, 401),
      },
    }),
    async (c) => c.json(await myCoupons(c.var.deps, c.var.lineUser, c.req.valid("query").status), 200),
  );
}
