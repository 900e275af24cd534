import { z } from "@hono/zod-openapi";

/** The stores admin API's shapes (they feed /openapi.json). */
export const StaffJson = z
  .object({
    id: z.string(),
    code: z.string(),
    name: z.string(),
    role: z.enum(["admin", "agent", "staff"]),
    storeId: z.string().nullable(),
    linked: z.boolean(),
  })
  .openapi("Staff");
export const StoreJson = z
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
export const CreateStore = z
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
export const CreateStaff = z
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
