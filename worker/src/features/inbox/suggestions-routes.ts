import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../../lib/hono";
import { errorResponses, jsonResponse as json } from "../../lib/openapi";
import { regenerateSuggestions, toSuggestion } from "./conversations";
import { Id, Suggestion, security, tags } from "./schema";
import { rejectSuggestion, suggestionMetrics } from "./service";

/** Reply suggestions: a fresh set, a rejection with its reason, and how they fare. */
export function registerSuggestionRoutes(app: OpenAPIHono<AppEnv>) {
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
    async (c) =>
      c.json({ suggestions: await regenerateSuggestions(c.var.deps, c.req.valid("param").id) }, 200),
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
    async (c) => {
      const { id } = c.req.valid("param");
      const row = await rejectSuggestion(c.var.deps, id, c.req.valid("json").reason, c.var.agent);
      return c.json(toSuggestion(row), 200);
    },
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
}
