import { and, eq, sql } from "drizzle-orm";
import type { Db } from "../../../../db/client";
import { members, staff, stores } from "../../../../db/schema";

export type MemberRow = typeof members.$inferSelect;
type NewMember = typeof members.$inferInsert;

/**
 * Creates the member row for a LINE user if there is none; the unique LINE user id decides, so
 * a follow and a LIFF open arriving together create one member. `onExisting` updates what a
 * later event may change (friendship, profile) without touching attribution.
 */
export async function ensureMember(
  db: Db,
  values: NewMember,
  onExisting: Partial<
    Pick<
      NewMember,
      "friendship" | "blockedAt" | "displayName" | "pictureUrl" | "language" | "profileReadAt" | "updatedAt"
    >
  >,
): Promise<MemberRow> {
  const set: Record<string, unknown> = { ...onExisting };
  // Keep a known profile when the new event carries none.
  for (const key of ["displayName", "pictureUrl", "language", "profileReadAt"] as const) {
    if (set[key] === undefined || set[key] === null) delete set[key];
  }
  const [row] = await db
    .insert(members)
    .values(values)
    .onConflictDoUpdate({
      target: members.lineUserId,
      set: Object.keys(set).length ? set : { updatedAt: sql`${members.updatedAt}` },
    })
    .returning();
  if (!row) throw new Error("member upsert returned nothing");
  return row;
}

export async function markBlocked(db: Db, lineUserId: string, at: Date): Promise<void> {
  await db
    .update(members)
    .set({ friendship: "blocked", blockedAt: at, updatedAt: at })
    .where(and(eq(members.lineUserId, lineUserId)));
}

export async function memberWithStore(db: Db, lineUserId: string) {
  const [row] = await db
    .select({ member: members, storeName: stores.name, staffName: staff.name })
    .from(members)
    .leftJoin(stores, eq(stores.id, members.homeStoreId))
    .leftJoin(staff, eq(staff.id, members.referrerStaffId))
    .where(eq(members.lineUserId, lineUserId));
  return row;
}
