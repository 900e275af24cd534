import { and, eq } from "drizzle-orm";
import type { MiddlewareHandler } from "hono";
import { staff, stores } from "../../../../db/schema";
import { AppError } from "../../lib/errors";
import type { AppEnv } from "../../lib/hono";

export type StaffRow = typeof staff.$inferSelect;

/**
 * Staff endpoints: the verified LINE user must be linked to an active staff record (by invite);
 * `roles` limits who may call. Store staff act only for their own store — routes take the store
 * from this record, never from the request.
 */
export function requireStaff(
  ...roles: Array<StaffRow["role"]>
): MiddlewareHandler<AppEnv & { Variables: { staff: StaffRow } }> {
  return async (c, next) => {
    const user = c.var.lineUser;
    const [row] = await c.var.deps.db
      .select()
      .from(staff)
      .where(and(eq(staff.lineUserId, user.userId), eq(staff.active, true)));
    if (!row) throw new AppError("FORBIDDEN", "This page is for store staff only. 此頁面僅限門市人員使用。");
    if (roles.length > 0 && !roles.includes(row.role)) {
      throw new AppError("FORBIDDEN", "Your role cannot do this. 您的權限無法執行此操作。");
    }
    c.set("staff", row);
    await next();
  };
}

export async function storeOf(db: AppEnv["Variables"]["deps"]["db"], storeId: string | null) {
  if (!storeId) return null;
  const [s] = await db
    .select({ id: stores.id, name: stores.name, code: stores.code })
    .from(stores)
    .where(eq(stores.id, storeId));
  return s ?? null;
}
