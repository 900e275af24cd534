import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../../lib/hono";
import { errorResponses, jsonResponse as json } from "../../lib/openapi";
import { CreateStaff, Deactivate, Reactivate, StaffJson, StaffPatch } from "./schema";
import { addStaff, setStaffActive, updateStaff } from "./staff-admin";

export const security = [{ adminToken: [] }];
export const tags = ["Stores and staff"];
export const Id = z.object({ id: z.string().max(64) });

/** Staff records (admin): add, change, deactivate and reactivate; every change audited. */
export function staffRoutes(app: OpenAPIHono<AppEnv>) {
  app.openapi(
    createRoute({
      method: "post",
      path: "/api/admin/staff",
      tags,
      security,
      summary: "Add a staff member (store staff belong to one store; audited)",
      request: { body: { content: { "application/json": { schema: CreateStaff } }, required: true } },
      responses: {
        201: json(z.object({ id: z.string() }), "Created"),
        ...errorResponses(400, 401, 404, 409),
      },
    }),
    async (c) => c.json({ id: await addStaff(c.var.deps, c.req.valid("json")) }, 201),
  );

  app.openapi(
    createRoute({
      method: "patch",
      path: "/api/admin/staff/{id}",
      tags,
      security,
      summary: "Change a staff member's name, role or store; audited with what changed",
      description: "Store staff (`role` staff) need a store: 400 on `storeId` otherwise.",
      request: {
        params: Id,
        body: { content: { "application/json": { schema: StaffPatch } }, required: true },
      },
      responses: { 200: json(StaffJson, "The staff member"), ...errorResponses(400, 401, 404) },
    }),
    async (c) => c.json(await updateStaff(c.var.deps, c.req.valid("param").id, c.req.valid("json")), 200),
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/api/admin/staff/{id}/deactivate",
      tags,
      security,
      summary: "Deactivate a staff member, with a reason (repeat-safe: a repeat changes nothing)",
      description:
        "From now on the staff pages refuse them, their console tokens stop working and invites for them are refused (409 `STAFF_INACTIVE`). Their LINE link is kept for reactivation.",
      request: {
        params: Id,
        body: { content: { "application/json": { schema: Deactivate } }, required: true },
      },
      responses: { 200: json(StaffJson, "The staff member now"), ...errorResponses(400, 401, 404) },
    }),
    async (c) =>
      c.json(
        await setStaffActive(c.var.deps, c.req.valid("param").id, false, c.req.valid("json").reason),
        200,
      ),
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/api/admin/staff/{id}/reactivate",
      tags,
      security,
      summary: "Reactivate a staff member (repeat-safe): their LINE link, tokens and invites work again",
      request: {
        params: Id,
        body: { content: { "application/json": { schema: Reactivate } }, required: false },
      },
      responses: { 200: json(StaffJson, "The staff member now"), ...errorResponses(400, 401, 404) },
    }),
    async (c) =>
      c.json(
        await setStaffActive(c.var.deps, c.req.valid("param").id, true, c.req.valid("json").reason ?? ""),
        200,
      ),
  );
}
