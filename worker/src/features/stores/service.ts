import type { z } from "@hono/zod-openapi";
import { asc, eq, sql } from "drizzle-orm";
import { staff, stores } from "../../../../db/schema";
import type { AuditValueJson } from "../../../../db/schema/json";
import type { AppDeps } from "../../deps";
import { batch } from "../../lib/batch";
import { AppError, say } from "../../lib/errors";
import { ADMIN_ACTOR, auditEntry, auditEntryIf } from "../audit";
import { posKeysOf } from "../pos";
import type { CreateStore, StorePatch } from "./schema";
import { isUnique, requireStore, staffJson } from "./staff-admin";

type Deps = Pick<AppDeps, "db" | "ids" | "clock">;
type StoreRow = typeof stores.$inferSelect;
type StaffRow = typeof staff.$inferSelect;

const storeJson = (s: StoreRow, people: StaffRow[]) => ({
  id: s.id,
  code: s.code,
  name: s.name,
  address: s.address,
  phone: s.phone,
  openingHours: s.openingHours,
  latitude: s.latitude,
  longitude: s.longitude,
  active: s.active,
  staff: people.filter((p) => p.storeId === s.id).map(staffJson),
});

/**
 * Every store by code, each with its staff (by code), whether they have linked LINE, and are
 * active; and the head office: staff of no store (admins and agents).
 */
export async function listStores(deps: Pick<AppDeps, "db">) {
  const { db } = deps;
  const [storeRows, staffRows] = await Promise.all([
    db.select().from(stores).orderBy(asc(stores.code)),
    db.select().from(staff).orderBy(asc(staff.code)),
  ]);
  return {
    stores: storeRows.map((s) => storeJson(s, staffRows)),
    headOffice: staffRows.filter((p) => p.storeId === null).map(staffJson),
  };
}

/** One store with its staff (by code). */
async function storeById(deps: Pick<AppDeps, "db">, id: string) {
  const s = await requireStore(deps, id);
  const people = await deps.db.select().from(staff).where(eq(staff.storeId, id)).orderBy(asc(staff.code));
  return storeJson(s, people);
}

/** A store's page: the store, its staff and its POS keys (never the keys themselves). */
export async function storeDetail(deps: Pick<AppDeps, "db">, id: string) {
  const store = await storeById(deps, id);
  return { store, posKeys: await posKeysOf(deps, id) };
}

/** Opens a store; its code is unique (409). Audited (`store.create`) in the same batch. */
export async function openStore(deps: Deps, input: z.infer<typeof CreateStore>): Promise<string> {
  const id = deps.ids.id("sto");
  const fields = { ...input, latitude: input.latitude ?? null, longitude: input.longitude ?? null };
  try {
    await batch(deps.db, [
      deps.db.insert(stores).values({ id, ...fields }),
      auditEntry(deps, {
        actor: ADMIN_ACTOR,
        action: "store.create",
        subject: { kind: "store", id },
        storeId: id,
        after: { ...fields, active: true },
      }),
    ]);
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

const STORE_FIELDS = ["name", "address", "phone", "openingHours", "latitude", "longitude", "active"] as const;

/**
 * Changes a store's fields (only those sent), audited (`store.update`) with the changed fields
 * before → after in the same batch; sending what is already there writes nothing.
 */
export async function updateStore(deps: Deps, id: string, patch: z.infer<typeof StorePatch>) {
  const s = await requireStore(deps, id);
  const changed = STORE_FIELDS.filter((k) => patch[k] !== undefined && patch[k] !== s[k]);
  if (changed.length > 0) {
    const pick = (v: Partial<Record<(typeof STORE_FIELDS)[number], unknown>>) =>
      Object.fromEntries(changed.map((k) => [k, v[k] ?? null])) as AuditValueJson;
    await batch(deps.db, [
      deps.db
        .update(stores)
        .set(pick(patch) as Partial<StoreRow>)
        .where(eq(stores.id, id)),
      auditEntryIf(
        deps,
        {
          actor: ADMIN_ACTOR,
          action: "store.update",
          subject: { kind: "store", id },
          storeId: id,
          before: pick(s),
          after: pick(patch),
        },
        sql`changes() = 1`,
      ),
    ]);
  }
  return storeById(deps, id);
}
