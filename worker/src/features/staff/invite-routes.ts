import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../../lib/hono";
import { errorResponses, jsonResponse as json } from "../../lib/openapi";
import { createInvite } from "./invite";
import { StaffMe, staffSecurity, tags } from "./schema";
import { joinByInvite } from "./service";

/** Staff invites: an admin makes a one-time link, the person joining accepts it in LINE. */
export function inviteRoutes(app: OpenAPIHono<AppEnv>) {
  app.openapi(
    createRoute({
      method: "post",
      path: "/api/admin/staff/{id}/invite",
      tags,
      security: [{ adminToken: [] }],
      summary: "A one-time invite link (LIFF) that links a LINE account to this staff record",
      request: { params: z.object({ id: z.string() }) },
      responses: {
        201: json(z.object({ url: z.string(), token: z.string(), expiresAt: z.string() }), "The invite"),
        ...errorResponses(401, 404, 409),
      },
    }),
    async (c) => {
      const invite = await createInvite(c.var.deps, c.req.valid("param").id);
      return c.json({ url: invite.url, token: invite.token, expiresAt: invite.expiresAt.toISOString() }, 201);
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/api/staff/join",
      tags,
      security: staffSecurity,
      summary: "Accept a staff invite as the signed-in LINE user",
      request: {
        body: {
          content: { "application/json": { schema: z.object({ token: z.string().min(1) }) } },
          required: true,
        },
      },
      responses: { 200: json(StaffMe, "You are now staff"), ...errorResponses(400, 401, 409) },
    }),
    async (c) => c.json(await joinByInvite(c.var.deps, c.var.lineUser, c.req.valid("json").token), 200),
  );
}
