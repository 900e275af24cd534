import { and, count, eq, gt, isNull, sql } from "drizzle-orm";
import {
  customerMerges,
  members,
  mergeAttempts,
  mergeCodes,
  purchaseItems,
  purchases,
} from "../../../../db/schema";
import type { AppDeps } from "../../deps";
import { batch } from "../../lib/batch";
import { AppError, say } from "../../lib/errors";
import type { LineIdentity } from "../../lib/id-token";
import { applyTierUpgrade, earnPoints, earnRules, endOfNextYear, pointsFor, purchaseRef } from "../loyalty";
import type { MemberRow } from "./repo";
import { recordLiffVisit } from "./service";

export const MERGE_CODE_TTL_MS = 10 * 60_000;
/** Wrong codes allowed per phone (the target) per hour, whoever submits them. */
export const MERGE_CODE_FAILURES_PER_HOUR = 5;

export type MergeRow = typeof customerMerges.$inferSelect;
export interface MergeResult {
  merge: MergeRow;
  purchases: number;
  pointsCredited: number;
  /** Points those purchases would have earned that had already expired by the merge. */
  pointsExpired: number;
  balance: number;
  replayed: boolean;
}

/** Offline purchases not yet merged: sales that carried this phone and no member card. */
async function offlinePurchaseCount(deps: Pick<AppDeps, "db">, phone: string): Promise<number> {
  const [row] = await deps.db
    .select({ n: count() })
    .from(purchases)
    .where(and(eq(purchases.customerPhone, phone), isNull(purchases.memberId)));
  return row?.n ?? 0;
}

/** The member's registered phone; merging needs one. */
function registeredPhone(member: MemberRow): string {
  if (member.status !== "member" || !member.phone || member.deletedAt) {
    throw new AppError(
      "UNPROCESSABLE",
      say("請先完成會員註冊並填寫手機號碼。", "Register with your mobile number first."),
      { reason: "NOT_REGISTERED" },
    );
  }
  return member.phone;
}

/** Merging needs a registered member whose own phone is the offline customer's. */
function assertMergeable(member: MemberRow, phone: string): void {
  if (registeredPhone(member) !== phone) {
    throw new AppError(
      "UNPROCESSABLE",
      say("會員註冊的手機號碼與此顧客不符。", "The member's registered phone is not this customer's phone."),
      { reason: "PHONE_MISMATCH" },
    );
  }
}

/**
 * A POS asks for a one-time code for the customer in front of it (by the phone the POS knows
 * them by): 6 digits, valid 10 minutes, single use. The member types it in LIFF to merge.
 */
export async function createMergeCode(
  deps: AppDeps,
  input: { storeId: string; phone: string },
): Promise<{ code: string; expiresAt: Date }> {
  if ((await offlinePurchaseCount(deps, input.phone)) === 0) {
    throw new AppError(
      "NOT_FOUND",
      say("此手機號碼沒有可歸戶的消費紀錄。", "No purchases to merge for this phone."),
    );
  }
  const now = deps.clock.now();
  const code = sixDigits();
  const expiresAt = new Date(now.getTime() + MERGE_CODE_TTL_MS);
  await deps.db.insert(mergeCodes).values({
    id: deps.ids.id("mcd"),
    storeId: input.storeId,
    phone: input.phone,
    code,
    expiresAt,
    createdAt: now,
  });
  return { code, expiresAt };
}

/** A uniformly random 6-digit code (crypto.getRandomValues). */
export function sixDigits(): string {
  const a = new Uint32Array(1);
  // Rejection sampling keeps every code equally likely.
  do crypto.getRandomValues(a);
  while ((a[0] ?? 0) >= 4_294_000_000);
  return String((a[0] ?? 0) % 1_000_000).padStart(6, "0");
}

/**
 * The member submits the POS's code. Proof is the code for the member's own registered phone,
 * unused and unexpired, claimed by one conditional update. Every attempt is recorded first, and
 * only while the phone has had fewer than 5 wrong codes in the hour — decided in the insert.
 */
export async function mergeWithCode(deps: AppDeps, user: LineIdentity, code: string): Promise<MergeResult> {
  const member = await recordLiffVisit(deps, user);
  const phone = registeredPhone(member);
  const { db } = deps;
  const now = deps.clock.now();
  const attemptId = deps.ids.id("mat");
  const hourAgo = now.getTime() - 3600_000;
  await db.insert(mergeAttempts).select(
    db
      .select({
        id: sql`${attemptId}`.as("id"),
        memberId: sql`${member.id}`.as("member_id"),
        phone: sql`${phone}`.as("phone"),
        ok: sql`0`.as("ok"),
        at: sql`${now.getTime()}`.as("at"),
      })
      .from(sql`(SELECT 1)`)
      .where(
        sql`(SELECT count(*) FROM ${mergeAttempts} WHERE ${mergeAttempts.phone} = ${phone} AND ${mergeAttempts.ok} = 0 AND ${mergeAttempts.at} > ${hourAgo}) < ${MERGE_CODE_FAILURES_PER_HOUR}`,
      ),
  );
  const [attempt] = await db.select().from(mergeAttempts).where(eq(mergeAttempts.id, attemptId));
  if (!attempt) {
    throw new AppError(
      "RATE_LIMITED",
      say(
        "錯誤次數過多，請一小時後再向門市索取新代碼。",
        "Too many wrong codes; ask the store for a new one in an hour.",
      ),
    );
  }
  const [claimed] = await db
    .update(mergeCodes)
    .set({ usedAt: now, usedBy: member.id })
    .where(
      and(
        eq(mergeCodes.phone, phone),
        eq(mergeCodes.code, code),
        isNull(mergeCodes.usedAt),
        gt(mergeCodes.expiresAt, now),
      ),
    )
    .returning();
  // A retry of a code this member already used (e.g. the answer was lost) replays the merge.
  const [mine] = claimed
    ? [claimed]
    : await db
        .select()
        .from(mergeCodes)
        .where(and(eq(mergeCodes.phone, phone), eq(mergeCodes.code, code), eq(mergeCodes.usedBy, member.id)));
  if (!mine) {
    throw new AppError(
      "UNPROCESSABLE",
      say(
        "代碼錯誤、已使用或已過期，請向門市索取新代碼。",
        "This code is wrong, used or expired; ask the store for a new one.",
      ),
      { reason: "INVALID_CODE" },
    );
  }
  await db.update(mergeAttempts).set({ ok: true }).where(eq(mergeAttempts.id, attemptId));
  return mergeOfflineCustomer(deps, {
    member,
    phone,
    proof: "pos_code",
    storeId: mine.storeId,
    staffId: null,
    codeId: mine.id,
    idempotencyKey: `code:${mine.id}`,
  });
}

/**
 * Staff in the store scanned the member's card and confirm the customer with this phone is them.
 * `requestId` (made when the screen opened) makes a retry a replay.
 */
export async function mergeByStaff(
  deps: AppDeps,
  clerk: { id: string; storeId: string },
  input: { memberCode: string; phone: string; requestId?: string | undefined },
): Promise<MergeResult> {
  const [member] = await deps.db
    .select()
    .from(members)
    .where(eq(members.memberCode, input.memberCode.trim()));
  if (!member) throw new AppError("NOT_FOUND", say("查無此會員。", "No member has this code."));
  assertMergeable(member, input.phone);
  // Anyone may register any number: only a number the member proved by SMS counts here.
  if (!member.phoneVerifiedAt) throw phoneNotVerified();
  return mergeOfflineCustomer(deps, {
    member,
    phone: input.phone,
    requireVerifiedPhone: true,
    proof: "staff",
    storeId: clerk.storeId,
    staffId: clerk.id,
    codeId: null,
    idempotencyKey: `staff:${clerk.id}:${input.requestId ?? deps.ids.uuid()}`,
  });
}

function phoneNotVerified(): AppError {
  return new AppError(
    "UNPROCESSABLE",
    say(
      "此會員尚未以簡訊驗證這個手機號碼：請會員在「我的資料」完成手機驗證，或改用 POS 歸戶代碼。",
      "This member has not verified this phone by SMS: ask them to verify it in LIFF (Profile → Verify phone), or merge with a code from the POS.",
    ),
    { reason: "PHONE_NOT_VERIFIED" },
  );
}

interface MergeInput {
  member: MemberRow;
  phone: string;
  /** Staff merges: the sales move only while the member still holds this phone verified. */
  requireVerifiedPhone?: boolean;
  proof: MergeRow["proof"];
  storeId: string;
  staffId: string | null;
  codeId: string | null;
  idempotencyKey: string;
}

/**
 * 歸戶 once proven: the offline customer's purchases move to the member in one conditional update
 * (`member_id IS NULL`: two merges at once cannot both take a purchase), each keeping its history
 * and pointing at this merge. Each then earns what it would have earned with the card (less any
 * share refunded before the merge), under the purchase's own earn key, so no purchase ever earns
 * twice; points that would have expired by now are not credited. Then the tier, at once.
 * Everything is idempotent on the merge's key: a retry finishes what a crash left.
 */
export async function mergeOfflineCustomer(deps: AppDeps, input: MergeInput): Promise<MergeResult> {
  const { db } = deps;
  const now = deps.clock.now();
  const [before] = await db
    .select()
    .from(customerMerges)
    .where(eq(customerMerges.idempotencyKey, input.idempotencyKey));
  if (before && before.memberId !== input.member.id)
    throw new AppError(
      "CONFLICT",
      say("此請求已用於其他會員。", "This request was used for another member."),
    );
  if (!before && (await offlinePurchaseCount(deps, input.phone)) === 0) {
    throw new AppError(
      "NOT_FOUND",
      say("此手機號碼沒有可歸戶的消費紀錄。", "No offline purchases with this phone to merge."),
    );
  }
  await db
    .insert(customerMerges)
    .values({
      id: deps.ids.id("mrg"),
      idempotencyKey: input.idempotencyKey,
      memberId: input.member.id,
      phone: input.phone,
      proof: input.proof,
      storeId: input.storeId,
      staffId: input.staffId,
      codeId: input.codeId,
      createdAt: now,
    })
    .onConflictDoNothing({ target: customerMerges.idempotencyKey });
  const [merge] = await db
    .select()
    .from(customerMerges)
    .where(eq(customerMerges.idempotencyKey, input.idempotencyKey));
  if (!merge || merge.memberId !== input.member.id) throw new Error("merge vanished");

  // The purchases and, in the same batch, their items ("bought X" segments) become the member's.
  await batch(db, [
    db
      .update(purchases)
      .set({ memberId: input.member.id, mergeId: merge.id })
      .where(
        and(
          isNull(purchases.memberId),
          eq(purchases.customerPhone, input.phone),
          input.requireVerifiedPhone
            ? sql`EXISTS (SELECT 1 FROM ${members} WHERE ${members.id} = ${input.member.id} AND ${members.phone} = ${input.phone} AND ${members.phoneVerifiedAt} IS NOT NULL)`
            : undefined,
        ),
      ),
    db
      .update(purchaseItems)
      .set({ memberId: input.member.id })
      .where(
        and(
          isNull(purchaseItems.memberId),
          sql`purchase_id IN (SELECT id FROM purchases WHERE merge_id = ${merge.id})`,
        ),
      ),
  ]);

  const moved = await db.select().from(purchases).where(eq(purchases.mergeId, merge.id));
  const actor = input.staffId ?? `pos:${input.storeId}`;
  let credited = 0;
  let expired = 0;
  const rules = await earnRules(db);
  for (const p of moved) {
    // What the card would have earned in store (the tier then is unknown: the regular rate).
    const full = pointsFor(rules, p.paid, "regular", "store");
    // As the refund's share rule: of `full`, the share still paid (rounded half up), in integers.
    const points = p.paid > 0 ? full - Math.floor((2 * full * p.refundedAmount + p.paid) / (2 * p.paid)) : 0;
    if (points <= 0) continue;
    const expiresAt = endOfNextYear(p.createdAt, deps.config.brand.timeZone);
    if (expiresAt <= now) {
      expired += points;
      continue;
    }
    // Later refunds reverse in proportion to what this purchase earned, as for a card sale.
    const set = await db
      .update(purchases)
      .set({ pointsEarned: full })
      .where(
        and(
          eq(purchases.id, p.id),
          eq(purchases.refundedAmount, p.refundedAmount),
          eq(purchases.mergeId, merge.id),
        ),
      )
      .returning({ id: purchases.id });
    if (set.length === 0 && p.pointsEarned !== full) continue; // refunded meanwhile: the retry recounts
    const ref = purchaseRef(p);
    await earnPoints(deps, {
      memberId: input.member.id,
      points,
      idempotencyKey: `${ref}:earn`,
      reason: `merged store purchase NT$${p.paid}`,
      actor,
      reference: ref,
      expiresAt,
    });
    credited += points;
  }
  await applyTierUpgrade(deps, input.member.id);
  const [m] = await db
    .select({ balance: members.pointsBalance })
    .from(members)
    .where(eq(members.id, input.member.id));
  deps.log.info("offline customer merged", {
    memberId: input.member.id,
    mergeId: merge.id,
    proof: merge.proof,
    purchases: moved.length,
  });
  return {
    merge,
    purchases: moved.length,
    pointsCredited: credited,
    pointsExpired: expired,
    balance: m?.balance ?? 0,
    replayed: Boolean(before),
  };
}

/** The merge as the APIs show it. */
export function mergeJson(r: MergeResult) {
  return {
    id: r.merge.id,
    memberId: r.merge.memberId,
    proof: r.merge.proof,
    purchases: r.purchases,
    pointsCredited: r.pointsCredited,
    pointsExpired: r.pointsExpired,
    balance: r.balance,
    mergedAt: r.merge.createdAt.toISOString(),
    replayed: r.replayed,
  };
}
