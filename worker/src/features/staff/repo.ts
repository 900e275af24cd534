import { and, eq, gt } from "drizzle-orm";
import { coupons, couponTemplates, members, purchases, staff, stores } from "../../../../db/schema";
import type { AppDeps } from "../../deps";

type Db = AppDeps["db"];

/** The staff record linked to this LINE user, if any, active or not (the caller checks). */
export async function staffByLineUser(db: Db, lineUserId: string) {
  const [row] = await db.select().from(staff).where(eq(staff.lineUserId, lineUserId));
  return row;
}

/** A store as the staff pages show it (null without a store). */
export async function storeOf(db: Db, storeId: string | null) {
  if (!storeId) return null;
  const [s] = await db
    .select({ id: stores.id, name: stores.name, code: stores.code })
    .from(stores)
    .where(eq(stores.id, storeId));
  return s ?? null;
}

/** A member by the code on their card, with their home store's name. */
export async function memberByCode(db: Db, memberCode: string) {
  const [row] = await db
    .select({ m: members, storeName: stores.name })
    .from(members)
    .leftJoin(stores, eq(stores.id, members.homeStoreId))
    .where(eq(members.memberCode, memberCode));
  return row;
}

/** A member's coupons that are issued and not yet expired at `now`, with their templates. */
export async function usableCoupons(db: Db, memberId: string, now: Date) {
  return db
    .select({ c: coupons, t: couponTemplates })
    .from(coupons)
    .innerJoin(couponTemplates, eq(couponTemplates.id, coupons.templateId))
    .where(and(eq(coupons.memberId, memberId), eq(coupons.status, "issued"), gt(coupons.expiresAt, now)));
}

export async function purchaseById(db: Db, id: string) {
  const [row] = await db.select().from(purchases).where(eq(purchases.id, id));
  return row;
}

export async function couponTemplateName(db: Db, templateId: string) {
  const [tpl] = await db
    .select({ name: couponTemplates.name })
    .from(couponTemplates)
    .where(eq(couponTemplates.id, templateId));
  return tpl?.name;
}
