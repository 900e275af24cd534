import { createRoute, z } from "@hono/zod-openapi";
import { and, eq } from "drizzle-orm";
import type { MiddlewareHandler } from "hono";
import { streamSSE } from "hono/streaming";
import { liveBuyers } from "../../../../db/schema";
import { bearerToken, requireAdmin, secretsEqual } from "../../lib/admin-auth";
import { AppError, type ErrorBody } from "../../lib/errors";
import { type AppEnv, createRouter } from "../../lib/hono";
import { sha256Hex } from "../../lib/keys";
import { errorMessage } from "../../lib/log";
import { errorResponses, jsonResponse as json } from "../../lib/openapi";
import { outboxStats } from "../../line/outbox";
import { claimUrl } from "./claims";
import { ingestComments } from "./ingest";
import { notifyPromoted, setOrderStatus } from "./orders";
import { createSale, loadProducts, requireSale, type SaleRow, setSaleStatus } from "./sales";
import {
  CommentBatch,
  CommentResults,
  CommentView,
  CreateSale,
  OrderStatusChange,
  OrderViewSchema,
  SaleSchema,
  Tally,
} from "./schema";
import { ordersWithLines, pickingCsv, recentComments, saleTally } from "./tally";
import { tallyHub } from "./tally-stream";

const admin = [{ adminToken: [] }];
const adminOrKey: Array<Record<string, string[]>> = [{ adminToken: [] }, { ingestKey: [] }];
const tags = ["Live sales (+1)"];
const Id = z.object({ id: z.string().openapi({ param: { name: "id", in: "path" } }) });

async function saleJson(deps: AppEnv["Variables"]["deps"], sale: SaleRow) {
  const products = await loadProducts(deps.db, sale.id);
  return {
    id: sale.id,
    title: sale.title,
    status: sale.status,
    featuredCode: sale.featuredCode,
    lineGroupId: sale.lineGroupId,
    holdMinutes: sale.holdMinutes,
    createdAt: sale.createdAt.toISOString(),
    openedAt: sale.openedAt?.toISOString() ?? null,
    closedAt: sale.closedAt?.toISOString() ?? null,
    products: products.map((p) => ({
      code: p.code,
      name: p.name,
      price: p.price,
      perBuyerLimit: p.perBuyerLimit,
      stock: p.variants.reduce((s, v) => s + v.stock, 0),
      variants: p.variants
        .filter((v) => v.name !== null)
        .map((v) => ({ name: v.name ?? "", stock: v.stock })),
    })),
  };
}

/** The admin token, or the sale's own ingestion key (for comment relays of other platforms). */
const adminOrIngestKey: MiddlewareHandler<AppEnv> = async (c, next) => {
  const given = bearerToken(c.req.header("authorization"));
  if (!given) {
    throw new AppError(
      "UNAUTHORIZED",
      "Send Authorization: Bearer <admin token or ingestion key>. 請提供權杖。",
    );
  }
  const expected = c.var.deps.config.adminToken;
  if (expected && (await secretsEqual(given, expected))) return next();
  const sale = await requireSale(c.var.deps.db, c.req.param("id") ?? "");
  if (await secretsEqual(await sha256Hex(given), sale.ingestKeyHash)) return next();
  throw new AppError("UNAUTHORIZED", "The token is not valid for this sale. 權杖無效。");
};

/** 直播 +1 喊單: sales, comment ingestion, tally, orders. */
export function liveRoutes() {
  const app = createRouter();
  app.use("/api/lives", requireAdmin);
  app.use("/api/lives/:id/claim-links", adminOrIngestKey);
  app.use("/api/lives/:id/comments", async (c, next) =>
    c.req.method === "POST" ? adminOrIngestKey(c, next) : requireAdmin(c, next),
  );
  app.use("/api/lives/:id/*", async (c, next) => {
    const p = c.req.path;
    if (
      p.endsWith("/comments") ||
      p.endsWith("/claim-links") ||
      p.endsWith("/tally") ||
      p.endsWith("/tally/stream")
    )
      return next();
    return requireAdmin(c, next);
  });
  app.use("/api/lives/:id", requireAdmin);

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
      return c.json({ ...(await saleJson(c.var.deps, sale)), ingestKey }, 201);
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
      return c.json(await saleJson(c.var.deps, sale), 200);
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
        return c.json(await saleJson(c.var.deps, sale), 200);
      },
    );
  }

  app.openapi(
    createRoute({
      method: "post",
      path: "/api/lives/{id}/comments",
      tags,
      security: adminOrKey,
      summary: "Ingest comments (up to 1,000): one result per comment, in order",
      description:
        "Each comment is applied once per (platform, commentId): a repeat is `duplicate`. Orders reserve stock in the database; sold out → `waitlisted`; over the per-buyer limit, unknown code or variant → `rejected` with a reason; unclear → `ask`.",
      request: {
        params: Id,
        body: { content: { "application/json": { schema: CommentBatch } }, required: true },
      },
      responses: {
        200: json(CommentResults, "Results in the order of the comments"),
        ...errorResponses(400, 401, 404, 409),
      },
    }),
    async (c) => {
      const deps = c.var.deps;
      const sale = await requireSale(deps.db, c.req.valid("param").id);
      const { comments } = c.req.valid("json");
      const report = await ingestComments(
        deps,
        sale,
        comments.map((x) => ({ ...x, userName: x.userName ?? "", postedAt: new Date(x.postedAt) })),
        { origin: "api" },
      );
      await notifyPromoted(deps, sale, report.promoted);
      return c.json(
        {
          results: report.results.map((r) => ({
            commentId: r.commentId,
            outcome: r.outcome,
            items: r.items,
            ...(r.reason ? { reason: r.reason } : {}),
            ...(r.choices ? { choices: r.choices } : {}),
          })),
        },
        200,
      );
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/api/lives/{id}/claim-links",
      tags,
      security: adminOrKey,
      summary:
        "Claim links for buyers from other platforms: opened in LINE, they attach the orders to that account",
      request: {
        params: Id,
        body: {
          content: {
            "application/json": {
              schema: z.object({
                buyers: z
                  .array(
                    z.object({ platform: z.string().min(1).max(32), userId: z.string().min(1).max(200) }),
                  )
                  .min(1)
                  .max(500),
              }),
            },
          },
          required: true,
        },
      },
      responses: {
        200: json(
          z.object({
            links: z.array(
              z.object({
                platform: z.string(),
                userId: z.string(),
                url: z.string().nullable(),
                claimed: z.boolean(),
              }),
            ),
          }),
          "One link per known buyer (unknown buyers are left out)",
        ),
        ...errorResponses(400, 401, 404),
      },
    }),
    async (c) => {
      const deps = c.var.deps;
      const sale = await requireSale(deps.db, c.req.valid("param").id);
      const links = [];
      for (const b of c.req.valid("json").buyers) {
        if (b.platform === "line") continue;
        const [buyer] = await deps.db
          .select({ id: liveBuyers.id, lineUserId: liveBuyers.lineUserId })
          .from(liveBuyers)
          .where(and(eq(liveBuyers.platform, b.platform), eq(liveBuyers.externalUserId, b.userId)));
        if (!buyer) continue;
        const { url } = await claimUrl(deps, buyer.id, sale.id);
        links.push({ platform: b.platform, userId: b.userId, url, claimed: buyer.lineUserId !== null });
      }
      return c.json({ links }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/api/lives/{id}/tally",
      tags,
      summary: "Live tally per product and variant: stock, ordered, remaining, waitlisted (public)",
      request: { params: Id },
      responses: { 200: json(Tally, "The tally"), ...errorResponses(404) },
    }),
    async (c) => {
      const sale = await requireSale(c.var.deps.db, c.req.valid("param").id);
      return c.json(
        { saleId: sale.id, status: sale.status, products: await saleTally(c.var.deps.db, sale.id) },
        200,
      );
    },
  );

  // Server-sent events: the tally whenever it changes (checked every second), for the seller's
  // screen and viewers' overlays. One computation per sale per second is shared by all its
  // streams (tally-stream.ts); past the stream limits, 503 with Retry-After (poll /tally instead).
  app.get("/api/lives/:id/tally/stream", async (c) => {
    const deps = c.var.deps;
    const sale = await requireSale(deps.db, c.req.param("id"));
    const hub = tallyHub(deps.db);
    const slot = hub.join(sale.id);
    if (!slot.ok) {
      const message =
        slot.limit === "sale"
          ? "Too many live tally streams for this sale; retry later or poll GET /api/lives/{id}/tally. 此直播的即時統計連線已滿，請稍後再試。"
          : "Too many live tally streams on this server; retry later or poll GET /api/lives/{id}/tally. 即時統計連線已滿，請稍後再試。";
      return c.json(
        { error: { code: "TOO_MANY_STREAMS", message, requestId: c.var.requestId } } satisfies ErrorBody,
        503,
        { "retry-after": String(slot.retryAfterSeconds) },
      );
    }
    return streamSSE(c, async (stream) => {
      const stop = new AbortController();
      stream.onAbort(() => stop.abort());
      try {
        await hub.follow(
          sale.id,
          {
            send: (data, id) => stream.writeSSE({ event: "tally", data, id: String(id) }),
            ping: async () => {
              await stream.write(": ping\n\n");
            },
          },
          stop.signal,
        );
      } catch (err) {
        // The stream ends; EventSource reconnects by itself.
        deps.log.error("tally stream failed", { saleId: sale.id, error: errorMessage(err) });
      } finally {
        stop.abort();
        slot.leave();
      }
    });
  });

  app.openapi(
    createRoute({
      method: "get",
      path: "/api/lives/{id}/comments",
      tags,
      security: admin,
      summary: "Recent comments and how each was understood, newest first",
      request: {
        params: Id,
        query: z.object({
          before: z.coerce.number().int().optional(),
          limit: z.coerce.number().int().min(1).max(500).default(100),
        }),
      },
      responses: {
        200: json(z.object({ comments: z.array(CommentView) }), "Comments"),
        ...errorResponses(401, 404),
      },
    }),
    async (c) => {
      const sale = await requireSale(c.var.deps.db, c.req.valid("param").id);
      const q = c.req.valid("query");
      // The page's comment ids go into one statement: stay under the database's parameter limit (D1: 100).
      const limit = Math.min(q.limit, c.var.deps.dbLimits.maxParams - 10);
      return c.json({ comments: await recentComments(c.var.deps.db, sale.id, { ...q, limit }) }, 200);
    },
  );

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
      const orders = await ordersWithLines(c.var.deps.db, sale.id, c.req.valid("query"));
      return c.json({ orders: orders.filter((o) => o.lines.length > 0 || o.status !== "cart") }, 200);
    },
  );

  app.get("/api/lives/:id/picking.csv", async (c) => {
    const sale = await requireSale(c.var.deps.db, c.req.param("id"));
    const orders = (await ordersWithLines(c.var.deps.db, sale.id)).filter((o) =>
      ["confirmed", "paid"].includes(o.status),
    );
    return c.body(pickingCsv(orders), 200, {
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
