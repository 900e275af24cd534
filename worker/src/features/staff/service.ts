import type { AppDeps } from "../../deps";
import { AppError, say } from "../../lib/errors";
import type { LineIdentity } from "../../lib/id-token";
import { MAX_AMOUNT } from "../../lib/limits";
import { staffActor } from "../audit";
import { issueBindingLink } from "../binding";
import { earnRules, recordPurchase, refundJson, refundPurchase } from "../loyalty";
import { mergeByStaff, mergeJson, normalizePhone } from "../members";
import type { StaffRow } from "./auth";
import { acceptInvite } from "./invite";
import { couponByCode, redeemInStore, storeClerk } from "./redeem";
import { couponTemplateName, memberByCode, purchaseById, storeOf, usableCoupons } from "./repo";
import { staffToday } from "./today";

/** What the staff pages may send, so they can say it before the clerk submits. */
export const STAFF_LIMITS = { maxAmount: MAX_AMOUNT };

/** The staff member as their pages see them: role, store and limits. */
export async function staffMe(deps: Pick<AppDeps, "db">, s: StaffRow) {
  return {
    id: s.id,
    name: s.name,
    role: s.role,
    store: await storeOf(deps.db, s.storeId),
    limits: STAFF_LIMITS,
  };
}

/** Accepts an invite as the signed-in LINE user and answers the staff member they now are. */
export async function joinByInvite(deps: AppDeps, user: LineIdentity, token: string) {
  return staffMe(deps, await acceptInvite(deps, user, token));
}

/** A member by the code on their card: points, earn rule in store, and coupons usable in store. */
export async function memberSummary(deps: AppDeps, code: string) {
  const { db, clock } = deps;
  const row = await memberByCode(db, code.trim());
  if (!row) throw new AppError("NOT_FOUND", say("查無此會員。", "No member has this code."));
  const rules = await earnRules(db);
  const available = await usableCoupons(db, row.m.id, clock.now());
  return {
    id: row.m.id,
    memberCode: row.m.memberCode,
    displayName: row.m.displayName,
    status: row.m.status,
    points: row.m.pointsBalance,
    homeStore: row.storeName ?? null,
    earn: {
      amountPerPoint: rules.amountPerPoint,
      // As pointsFor rounds it: tier × channel in hundredths.
      percent: Math.round(rules.tierMultipliers[row.m.tier] * rules.channelMultipliers.store * 100),
    },
    coupons: available
      .filter((x) => x.t.channel !== "online")
      .map((x) => ({
        code: x.c.code,
        name: x.t.name,
        kind: x.t.kind,
        value: x.t.value,
        minSpend: x.t.minSpend,
        expiresAt: x.c.expiresAt.toISOString(),
      })),
  };
}

/** A store purchase recorded by a clerk of that store; idempotent on `purchaseId`. */
export async function recordStorePurchase(
  deps: AppDeps,
  clerk: StaffRow,
  input: {
    purchaseId: string;
    memberCode: string;
    amount: number;
    couponCode?: string | undefined;
    pointsToUse?: number | undefined;
  },
) {
  if (!clerk.storeId)
    throw new AppError(
      "FORBIDDEN",
      say("僅門市人員可登錄門市消費。", "Only staff of a store can record store purchases."),
    );
  const { purchase, replayed } = await recordPurchase(deps, {
    source: "staff",
    externalId: input.purchaseId,
    storeId: clerk.storeId,
    staffId: clerk.id,
    memberCode: input.memberCode,
    amount: input.amount,
    couponCode: input.couponCode,
    pointsToUse: input.pointsToUse,
    actor: staffActor(clerk),
  });
  return {
    id: purchase.id,
    purchaseId: purchase.externalId,
    amount: purchase.amount,
    couponDiscount: purchase.couponDiscount,
    pointsUsed: purchase.pointsUsed,
    paid: purchase.paid,
    pointsEarned: purchase.pointsEarned,
    replayed,
  };
}

/** Refunds a purchase of the clerk's store (the refund checks the store); idempotent on `refundId`. */
export async function refundStorePurchase(
  deps: AppDeps,
  staff: StaffRow,
  purchaseId: string,
  input: { refundId: string; amount?: number | undefined; reason?: string | undefined },
) {
  const clerk = storeClerk(staff);
  const purchase = await purchaseById(deps.db, purchaseId);
  if (!purchase) throw new AppError("NOT_FOUND", say("查無此筆消費。", "No such purchase."));
  const r = await refundPurchase(deps, {
    source: "staff",
    storeId: clerk.storeId,
    staffId: clerk.id,
    refundId: input.refundId,
    purchase,
    amount: input.amount,
    reason: input.reason,
    actor: staffActor(clerk),
  });
  return refundJson(r.refund, r.purchase, r.replayed);
}

/** 歸戶 at the counter: an offline customer's sales with this phone move to the scanned member. */
export async function mergeAtCounter(
  deps: AppDeps,
  staff: StaffRow,
  input: { memberCode: string; phone: string; requestId?: string | undefined },
) {
  const clerk = storeClerk(staff);
  const phone = normalizePhone(input.phone);
  if (!phone)
    throw new AppError("VALIDATION_FAILED", say("手機號碼格式不正確。", "Not a valid phone number."), {
      field: "phone",
    });
  const result = await mergeByStaff(deps, clerk, {
    memberCode: input.memberCode,
    phone,
    requestId: input.requestId,
  });
  return mergeJson(result);
}

/** Redeems a coupon at the counter; a repeat of the same `requestId` answers the same success. */
export async function redeemAtCounter(
  deps: AppDeps,
  clerk: StaffRow,
  input: { code: string; requestId?: string | undefined; amount?: number | undefined },
) {
  const reference = input.requestId ? `staff-redeem:${clerk.id}:${input.requestId}` : undefined;
  const { coupon, replayed } = await redeemInStore(deps, clerk, {
    code: input.code,
    reference,
    amount: input.amount,
  });
  const name = await couponTemplateName(deps.db, coupon.templateId);
  return {
    code: coupon.code,
    status: "redeemed" as const,
    redeemedAt: (coupon.redeemedAt as Date).toISOString(),
    name: name ?? "",
    replayed,
  };
}

/** A coupon as the counter sees it before redeeming (an issued coupon past its date is expired). */
export async function couponAtCounter(deps: AppDeps, code: string) {
  const { c: coupon, t: tpl } = await couponByCode(deps, code);
  const expired = coupon.status === "issued" && coupon.expiresAt <= deps.clock.now();
  return {
    code: coupon.code,
    name: tpl.name,
    kind: tpl.kind,
    value: tpl.value,
    minSpend: tpl.minSpend,
    channel: tpl.channel,
    status: expired ? ("expired" as const) : coupon.status,
    expiresAt: coupon.expiresAt.toISOString(),
  };
}

/** Today's figures for the clerk and their store, with the brand's time zone they are counted in. */
export async function todayAtCounter(deps: AppDeps, staff: StaffRow) {
  const clerk = storeClerk(staff);
  const today = await staffToday(deps, clerk);
  return {
    since: today.since.toISOString(),
    timeZone: deps.config.brand.timeZone,
    store: await storeOf(deps.db, clerk.storeId),
    me: today.me,
    storeTotals: today.store,
    purchases: today.purchases,
    members: today.members,
  };
}

/** The store's binding link and the clerk's personal one (credits them as referrer). */
export async function bindingQr(deps: AppDeps, staff: StaffRow) {
  const clerk = storeClerk(staff);
  const [storeLink, personal] = await Promise.all([
    issueBindingLink(deps, { storeId: clerk.storeId, source: "store_qr" }),
    issueBindingLink(deps, { storeId: clerk.storeId, staffId: clerk.id, source: "store_qr" }),
  ]);
  const pick = (l: typeof storeLink) => ({ url: l.url, tokenId: l.tokenId, expiresAt: l.expiresAt });
  return {
    store: await storeOf(deps.db, clerk.storeId),
    staff: { id: clerk.id, name: clerk.name },
    storeLink: pick(storeLink),
    personalLink: pick(personal),
  };
}
