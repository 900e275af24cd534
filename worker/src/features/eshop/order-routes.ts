import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { langOf } from "../../lib/errors";
import type { AppEnv } from "../../lib/hono";
import { refuseInvalidInput } from "../../lib/input-refusal";
import { jsonBody as body, errorResponses, jsonResponse as json } from "../../lib/openapi";
import { Refund, refundJson } from "../loyalty";
import { couponQuote, customerCoupons, pickupStores, pointsQuote } from "./checkout";
import { cancelOrder, createOrder, fulfilOrder, payOrder, refundOrder, requireOrder } from "./orders";
import {
  CouponQuote,
  CouponQuoteInput,
  OrderInput,
  orderJson,
  PointsQuote,
  PointsQuoteInput,
  RefundOrderInput,
  ShopOrder,
} from "./schema";

const tags = ["E-shop"];
const security = [{ shopKey: [] }];
const OrderId = z.object({ orderId: z.string().min(1).max(100) });
/** What the shop posts: its orders as they move, and the checkout's questions. */
export function orderRoutes(app: OpenAPIHono<AppEnv>) {
  app.openapi(
    createRoute({
      method: "post",
      path: "/api/shop/orders",
      tags,
      security,
      summary:
        "Create an order (idempotent on orderId): holds its coupon, takes its points, decides who it counts for; paid: true pays it too",
      request: body(OrderInput),
      responses: {
        200: json(ShopOrder, "The order (replayed: the one that existed)"),
        ...errorResponses(400, 401, 404, 409, 422),
      },
    }),
    async (c) => {
      const r = await createOrder(c.var.deps, c.var.shopId, c.req.valid("json"));
      return c.json(orderJson(r.order, r.replayed), 200);
    },
    refuseInvalidInput,
  );
  app.openapi(
    createRoute({
      method: "get",
      path: "/api/shop/orders/{orderId}",
      tags,
      security,
      summary: "One of this shop's orders",
      request: { params: OrderId },
      responses: { 200: json(ShopOrder, "The order"), ...errorResponses(401, 404) },
    }),
    async (c) =>
      c.json(orderJson(await requireOrder(c.var.deps, c.var.shopId, c.req.valid("param").orderId)), 200),
  );
  const step = (name: "paid" | "fulfilled" | "cancelled", summary: string, run: typeof payOrder) =>
    app.openapi(
      createRoute({
        method: "post",
        path: `/api/shop/orders/{orderId}/${name}`,
        tags,
        security,
        summary,
        request: { params: OrderId },
        responses: { 200: json(ShopOrder, "The order now"), ...errorResponses(401, 404, 409) },
      }),
      async (c) => {
        const { deps, shopId } = c.var;
        const order = await requireOrder(deps, shopId, c.req.valid("param").orderId);
        return c.json(orderJson(await run(deps, order)), 200);
      },
    );
  step(
    "paid",
    "The order was paid: the coupon redeemed, the purchase written, points earned (repeat-safe)",
    payOrder,
  );
  step("fulfilled", "The order was shipped (repeat-safe)", fulfilOrder);
  step(
    "cancelled",
    "The order was cancelled: coupon and points given back; a paid order refunded in full (repeat-safe)",
    cancelOrder,
  );
  app.openapi(
    createRoute({
      method: "post",
      path: "/api/shop/orders/{orderId}/refunds",
      tags,
      security,
      summary:
        "Money back for a paid order, in part or in full (idempotent on refundId): points reversed in proportion",
      request: { params: OrderId, ...body(RefundOrderInput) },
      responses: { 200: json(Refund, "The refund"), ...errorResponses(400, 401, 404, 409, 422) },
    }),
    async (c) => {
      const { deps, shopId } = c.var;
      const order = await requireOrder(deps, shopId, c.req.valid("param").orderId);
      const r = await refundOrder(deps, order, c.req.valid("json"));
      if (!r) throw new Error("refund answered nothing");
      return c.json(refundJson(r.refund, r.purchase, r.replayed), 200);
    },
    refuseInvalidInput,
  );
  app.openapi(
    createRoute({
      method: "post",
      path: "/api/shop/checkout/coupon-quote",
      tags,
      security,
      summary: "May this member use this coupon on this cart now — what it takes off, or why not",
      request: body(CouponQuoteInput),
      responses: { 200: json(CouponQuote, "The answer"), ...errorResponses(400, 401, 422) },
    }),
    async (c) =>
      c.json(
        await couponQuote(c.var.deps, c.req.valid("json"), langOf(c.req.header("accept-language"))),
        200,
      ),
    refuseInvalidInput,
  );
  app.openapi(
    createRoute({
      method: "post",
      path: "/api/shop/checkout/coupons",
      tags,
      security,
      summary: "The member's coupons a cart could use now, each with what it takes off or why not",
      request: body(PointsQuoteInput),
      responses: {
        200: json(z.object({ coupons: z.array(CouponQuote.extend({ code: z.string() })) }), "Their coupons"),
        ...errorResponses(400, 401, 422),
      },
    }),
    async (c) =>
      c.json(
        await customerCoupons(c.var.deps, c.req.valid("json"), langOf(c.req.header("accept-language"))),
        200,
      ),
    refuseInvalidInput,
  );
  app.openapi(
    createRoute({
      method: "get",
      path: "/api/shop/stores",
      tags,
      security,
      summary: "The brand's stores an order can be picked up at (線上買門市取)",
      responses: {
        200: json(
          z.object({
            stores: z.array(
              z.object({ id: z.string(), code: z.string(), name: z.string(), address: z.string() }),
            ),
          }),
          "Stores",
        ),
        ...errorResponses(401),
      },
    }),
    async (c) => c.json({ stores: await pickupStores(c.var.deps) }, 200),
  );
  app.openapi(
    createRoute({
      method: "post",
      path: "/api/shop/checkout/points-quote",
      tags,
      security,
      summary: "How many of this member's points may go towards an amount",
      request: body(PointsQuoteInput),
      responses: { 200: json(PointsQuote, "The answer"), ...errorResponses(400, 401, 422) },
    }),
    async (c) => c.json(await pointsQuote(c.var.deps, c.req.valid("json")), 200),
    refuseInvalidInput,
  );
}
