import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../../lib/hono";
import { errorResponses, jsonResponse as json } from "../../lib/openapi";
import { addEntry, changeEntry, listEntries, removeEntry } from "./knowledge";
import { Id, Knowledge, KnowledgeInput, security } from "./schema";

const tags = ["Knowledge base"];

/** The FAQ entries suggestions are drawn from. */
export function registerKnowledgeRoutes(app: OpenAPIHono<AppEnv>) {
  app.openapi(
    createRoute({
      method: "get",
      path: "/api/knowledge",
      tags,
      security,
      summary: "FAQ entries (question, the ways shoppers ask it, answer, tags)",
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
        body: { content: { "application/json": { schema: KnowledgeInput.partial() } }, required: true },
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
}
