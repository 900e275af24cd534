import { createRoute, z } from "@hono/zod-openapi";
import { requireAdmin } from "../../lib/admin-auth";
import { createRouter } from "../../lib/hono";
import { errorResponses, jsonResponse as json } from "../../lib/openapi";
import { CreateStaff, CreateStore, StoreJson } from "./schema";
import { addStaff, listStores, openStore } from "./service";

const security = [{ adminToken: [] }];

/** 門市與店員 (admin). */
export function storeRoutes() {
  const app = createRouter();
  app.use("/api/admin/stores", requireAdmin);
  app.use("/api/admin/stores/*", requireAdmin);
  app.use("/api/admin/staff", requireAdmin);

  app.openapi(
    createRoute({
      method: "get",
      path: "/api/admin/stores",
      tags: ["Stores and staff"],
      security,
      summary: "Stores with their staff",
      responses: { 200: json(z.object({ stores: z.array(StoreJson) }), "Stores"), ...errorResponses(401) },
    }),
    async (c) => c.json({ stores: await listStores(c.var.deps) }, 200),
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/api/admin/stores",
      tags: ["Stores and staff"],
      security,
      summary: "Open a store",
      request: { body: { content: { "application/json": { schema: CreateStore } }, required: true } },
      responses: { 201: json(z.object({ id: z.string() }), "Created"), ...errorResponses(400, 401, 409) },
    }),
    async (c) => c.json({ id: await openStore(c.var.deps, c.req.valid("json")) }, 201),
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/api/admin/staff",
      tags: ["Stores and staff"],
      security,
      summary: "Add a staff member (store staff belong to one store)",
      request: { body: { content: { "application/json": { schema: CreateStaff } }, required: true } },
      responses: {
        201: json(z.object({ id: z.string() }), "Created"),
        ...errorResponses(400, 401, 404, 409),
      },
    }),
    async (c) => c.json({ id: await addStaff(c.var.deps, c.req.valid("json")) }, 201),
  );
  return app;
}
