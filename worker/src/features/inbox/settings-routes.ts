import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../lib/hono";
import { errorResponses, jsonResponse as json } from "../../lib/openapi";
import { security, tags } from "./schema";
import { getInboxSettings, InboxSettings, putInboxSettings } from "./settings";

/** Business hours, the away message and the tone of replies. */
export function registerSettingsRoutes(app: OpenAPIHono<AppEnv>) {
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
}
