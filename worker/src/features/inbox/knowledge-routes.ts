import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../../lib/hono";
import { errorResponses, jsonResponse as json } from "../../lib/openapi";
import {
  acceptCandidate,
  addEntry,
  changeEntry,
  dismissCandidate,
  listCandidates,
  listEntries,
  removeEntry,
  removeLearned,
} from "./knowledge";
import {
  CandidateAccept,
  Id,
  Knowledge,
  KnowledgeCandidate,
  KnowledgeChange,
  KnowledgeInput,
  security,
} from "./schema";

const LearnedId = Id.extend({
  learnedId: z.string().openapi({ param: { name: "learnedId", in: "path" } }),
});

const tags = ["Knowledge base"];

/** The FAQ entries suggestions are drawn from. */
export function registerKnowledgeRoutes(app: OpenAPIHono<AppEnv>) {
  app.openapi(
    createRoute({
      method: "get",
      path: "/api/knowledge",
      tags,
      security,
      summary: "FAQ entries (question, the ways shoppers ask it, answer, tags, language, learned wordings)",
      responses: { 200: json(z.object({ entries: z.array(Knowledge) }), "Entries"), ...errorResponses(401) },
    }),
    async (c) => c.json({ entries: await listEntries(c.var.deps) }, 200),
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/api/knowledge",
      tags,
      security,
      summary: "Add an FAQ entry",
      request: { body: { content: { "application/json": { schema: KnowledgeInput } }, required: true } },
      responses: { 201: json(Knowledge, "Added"), ...errorResponses(400, 401) },
    }),
    async (c) => c.json(await addEntry(c.var.deps, c.req.valid("json")), 201),
  );

  app.openapi(
    createRoute({
      method: "patch",
      path: "/api/knowledge/{id}",
      tags,
      security,
      summary: "Change an FAQ entry",
      request: {
        params: Id,
        body: { content: { "application/json": { schema: KnowledgeChange } }, required: true },
      },
      responses: { 200: json(Knowledge, "Changed"), ...errorResponses(400, 401, 404) },
    }),
    async (c) => c.json(await changeEntry(c.var.deps, c.req.valid("param").id, c.req.valid("json")), 200),
  );

  app.openapi(
    createRoute({
      method: "delete",
      path: "/api/knowledge/{id}",
      tags,
      security,
      summary: "Remove an FAQ entry",
      request: { params: Id },
      responses: { 204: { description: "Removed" }, ...errorResponses(401, 404) },
    }),
    async (c) => {
      await removeEntry(c.var.deps, c.req.valid("param").id);
      return c.body(null, 204);
    },
  );

  app.openapi(
    createRoute({
      method: "delete",
      path: "/api/knowledge/{id}/learned/{learnedId}",
      tags,
      security,
      summary: "Remove a wording the entry learned from agents' replies",
      request: { params: LearnedId },
      responses: { 204: { description: "Removed" }, ...errorResponses(401, 404) },
    }),
    async (c) => {
      const { id, learnedId } = c.req.valid("param");
      await removeLearned(c.var.deps, id, learnedId);
      return c.body(null, 204);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/api/knowledge/candidates",
      tags,
      security,
      summary: "Candidate FAQ entries: answers agents wrote themselves and sent more than once",
      responses: {
        200: json(z.object({ candidates: z.array(KnowledgeCandidate) }), "Open candidates, most used first"),
        ...errorResponses(401),
      },
    }),
    async (c) => c.json({ candidates: await listCandidates(c.var.deps) }, 200),
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/api/knowledge/candidates/{id}/accept",
      tags,
      security,
      summary: "Accept a candidate into the knowledge base (its question given; answer editable)",
      request: {
        params: Id,
        body: { content: { "application/json": { schema: CandidateAccept } }, required: true },
      },
      responses: { 201: json(Knowledge, "The new entry"), ...errorResponses(400, 401, 409) },
    }),
    async (c) =>
      c.json(
        await acceptCandidate(c.var.deps, c.req.valid("param").id, c.req.valid("json"), c.var.agent),
        201,
      ),
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/api/knowledge/candidates/{id}/dismiss",
      tags,
      security,
      summary: "Dismiss a candidate (it is not listed again)",
      request: { params: Id },
      responses: { 204: { description: "Dismissed" }, ...errorResponses(401, 409) },
    }),
    async (c) => {
      await dismissCandidate(c.var.deps, c.req.valid("param").id, c.var.agent);
      return c.body(null, 204);
    },
  );
}
