import type { z } from "@hono/zod-openapi";
import { asc, eq } from "drizzle-orm";
import { staff, stores } from "../../../../db/schema";
import type { AppDeps } from "../../deps";
import { AppError, say } from "../../lib/errors";
import type { CreateStaff, CreateStore } from "./schema";

const isUnique = (err: unknown) =>
  /UNIQUE/i.test(String(err instanceof Error ? `${err.message} ${String(err.cause ?? "")}` : err));

/** Every store by code, each with its staff (by code) and whether they have linked LINE. */
export async function listStores(deps: Pick<AppDeps, "db">) {
  const { db } = deps;
  const [storeRows, staffRows] = await Promise.all([
    db.select().from(stores).orderBy(asc(stores.code)),
    db.select().from(staff).orderBy(asc(staff.code)),
  ]);
  return storeRows.map((s) => ({
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
  }));
}

/** Opens a store; its code is unique (409). */
export async function openStore(
  deps: Pick<AppDeps, "db" | "ids">,
  input: z.infer<typeof CreateStore>,
): Promise<string> {
  const id = deps.ids.id("sto");
  try {
    await deps.db
      .insert(stores)
      .values({ id, ...input, latitude: input.latitude ?? null, longitude: input.longitude ?? null });
  } catch (err) {
    if (isUnique(err))
      throw new AppError(
        "CONFLICT",
        say(`門市代碼 ${input.code} 已被使用。`, `Store code ${input.code} is taken.`),
      );
    throw err;
  }
  return id;
}

/** Adds a staff member: store staff need a store that exists; the code is unique (409). */
export async function addStaff(
  deps: Pick<AppDeps, "db" | "ids">,
  input: z.infer<typeof CreateStaff>,
): Promise<string> {
  if (input.role === "staff" && !input.storeId)
    throw new AppError(
      "VALIDATION_FAILED",
      say("storeId：門市店員須指定所屬門市。", "storeId: store staff need a store."),
    );
  if (input.storeId) {
    const [s] = await deps.db.select({ id: stores.id }).from(stores).where(eq(stores.id, input.storeId));
    if (!s)
      throw new AppError("NOT_FOUND", say(`找不到門市 ${input.storeId}。`, `No store ${input.storeId}.`));
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
    if (isUnique(err))
      throw new AppError(
        "CONFLICT",
        say(`店員代碼 ${input.code} 已被使用。`, `Staff code ${input.code} is taken.`),
      );
    throw err;
  }
  return id;
}
