import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../../lib/hono";
import { errorResponses, jsonResponse as json } from "../../lib/openapi";
import { createPosKey, listStorePosKeys, revokePosKey, rotatePosKey } from "./keys";
import { PosKeyJson } from "./schema";

const tags = ["POS"];
const security = [{ adminToken: [] }];
const Id = z.object({ id: z.string().max(64) });
const NewKey = z.object({ id: z.string(), key: z.string().openapi({ description: "Shown once" }) });

/** POS keys, made, rotated and revoked by the admin for a store (every change audited). */
export function keyRoutes(app: OpenAPIHono<AppEnv>) {
  app.openapi(
    createRoute({
      method: "get",
      path: "/api/admin/stores/{id}/pos-keys",
      tags,
      security,
      summary: "A store's POS keys, oldest first (never the key itself)",
      request: { params: Id },
      responses: {
        200: json(z.object({ posKeys: z.array(PosKeyJson) }), "The keys"),
        ...errorResponses(401, 404),
      },
    }),
    async (c) => c.json({ posKeys: await listStorePosKeys(c.var.deps, c.req.valid("param").id) }, 200),
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/api/admin/stores/{id}/pos-keys",
      tags,
      security,
      summary: "Create a POS key for a store (shown once)",
      description: 'Optional JSON body `{ "label": "櫃台 1" }`.',
      request: { params: z.object({ id: z.string() }) },
      responses: {
        201: {
          description: "The key",
          content: { "application/json": { schema: z.object({ id: z.string(), key: z.string() }) } },
        },
        ...errorResponses(401, 404),
      },
    }),
    async (c) => {
      const body = (await c.req.json().catch(() => ({}))) as { label?: unknown };
      const label = typeof body.label === "string" ? body.label.slice(0, 60) : "";
      return c.json(await createPosKey(c.var.deps, c.req.valid("param").id, label), 201);
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/api/admin/pos-keys/{id}/rotate",
      tags,
      security,
      summary: "Replace a POS key: a new key for the same store and label, the old one revoked at once",
      description: "409 `ALREADY_REVOKED` for a key revoked already (nothing is made).",
      request: { params: Id },
      responses: { 201: json(NewKey, "The new key"), ...errorResponses(401, 404, 409) },
    }),
    async (c) => c.json(await rotatePosKey(c.var.deps, c.req.valid("param").id), 201),
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/api/admin/pos-keys/{id}/revoke",
      tags,
      security,
      summary: "Revoke a POS key: the POS API refuses it from now on (a repeat answers the same)",
      request: { params: Id },
      responses: {
        200: json(
          z.object({ id: z.string(), revokedAt: z.string().openapi({ format: "date-time" }) }),
          "Revoked",
        ),
        ...errorResponses(401, 404),
      },
    }),
    async (c) => c.json(await revokePosKey(c.var.deps, c.req.valid("param").id), 200),
  );
}
