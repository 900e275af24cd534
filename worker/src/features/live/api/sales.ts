import { createRoute, z } from "@hono/zod-openapi";
import { createRouter } from "../../../lib/hono";
import { errorResponses, jsonResponse as json } from "../../../lib/openapi";
import { createSale, requireSale, saleView, setSaleStatus } from "../sales";
import { CreateSale, SaleSchema } from "../schema";
import { admin, Id, tags } from "./common";

/** Sales: create one, read it, open and close it. */
export function saleRoutes() {
  const app = createRouter();

  app.openapi(
    createRoute({
      method: "post",
      path: "/api/lives",
      tags,
      security: admin,
      summary: "Create a live or post sale (draft) with its products and stock",
      description:
        "Returns the sale and, once, its `ingestKey`: comment relays of other platforms post with `Authorization: Bearer <ingestKey>`.",
      request: { body: { content: { "application/json": { schema: CreateSale } }, required: true } },
      responses: {
        201: json(SaleSchema.extend({ ingestKey: z.string() }), "The sale"),
        ...errorResponses(400, 401),
      },
    }),
    async (c) => {
      const { sale, ingestKey } = await createSale(c.var.deps, c.req.valid("json"));
      return c.json({ ...(await saleView(c.var.deps.db, sale)), ingestKey }, 201);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/api/lives/{id}",
      tags,
      security: admin,
      summary: "A sale with its products",
      request: { params: Id },
      responses: { 200: json(SaleSchema, "The sale"), ...errorResponses(401, 404) },
    }),
    async (c) => {
      const sale = await requireSale(c.var.deps.db, c.req.valid("param").id);
      return c.json(await saleView(c.var.deps.db, sale), 200);
    },
  );

  for (const action of ["open", "close"] as const) {
    app.openapi(
      createRoute({
        method: "post",
        path: `/api/lives/{id}/${action}`,
        tags,
        security: admin,
        summary:
          action === "open" ? "Open the sale: comments order from now" : "Close the sale: no more orders",
        request: { params: Id },
        responses: { 200: json(SaleSchema, "The sale"), ...errorResponses(401, 404, 409) },
      }),
      async (c) => {
        const sale = await setSaleStatus(
          c.var.deps,
          c.req.valid("param").id,
          action === "open" ? "open" : "closed",
        );
        return c.json(await saleView(c.var.deps.db, sale), 200);
      },
    );
  }

  return app;
}
