import type { MiddlewareHandler } from "hono";
import type { staff } from "../../../../db/schema";
import { AppError, say } from "../../lib/errors";
import type { AppEnv } from "../../lib/hono";
import { staffByLineUser } from "./repo";

export type StaffRow = typeof staff.$inferSelect;

/**
 * Staff endpoints: the verified LINE user must be linked to an active staff record (by invite;
 * a deactivated one is refused with `STAFF_INACTIVE` until reactivated);
 * `roles` limits who may call. Store staff act only for their own store — routes take the store
 * from this record, never from the request.
 */
export function requireStaff(
  ...roles: Array<StaffRow["role"]>
): MiddlewareHandler<AppEnv & { Variables: { staff: StaffRow } }> {
  return async (c, next) => {
    const row = await staffByLineUser(c.var.deps.db, c.var.lineUser.userId);
    if (!row)
      throw new AppError("FORBIDDEN", say("此頁面僅限門市人員使用。", "This page is for store staff only."));
    if (!row.active)
      throw new AppError(
        "FORBIDDEN",
        say("您的門市人員帳號已停用，請洽管理員。", "Your staff account is deactivated; ask an admin."),
        { reason: "STAFF_INACTIVE" },
      );
    if (roles.length > 0 && !roles.includes(row.role)) {
      throw new AppError("FORBIDDEN", say("您的權限無法執行此操作。", "Your role cannot do this."));
    }
    c.set("staff", row);
    await next();
  };
}
