import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../../lib/hono";
import { refuseInvalidInput } from "../../lib/input-refusal";
import { errorResponses, jsonResponse as json } from "../../lib/openapi";
import { Refund, RefundInput } from "../loyalty";
import { Transaction } from "./schema";
import { recordPosTransaction, refundPosTransaction } from "./service";

/** Transactions the POS posts, and their refunds. */
export function transactionRoutes(app: OpenAPIHono<AppEnv>) {
  app.openapi(
    createRoute({
      method: "post",
      path: "/api/pos/transactions",
      tags: ["POS"],
      security: [{ posKey: [] }],
      summary: "Post a completed POS transaction (idempotent on externalId): earns the member's points",
      request: { body: { content: { "application/json": { schema: Transaction } }, required: true } },
      responses: {
        200: {
          description: "Recorded, or the earlier identical transaction",
          content: {
            "application/json": {
              schema: z.object({
                id: z.string(),
                externalId: z.string(),
                paid: z.number(),
                pointsEarned: z.number(),
                replayed: z.boolean(),
              }),
            },
          },
        },
        ...errorResponses(400, 401, 404, 422),
      },
    }),
    async (c) => c.json(await recordPosTransaction(c.var.deps, c.var.posStoreId, c.req.valid("json")), 200),
    refuseInvalidInput,
  );
  app.openapi(
    createRoute({
      method: "post",
      path: "/api/pos/transactions/{externalId}/refund",
      tags: ["POS"],
      security: [{ posKey: [] }],
      summary:
        "Refund one of this store's POS transactions, in full or in part (idempotent on refundId): reverses the points it earned in proportion",
      request: {
        params: z.object({ externalId: z.string().min(1).max(100) }),
        body: { content: { "application/json": { schema: RefundInput } }, required: true },
      },
      responses: {
        200: json(Refund, "Refunded (or the earlier identical request)"),
        ...errorResponses(400, 401, 404, 409, 422),
      },
    }),
    async (c) =>
      c.json(
        await refundPosTransaction(
          c.var.deps,
          c.var.posStoreId,
          c.req.valid("param").externalId,
          c.req.valid("json"),
        ),
        200,
      ),
    refuseInvalidInput,
  );
}
