import { createRoute, z } from "@hono/zod-openapi";
import { AppError, say } from "../../lib/errors";
import { createRouter } from "../../lib/hono";
import { refuseInvalidInput } from "../../lib/input-refusal";
import { requireLineUser } from "../../lib/liff-auth";
import { MAX_POINTS_TO_USE } from "../../lib/limits";
import { errorResponses, jsonResponse as json } from "../../lib/openapi";
import { cartView, myCart } from "./cart";
import { confirmCart } from "./checkout";
import { claimBuyer } from "./claims";
import { requireSale } from "./sales";
import { OrderViewSchema } from "./schema";

const security = [{ liffIdToken: [] }];
const tags = ["Live sales (+1)"];
const Id = z.object({ id: z.string().openapi({ param: { name: "id", in: "path" } }) });

const Cart = z
  .object({
    sale: z.object({ id: z.string(), title: z.string(), status: z.enum(["draft", "open", "closed"]) }),
    // A union, not .nullable(): on a registered schema that is written as an allOf null cannot pass.
    order: z.union([OrderViewSchema, z.null()]),
    otherOrders: z.array(OrderViewSchema).openapi({
      description: "My other orders in the sale (checked out before a new cart, or closed), newest first",
    }),
    stores: z.array(z.object({ id: z.string(), code: z.string(), name: z.string(), address: z.string() })),
    defaultPickupStoreId: z.string().nullable(),
    payment: z.object({
      bankTransferAccount: z
        .string()
        .nullable()
        .openapi({ description: "The brand's account for bank transfers (null: sent in chat)" }),
    }),
  })
  .openapi("LiveCart");

const Checkout = z
  .object({
    fulfilment: z.enum(["pickup", "delivery"]),
    pickupStoreId: z.string().optional(),
    delivery: z
      .object({
        name: z.string().trim().min(1).max(50),
        phone: z.string().trim().min(6).max(20),
        address: z.string().trim().min(5).max(200),
      })
      .optional(),
    paymentMethod: z.enum(["bank_transfer", "pay_at_pickup"]),
    couponCode: z
      .string()
      .trim()
      .min(4)
      .max(40)
      .optional()
      .openapi({ description: "One of my coupons (online or both)" }),
    pointsToUse: z.number().int().min(0).max(MAX_POINTS_TO_USE).optional().openapi({
      description:
        "Points used as cash (1 point = NT$1): at most the balance and what is left to pay after the coupon (422 `TOO_MANY_POINTS` with `max`, `NOT_ENOUGH_POINTS` with `available`)",
    }),
  })
  .openapi("LiveCheckout");

/** The buyer's side (LIFF checkout): the caller is the verified ID token's LINE user. */
export function memberLiveRoutes() {
  const app = createRouter();
  app.use("/api/me/lives/*", requireLineUser);

  app.openapi(
    createRoute({
      method: "get",
      path: "/api/me/lives/{id}/cart",
      tags,
      security,
      summary: "My cart in a sale: lines, waitlist positions, totals, pickup stores",
      request: { params: Id },
      responses: { 200: json(Cart, "The cart (order null when I have none)"), ...errorResponses(401, 404) },
    }),
    async (c) => {
      const deps = c.var.deps;
      const sale = await requireSale(deps.db, c.req.valid("param").id);
      return c.json(await cartView(deps, sale, c.var.lineUser), 200);
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/api/me/lives/{id}/cart/confirm",
      tags,
      security,
      summary: "Check out my cart: pickup or delivery, payment method (waitlisted lines are dropped)",
      request: {
        params: Id,
        body: { content: { "application/json": { schema: Checkout } }, required: true },
      },
      responses: {
        200: json(OrderViewSchema, "The confirmed order"),
        ...errorResponses(400, 401, 404, 409, 422),
      },
    }),
    async (c) => {
      const deps = c.var.deps;
      const sale = await requireSale(deps.db, c.req.valid("param").id);
      const { order } = await myCart(deps, c.var.lineUser, sale.id);
      if (!order)
        throw new AppError("NOT_FOUND", say("您在此活動沒有購物車。", "You have no cart in this sale."));
      return c.json(await confirmCart(deps, sale, order, c.req.valid("json")), 200);
    },
    refuseInvalidInput,
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/api/me/lives/claims",
      tags,
      security,
      summary: "Claim orders made on another platform (the seller's claim link) for my LINE account",
      request: {
        body: {
          content: { "application/json": { schema: z.object({ token: z.string().min(10).max(2000) }) } },
          required: true,
        },
      },
      responses: {
        200: json(z.object({ saleId: z.string(), orderId: z.string().nullable() }), "Claimed"),
        ...errorResponses(400, 401, 409),
      },
    }),
    async (c) => c.json(await claimBuyer(c.var.deps, c.var.lineUser.userId, c.req.valid("json").token), 200),
  );

  return app;
}
