import type { z } from "@hono/zod-openapi";
import { and, eq, sql } from "drizzle-orm";
import { staff, stores } from "../../../../db/schema";
import type { AuditValueJson } from "../../../../db/schema/json";
import type { AppDeps } from "../../deps";
import { batch } from "../../lib/batch";
import { AppError, say } from "../../lib/errors";
import { ADMIN_ACTOR, auditEntry, auditEntryIf } from "../audit";
import type { CreateStaff, StaffPatch } from "./schema";

type Deps = Pick<AppDeps, "db" | "ids" | "clock">;
type StaffRow = typeof staff.$inferSelect;

export const isUnique = (err: unknown) =>
  /UNIQUE/i.test(String(err instanceof Error ? `${err.message} ${String(err.cause ?? "")}` : err));

/** A staff member as the admin sees them. */
export const staffJson = (p: StaffRow) => ({
  id: p.id,
  code: p.code,
  name: p.name,
  role: p.role,
  storeId: p.storeId,
  linked: p.lineUserId !== null,
  active: p.active,
});

async function requireStaffRow(deps: Pick<AppDeps, "db">, id: string): Promise<StaffRow> {
  const [row] = await deps.db.select().from(staff).where(eq(staff.id, id));
  if (!row) throw new AppError("NOT_FOUND", say(`找不到店員 ${id}。`, `No staff ${id}.`));
  return row;
}

/** Store staff need a store: refused on `storeId`, as the input refusals name their field. */
function storeRequired(): AppError {
  const text = say("storeId：門市店員須指定所屬門市。", "storeId: store staff need a store.");
  return new AppError("VALIDATION_FAILED", text, {
    field: "storeId",
    issues: [{ path: "storeId", message: text.en }],
  });
}

/** A store by id, or 404 NOT_FOUND naming it. */
export async function requireStore(
  deps: Pick<AppDeps, "db">,
  storeId: string,
): Promise<typeof stores.$inferSelect> {
  const [s] = await deps.db.select().from(stores).where(eq(stores.id, storeId));
  if (!s) throw new AppError("NOT_FOUND", say(`找不到門市 ${storeId}。`, `No store ${storeId}.`));
  return s;
}

/**
 * Adds a staff member: store staff need a store that exists; the code is unique (409). Audited
 * (`staff.create`) in the same batch.
 */
export async function addStaff(deps: Deps, input: z.infer<typeof CreateStaff>): Promise<string> {
  if (input.role === "staff" && !input.storeId) throw storeRequired();
  if (input.storeId) await requireStore(deps, input.storeId);
  const id = deps.ids.id("stf");
  const row = {
    code: input.code,
    name: input.name,
    role: input.role,
    storeId: input.storeId ?? null,
  };
  try {
    await batch(deps.db, [
      deps.db.insert(staff).values({ id, ...row }),
      auditEntry(deps, {
        actor: ADMIN_ACTOR,
        action: "staff.create",
        subject: { kind: "staff", id },
        storeId: row.storeId,
        after: row,
      }),
    ]);
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

const STAFF_FIELDS = ["name", "role", "storeId"] as const;

/**
 * Changes a staff member's name, role or store (only those sent): store staff still need a store
 * (400 on `storeId`), a new store must exist (404). Audited (`staff.update`) with the changed
 * fields before → after in the same batch; sending what is already there writes nothing.
 */
export async function updateStaff(deps: Deps, id: string, patch: z.infer<typeof StaffPatch>) {
  const row = await requireStaffRow(deps, id);
  const next = {
    name: patch.name ?? row.name,
    role: patch.role ?? row.role,
    storeId: patch.storeId === undefined ? row.storeId : patch.storeId,
  };
  if (next.role === "staff" && !next.storeId) throw storeRequired();
  if (next.storeId && next.storeId !== row.storeId) await requireStore(deps, next.storeId);
  const changed = STAFF_FIELDS.filter((k) => next[k] !== row[k]);
  if (changed.length === 0) return staffJson(row);
  const pick = (v: typeof next) => Object.fromEntries(changed.map((k) => [k, v[k]])) as AuditValueJson;
  await batch(deps.db, [
    deps.db
      .update(staff)
      .set(pick(next) as Partial<StaffRow>)
      .where(eq(staff.id, id)),
    auditEntryIf(
      deps,
      {
        actor: ADMIN_ACTOR,
        action: "staff.update",
        subject: { kind: "staff", id },
        storeId: next.storeId,
        before: pick(row),
        after: pick(next),
      },
      sql`changes() = 1`,
    ),
  ]);
  return staffJson(await requireStaffRow(deps, id));
}

/**
 * Deactivates (or reactivates) a staff member: a conditional update from the other state, and the
 * audit entry (`staff.deactivate` / `staff.reactivate`, with the reason) only if it changed the
 * row — a repeat answers the current state and writes nothing. Inactive staff are refused by the
 * staff pages, the console and invites; their LINE link is kept, so reactivating restores them.
 */
export async function setStaffActive(deps: Deps, id: string, active: boolean, reason: string) {
  const row = await requireStaffRow(deps, id);
  await batch(deps.db, [
    deps.db
      .update(staff)
      .set({ active })
      .where(and(eq(staff.id, id), eq(staff.active, !active))),
    auditEntryIf(
      deps,
      {
        actor: ADMIN_ACTOR,
        action: active ? "staff.reactivate" : "staff.deactivate",
        subject: { kind: "staff", id },
        storeId: row.storeId,
        before: { active: !active },
        after: { active },
        reason,
      },
      sql`changes() = 1`,
    ),
  ]);
  return staffJson(await requireStaffRow(deps, id));
}
