import { createRoute, z } from "@hono/zod-openapi";
import { requireAdmin } from "../../lib/admin-auth";
import { createRouter } from "../../lib/hono";
import { jsonBody as body, errorResponses, jsonResponse as json } from "../../lib/openapi";
import {
  createTagRule,
  deleteTagRule,
  listTagRules,
  requireTagRule,
  runTagRule,
  runTagRules,
  tagRuleJson,
  updateTagRule,
} from "./tag-rules";
import { CreateTagRule, TagRule, TagRuleRun, UpdateTagRule } from "./tag-schema";

const security = [{ adminToken: [] }];
const tags = ["Tags"];
const Id = z.object({
  id: z
    .string()
    .max(64)
    .openapi({ param: { name: "id", in: "path" } }),
});
/** 規則標籤 (admin): a tag kept equal to a segment rule's members, run by the sweep and on demand. */
export function tagRuleRoutes() {
  const app = createRouter();
  app.use("/api/marketing/tag-rules", requireAdmin);
  app.use("/api/marketing/tag-rules/*", requireAdmin);

  app.openapi(
    createRoute({
      method: "get",
      path: "/api/marketing/tag-rules",
      tags,
      security,
      summary: "Tag rules by tag, with when each last ran and how many members it tagged",
      responses: { 200: json(z.object({ rules: z.array(TagRule) }), "Tag rules"), ...errorResponses(401) },
    }),
    async (c) => c.json({ rules: await listTagRules(c.var.deps.db) }, 200),
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/api/marketing/tag-rules",
      tags,
      security,
      summary: "Create a tag rule (a tag and a segment rule); an enabled one is run at once",
      request: body(CreateTagRule),
      responses: { 201: json(TagRule, "The rule, run"), ...errorResponses(400, 401, 409) },
    }),
    async (c) => c.json(await createTagRule(c.var.deps, c.req.valid("json")), 201),
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/api/marketing/tag-rules/run",
      tags,
      security,
      summary: "Run every enabled tag rule now: who got each tag and who lost it",
      responses: { 200: json(z.object({ runs: z.array(TagRuleRun) }), "Runs"), ...errorResponses(401) },
    }),
    async (c) => c.json({ runs: await runTagRules(c.var.deps) }, 200),
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/api/marketing/tag-rules/{id}",
      tags,
      security,
      summary: "One tag rule",
      request: { params: Id },
      responses: { 200: json(TagRule, "The rule"), ...errorResponses(401, 404) },
    }),
    async (c) => c.json(tagRuleJson(await requireTagRule(c.var.deps.db, c.req.valid("param").id)), 200),
  );

  app.openapi(
    createRoute({
      method: "patch",
      path: "/api/marketing/tag-rules/{id}",
      tags,
      security,
      summary: "Change a tag rule's tag, rule or whether it runs (disabled: its tags stay, no longer kept)",
      request: { params: Id, ...body(UpdateTagRule) },
      responses: { 200: json(TagRule, "The rule, run"), ...errorResponses(400, 401, 404, 409) },
    }),
    async (c) => c.json(await updateTagRule(c.var.deps, c.req.valid("param").id, c.req.valid("json")), 200),
  );

  app.openapi(
    createRoute({
      method: "delete",
      path: "/api/marketing/tag-rules/{id}",
      tags,
      security,
      summary: "Delete a tag rule and the tags it gave (tags given by hand stay)",
      request: { params: Id },
      responses: { 204: { description: "Deleted" }, ...errorResponses(401, 404) },
    }),
    async (c) => {
      await deleteTagRule(c.var.deps.db, c.req.valid("param").id);
      return c.body(null, 204);
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/api/marketing/tag-rules/{id}/run",
      tags,
      security,
      summary: "Run one tag rule now (enabled or not): who got the tag and who lost it",
      request: { params: Id },
      responses: { 200: json(TagRuleRun, "The run"), ...errorResponses(401, 404) },
    }),
    async (c) => {
      const { deps } = c.var;
      return c.json(await runTagRule(deps, await requireTagRule(deps.db, c.req.valid("param").id)), 200);
    },
  );
  return app;
}
