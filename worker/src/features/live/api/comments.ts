import { createRoute, z } from "@hono/zod-openapi";
import { createRouter } from "../../../lib/hono";
import { errorResponses, jsonResponse as json } from "../../../lib/openapi";
import { ingestComments } from "../ingest";
import { notifyPromoted } from "../orders";
import { requireSale } from "../sales";
import { CommentBatch, CommentResults, CommentView } from "../schema";
import { recentComments } from "../tally";
import { admin, adminOrKey, Id, tags } from "./common";

/** Comments in: the seller's relays and other platforms post batches of comments. */
export function ingestCommentRoutes() {
  const app = createRouter();

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
            ...(r.orderId && r.items.length > 0 ? { orderId: r.orderId } : {}),
            ...(r.newCart ? { newCart: true } : {}),
          })),
        },
        200,
      );
    },
  );

  return app;
}

/** Comments out: the recent comments and how each was understood, for the seller's screen. */
export function recentCommentRoutes() {
  const app = createRouter();

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

  return app;
}
