import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../../lib/hono";
import { errorResponses, jsonResponse as json } from "../../lib/openapi";
import {
  assignConversation,
  conversationDetail,
  listConversations,
  setConversationStatus,
} from "./conversations";
import {
  ConversationQuery,
  ConversationSummary,
  Id,
  MemberPanel,
  Message,
  Suggestion,
  security,
  tags,
} from "./schema";
import { agentReply, requireConversation } from "./service";

/** Conversations: the list, one conversation, an agent's reply, assignment, close and reopen. */
export function registerConversationRoutes(app: OpenAPIHono<AppEnv>) {
  app.openapi(
    createRoute({
      method: "get",
      path: "/api/inbox/conversations",
      tags,
      security,
      summary: "Conversations, most recent first, with filters",
      request: { query: ConversationQuery },
      responses: {
        200: json(z.object({ conversations: z.array(ConversationSummary) }), "Conversations"),
        ...errorResponses(401),
      },
    }),
    async (c) =>
      c.json({ conversations: await listConversations(c.var.deps, c.req.valid("query"), c.var.agent) }, 200),
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
            member: MemberPanel.nullable(),
            suggestions: z.array(Suggestion),
          }),
          "The conversation",
        ),
        ...errorResponses(401, 404),
      },
    }),
    async (c) => c.json(await conversationDetail(c.var.deps, c.req.valid("param").id), 200),
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
    async (c) =>
      c.json(
        await assignConversation(
          c.var.deps,
          c.req.valid("param").id,
          c.req.valid("json").staffId,
          c.var.agent,
        ),
        200,
      ),
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
    async (c) =>
      c.json(
        await setConversationStatus(c.var.deps, c.req.valid("param").id, c.req.valid("json").status),
        200,
      ),
  );
}
