import { and, asc, eq, isNull, sql } from "drizzle-orm";
import { posKeys, stores } from "../../../../db/schema";
import type { AppDeps } from "../../deps";
import { batch } from "../../lib/batch";
import { AppError, say } from "../../lib/errors";
import { sha256Hex } from "../../lib/keys";
import { randomToken } from "../../lib/random-token";
import { ADMIN_ACTOR, auditEntry, auditEntryIf } from "../audit";

type Deps = Pick<AppDeps, "db" | "ids" | "clock">;
type PosKeyRow = typeof posKeys.$inferSelect;

const newKey = () => `pos_${randomToken(40)}`;

const posKeyJson = (k: Pick<PosKeyRow, "id" | "label" | "createdAt" | "revokedAt">) => ({
  id: k.id,
  label: k.label,
  createdAt: k.createdAt.toISOString(),
  revokedAt: k.revokedAt?.toISOString() ?? null,
});

async function requireStore(deps: Pick<AppDeps, "db">, storeId: string) {
  const [store] = await deps.db.select({ id: stores.id }).from(stores).where(eq(stores.id, storeId));
  if (!store) throw new AppError("NOT_FOUND", say(`找不到門市 ${storeId}。`, `No store ${storeId}.`));
}

async function requireKey(deps: Pick<AppDeps, "db">, id: string): Promise<PosKeyRow> {
  const [row] = await deps.db.select().from(posKeys).where(eq(posKeys.id, id));
  if (!row) throw new AppError("NOT_FOUND", say(`找不到 POS 金鑰 ${id}。`, `No POS key ${id}.`));
  return row;
}

/** A store's POS keys, oldest first (the store is not checked: see `listStorePosKeys`). */
export async function posKeysOf(deps: Pick<AppDeps, "db">, storeId: string) {
  const rows = await deps.db
    .select({
      id: posKeys.id,
      label: posKeys.label,
      createdAt: posKeys.createdAt,
      revokedAt: posKeys.revokedAt,
    })
    .from(posKeys)
    .where(eq(posKeys.storeId, storeId))
    .orderBy(asc(posKeys.createdAt), asc(posKeys.id));
  return rows.map(posKeyJson);
}

/** A store's POS keys; 404 for an unknown store. */
export async function listStorePosKeys(deps: Pick<AppDeps, "db">, storeId: string) {
  await requireStore(deps, storeId);
  return posKeysOf(deps, storeId);
}

/** A new POS key for a store: only its hash is kept, the key is answered once; audited with it. */
export async function createPosKey(
  deps: Deps,
  storeId: string,
  label: string,
): Promise<{ id: string; key: string }> {
  await requireStore(deps, storeId);
  const key = newKey();
  const id = deps.ids.id("posk");
  await batch(deps.db, [
    deps.db
      .insert(posKeys)
      .values({ id, storeId, keyHash: await sha256Hex(key), label, createdAt: deps.clock.now() }),
    auditEntry(deps, {
      actor: ADMIN_ACTOR,
      action: "posKey.create",
      subject: { kind: "posKey", id },
      storeId,
      after: { label },
    }),
  ]);
  return { id, key };
}

const alreadyRevoked = (id: string) =>
  new AppError(
    "CONFLICT",
    say(
      `POS 金鑰 ${id} 已撤銷，無法再更換；請建立新金鑰。`,
      `POS key ${id} is revoked already; create a new one.`,
    ),
    { reason: "ALREADY_REVOKED" },
  );

/**
 * A new key for the same store and label, and the old one revoked, in one batch: the new key is
 * inserted (copied from the old row) only if this batch's revocation changed the old one, and the
 * audit entry only with the new key — two rotations at once make one new key, the other is 409.
 */
export async function rotatePosKey(deps: Deps, id: string): Promise<{ id: string; key: string }> {
  const old = await requireKey(deps, id);
  if (old.revokedAt) throw alreadyRevoked(id);
  const { db } = deps;
  const key = newKey();
  const newId = deps.ids.id("posk");
  const now = deps.clock.now();
  await batch(db, [
    db
      .update(posKeys)
      .set({ revokedAt: now })
      .where(and(eq(posKeys.id, id), isNull(posKeys.revokedAt))),
    db.insert(posKeys).select(
      db
        .select({
          id: sql`${newId}`.as("id"),
          storeId: posKeys.storeId,
          keyHash: sql`${await sha256Hex(key)}`.as("key_hash"),
          label: posKeys.label,
          revokedAt: sql`NULL`.as("revoked_at"),
          createdAt: sql`${now.getTime()}`.as("created_at"),
        })
        .from(posKeys)
        .where(and(eq(posKeys.id, id), sql`changes() = 1`)),
    ),
    auditEntryIf(
      deps,
      {
        actor: ADMIN_ACTOR,
        action: "posKey.rotate",
        subject: { kind: "posKey", id },
        storeId: old.storeId,
        before: { id },
        after: { id: newId },
      },
      sql`EXISTS (SELECT 1 FROM ${posKeys} WHERE ${posKeys.id} = ${newId})`,
    ),
  ]);
  const [made] = await db.select({ id: posKeys.id }).from(posKeys).where(eq(posKeys.id, newId));
  if (!made) throw alreadyRevoked(id);
  return { id: newId, key };
}

/** Revokes a key (the POS is refused from now on); a repeat answers the first revocation, unaudited. */
export async function revokePosKey(deps: Deps, id: string): Promise<{ id: string; revokedAt: string }> {
  const row = await requireKey(deps, id);
  if (!row.revokedAt) {
    const now = deps.clock.now();
    await batch(deps.db, [
      deps.db
        .update(posKeys)
        .set({ revokedAt: now })
        .where(and(eq(posKeys.id, id), isNull(posKeys.revokedAt))),
      auditEntryIf(
        deps,
        {
          actor: ADMIN_ACTOR,
          action: "posKey.revoke",
          subject: { kind: "posKey", id },
          storeId: row.storeId,
          before: { revokedAt: null },
          after: { revokedAt: now.toISOString() },
        },
        sql`changes() = 1`,
      ),
    ]);
  }
  const after = await requireKey(deps, id);
  return { id, revokedAt: (after.revokedAt as Date).toISOString() };
}
