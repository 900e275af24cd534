/**
 * Who an online order's customer is, as the shop can tell: a LINE user id (the shop's "log in
 * with LINE" under the brand's provider gives the same id — a guest member is made for one never
 * seen), a member code (the card), or a phone the shop verified. A phone that a member proved
 * here is theirs; any other stays on the order as an unknown customer's, attached later only by a
 * proven merge, as store sales are. Nothing named: an anonymous order.
 */
import { eq } from "drizzle-orm";
import { members } from "../../../../db/schema";
import type { AppDeps } from "../../deps";
import { AppError, say } from "../../lib/errors";
import { memberByVerifiedPhone, normalizePhone, recordShopCustomer } from "../members";

export interface CustomerInput {
  lineUserId?: string | undefined;
  memberCode?: string | undefined;
  phone?: string | undefined;
}

export interface Customer {
  memberId: string | null;
  customerPhone: string | null;
}

export async function resolveCustomer(deps: AppDeps, c: CustomerInput | undefined): Promise<Customer> {
  if (c?.lineUserId) {
    if (!/^U[0-9a-f]{32}$/.test(c.lineUserId))
      throw new AppError(
        "VALIDATION_FAILED",
        say("LINE 使用者 ID 格式不正確。", "Not a LINE user id (U followed by 32 hex digits)."),
        { field: "customer.lineUserId" },
      );
    const m = await recordShopCustomer(deps, c.lineUserId);
    return { memberId: m.id, customerPhone: null };
  }
  if (c?.memberCode) {
    const [m] = await deps.db.select().from(members).where(eq(members.memberCode, c.memberCode.trim()));
    if (!m)
      throw new AppError("UNPROCESSABLE", say("查無此會員。", "No member has this code."), {
        reason: "UNKNOWN_CUSTOMER",
        field: "customer.memberCode",
      });
    return { memberId: m.id, customerPhone: null };
  }
  if (c?.phone) {
    const phone = normalizePhone(c.phone);
    if (!phone)
      throw new AppError("VALIDATION_FAILED", say("手機號碼格式不正確。", "Not a valid phone number."), {
        field: "customer.phone",
      });
    const m = await memberByVerifiedPhone(deps, phone);
    return m ? { memberId: m.id, customerPhone: null } : { memberId: null, customerPhone: phone };
  }
  return { memberId: null, customerPhone: null };
}
