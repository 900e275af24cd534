import { createRoute, z } from "@hono/zod-openapi";
import { and, eq, isNull } from "drizzle-orm";
import type { MiddlewareHandler } from "hono";
import { posKeys, stores } from "../../../../db/schema";
import { bearerToken, requireAdmin } from "../../lib/admin-auth";
import { AppError } from "../../lib/errors";
import { type AppEnv, createRouter } from "../../lib/hono";
import { errorResponses } from "../../lib/openapi";
import { randomToken } from "../../ports/ids";
import { recordPurchase } from "../loyalty/purchases";

async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

/** POS endpoints: `Authorization: Bearer <POS key>`; the key decides the store. */
const requirePosKey: MiddlewareHandler<AppEnv> = async (c, next) => {
  const key = bearerToken(c.req.header("authorization"));
  if (!key) throw new AppError("UNAUTHORIZED", "Send Authorization: Bearer <POS key>.");
  const [row] = await c.var.deps.db
    .select()
    .from(posKeys)
    .where(and(eq(posKeys.keyHash, await sha256Hex(key)), isNull(posKeys.revokedAt)));
  if (!row) throw new AppError("UNAUTHORIZED", "The POS key is not valid.");
  c.set("posStoreId", row.storeId);
  await next();
};

const Transaction = z
  .object({
    externalId: z
      .string()
      .min(1)
      .max(100)
      .openapi({ description: "The POS's own transaction id; repeats are ignored" }),
    memberCode: z.string().min(4).max(32).optional(),
    total: z
      .number()
      .int()
      .min(1)
      .max(100_000_000)
      .openapi({ description: "Before coupon and points, minor units" }),
    couponCode: z.string().max(32).optional(),
    pointsToUse: z.number().int().min(0).optional(),
    lines: z
      .array(
        z.object({
          sku: z.string().max(64),
          name: z.string().max(120),
          quantity: z.number().int().min(1),
          price: z.number().int().min(0),
        }),
      )
      .max(500)
      .optional(),
  })
  .openapi("PosTransaction");

/** POS integration: per-store keys (admin) and transactions posted by the POS. */
export function posRoutes() {
  const app = createRouter();
  app.use("/api/admin/stores/:id/pos-keys", requireAdmin);
  app.use("/api/pos/*", requirePosKey);

  app.openapi(
    createRoute({
      method: "post",
      path: "/api/admin/stores/{id}/pos-keys",
      tags: ["POS"],
      security: [{ adminToken: [] }],
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
      const deps = c.var.deps;
      const storeId = c.req.valid("param").id;
      const [store] = await deps.db.select({ id: stores.id }).from(stores).where(eq(stores.id, storeId));
      if (!store) throw new AppError("NOT_FOUND", `No store ${storeId}.`);
      const key = `pos_${randomToken(40)}`;
      const id = deps.ids.id("posk");
      const body = (await c.req.json().catch(() => ({}))) as { label?: unknown };
      const label = typeof body.label === "string" ? body.label.slice(0, 60) : "";
      await deps.db.insert(posKeys).values({ id, storeId, keyHash: await sha256Hex(key), label });
      return c.json({ id, key }, 201);
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/api/pos/transactions",
      tags: ["POS"],
      security: [{ posKey: [] }],
      summary: "Post a completed POS transaction (idempotent on externalId): earns the member's points",
      request: { body: { content: { "application/json": { schema: Transaction } }, required: true } },
      responses: {
        200: {
          description: "Recorded, or the earlier identical transaction",
          content: {
            "application/json": {
              schema: z.object({
                id: z.string(),
                externalId: z.string(),
                paid: z.number(),
                pointsEarned: z.number(),
                replayed: z.boolean(),
              }),
            },
          },
        },
        ...errorResponses(400, 401, 404, 422),
      },
    }),
    async (c) => {
      const tx = c.req.valid("json");
      const { purchase, replayed } = await recordPurchase(c.var.deps, {
        source: "pos",
        externalId: tx.externalId,
        storeId: c.var.posStoreId,
        staffId: null,
        memberCode: tx.memberCode,
        amount: tx.total,
        couponCode: tx.couponCode,
        pointsToUse: tx.pointsToUse,
      });
      return c.json(
        {
          id: purchase.id,
          externalId: purchase.externalId,
          paid: purchase.paid,
          pointsEarned: purchase.pointsEarned,
          replayed,
        },
        200,
      );
    },
  );
  return app;
}
