import { createRoute, z } from "@hono/zod-openapi";
import { requireAdmin } from "../../lib/admin-auth";
import { createRouter } from "../../lib/hono";
import { errorResponses, jsonResponse as json } from "../../lib/openapi";
import { CreateStore, StaffJson, StoreDetail, StoreJson, StorePatch } from "./schema";
import { listStores, openStore, storeDetail, updateStore } from "./service";
import { Id, security, staffRoutes, tags } from "./staff-routes";

/** 門市與店員 (admin): stores, their staff, and (pos feature) their POS keys; every change audited. */
export function storeRoutes() {
  const app = createRouter();
  app.use("/api/admin/stores", requireAdmin);
  app.use("/api/admin/stores/*", requireAdmin);
  app.use("/api/admin/staff", requireAdmin);
  app.use("/api/admin/staff/*", requireAdmin);

  app.openapi(
    createRoute({
      method: "get",
      path: "/api/admin/stores",
      tags,
      security,
      summary: "Stores with their staff, and the head office (staff of no store)",
      responses: {
        200: json(
          z.object({
            stores: z.array(StoreJson),
            headOffice: z.array(StaffJson).openapi({ description: "Staff of no store (admins, agents)" }),
          }),
          "Stores",
        ),
        ...errorResponses(401),
      },
    }),
    async (c) => c.json(await listStores(c.var.deps), 200),
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/api/admin/stores",
      tags,
      security,
      summary: "Open a store (audited)",
      request: { body: { content: { "application/json": { schema: CreateStore } }, required: true } },
      responses: { 201: json(z.object({ id: z.string() }), "Created"), ...errorResponses(400, 401, 409) },
    }),
    async (c) => c.json({ id: await openStore(c.var.deps, c.req.valid("json")) }, 201),
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/api/admin/stores/{id}",
      tags,
      security,
      summary: "A store with its staff and POS keys (never a key itself)",
      request: { params: Id },
      responses: { 200: json(StoreDetail, "The store"), ...errorResponses(401, 404) },
    }),
    async (c) => c.json(await storeDetail(c.var.deps, c.req.valid("param").id), 200),
  );

  app.openapi(
    createRoute({
      method: "patch",
      path: "/api/admin/stores/{id}",
      tags,
      security,
      summary: "Change a store's details or close it (`active`); audited with what changed",
      request: {
        params: Id,
        body: { content: { "application/json": { schema: StorePatch } }, required: true },
      },
      responses: { 200: json(StoreJson, "The store"), ...errorResponses(400, 401, 404) },
    }),
    async (c) => c.json(await updateStore(c.var.deps, c.req.valid("param").id, c.req.valid("json")), 200),
  );

  staffRoutes(app);
  return app;
}
