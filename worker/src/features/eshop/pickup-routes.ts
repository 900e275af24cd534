import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { AppError, say } from "../../lib/errors";
import type { AppEnv } from "../../lib/hono";
import { refuseInvalidInput } from "../../lib/input-refusal";
import { errorResponses, jsonResponse as json } from "../../lib/openapi";
import {
  actingStore,
  completePickup,
  listPickups,
  MAX_OVERDUE_DAYS,
  markReady,
  type PickupView,
  pickupSettings,
  pickupView,
  putPickupSettings,
  startPreparing,
} from "./pickups";

const tags = ["E-shop"];
const staffSecurity = [{ liffIdToken: [] }];
const adminSecurity = [{ adminToken: [] }];
const iso = (d: Date | null) => d?.toISOString() ?? null;
const PickupState = z.enum(["waiting", "preparing", "ready", "picked_up"]);

const Pickup = z
  .object({
    id: z.string(),
    orderId: z.string().openapi({ description: "The shop's order number (what the customer knows)" }),
    state: z.enum(["created", "paid", "fulfilled", "cancelled", "refunded"]),
    pickupState: PickupState,
    overdue: z.boolean().openapi({ description: "Ready longer than the store's overdue days" }),
    storeId: z.string(),
    lines: z.array(
      z.object({ sku: z.string(), name: z.string(), quantity: z.number().int(), price: z.number().int() }),
    ),
    subtotal: z.number().int(),
    total: z.number().int(),
    member: z
      .object({ id: z.string(), memberCode: z.string(), displayName: z.string().nullable() })
      .nullable(),
    paidAt: z.string().nullable(),
    readyAt: z.string().nullable(),
    pickedUpAt: z.string().nullable(),
    pickedUpBy: z.string().nullable(),
    createdAt: z.string(),
  })
  .openapi("StorePickup");

const PickupList = z
  .object({
    storeId: z.string(),
    overdueDays: z.number().int(),
    counts: z.object({
      waiting: z.number().int(),
      preparing: z.number().int(),
      ready: z.number().int(),
      overdue: z.number().int(),
    }),
    pickups: z.array(Pickup),
  })
  .openapi("StorePickups");

const PickupSettings = z
  .object({
    overdueDays: z
      .number()
      .int()
      .min(1)
      .max(MAX_OVERDUE_DAYS)
      .openapi({ description: "Days a ready order may wait before it is flagged overdue (default 7)" }),
  })
  .openapi("PickupSettings");

const StoreQuery = z.object({
  storeId: z
    .string()
    .max(60)
    .optional()
    .openapi({ description: "Admin-role staff only: the store to act for (others: their own)" }),
});

function pickupJson(v: PickupView): z.infer<typeof Pickup> {
  const o = v.order;
  return {
    id: o.id,
    orderId: o.externalId,
    state: o.state,
    pickupState: o.pickupState ?? "waiting",
    overdue: v.overdue,
    storeId: o.pickupStoreId ?? "",
    lines: o.lines,
    subtotal: o.subtotal,
    total: o.total,
    member: v.member,
    paidAt: iso(o.paidAt),
    readyAt: iso(o.readyAt),
    pickedUpAt: iso(o.pickedUpAt),
    pickedUpBy: o.pickedUpBy,
    createdAt: o.createdAt.toISOString(),
  };
}

const Id = z.object({ id: z.string().min(1).max(60) });
const ProofBody = StoreQuery.extend({
  memberCode: z.string().max(40).optional().openapi({ description: "The member card scanned or typed" }),
  pickupCode: z.string().max(40).optional().openapi({ description: "The code in the ready message" }),
});
const stepRequest = <T extends z.ZodType>(schema: T) => ({
  params: Id,
  // Optional: a store clerk sends nothing (their store is theirs); an admin may name a store.
  body: { content: { "application/json": { schema } }, required: false },
});
const stepRoute = <T extends z.ZodType>(name: string, summary: string, schema: T, extra: number[] = []) =>
  createRoute({
    method: "post",
    path: `/api/staff/pickups/{id}/${name}`,
    tags,
    security: staffSecurity,
    summary,
    request: stepRequest(schema),
    responses: {
      200: json(Pickup, "The order as it is now"),
      ...errorResponses(400, 401, 403, 404, 409, ...extra),
    },
  });

/** 待取貨: the store's pickup orders and their steps, for that store's staff; the overdue setting. */
export function pickupRoutes(app: OpenAPIHono<AppEnv>) {
  app.openapi(
    createRoute({
      method: "get",
      path: "/api/staff/pickups",
      tags,
      security: staffSecurity,
      summary: "待取貨: my store's paid pickup orders (open ones by default), with counts and overdue flags",
      request: {
        query: StoreQuery.extend({
          state: z
            .enum(["waiting", "preparing", "ready", "overdue", "picked_up"])
            .optional()
            .openapi({ description: "One state (overdue: ready too long); none: all not yet picked up" }),
        }),
      },
      responses: { 200: json(PickupList, "The store's pickups"), ...errorResponses(400, 401, 403) },
    }),
    async (c) => {
      const q = c.req.valid("query");
      const { deps, staff } = c.var;
      const storeId = actingStore(staff, q.storeId);
      if (!storeId)
        throw new AppError("VALIDATION_FAILED", say("請指定門市。", "Name the store (storeId)."), {
          reason: "REQUIRED",
          field: "storeId",
        });
      const list = await listPickups(deps, storeId, q.state);
      return c.json({ ...list, pickups: list.pickups.map(pickupJson) }, 200);
    },
    refuseInvalidInput,
  );
  app.openapi(
    stepRoute("preparing", "開始備貨: waiting → preparing", StoreQuery),
    async (c) => {
      const { deps, staff } = c.var;
      const { id } = c.req.valid("param");
      const storeId = actingStore(staff, c.req.valid("json").storeId);
      await startPreparing(deps, id, storeId);
      return c.json(pickupJson(await pickupView(deps, id, storeId)), 200);
    },
    refuseInvalidInput,
  );
  app.openapi(
    stepRoute(
      "ready",
      "通知取貨: → ready; the member gets a LINE message (order, store, pickup code) once, however often this is called",
      StoreQuery,
    ),
    async (c) => {
      const { deps, staff } = c.var;
      const { id } = c.req.valid("param");
      const storeId = actingStore(staff, c.req.valid("json").storeId);
      await markReady(deps, id, storeId);
      return c.json(pickupJson(await pickupView(deps, id, storeId)), 200);
    },
    refuseInvalidInput,
  );
  app.openapi(
    stepRoute(
      "picked-up",
      "完成取貨: ready → picked up, proven by the order's member's card code or its pickup code; the order is fulfilled",
      ProofBody,
      [422],
    ),
    async (c) => {
      const { deps, staff } = c.var;
      const { id } = c.req.valid("param");
      const body = c.req.valid("json");
      const storeId = actingStore(staff, body.storeId);
      await completePickup(deps, id, storeId, staff, body);
      return c.json(pickupJson(await pickupView(deps, id, storeId)), 200);
    },
    refuseInvalidInput,
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/api/admin/eshop/pickup-settings",
      tags,
      security: adminSecurity,
      summary: "How many days a ready pickup may wait before the store sees it flagged overdue",
      responses: { 200: json(PickupSettings, "The setting"), ...errorResponses(401) },
    }),
    async (c) => c.json(await pickupSettings(c.var.deps), 200),
  );
  app.openapi(
    createRoute({
      method: "put",
      path: "/api/admin/eshop/pickup-settings",
      tags,
      security: adminSecurity,
      summary: "Set the days before a ready pickup is flagged overdue (1–90)",
      request: { body: { content: { "application/json": { schema: PickupSettings } }, required: true } },
      responses: { 200: json(PickupSettings, "The setting"), ...errorResponses(400, 401) },
    }),
    async (c) => c.json(await putPickupSettings(c.var.deps, c.req.valid("json")), 200),
    refuseInvalidInput,
  );
}
