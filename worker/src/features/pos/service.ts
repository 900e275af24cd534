import { and, eq, isNull } from "drizzle-orm";
import { posKeys, purchases } from "../../../../db/schema";
import type { AppDeps } from "../../deps";
import { AppError, say } from "../../lib/errors";
import { sha256Hex } from "../../lib/keys";
import { recordPurchase, refundJson, refundPurchase } from "../loyalty";
import { createMergeCode, MERGE_CODE_TTL_MS, normalizePhone } from "../members";

/** The store a POS key acts for, or undefined for an unknown or revoked key. */
export async function storeForPosKey(deps: Pick<AppDeps, "db">, key: string): Promise<string | undefined> {
  const [row] = await deps.db
    .select()
    .from(posKeys)
    .where(and(eq(posKeys.keyHash, await sha256Hex(key)), isNull(posKeys.revokedAt)));
  return row?.storeId;
}

function validPhone(input: string, field: string): string {
  const phone = normalizePhone(input);
  if (!phone)
    throw new AppError("VALIDATION_FAILED", say("手機號碼格式不正確。", "Not a valid phone number."), {
      field,
    });
  return phone;
}

/**
 * A completed POS transaction at the key's store; idempotent on `externalId`. Its lines are kept
 * with the purchase (a repeat adds none), for "bought X" segments.
 */
export async function recordPosTransaction(
  deps: AppDeps,
  storeId: string,
  tx: {
    externalId: string;
    memberCode?: string | undefined;
    customerPhone?: string | undefined;
    total: number;
    couponCode?: string | undefined;
    pointsToUse?: number | undefined;
    lines?: Array<{ sku: string; name: string; quantity: number; price: number }> | undefined;
  },
) {
  const customerPhone =
    tx.customerPhone === undefined ? undefined : validPhone(tx.customerPhone, "customerPhone");
  const { purchase, replayed } = await recordPurchase(deps, {
    source: "pos",
    externalId: tx.externalId,
    storeId,
    staffId: null,
    memberCode: tx.memberCode,
    customerPhone,
    amount: tx.total,
    couponCode: tx.couponCode,
    pointsToUse: tx.pointsToUse,
    items: tx.lines,
  });
  return {
    id: purchase.id,
    externalId: purchase.externalId,
    paid: purchase.paid,
    pointsEarned: purchase.pointsEarned,
    replayed,
  };
}

/** Refunds one of this store's POS transactions by its POS id; idempotent on `refundId`. */
export async function refundPosTransaction(
  deps: AppDeps,
  storeId: string,
  externalId: string,
  input: { refundId: string; amount?: number | undefined; reason?: string | undefined },
) {
  const [purchase] = await deps.db
    .select()
    .from(purchases)
    .where(
      and(eq(purchases.source, "pos"), eq(purchases.storeId, storeId), eq(purchases.externalId, externalId)),
    );
  if (!purchase) throw new AppError("NOT_FOUND", say("查無此筆交易。", "No such transaction at this store."));
  const r = await refundPurchase(deps, {
    source: "pos",
    storeId,
    staffId: null,
    refundId: input.refundId,
    purchase,
    amount: input.amount,
    reason: input.reason,
  });
  return refundJson(r.refund, r.purchase, r.replayed);
}

/** A one-time 歸戶 code for the customer at the counter with this phone. */
export async function posMergeCode(deps: AppDeps, storeId: string, rawPhone: string) {
  const phone = validPhone(rawPhone, "phone");
  const { code, expiresAt } = await createMergeCode(deps, { storeId, phone });
  return { code, expiresAt: expiresAt.toISOString(), ttlSeconds: MERGE_CODE_TTL_MS / 1000 };
}
