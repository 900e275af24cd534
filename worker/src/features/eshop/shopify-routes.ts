/**
 * POST /webhooks/shopify: the Shopify connector. The HMAC is the auth (no other credential):
 * `X-Shopify-Hmac-Sha256` over the raw body with SHOPIFY_WEBHOOK_SECRET; the shop is the one
 * connected with `X-Shopify-Shop-Domain`; `X-Shopify-Webhook-Id` is kept so a redelivery is
 * answered and not done again. Topics: orders/create, orders/paid, orders/cancelled,
 * refunds/create; any other is acknowledged and ignored. A delivery that fails is forgotten
 * again, so Shopify's retry runs it.
 */
import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { and, eq } from "drizzle-orm";
import { bodyLimit } from "hono/body-limit";
import { shops, shopWebhooks } from "../../../../db/schema";
import type { AppDeps } from "../../deps";
import { AppError, say } from "../../lib/errors";
import type { AppEnv } from "../../lib/hono";
import { errorResponses, jsonResponse as json } from "../../lib/openapi";
import { cancelOrder, createOrder, findOrder, type OrderInput, payOrder, refundOrder } from "./orders";
import {
  discountCodes,
  mapOrder,
  refundAmount,
  refundIds,
  type ShopifyOrder,
  type ShopifyRefund,
  verifyShopify,
} from "./shopify";

const MAX_BYTES = 1024 * 1024;

export const ShopifyAck = z
  .object({
    ok: z.literal(true),
    topic: z.string(),
    replayed: z.boolean().optional(),
    ignored: z.boolean().optional(),
    orderId: z.string().optional(),
    state: z.string().optional(),
  })
  .openapi("ShopifyWebhookAck");
type Ack = z.infer<typeof ShopifyAck>;

const header = (description: string) => z.string().optional().openapi({ description });

export function shopifyRoutes(app: OpenAPIHono<AppEnv>) {
  // The body limit first: it runs before the handler on the same path.
  app.use(
    "/webhooks/shopify",
    bodyLimit({
      maxSize: MAX_BYTES,
      onError: () => {
        throw new AppError("PAYLOAD_TOO_LARGE", say("送出的資料太大。", "What was sent is too large."));
      },
    }),
  );
  app.openapi(
    createRoute({
      method: "post",
      path: "/webhooks/shopify",
      tags: ["E-shop"],
      summary:
        "Shopify webhooks (orders/create, orders/paid, orders/cancelled, refunds/create), signed with X-Shopify-Hmac-Sha256; a redelivered webhook id is answered, not done again",
      description:
        "The body is Shopify's order (or refund) JSON as Shopify sends it. No bearer credential: the HMAC (base64 HMAC-SHA256 of the raw body with SHOPIFY_WEBHOOK_SECRET) is the auth; 401 when it is missing or wrong; 503 when a signed delivery comes and the secret is not configured (never accepted unsigned). Unknown topics answer 200 with ignored: true.",
      // Every header optional: a missing signature is the handler's 401, never a validator's 400.
      request: {
        headers: z.object({
          "x-shopify-hmac-sha256": header("base64 HMAC-SHA256 of the raw body"),
          "x-shopify-shop-domain": header("brand.myshopify.com"),
          "x-shopify-topic": header("orders/create, orders/paid, …"),
          "x-shopify-webhook-id": header("The delivery's id (replay protection)"),
        }),
      },
      responses: {
        200: json(ShopifyAck, "Taken (or replayed, or ignored)"),
        ...errorResponses(400, 401, 404, 413, 422, 503),
      },
    }),
    // No body schema (so no validator reads it): the raw bytes stay untouched for the HMAC.
    async (c) => {
      const deps = c.var.deps;
      const signature = c.req.header("x-shopify-hmac-sha256");
      if (!signature) throw unsigned();
      const secret = deps.config.shopifyWebhookSecret;
      if (!secret)
        throw new AppError(
          "NOT_READY",
          say(
            "尚未設定 SHOPIFY_WEBHOOK_SECRET，無法驗證 Shopify 通知。",
            "SHOPIFY_WEBHOOK_SECRET is not set: Shopify webhooks cannot be verified.",
          ),
        );
      const raw = new Uint8Array(await c.req.arrayBuffer());
      if (!(await verifyShopify(secret, raw, signature))) throw unsigned();
      const domain = (c.req.header("x-shopify-shop-domain") ?? "").trim().toLowerCase();
      const [shop] = domain
        ? await deps.db
            .select()
            .from(shops)
            .where(and(eq(shops.domain, domain), eq(shops.platform, "shopify")))
        : [];
      if (!shop || shop.revokedAt)
        throw new AppError(
          "NOT_FOUND",
          say(
            `沒有已連接的 Shopify 商店 ${domain}。`,
            `No Shopify shop is connected as ${domain || "(none)"}.`,
          ),
        );
      const topic = (c.req.header("x-shopify-topic") ?? "").trim();
      let payload: unknown;
      try {
        payload = JSON.parse(new TextDecoder().decode(raw));
      } catch {
        throw new AppError("INVALID_JSON", say("內容不是 JSON。", "The body is not JSON."));
      }
      if (typeof payload !== "object" || payload === null)
        throw mappingError(say("內容不是 Shopify 物件。", "The body is not a Shopify object."));
      const webhookId = (c.req.header("x-shopify-webhook-id") ?? "").trim();
      if (webhookId) {
        const taken = await deps.db
          .insert(shopWebhooks)
          .values({ webhookId, shopId: shop.id, topic, receivedAt: deps.clock.now() })
          .onConflictDoNothing()
          .returning({ id: shopWebhooks.webhookId });
        if (taken.length === 0) return c.json({ ok: true, topic, replayed: true } satisfies Ack, 200);
      }
      try {
        return c.json(await handle(deps, shop.id, topic, payload), 200);
      } catch (err) {
        // Not done: forget the delivery so Shopify's retry runs it.
        if (webhookId) await deps.db.delete(shopWebhooks).where(eq(shopWebhooks.webhookId, webhookId));
        if (err instanceof AppError && err.status < 500 && err.code !== "UNPROCESSABLE")
          throw mappingError(err.text, err.details);
        throw err;
      }
    },
  );
}

const unsigned = () =>
  new AppError(
    "INVALID_SIGNATURE",
    say("Shopify 簽章不正確。", "The X-Shopify-Hmac-Sha256 signature is missing or wrong."),
  );

const mappingError = (text: AppError["text"], details?: AppError["details"]) =>
  new AppError("UNPROCESSABLE", text, details);

async function handle(deps: AppDeps, shopId: string, topic: string, payload: object): Promise<Ack> {
  const done = (o: { externalId: string; state: string }): Ack => ({
    ok: true,
    topic,
    orderId: o.externalId,
    state: o.state,
  });
  switch (topic) {
    case "orders/create":
      return done((await create(deps, shopId, mapOrder(payload as ShopifyOrder), payload)).order);
    case "orders/paid": {
      const input = mapOrder(payload as ShopifyOrder, { paid: true });
      const existing = await findOrder(deps, shopId, input.orderId);
      if (!existing) return done((await create(deps, shopId, input, payload)).order);
      return done(existing.state === "created" ? await payOrder(deps, existing) : existing);
    }
    case "orders/cancelled": {
      const input = mapOrder(payload as ShopifyOrder, { paid: false });
      // Missed the create: made now, then cancelled (a late create then replays the cancelled one).
      const order =
        (await findOrder(deps, shopId, input.orderId)) ?? (await create(deps, shopId, input, payload)).order;
      return done(await cancelOrder(deps, order));
    }
    case "refunds/create": {
      const refund = payload as ShopifyRefund;
      const { orderId, refundId } = refundIds(refund);
      const amount = refundAmount(refund);
      const order = await findOrder(deps, shopId, orderId);
      if (!order)
        throw mappingError(say(`查無訂單 ${orderId}。`, `No order ${orderId} from this shop.`), {
          field: "order_id",
        });
      if (amount <= 0) return { ok: true, topic, ignored: true, orderId, state: order.state };
      await refundOrder(deps, order, {
        refundId: `shopify:${refundId}`,
        amount,
        reason: refund.note?.slice(0, 200) || "Shopify refund",
      });
      return done((await findOrder(deps, shopId, orderId)) ?? order);
    }
    default:
      return { ok: true, topic, ignored: true };
  }
}

/**
 * createOrder with Shopify's total trusted, trying the order's discount codes as our coupons in
 * turn: a code that is not ours (or not usable here) and a refused staff link are left off, since
 * Shopify took the order anyway.
 */
async function create(deps: AppDeps, shopId: string, input: OrderInput, payload: object) {
  const codes = discountCodes(payload as ShopifyOrder);
  let attempt = input;
  for (let tries = 0; tries <= codes.length + 1; tries++) {
    const couponCode = codes[0];
    try {
      return await createOrder(deps, shopId, { ...attempt, couponCode }, { trustTotal: true });
    } catch (err) {
      const field = err instanceof AppError ? err.details?.field : undefined;
      if (field === "couponCode" && couponCode) codes.shift();
      else if (field === "attributionToken" && attempt.attributionToken) {
        deps.log.warn("shopify order: attribution token refused, counted without it", { shopId });
        const { attributionToken: _refused, ...rest } = attempt;
        attempt = rest;
      } else throw err;
    }
  }
  throw new Error("shopify order: no attempt left");
}
