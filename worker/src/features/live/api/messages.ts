import { createRoute, z } from "@hono/zod-openapi";
import { createRouter } from "../../../lib/hono";
import { errorResponses, jsonResponse as json } from "../../../lib/openapi";
import { outboxStats } from "../../../line/outbox";
import { requireSale } from "../sales";
import { admin, Id, tags } from "./common";

/** What the sale's messages cost: free replies vs messages counted against the plan. */
export function messageRoutes() {
  const app = createRouter();

  app.openapi(
    createRoute({
      method: "get",
      path: "/api/lives/{id}/messages",
      tags,
      security: admin,
      summary: "Messages sent for this sale: free (reply) vs counted against the plan",
      request: { params: Id },
      responses: {
        200: json(
          z.object({
            free: z.number().int().openapi({ description: "Replies sent (free)" }),
            countedRequests: z.number().int(),
            countedRecipients: z
              .number()
              .int()
              .openapi({ description: "Recipients charged against the plan" }),
            queued: z.number().int(),
            failed: z.number().int(),
          }),
          "Message cost",
        ),
        ...errorResponses(401, 404),
      },
    }),
    async (c) => {
      const sale = await requireSale(c.var.deps.db, c.req.valid("param").id);
      const s = await outboxStats(c.var.deps.db, `live:${sale.id}`);
      return c.json(
        {
          free: s.freeMessages,
          countedRequests: s.countedRequests,
          countedRecipients: s.countedRecipients,
          queued: s.byState.queued + s.byState.sending,
          failed: s.byState.failed,
        },
        200,
      );
    },
  );

  return app;
}
