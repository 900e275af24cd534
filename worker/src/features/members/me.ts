import { inArray } from "drizzle-orm";
import { memberVisits, refunds } from "../../../../db/schema";
import type { AppDeps } from "../../deps";
import type { LineIdentity } from "../../lib/id-token";
import { localDay, memberTier } from "../loyalty";
import { memberCard, memberCoupons, pointsHistory } from "./card";
import { CONSENT_VERSION } from "./registration";
import { type MemberRow, memberWithStore } from "./repo";
import { recordLiffVisit } from "./service";

/**
 * The member's own views (the /api/me resources). Each read is also a LIFF visit: the caller's
 * member record exists from their first request on.
 */

/**
 * Who am I: the caller's member record with its home store and referrer. Every LIFF page asks
 * this when it opens, so it also marks the day (brand time zone) as a visit day — the I of
 * RFM(+I): one INSERT that a second visit the same day leaves as it was.
 */
export async function whoAmI(deps: AppDeps, user: LineIdentity) {
  const me = await recordLiffVisit(deps, user);
  const now = deps.clock.now();
  await deps.db
    .insert(memberVisits)
    .values({ memberId: me.id, day: localDay(now, deps.config.brand.timeZone), at: now })
    .onConflictDoNothing();
  const row = await memberWithStore(deps.db, user.userId);
  if (!row) throw new Error("member vanished");
  const m = row.member;
  return {
    userId: user.userId,
    displayName: m.displayName,
    member: {
      id: m.id,
      memberCode: m.memberCode,
      status: m.status,
      friendship: m.friendship,
      source: m.source,
      homeStore: m.homeStoreId && row.storeName ? { id: m.homeStoreId, name: row.storeName } : null,
      referrerStaff:
        m.referrerStaffId && row.staffName ? { id: m.referrerStaffId, name: row.staffName } : null,
      registeredAt: m.registeredAt?.toISOString() ?? null,
    },
  };
}

/** The member card: code, points and those expiring soon, home store, tier and progress. */
export async function myCard(deps: AppDeps, user: LineIdentity) {
  await recordLiffVisit(deps, user);
  const card = await memberCard(deps, user.userId);
  if (!card) throw new Error("member vanished");
  return {
    memberCode: card.member.memberCode,
    status: card.member.status,
    points: card.points,
    expiringSoon: {
      points: card.expiringSoon.points,
      firstAt: card.expiringSoon.firstAt?.toISOString() ?? null,
    },
    homeStore: card.homeStore,
    name: card.member.name ?? card.member.displayName,
    tier: await memberTier(deps, card.member.id),
  };
}

/** A page of the points history, newest first. */
export async function myPoints(
  deps: AppDeps,
  user: LineIdentity,
  q: { limit: number; before?: string | undefined },
) {
  const me = await recordLiffVisit(deps, user);
  const page = await pointsHistory(deps, me.id, {
    limit: q.limit,
    ...(q.before ? { before: q.before } : {}),
  });
  // A refund's reversal (idempotency key `refund:<id>`) says how much money went back.
  const refundOf = (key: string | null) => (key?.startsWith("refund:") ? key.slice("refund:".length) : null);
  const ids = page.entries.flatMap((e) => (e.kind === "reverse" ? (refundOf(e.idempotencyKey) ?? []) : []));
  const refunded = new Map(
    ids.length === 0
      ? []
      : (
          await deps.db
            .select({ id: refunds.id, amount: refunds.amount })
            .from(refunds)
            .where(inArray(refunds.id, ids))
        ).map((r) => [r.id, r.amount]),
  );
  return {
    entries: page.entries.map((e) => ({
      id: e.id,
      kind: e.kind,
      points: e.points,
      reason: e.reason,
      channel: channelOf(e.reference),
      refundedAmount: e.kind === "reverse" ? (refunded.get(refundOf(e.idempotencyKey) ?? "") ?? null) : null,
      createdAt: e.createdAt.toISOString(),
    })),
    nextCursor: page.nextCursor,
  };
}

/** Where an entry's purchase or order was: its reference's first part (`pos:…`, `online:…`, `live:…`). */
function channelOf(reference: string | null): "store" | "online" | "live" | null {
  const source = reference?.split(":")[0];
  if (source === "staff" || source === "pos") return "store";
  if (source === "online" || source === "live") return source;
  return null;
}

/** The member's coupons in one of the three lists. */
export async function myCoupons(deps: AppDeps, user: LineIdentity, status: "available" | "used" | "expired") {
  const me = await recordLiffVisit(deps, user);
  const rows = await memberCoupons(deps, me.id, status);
  return {
    coupons: rows.map(({ c: cp, t, giftExpiresAt }) => ({
      code: cp.code,
      name: t.name,
      kind: t.kind,
      value: t.value,
      minSpend: t.minSpend,
      channel: t.channel,
      status: cp.status,
      expiresAt: cp.expiresAt.toISOString(),
      redeemedAt: cp.redeemedAt?.toISOString() ?? null,
      transferable: t.transferable,
      gift: giftExpiresAt ? { state: "pending" as const, expiresAt: giftExpiresAt.toISOString() } : null,
    })),
  };
}

/** Registration details and consent, against the current terms. */
export function profileJson(m: MemberRow) {
  return {
    name: m.name,
    phone: m.phone,
    phoneVerified: m.phoneVerifiedAt !== null,
    phoneVerifiedAt: m.phoneVerifiedAt?.toISOString() ?? null,
    birthday: m.birthday,
    email: m.email,
    status: m.status,
    consent: {
      version: m.consentVersion,
      at: m.consentAt?.toISOString() ?? null,
      current: CONSENT_VERSION,
      marketingOptOut: m.marketingOptOutAt !== null,
    },
  };
}
