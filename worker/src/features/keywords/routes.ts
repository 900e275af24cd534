import { createRoute, z } from "@hono/zod-openapi";
import { requireAdmin } from "../../lib/admin-auth";
import { createRouter } from "../../lib/hono";
import { errorResponses, jsonResponse as json } from "../../lib/openapi";
import { normalizeText } from "../../lib/text/normalize";
import { listRules, toJson } from "./repo";
import { CreateKeywordRule, KeywordRule, TestMessage, TestResult, UpdateKeywordRule } from "./schema";
import { createRule, deleteRule, findAnswer, requireRule, updateRule } from "./service";

const security = [{ adminToken: [] }];
const tags = ["Keyword rules"];
const Id = z.object({ id: z.string().openapi({ param: { name: "id", in: "path" } }) });

/** Admin API for 關鍵字自動回覆 rules. */
export function keywordRoutes() {
  const app = createRouter();
  app.use("/api/keywords", requireAdmin);
  app.use("/api/keywords/*", requireAdmin);

  app.openapi(
    createRoute({
      method: "post",
      path: "/api/keywords",
      tags,
      security,
      summary: "Create a keyword rule (replies are checked against LINE's limits)",
      request: { body: { content: { "application/json": { schema: CreateKeywordRule } }, required: true } },
      responses: { 201: json(KeywordRule, "The rule"), ...errorResponses(400, 401) },
    }),
    async (c) => c.json(await createRule(c.var.deps, c.req.valid("json")), 201),
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/api/keywords",
      tags,
      security,
      summary: "List keyword rules, oldest first",
      responses: {
        200: json(z.object({ rules: z.array(KeywordRule) }), "All rules"),
        ...errorResponses(401),
      },
    }),
    async (c) => c.json({ rules: (await listRules(c.var.deps.db)).map(toJson) }, 200),
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/api/keywords/test",
      tags,
      security,
      summary: "Which rule would answer this message, and why",
      request: { body: { content: { "application/json": { schema: TestMessage } }, required: true } },
      responses: {
        200: json(TestResult, "The answering rule and every candidate"),
        ...errorResponses(400, 401),
      },
    }),
    async (c) => {
      const { text, chat } = c.req.valid("json");
      const found = await findAnswer(c.var.deps, text, chat);
      return c.json(
        {
          normalizedText: normalizeText(text),
          answer: found ? { rule: toJson(found.rule), span: found.match.span } : null,
          candidates: (found?.candidates ?? []).map((m) => ({
            ruleId: m.ruleId,
            match: m.match,
            pattern: m.pattern,
            priority: m.priority,
            span: m.span,
          })),
        },
        200,
      );
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/api/keywords/{id}",
      tags,
      security,
      summary: "One keyword rule",
      request: { params: Id },
      responses: { 200: json(KeywordRule, "The rule"), ...errorResponses(401, 404) },
    }),
    async (c) => c.json(await requireRule(c.var.deps, c.req.valid("param").id), 200),
  );

  app.openapi(
    createRoute({
      method: "patch",
      path: "/api/keywords/{id}",
      tags,
      security,
      summary: "Change a keyword rule",
      request: {
        params: Id,
        body: { content: { "application/json": { schema: UpdateKeywordRule } }, required: true },
      },
      responses: { 200: json(KeywordRule, "The updated rule"), ...errorResponses(400, 401, 404) },
    }),
    async (c) => c.json(await updateRule(c.var.deps, c.req.valid("param").id, c.req.valid("json")), 200),
  );

  app.openapi(
    createRoute({
      method: "delete",
      path: "/api/keywords/{id}",
      tags,
      security,
      summary: "Delete a keyword rule",
      request: { params: Id },
      responses: { 204: { description: "Deleted" }, ...errorResponses(401, 404) },
    }),
    async (c) => {
      await deleteRule(c.var.deps, c.req.valid("param").id);
      return c.body(null, 204);
    },
  );
  return app;
}
