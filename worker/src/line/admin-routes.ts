import { createRoute, z } from "@hono/zod-openapi";
import { requireAdmin } from "../lib/admin-auth";
import { AppError, say } from "../lib/errors";
import { createRouter } from "../lib/hono";
import { errorResponses } from "../lib/openapi";
import { listEvents, requeueEvents } from "./event-store";
import { listOutbox, type OutboxRow, outboxExists, outboxStats, retryOutbox } from "./outbox";

const OutboxMessage = z
  .object({
    id: z.string(),
    kind: z.enum(["reply", "push", "multicast"]),
    state: z.enum(["queued", "sending", "sent", "failed", "cancelled"]),
    recipientCount: z.number().int(),
    messageCount: z.number().int(),
    attempts: z.number().int(),
    lastStatus: z.number().int().nullable(),
    lastError: z.string().nullable(),
    deliveredAs: z.enum(["reply", "push", "multicast"]).nullable(),
    countedRecipients: z.number().int(),
    lineRequestId: z.string().nullable(),
    topic: z.string(),
    eventId: z.string().nullable(),
    createdAt: z.string(),
    sentAt: z.string().nullable(),
    nextAttemptAt: z.string(),
  })
  .openapi("OutboxMessage");

const StateQuery = z.object({
  state: z.enum(["queued", "sending", "sent", "failed", "cancelled"]).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

function toOutboxJson(r: OutboxRow): z.infer<typeof OutboxMessage> {
  return {
    id: r.id,
    kind: r.kind,
    state: r.state,
    recipientCount: r.recipients.length,
    messageCount: r.messages.length,
    attempts: r.attempts,
    lastStatus: r.lastStatus,
    lastError: r.lastError,
    deliveredAs: r.deliveredAs,
    countedRecipients: r.countedRecipients,
    lineRequestId: r.lineRequestId,
    topic: r.topic,
    eventId: r.eventId,
    createdAt: r.createdAt.toISOString(),
    sentAt: r.sentAt?.toISOString() ?? null,
    nextAttemptAt: r.nextAttemptAt.toISOString(),
  };
}

const security = [{ adminToken: [] }];

/** Operator endpoints for the LINE pipeline: failed messages and events, and what sending cost. */
export function lineAdminRoutes() {
  const app = createRouter();
  app.use("/api/admin/outbox/*", requireAdmin);
  app.use("/api/admin/outbox", requireAdmin);
  app.use("/api/admin/events/*", requireAdmin);
  app.use("/api/admin/events", requireAdmin);

  app.openapi(
    createRoute({
      method: "get",
      path: "/api/admin/outbox",
      tags: ["LINE pipeline"],
      summary: "List outbox messages (e.g. ?state=failed)",
      security,
      request: { query: StateQuery },
      responses: {
        200: {
          description: "Messages, newest first",
          content: { "application/json": { schema: z.object({ messages: z.array(OutboxMessage) }) } },
        },
        ...errorResponses(400, 401),
      },
    }),
    async (c) => {
      const q = c.req.valid("query");
      const rows = await listOutbox(c.var.deps.db, { state: q.state, limit: q.limit });
      return c.json({ messages: rows.map(toOutboxJson) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/api/admin/outbox/{id}/retry",
      tags: ["LINE pipeline"],
      summary: "Send a failed message again (same retry key within 24 h)",
      security,
      request: { params: z.object({ id: z.string() }) },
      responses: {
        202: {
          description: "Queued again",
          content: {
            "application/json": { schema: z.object({ id: z.string(), state: z.literal("queued") }) },
          },
        },
        ...errorResponses(401, 404, 409),
      },
    }),
    async (c) => {
      const { id } = c.req.valid("param");
      const [done] = await retryOutbox(c.var.deps, [id]);
      if (!done) {
        if (!(await outboxExists(c.var.deps.db, id)))
          throw new AppError("NOT_FOUND", say(`找不到待發送訊息 ${id}。`, `No outbox message ${id}.`));
        throw new AppError(
          "CONFLICT",
          say(
            `訊息 ${id} 並未發送失敗；只有發送失敗的訊息可以重試。`,
            `Outbox message ${id} has not failed; only failed messages can be retried.`,
          ),
        );
      }
      return c.json({ id, state: "queued" as const }, 202);
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/api/admin/outbox/retry-failed",
      tags: ["LINE pipeline"],
      summary: "Queue every failed message again",
      security,
      responses: {
        202: {
          description: "Ids queued",
          content: { "application/json": { schema: z.object({ ids: z.array(z.string()) }) } },
        },
        ...errorResponses(401),
      },
    }),
    async (c) => {
      const failed = await listOutbox(c.var.deps.db, { state: "failed", limit: 500 });
      const ids = await retryOutbox(
        c.var.deps,
        failed.map((r) => r.id),
      );
      return c.json({ ids }, 202);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/api/admin/outbox/stats",
      tags: ["LINE pipeline"],
      summary: "Messages sent free (reply) vs counted against the quota (push/multicast)",
      security,
      request: { query: z.object({ topic: z.string().optional() }) },
      responses: {
        200: {
          description: "Totals and per-topic figures",
          content: {
            "application/json": {
              schema: z.object({
                byState: z.record(z.string(), z.number()),
                freeMessages: z.number(),
                countedRequests: z.number(),
                countedRecipients: z.number(),
                uncertainReplies: z
                  .object({
                    tokenUsed: z.number(),
                    pushed: z.number(),
                  })
                  .openapi({
                    description:
                      "Replies whose first outcome was unknown (5xx, timeout, crash): settled by LINE's " +
                      '"token used" while the token was young (tokenUsed), or pushed once it was too old ' +
                      "(pushed: each may be a duplicate, if the unknown attempt had landed after all)",
                  }),
                byTopic: z.array(
                  z.object({
                    topic: z.string(),
                    free: z.number(),
                    countedRecipients: z.number(),
                    failed: z.number(),
                  }),
                ),
              }),
            },
          },
        },
        ...errorResponses(401),
      },
    }),
    async (c) => c.json(await outboxStats(c.var.deps.db, c.req.valid("query").topic), 200),
  );

  const EventJson = z
    .object({
      id: z.string(),
      type: z.string(),
      mode: z.string(),
      state: z.string(),
      attempts: z.number(),
      lastError: z.string().nullable(),
      isRedelivery: z.boolean(),
      receivedAt: z.string(),
      processedAt: z.string().nullable(),
    })
    .openapi("WebhookEvent");

  app.openapi(
    createRoute({
      method: "get",
      path: "/api/admin/events",
      tags: ["LINE pipeline"],
      summary: "Recorded webhook events (e.g. ?state=failed)",
      security,
      request: {
        query: z.object({
          state: z.enum(["received", "processing", "processed", "failed", "skipped"]).optional(),
          limit: z.coerce.number().int().min(1).max(500).default(100),
        }),
      },
      responses: {
        200: {
          description: "Events, newest first",
          content: { "application/json": { schema: z.object({ events: z.array(EventJson) }) } },
        },
        ...errorResponses(400, 401),
      },
    }),
    async (c) => {
      const q = c.req.valid("query");
      const rows = await listEvents(c.var.deps.db, { state: q.state, limit: q.limit });
      return c.json(
        {
          events: rows.map((r) => ({
            id: r.id,
            type: r.type,
            mode: r.mode,
            state: r.state,
            attempts: r.attempts,
            lastError: r.lastError,
            isRedelivery: r.isRedelivery,
            receivedAt: r.receivedAt.toISOString(),
            processedAt: r.processedAt?.toISOString() ?? null,
          })),
        },
        200,
      );
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/api/admin/events/{id}/retry",
      tags: ["LINE pipeline"],
      summary: "Process a failed event again",
      security,
      request: { params: z.object({ id: z.string() }) },
      responses: {
        202: {
          description: "Queued",
          content: { "application/json": { schema: z.object({ id: z.string() }) } },
        },
        ...errorResponses(401, 409),
      },
    }),
    async (c) => {
      const { id } = c.req.valid("param");
      const deps = c.var.deps;
      const [done] = await requeueEvents(deps.db, [id], deps.clock.now());
      if (!done)
        throw new AppError(
          "CONFLICT",
          say(`找不到事件 ${id}，或此事件並未處理失敗。`, `Event ${id} is unknown or has not failed.`),
        );
      deps.background.enqueue({ kind: "webhook-event", id });
      return c.json({ id }, 202);
    },
  );
  return app;
}
