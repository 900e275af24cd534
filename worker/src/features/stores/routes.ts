import { createRoute, z } from "@hono/zod-openapi";
import { asc, eq } from "drizzle-orm";
import { staff, stores } from "../../../../db/schema";
import { requireAdmin } from "../../lib/admin-auth";
import { AppError } from "../../lib/errors";
import { createRouter } from "../../lib/hono";
import { errorResponses, jsonResponse as json } from "../../lib/openapi";

const StaffJson = z
  .object({
    id: z.string(),
    code: z.string(),
    name: z.string(),
    role: z.enum(["admin", "agent", "staff"]),
    storeId: z.string().nullable(),
    linked: z.boolean(),
  })
  .openapi("Staff");
const StoreJson = z
  .object({
    id: z.string(),
    code: z.string(),
    name: z.string(),
    address: z.string(),
    phone: z.string(),
    openingHours: z.string(),
    latitude: z.number().nullable(),
    longitude: z.number().nullable(),
    active: z.boolean(),
    staff: z.array(StaffJson),
  })
  .openapi("Store");
const CreateStore = z
  .object({
    code: z
      .string()
      .trim()
      .regex(/^[A-Z0-9-]{2,16}$/, "2–16 capital letters, digits or dashes"),
    name: z.string().trim().min(1).max(60),
    address: z.string().trim().max(200).default(""),
    phone: z.string().trim().max(30).default(""),
    openingHours: z.string().trim().max(100).default(""),
    latitude: z.number().min(-90).max(90).optional(),
    longitude: z.number().min(-180).max(180).optional(),
  })
  .openapi("CreateStore");
const CreateStaff = z
  .object({
    code: z
      .string()
      .trim()
      .regex(/^[A-Z0-9-]{2,16}$/, "2–16 capital letters, digits or dashes"),
    name: z.string().trim().min(1).max(40),
    role: z.enum(["admin", "agent", "staff"]).default("staff"),
    storeId: z.string().optional(),
  })
  .openapi("CreateStaff");
const security = [{ adminToken: [] }];
const isUnique = (err: unknown) =>
  /UNIQUE/i.test(String(err instanceof Error ? `${err.message} ${String(err.cause ?? "")}` : err));

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
    async (c) => {
      const db = c.var.deps.db;
      const [storeRows, staffRows] = await Promise.all([
        db.select().from(stores).orderBy(asc(stores.code)),
        db.select().from(staff).orderBy(asc(staff.code)),
      ]);
      return c.json(
        {
          stores: storeRows.map((s) => ({
            id: s.id,
            code: s.code,
            name: s.name,
            address: s.address,
            phone: s.phone,
            openingHours: s.openingHours,
            latitude: s.latitude,
            longitude: s.longitude,
            active: s.active,
            staff: staffRows
              .filter((p) => p.storeId === s.id)
              .map((p) => ({
                id: p.id,
                code: p.code,
                name: p.name,
                role: p.role,
                storeId: p.storeId,
                linked: p.lineUserId !== null,
              })),
          })),
        },
        200,
      );
    },
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
    async (c) => {
      const deps = c.var.deps;
      const input = c.req.valid("json");
      const id = deps.ids.id("sto");
      try {
        await deps.db
          .insert(stores)
          .values({ id, ...input, latitude: input.latitude ?? null, longitude: input.longitude ?? null });
      } catch (err) {
        if (isUnique(err)) throw new AppError("CONFLICT", `Store code ${input.code} is taken.`);
        throw err;
      }
      return c.json({ id }, 201);
    },
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
    async (c) => {
      const deps = c.var.deps;
      const input = c.req.valid("json");
      if (input.role === "staff" && !input.storeId)
        throw new AppError("VALIDATION_FAILED", "storeId: store staff need a store.");
      if (input.storeId) {
        const [s] = await deps.db.select({ id: stores.id }).from(stores).where(eq(stores.id, input.storeId));
        if (!s) throw new AppError("NOT_FOUND", `No store ${input.storeId}.`);
      }
      const id = deps.ids.id("stf");
      try {
        await deps.db.insert(staff).values({
          id,
          code: input.code,
          name: input.name,
          role: input.role,
          storeId: input.storeId ?? null,
        });
      } catch (err) {
        if (isUnique(err)) throw new AppError("CONFLICT", `Staff code ${input.code} is taken.`);
        throw err;
      }
      return c.json({ id }, 201);
    },
  );
  return app;
}
