import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../../lib/hono";
import { refuseInvalidInput } from "../../lib/input-refusal";
import { MAX_POINTS_TO_USE } from "../../lib/limits";
import { errorResponses, jsonResponse as json } from "../../lib/openapi";
import { Refund, RefundInput } from "../loyalty";
import { Amount, Purchase, staffSecurity, tags } from "./schema";
import { recordStorePurchase, refundStorePurchase } from "./service";

/** Store purchases: recorded by the clerk, refunded in full or in part. */
export function purchaseRoutes(app: OpenAPIHono<AppEnv>) {
  app.openapi(
    createRoute({
      method: "post",
      path: "/api/staff/purchases",
      tags,
      security: staffSecurity,
      summary: "Record a store purchase (coupon and points applied, points earned); idempotent on purchaseId",
      request: {
        body: {
          content: {
            "application/json": {
              schema: z.object({
                purchaseId: z.string().min(8).max(64),
                memberCode: z.string().min(4).max(32),
                amount: Amount.openapi({ description: "Before coupon and points (NT$, whole dollars)" }),
                couponCode: z.string().max(32).optional(),
                pointsToUse: z.number().int().min(0).max(MAX_POINTS_TO_USE).optional().openapi({
                  description: "Points used as cash (1 point = NT$1), at most what is left to pay",
                }),
              }),
            },
          },
          required: true,
        },
      },
      responses: {
        200: json(Purchase, "Recorded (or the earlier identical request)"),
        ...errorResponses(400, 401, 403, 404, 422),
      },
    }),
    async (c) => c.json(await recordStorePurchase(c.var.deps, c.var.staff, c.req.valid("json")), 200),
    refuseInvalidInput,
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/api/staff/purchases/{id}/refund",
      tags,
      security: staffSecurity,
      summary:
        "Refund a purchase of my store, in full or in part (idempotent on refundId): reverses the points it earned in proportion",
      description:
        "Money is refunded up to what was paid, over all of the purchase's refunds. The coupon and points used stay used. Points are taken back from the purchase's own lot first, then the member's others; points already spent are recorded as the shortfall, never taken below zero.",
      request: {
        params: z.object({ id: z.string().openapi({ description: "The purchase id (pur_…)" }) }),
        body: { content: { "application/json": { schema: RefundInput } }, required: true },
      },
      responses: {
        200: json(Refund, "Refunded (or the earlier identical request)"),
        ...errorResponses(400, 401, 403, 404, 409, 422),
      },
    }),
    async (c) =>
      c.json(
        await refundStorePurchase(c.var.deps, c.var.staff, c.req.valid("param").id, c.req.valid("json")),
        200,
      ),
    refuseInvalidInput,
  );
}
