import { createRoute, z } from "@hono/zod-openapi";
import { and, eq, isNull } from "drizzle-orm";
import type { MiddlewareHandler } from "hono";
import { posKeys, purchases, stores } from "../../../../db/schema";
import { bearerToken, requireAdmin } from "../../lib/admin-auth";
import { AppError } from "../../lib/errors";
import { type AppEnv, createRouter } from "../../lib/hono";
import { refuseInvalidInput } from "../../lib/input-refusal";
import { sha256Hex } from "../../lib/keys";
import { MAX_AMOUNT, MAX_LINE_QUANTITY, MAX_POINTS_TO_USE } from "../../lib/limits";
import { errorResponses, jsonResponse as json } from "../../lib/openapi";
import { randomToken } from "../../lib/random-token";
import { Refund, RefundInput, recordPurchase, refundJson, refundPurchase } from "../loyalty";
import { createMergeCode, MERGE_CODE_TTL_MS, normalizePhone } from "../members";

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
    customerPhone: z.string().trim().min(6).max(30).optional().openapi({
      description:
        "Without a member card: the customer's phone, so the sale can later be merged into their membership (歸戶) — with proof only",
    }),
    total: z
      .number()
      .int()
      .min(1)
      .max(MAX_AMOUNT)
      .openapi({ description: "Before coupon and points (NT$, whole dollars)" }),
    couponCode: z.string().max(32).optional(),
    pointsToUse: z
      .number()
      .int()
      .min(0)
      .max(MAX_POINTS_TO_USE)
      .optional()
      .openapi({ description: "Points used as cash (1 point = NT$1), at most what is left to pay" }),
    lines: z
      .array(
        z.object({
          sku: z.string().max(64),
          name: z.string().max(120),
          quantity: z.number().int().min(1).max(MAX_LINE_QUANTITY),
          price: z.number().int().min(0).max(MAX_AMOUNT),
        }),
      )
      .max(500)
      .optional(),
  })
  .openapi("PosTransaction");

function validPhone(input: string, field: string): string {
  const phone = normalizePhone(input);
  if (!phone)
    throw new AppError("VALIDATION_FAILED", "Not a valid phone number. 手機號碼格式不正確。", {
      field,
    });
  return phone;
}

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
      const customerPhone =
        tx.customerPhone === undefined ? undefined : validPhone(tx.customerPhone, "customerPhone");
      const { purchase, replayed } = await recordPurchase(c.var.deps, {
        source: "pos",
        externalId: tx.externalId,
        storeId: c.var.posStoreId,
        staffId: null,
        memberCode: tx.memberCode,
        customerPhone,
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
    refuseInvalidInput,
  );
  app.openapi(
    createRoute({
      method: "post",
      path: "/api/pos/transactions/{externalId}/refund",
      tags: ["POS"],
      security: [{ posKey: [] }],
      summary:
        "Refund one of this store's POS transactions, in full or in part (idempotent on refundId): reverses the points it earned in proportion",
      request: {
        params: z.object({ externalId: z.string().min(1).max(100) }),
        body: { content: { "application/json": { schema: RefundInput } }, required: true },
      },
      responses: {
        200: json(Refund, "Refunded (or the earlier identical request)"),
        ...errorResponses(400, 401, 404, 409, 422),
      },
    }),
    async (c) => {
      const storeId = c.var.posStoreId;
      const [purchase] = await c.var.deps.db
        .select()
        .from(purchases)
        .where(
          and(
            eq(purchases.source, "pos"),
            eq(purchases.storeId, storeId),
            eq(purchases.externalId, c.req.valid("param").externalId),
          ),
        );
      if (!purchase) throw new AppError("NOT_FOUND", "No such transaction at this store. 查無此筆交易。");
      const body = c.req.valid("json");
      const r = await refundPurchase(c.var.deps, {
        source: "pos",
        storeId,
        staffId: null,
        refundId: body.refundId,
        purchase,
        amount: body.amount,
        reason: body.reason,
      });
      return c.json(refundJson(r.refund, r.purchase, r.replayed), 200);
    },
    refuseInvalidInput,
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/api/pos/merge-codes",
      tags: ["POS"],
      security: [{ posKey: [] }],
      summary:
        "A one-time code (6 digits, 10 minutes) for the customer at the counter to merge their POS purchases into their membership",
      description:
        "The member types the code in LIFF (POST /api/me/merge); it works only for a member registered with this phone.",
      request: {
        body: {
          content: {
            "application/json": { schema: z.object({ phone: z.string().trim().min(6).max(30) }) },
          },
          required: true,
        },
      },
      responses: {
        201: json(
          z.object({ code: z.string(), expiresAt: z.string(), ttlSeconds: z.number().int() }),
          "The code to hand the customer",
        ),
        ...errorResponses(400, 401, 404),
      },
    }),
    async (c) => {
      const phone = validPhone(c.req.valid("json").phone, "phone");
      const { code, expiresAt } = await createMergeCode(c.var.deps, { storeId: c.var.posStoreId, phone });
      return c.json({ code, expiresAt: expiresAt.toISOString(), ttlSeconds: MERGE_CODE_TTL_MS / 1000 }, 201);
    },
  );
  return app;
}
