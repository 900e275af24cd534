import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../../lib/hono";
import { refuseInvalidInput } from "../../lib/input-refusal";
import { errorResponses, jsonResponse as json } from "../../lib/openapi";
import { Amount, StaffCoupon, staffSecurity, tags } from "./schema";
import { couponAtCounter, redeemAtCounter } from "./service";

/** Coupons at the counter: look one up, redeem it. */
export function couponRoutes(app: OpenAPIHono<AppEnv>) {
  app.openapi(
    createRoute({
      method: "post",
      path: "/api/staff/coupons/redeem",
      tags,
      security: staffSecurity,
      summary: "Redeem a coupon in store (single use, even from two devices at once)",
      description:
        "A coupon with a minimum spend needs the amount of the purchase it is used on: without it, 400 `AMOUNT_REQUIRED`; below the minimum, 422 `MIN_SPEND_NOT_MET` (both with `details.minSpend`).",
      request: {
        body: {
          content: {
            "application/json": {
              schema: z.object({
                code: z.string().min(4).max(32),
                /** Made when the screen opened: a repeat (double tap, retry) answers the same success. */
                requestId: z.string().min(8).max(64).optional(),
                amount: Amount.optional().openapi({
                  description:
                    "The purchase the coupon is used on (NT$); required when the coupon has a minimum spend",
                }),
              }),
            },
          },
          required: true,
        },
      },
      responses: {
        200: json(
          z.object({
            code: z.string(),
            status: z.literal("redeemed"),
            redeemedAt: z.string(),
            name: z.string(),
            replayed: z.boolean(),
          }),
          "Redeemed (or the earlier identical request)",
        ),
        ...errorResponses(400, 401, 403, 404, 422),
      },
    }),
    async (c) => c.json(await redeemAtCounter(c.var.deps, c.var.staff, c.req.valid("json")), 200),
    refuseInvalidInput,
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/api/staff/coupons/{code}",
      tags,
      security: staffSecurity,
      summary: "A coupon by its code, before redeeming it: name, value, minimum spend, status",
      request: { params: z.object({ code: z.string().min(4).max(32) }) },
      responses: { 200: json(StaffCoupon, "The coupon"), ...errorResponses(401, 403, 404) },
    }),
    async (c) => c.json(await couponAtCounter(c.var.deps, c.req.valid("param").code), 200),
  );
}
