import { createRoute, z } from "@hono/zod-openapi";
import { asc, eq } from "drizzle-orm";
import { stores } from "../../../../db/schema";
import type { AppDeps } from "../../deps";
import { AppError } from "../../lib/errors";
import { createRouter } from "../../lib/hono";
import type { LineIdentity } from "../../lib/id-token";
import { refuseInvalidInput } from "../../lib/input-refusal";
import { requireLineUser } from "../../lib/liff-auth";
import { MAX_POINTS_TO_USE } from "../../lib/limits";
import { errorResponses, jsonResponse as json } from "../../lib/openapi";
import { runBatch } from "../../lib/sql-batch";
import { recordLiffVisit } from "../members";
import { claimBuyer } from "./claims";
import { buyerIdsOf, confirmCart, memberOf } from "./orders";
import { requireSale } from "./sales";
import { OrderViewSchema } from "./schema";
import { attributeOrders } from "./statements";
import { ordersWithLines } from "./tally";

const security = [{ liffIdToken: [] }];
const tags = ["Live sales (+1)"];
const Id = z.object({ id: z.string().openapi({ param: { name: "id", in: "path" } }) });

const Cart = z
  .object({
    sale: z.object({ id: z.string(), title: z.string(), status: z.enum(["draft", "open", "closed"]) }),
    order: OrderViewSchema.nullable(),
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

  async function myCart(deps: AppDeps, identity: LineIdentity, saleId: string) {
    const userId = identity.userId;
    // Opening LIFF makes the caller a (guest) member, as the member API does — whichever request
    // arrives first — and a buyer who became a member after commenting gets the cart as a member.
    await recordLiffVisit(deps, identity);
    await runBatch(deps, [attributeOrders(deps.db, saleId)]);
    const buyerIds = await buyerIdsOf(deps.db, userId);
    const orders = await ordersWithLines(deps.db, saleId, { buyerIds });
    // One person may hold two (a LINE cart and a claimed one): the open cart with items first.
    const rank = (o: (typeof orders)[number]) => (o.status === "cart" ? (o.lines.length > 0 ? 0 : 2) : 1);
    return [...orders].sort((a, b) => rank(a) - rank(b))[0];
  }

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
      const user = c.var.lineUser;
      const order = await myCart(deps, user, sale.id);
      const list = await deps.db
        .select({ id: stores.id, code: stores.code, name: stores.name, address: stores.address })
        .from(stores)
        .where(eq(stores.active, true))
        .orderBy(asc(stores.code));
      const member = await memberOf(deps.db, user.userId);
      return c.json(
        {
          sale: { id: sale.id, title: sale.title, status: sale.status },
          order: order ?? null,
          stores: list,
          defaultPickupStoreId: order?.pickupStoreId ?? member?.homeStoreId ?? list[0]?.id ?? null,
          payment: { bankTransferAccount: deps.config.brand.bankTransferAccount },
        },
        200,
      );
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
      const order = await myCart(deps, c.var.lineUser, sale.id);
      if (!order) throw new AppError("NOT_FOUND", "You have no cart in this sale. 您在此活動沒有購物車。");
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
