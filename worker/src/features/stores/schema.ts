import { z } from "@hono/zod-openapi";
import { PosKeyJson } from "../pos";

/** The stores admin API's shapes (they feed /openapi.json). */
export const StaffJson = z
  .object({
    id: z.string(),
    code: z.string(),
    name: z.string(),
    role: z.enum(["admin", "agent", "staff"]),
    storeId: z.string().nullable(),
    linked: z.boolean(),
    active: z.boolean().openapi({
      description: "false: deactivated — refused by the staff pages, the console and invites",
    }),
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
export const StoreDetail = z
  .object({ store: StoreJson, posKeys: z.array(PosKeyJson) })
  .openapi("StoreDetail");

const Code = z
  .string()
  .trim()
  .regex(/^[A-Z0-9-]{2,16}$/, "2–16 capital letters, digits or dashes");
const StoreName = z.string().trim().min(1).max(60);
const Address = z.string().trim().max(200);
const Phone = z.string().trim().max(30);
const OpeningHours = z.string().trim().max(100);
const Latitude = z.number().min(-90).max(90);
const Longitude = z.number().min(-180).max(180);
const StaffName = z.string().trim().min(1).max(40);
const Role = z.enum(["admin", "agent", "staff"]);

/** A PATCH body: at least one field (unknown ones are dropped, so `{}` after them too). */
const someField = (v: object) => Object.values(v).some((x) => x !== undefined);
const someFieldMessage = { message: "Send at least one field to change" };

export const CreateStore = z
  .object({
    code: Code,
    name: StoreName,
    address: Address.default(""),
    phone: Phone.default(""),
    openingHours: OpeningHours.default(""),
    latitude: Latitude.optional(),
    longitude: Longitude.optional(),
  })
  .openapi("CreateStore");
export const StorePatch = z
  .object({
    name: StoreName.optional(),
    address: Address.optional(),
    phone: Phone.optional(),
    openingHours: OpeningHours.optional(),
    latitude: Latitude.nullable().optional(),
    longitude: Longitude.nullable().optional(),
    active: z.boolean().optional(),
  })
  .refine(someField, someFieldMessage)
  .openapi("StorePatch");
export const CreateStaff = z
  .object({
    code: Code,
    name: StaffName,
    role: Role.default("staff"),
    storeId: z.string().optional(),
  })
  .openapi("CreateStaff");
export const StaffPatch = z
  .object({
    name: StaffName.optional(),
    role: Role.optional(),
    storeId: z
      .string()
      .max(64)
      .nullable()
      .optional()
      .openapi({ description: "null: no store (agents and admins only)" }),
  })
  .refine(someField, someFieldMessage)
  .openapi("StaffPatch");
export const Deactivate = z.object({ reason: z.string().trim().min(1).max(200) }).openapi("StaffDeactivate");
export const Reactivate = z
  .object({ reason: z.string().trim().max(200).optional() })
  .openapi("StaffReactivate");
