import { createRoute, z } from "@hono/zod-openapi";
import { createRouter } from "../../../lib/hono";
import { errorResponses, jsonResponse as json } from "../../../lib/openapi";
import { listOrders, pickingList, setOrderStatus } from "../orders";
import { requireSale } from "../sales";
import { OrderStatusChange, OrderViewSchema } from "../schema";
import { admin, Id, tags } from "./common";

/** Orders of a sale: the list, the picking list (CSV) and the seller's status changes. */
export function orderRoutes() {
  const app = createRouter();

  app.openapi(
    createRoute({
      method: "get",
      path: "/api/lives/{id}/orders",
      tags,
      security: admin,
      summary: "Orders (carts) of the sale with their lines",
      request: {
        params: Id,
        query: z.object({
          status: z.enum(["cart", "confirmed", "paid", "picked_up", "cancelled", "expired"]).optional(),
        }),
      },
      responses: {
        200: json(z.object({ orders: z.array(OrderViewSchema) }), "Orders"),
        ...errorResponses(401, 404),
      },
    }),
    async (c) => {
      const sale = await requireSale(c.var.deps.db, c.req.valid("param").id);
      return c.json({ orders: await listOrders(c.var.deps.db, sale.id, c.req.valid("query")) }, 200);
    },
  );

  app.get("/api/lives/:id/picking.csv", async (c) => {
    const sale = await requireSale(c.var.deps.db, c.req.param("id"));
    return c.body(await pickingList(c.var.deps.db, sale.id), 200, {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="picking-${sale.id}.csv"`,
    });
  });

  app.openapi(
    createRoute({
      method: "post",
      path: "/api/lives/{id}/orders/{orderId}/status",
      tags,
      security: admin,
      summary: "Mark an order paid, picked up or cancelled (cancel releases stock to the waitlist)",
      request: {
        params: Id.extend({ orderId: z.string().openapi({ param: { name: "orderId", in: "path" } }) }),
        body: { content: { "application/json": { schema: OrderStatusChange } }, required: true },
      },
      responses: { 200: json(OrderViewSchema, "The order"), ...errorResponses(400, 401, 404, 409) },
    }),
    async (c) => {
      const { id, orderId } = c.req.valid("param");
      const sale = await requireSale(c.var.deps.db, id);
      return c.json(
        await setOrderStatus(c.var.deps, sale, orderId, c.req.valid("json").status, "admin"),
        200,
      );
    },
  );

  return app;
}
