import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../../lib/hono";
import { errorResponses, jsonResponse as json } from "../../lib/openapi";
import { issueAgentToken } from "./auth";
import { listAgents, whoAmI } from "./conversations";
import { Agent, Id, security, tags } from "./schema";

/** Who is signed in to the console, and whom conversations can be assigned to. */
export function registerAgentRoutes(app: OpenAPIHono<AppEnv>) {
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
    async (c) => c.json(await whoAmI(c.var.deps, c.var.agent), 200),
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
    async (c) => c.json({ agents: await listAgents(c.var.deps) }, 200),
  );
}

/** Console sign-in tokens, issued by an admin (registered last, where /openapi.json has always listed it). */
export function registerAgentTokenRoutes(app: OpenAPIHono<AppEnv>) {
  app.openapi(
    createRoute({
      method: "post",
      path: "/api/admin/agents/{id}/tokens",
      tags: ["Staff"],
      security: [{ adminToken: [] }],
      summary: "A console sign-in token for an agent or admin (shown once; audited)",
      description: "409 `STAFF_INACTIVE` for a deactivated staff member.",
      request: { params: Id },
      responses: {
        201: json(z.object({ token: z.string() }), "The token"),
        ...errorResponses(401, 403, 404, 409),
      },
    }),
    async (c) => c.json({ token: await issueAgentToken(c.var.deps, c.req.valid("param").id) }, 201),
  );
}
