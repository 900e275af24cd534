import { createRoute, z } from "@hono/zod-openapi";
import { and, asc, desc, eq, inArray, like, lt, or, sql } from "drizzle-orm";
import {
  conversationMessages,
  conversations,
  knowledgeEntries,
  members,
  staff,
  suggestions,
} from "../../../../db/schema";
import { requireAdmin } from "../../lib/admin-auth";
import { AppError } from "../../lib/errors";
import { createRouter } from "../../lib/hono";
import { errorResponses, jsonResponse as json } from "../../lib/openapi";
import { issueAgentToken, requireAgent } from "./auth";
import { memberPanel } from "./member-panel";
import { agentReply, rejectSuggestion, requireConversation, suggestionMetrics } from "./service";
import { getInboxSettings, InboxSettings, putInboxSettings } from "./settings";
import { regenerate } from "./suggest/prepare";

const security = [{ adminToken: [] }, { agentToken: [] }] as Array<Record<string, string[]>>;
const tags = ["Inbox"];
const Id = z.object({ id: z.string().openapi({ param: { name: "id", in: "path" } }) });

export const Suggestion = z
  .object({
    id: z.string(),
    messageId: z.string(),
    rank: z.number().int(),
    source: z.enum(["llm", "retrieval"]),
    text: z.string(),
    sourceRef: z.string().nullable(),
    score: z.number().nullable(),
    status: z.enum(["pending", "accepted", "edited", "rejected", "superseded"]),
  })
  .openapi("Suggestion");

export const Message = z
  .object({
    id: z.string(),
    direction: z.enum(["in", "out"]),
    sender: z.string(),
    type: z.string(),
    text: z.string(),
    payload: z.record(z.string(), z.unknown()),
    suggestState: z.enum(["none", "pending", "ready"]),
    suggestionId: z.string().nullable(),
    createdAt: z.string(),
  })
  .openapi("ConversationMessage");

export const ConversationSummary = z
  .object({
    id: z.string(),
    lineUserId: z.string(),
    displayName: z.string().nullable(),
    memberCode: z.string().nullable(),
    status: z.enum(["open", "waiting", "closed"]),
    assignedTo: z.string().nullable(),
    waitingSince: z.string().nullable(),
    lastMessageAt: z.string(),
    lastMessage: z.string().nullable(),
    lastInbound: z.string().nullable().openapi({ description: "What the customer last wrote" }),
  })
  .openapi("ConversationSummary");

type Deps = Parameters<typeof memberPanel>[0];
const toSuggestion = (s: typeof suggestions.$inferSelect) => ({
  id: s.id,
  messageId: s.messageId,
  rank: s.rank,
  source: s.source,
  text: s.text,
  sourceRef: s.sourceRef,
  score: s.score,
  status: s.status,
});

async function pendingSuggestions(deps: Pick<Deps, "db">, conversationId: string) {
  const rows = await deps.db
    .select()
    .from(suggestions)
    .where(and(eq(suggestions.conversationId, conversationId), eq(suggestions.status, "pending")))
    .orderBy(asc(suggestions.createdAt), asc(suggestions.rank));
  return rows.map(toSuggestion);
}

/** 客服收件匣 API: conversations, replies, suggestions, metrics, settings, knowledge base. */
export function inboxRoutes() {
  const app = createRouter();
  app.use("/api/inbox/*", requireAgent);
  app.use("/api/knowledge", requireAgent);
  app.use("/api/knowledge/*", requireAgent);
  app.use("/api/admin/agents/*", requireAdmin);

  const Agent = z
    .object({ id: z.string(), name: z.string(), role: z.enum(["admin", "agent"]), code: z.string() })
    .openapi("Agent");
  const toAgent = (r: typeof staff.$inferSelect) => ({
    id: r.id,
    name: r.name,
    role: r.role === "admin" ? ("admin" as const) : ("agent" as const),
    code: r.code,
  });

  app.openapi(
    createRoute({
      method: "get",
      path: "/api/inbox/me",
      tags,
      security,
      summary: "Who the console is signed in as: the admin token, or an agent",
      responses: {
        200: json(z.object({ kind: z.enum(["admin", "agent"]), agent: Agent.nullable() }), "The caller"),
        ...errorResponses(401),
      },
    }),
    async (c) => {
      if (c.var.agent === "admin") return c.json({ kind: "admin" as const, agent: null }, 200);
      const [person] = await c.var.deps.db.select().from(staff).where(eq(staff.id, c.var.agent));
      return c.json({ kind: "agent" as const, agent: person ? toAgent(person) : null }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/api/inbox/agents",
      tags,
      security,
      summary: "Agents conversations can be assigned to (active admin and agent staff)",
      responses: { 200: json(z.object({ agents: z.array(Agent) }), "Agents"), ...errorResponses(401) },
    }),
    async (c) => {
      const rows = await c.var.deps.db
        .select()
        .from(staff)
        .where(and(inArray(staff.role, ["admin", "agent"]), eq(staff.active, true)))
        .orderBy(asc(staff.code));
      return c.json({ agents: rows.map(toAgent) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/api/inbox/conversations",
      tags,
      security,
      summary: "Conversations, most recent first, with filters",
      request: {
        query: z.object({
          status: z.enum(["open", "waiting", "closed"]).optional(),
          assignedTo: z.string().optional().openapi({ description: "A staff id, or `me`, or `none`" }),
          q: z
            .string()
            .max(100)
            .optional()
            .openapi({ description: "Search names, member codes and messages" }),
          before: z.iso.datetime().optional(),
          limit: z.coerce.number().int().min(1).max(200).default(50),
        }),
      },
      responses: {
        200: json(z.object({ conversations: z.array(ConversationSummary) }), "Conversations"),
        ...errorResponses(401),
      },
    }),
    async (c) => {
      const { db } = c.var.deps;
      const q = c.req.valid("query");
      const assigned =
        q.assignedTo === "none"
          ? sql`${conversations.assignedTo} IS NULL`
          : q.assignedTo
            ? eq(conversations.assignedTo, q.assignedTo === "me" ? c.var.agent : q.assignedTo)
            : undefined;
      const last = sql<
        string | null
      >`(SELECT m.text FROM ${conversationMessages} m WHERE m.conversation_id = ${conversations.id} ORDER BY m.created_at DESC, m.rowid DESC LIMIT 1)`;
      const lastIn = sql<
        string | null
      >`(SELECT m.text FROM ${conversationMessages} m WHERE m.conversation_id = ${conversations.id} AND m.direction = 'in' ORDER BY m.created_at DESC, m.rowid DESC LIMIT 1)`;
      const search = q.q
        ? or(
            like(members.displayName, `%${q.q}%`),
            eq(members.memberCode, q.q),
            sql`EXISTS (SELECT 1 FROM ${conversationMessages} m WHERE m.conversation_id = ${conversations.id} AND m.text LIKE ${`%${q.q}%`})`,
          )
        : undefined;
      const rows = await db
        .select({ c: conversations, name: members.displayName, code: members.memberCode, last, lastIn })
        .from(conversations)
        .leftJoin(members, eq(members.lineUserId, conversations.lineUserId))
        .where(
          and(
            q.status ? eq(conversations.status, q.status) : undefined,
            assigned,
            search,
            q.before ? lt(conversations.lastMessageAt, new Date(q.before)) : undefined,
          ),
        )
        .orderBy(desc(conversations.lastMessageAt))
        .limit(q.limit);
      return c.json(
        {
          conversations: rows.map((r) => ({
            id: r.c.id,
            lineUserId: r.c.lineUserId,
            displayName: r.name,
            memberCode: r.code,
            status: r.c.status,
            assignedTo: r.c.assignedTo,
            waitingSince: r.c.waitingSince?.toISOString() ?? null,
            lastMessageAt: r.c.lastMessageAt.toISOString(),
            lastMessage: r.last,
            lastInbound: r.lastIn,
          })),
        },
        200,
      );
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/api/inbox/conversations/{id}",
      tags,
      security,
      summary: "A conversation: its messages (latest 200), the member beside it, pending suggestions",
      request: { params: Id },
      responses: {
        200: json(
          z.object({
            conversation: ConversationSummary,
            messages: z.array(Message),
            member: z.record(z.string(), z.unknown()).nullable(),
            suggestions: z.array(Suggestion),
          }),
          "The conversation",
        ),
        ...errorResponses(401, 404),
      },
    }),
    async (c) => {
      const deps = c.var.deps;
      const conv = await requireConversation(deps.db, c.req.valid("param").id);
      const msgs = await deps.db
        .select()
        .from(conversationMessages)
        .where(eq(conversationMessages.conversationId, conv.id))
        .orderBy(desc(conversationMessages.createdAt), desc(sql`${conversationMessages}.rowid`))
        .limit(200);
      const panel = await memberPanel(deps, conv.lineUserId);
      return c.json(
        {
          conversation: {
            id: conv.id,
            lineUserId: conv.lineUserId,
            displayName: panel?.displayName ?? null,
            memberCode: panel?.memberCode ?? null,
            status: conv.status,
            assignedTo: conv.assignedTo,
            waitingSince: conv.waitingSince?.toISOString() ?? null,
            lastMessageAt: conv.lastMessageAt.toISOString(),
            lastMessage: msgs[0]?.text ?? null,
            lastInbound: msgs.find((m) => m.direction === "in")?.text ?? null,
          },
          messages: msgs.reverse().map((m) => ({
            id: m.id,
            direction: m.direction,
            sender: m.sender,
            type: m.type,
            text: m.text,
            payload: JSON.parse(m.payload) as Record<string, unknown>,
            suggestState: m.suggestState,
            suggestionId: m.suggestionId,
            createdAt: m.createdAt.toISOString(),
          })),
          member: panel as Record<string, unknown> | null,
          suggestions: await pendingSuggestions(deps, conv.id),
        },
        200,
      );
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/api/inbox/conversations/{id}/messages",
      tags,
      security,
      summary:
        "Send an agent's reply (optionally from a suggestion, as is or edited): the only way anything is sent",
      request: {
        params: Id,
        body: {
          content: {
            "application/json": {
              schema: z.object({
                text: z.string().trim().min(1).max(5000),
                suggestionId: z.string().optional(),
              }),
            },
          },
          required: true,
        },
      },
      responses: {
        201: json(
          z.object({
            messageId: z.string(),
            delivery: z.enum(["reply", "push"]),
            suggestion: z.string().nullable(),
          }),
          "Queued for LINE",
        ),
        ...errorResponses(400, 401, 404, 409),
      },
    }),
    async (c) => {
      const conv = await requireConversation(c.var.deps.db, c.req.valid("param").id);
      return c.json(await agentReply(c.var.deps, conv, c.req.valid("json"), c.var.agent), 201);
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/api/inbox/conversations/{id}/assign",
      tags,
      security,
      summary: "Assign the conversation to an agent (null: unassign; `me`: the caller)",
      request: {
        params: Id,
        body: {
          content: { "application/json": { schema: z.object({ staffId: z.string().nullable() }) } },
          required: true,
        },
      },
      responses: {
        200: json(z.object({ assignedTo: z.string().nullable() }), "Assigned"),
        ...errorResponses(400, 401, 404),
      },
    }),
    async (c) => {
      const { db } = c.var.deps;
      const conv = await requireConversation(db, c.req.valid("param").id);
      let to = c.req.valid("json").staffId;
      if (to === "me") to = c.var.agent === "admin" ? null : c.var.agent;
      if (to) {
        const [person] = await db
          .select({ id: staff.id })
          .from(staff)
          .where(and(eq(staff.id, to), inArray(staff.role, ["admin", "agent"]), eq(staff.active, true)));
        if (!person) throw new AppError("VALIDATION_FAILED", "Assign to an active agent. 請指派給在職客服。");
      }
      await db.update(conversations).set({ assignedTo: to }).where(eq(conversations.id, conv.id));
      return c.json({ assignedTo: to }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/api/inbox/conversations/{id}/status",
      tags,
      security,
      summary: "Close or reopen a conversation",
      request: {
        params: Id,
        body: {
          content: { "application/json": { schema: z.object({ status: z.enum(["open", "closed"]) }) } },
          required: true,
        },
      },
      responses: { 200: json(z.object({ status: z.string() }), "Changed"), ...errorResponses(400, 401, 404) },
    }),
    async (c) => {
      const { db } = c.var.deps;
      const conv = await requireConversation(db, c.req.valid("param").id);
      const { status } = c.req.valid("json");
      await db.batch([
        db.update(conversations).set({ status, waitingSince: null }).where(eq(conversations.id, conv.id)),
        db
          .update(suggestions)
          .set({ status: "superseded" })
          .where(and(eq(suggestions.conversationId, conv.id), eq(suggestions.status, "pending"))),
      ]);
      return c.json({ status }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/api/inbox/conversations/{id}/suggestions/regenerate",
      tags,
      security,
      summary: "Prepare new suggestions for the customer's latest message (the current ones are superseded)",
      request: { params: Id },
      responses: {
        200: json(z.object({ suggestions: z.array(Suggestion) }), "New suggestions"),
        ...errorResponses(401, 404, 409),
      },
    }),
    async (c) => {
      const deps = c.var.deps;
      const conv = await requireConversation(deps.db, c.req.valid("param").id);
      const [latest] = await deps.db
        .select()
        .from(conversationMessages)
        .where(
          and(
            eq(conversationMessages.conversationId, conv.id),
            eq(conversationMessages.direction, "in"),
            eq(conversationMessages.type, "text"),
          ),
        )
        .orderBy(desc(conversationMessages.createdAt))
        .limit(1);
      if (!latest)
        throw new AppError("CONFLICT", "The customer has not written anything yet. 顧客尚未傳送文字訊息。");
      return c.json({ suggestions: (await regenerate(deps, latest)).map(toSuggestion) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/api/inbox/suggestions/{id}/reject",
      tags,
      security,
      summary: "Reject a suggestion with a reason (kept for the metrics)",
      request: {
        params: Id,
        body: {
          content: {
            "application/json": { schema: z.object({ reason: z.string().trim().min(1).max(300) }) },
          },
          required: true,
        },
      },
      responses: { 200: json(Suggestion, "Rejected"), ...errorResponses(400, 401, 404, 409) },
    }),
    async (c) =>
      c.json(
        toSuggestion(
          await rejectSuggestion(
            c.var.deps,
            c.req.valid("param").id,
            c.req.valid("json").reason,
            c.var.agent,
          ),
        ),
        200,
      ),
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/api/inbox/metrics",
      tags,
      security,
      summary: "Suggestion acceptance, edit distance and time to first response, per source",
      responses: {
        200: json(
          z.object({
            sources: z.array(
              z.object({
                source: z.enum(["llm", "retrieval", "none"]),
                suggested: z.number().int(),
                accepted: z.number().int(),
                edited: z.number().int(),
                rejected: z.number().int(),
                ignored: z.number().int(),
                acceptanceRate: z.number().nullable(),
                meanEditDistance: z.number().nullable(),
                replies: z.number().int(),
                meanResponseMs: z.number().nullable(),
                medianResponseMs: z.number().nullable(),
              }),
            ),
          }),
          "Metrics",
        ),
        ...errorResponses(401),
      },
    }),
    async (c) => c.json(await suggestionMetrics(c.var.deps.db), 200),
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/api/inbox/settings",
      tags,
      security,
      summary: "Business hours, away message and the tone replies should have",
      responses: { 200: json(InboxSettings, "Settings"), ...errorResponses(401) },
    }),
    async (c) => c.json(await getInboxSettings(c.var.deps), 200),
  );

  app.openapi(
    createRoute({
      method: "put",
      path: "/api/inbox/settings",
      tags,
      security,
      summary: "Change business hours, away message and tone",
      request: { body: { content: { "application/json": { schema: InboxSettings } }, required: true } },
      responses: { 200: json(InboxSettings, "Saved"), ...errorResponses(400, 401) },
    }),
    async (c) => c.json(await putInboxSettings(c.var.deps, c.req.valid("json")), 200),
  );

  const Knowledge = z
    .object({
      id: z.string(),
      question: z.string(),
      variants: z.array(z.string()),
      answer: z.string(),
      tags: z.array(z.string()),
      updatedAt: z.string(),
    })
    .openapi("KnowledgeEntry");
  const KnowledgeInput = z
    .object({
      question: z.string().trim().min(1).max(200),
      variants: z.array(z.string().trim().min(1).max(200)).max(30).default([]),
      answer: z.string().trim().min(1).max(5000),
      tags: z.array(z.string().trim().min(1).max(30)).max(20).default([]),
    })
    .openapi("KnowledgeInput");
  const toKnowledge = (k: typeof knowledgeEntries.$inferSelect) => ({
    id: k.id,
    question: k.question,
    variants: JSON.parse(k.variants) as string[],
    answer: k.answer,
    tags: JSON.parse(k.tags) as string[],
    updatedAt: k.updatedAt.toISOString(),
  });

  app.openapi(
    createRoute({
      method: "get",
      path: "/api/knowledge",
      tags: ["Knowledge base"],
      security,
      summary: "FAQ entries (question, the ways shoppers ask it, answer, tags)",
      responses: { 200: json(z.object({ entries: z.array(Knowledge) }), "Entries"), ...errorResponses(401) },
    }),
    async (c) => {
      const rows = await c.var.deps.db
        .select()
        .from(knowledgeEntries)
        .orderBy(asc(knowledgeEntries.createdAt));
      return c.json({ entries: rows.map(toKnowledge) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/api/knowledge",
      tags: ["Knowledge base"],
      security,
      summary: "Add an FAQ entry",
      request: { body: { content: { "application/json": { schema: KnowledgeInput } }, required: true } },
      responses: { 201: json(Knowledge, "Added"), ...errorResponses(400, 401) },
    }),
    async (c) => {
      const { db, ids, clock } = c.var.deps;
      const input = c.req.valid("json");
      const now = clock.now();
      const [row] = await db
        .insert(knowledgeEntries)
        .values({
          id: ids.id("kb"),
          question: input.question,
          variants: JSON.stringify(input.variants),
          answer: input.answer,
          tags: JSON.stringify(input.tags),
          createdAt: now,
          updatedAt: now,
        })
        .returning();
      return c.json(toKnowledge(row as typeof knowledgeEntries.$inferSelect), 201);
    },
  );

  app.openapi(
    createRoute({
      method: "patch",
      path: "/api/knowledge/{id}",
      tags: ["Knowledge base"],
      security,
      summary: "Change an FAQ entry",
      request: {
        params: Id,
        body: { content: { "application/json": { schema: KnowledgeInput.partial() } }, required: true },
      },
      responses: { 200: json(Knowledge, "Changed"), ...errorResponses(400, 401, 404) },
    }),
    async (c) => {
      const { db, clock } = c.var.deps;
      const input = c.req.valid("json");
      const [row] = await db
        .update(knowledgeEntries)
        .set({
          ...(input.question !== undefined ? { question: input.question } : {}),
          ...(input.variants !== undefined ? { variants: JSON.stringify(input.variants) } : {}),
          ...(input.answer !== undefined ? { answer: input.answer } : {}),
          ...(input.tags !== undefined ? { tags: JSON.stringify(input.tags) } : {}),
          updatedAt: clock.now(),
        })
        .where(eq(knowledgeEntries.id, c.req.valid("param").id))
        .returning();
      if (!row) throw new AppError("NOT_FOUND", "No such FAQ entry. 找不到此常見問題。");
      return c.json(toKnowledge(row), 200);
    },
  );

  app.openapi(
    createRoute({
      method: "delete",
      path: "/api/knowledge/{id}",
      tags: ["Knowledge base"],
      security,
      summary: "Remove an FAQ entry",
      request: { params: Id },
      responses: { 204: { description: "Removed" }, ...errorResponses(401, 404) },
    }),
    async (c) => {
      const rows = await c.var.deps.db
        .delete(knowledgeEntries)
        .where(eq(knowledgeEntries.id, c.req.valid("param").id))
        .returning({ id: knowledgeEntries.id });
      if (rows.length === 0) throw new AppError("NOT_FOUND", "No such FAQ entry. 找不到此常見問題。");
      return c.body(null, 204);
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/api/admin/agents/{id}/tokens",
      tags: ["Staff"],
      security: [{ adminToken: [] }],
      summary: "A console sign-in token for an agent or admin (shown once)",
      request: { params: Id },
      responses: {
        201: json(z.object({ token: z.string() }), "The token"),
        ...errorResponses(401, 403, 404),
      },
    }),
    async (c) => c.json({ token: await issueAgentToken(c.var.deps, c.req.valid("param").id) }, 201),
  );

  return app;
}
