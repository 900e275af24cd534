import { and, eq, gt, isNull, ne, sql } from "drizzle-orm";
import { bindingScans, couponGifts, coupons, couponTemplates, members } from "../../../../db/schema";
import type { AppDeps } from "../../deps";
import { type BatchStatement, batch } from "../../lib/batch";
import { AppError, say } from "../../lib/errors";
import type { LineIdentity } from "../../lib/id-token";
import { sha256Hex } from "../../lib/keys";
import { errorMessage } from "../../lib/log";
import { randomToken } from "../../lib/random-token";
import { memberRichMenuId, recordLiffVisit } from "../members";
import { newCouponCode } from "./coupons";
import { couponRefusal, refuse } from "./gift-refusals";

/**
 * 轉贈: a member gives an unused coupon of a transferable template to a LINE friend. The link
 * carries a random token (only its SHA-256 is kept); accepting moves the coupon in one batch of
 * conditional updates whose row counts decide, so it moves once, to one person. The recipient
 * gets a fresh code (the giver had the old one on screen); a recipient with no home store yet is
 * bound to the giver's store and referrer (source `gift`).
 */

export const GIFT_TTL_MS = 7 * 86_400_000;

/** The link a friend opens: the LIFF gift page with the token. */
export const giftUrl = (liffId: string, token: string) =>
  `https://liff.line.me/${liffId}/member/gift?t=${encodeURIComponent(token)}`;

/**
 * Makes a gift link for one of the caller's coupons: issued, valid now, of a transferable template.
 * Asking again cancels the open link and makes a new one, in one batch (one open gift per coupon:
 * a partial unique index). The link lives 7 days, or until the coupon ends if that is sooner.
 */
export async function createGift(deps: AppDeps, user: LineIdentity, rawCode: string) {
  const { db } = deps;
  const me = await recordLiffVisit(deps, user);
  const now = deps.clock.now();
  const code = rawCode.trim().toUpperCase();
  const [row] = await db
    .select({ c: coupons, transferable: couponTemplates.transferable })
    .from(coupons)
    .innerJoin(couponTemplates, eq(couponTemplates.id, coupons.templateId))
    .where(eq(coupons.code, code));
  if (!row) return refuse("NOT_FOUND");
  if (row.c.memberId !== me.id) return refuse("NOT_YOURS");
  if (!row.transferable) return refuse("NOT_TRANSFERABLE");
  const why = couponRefusal(row.c, now);
  if (why) return refuse(why);

  const token = randomToken(32);
  const id = deps.ids.id("gft");
  const expiresAt = new Date(Math.min(now.getTime() + GIFT_TTL_MS, row.c.expiresAt.getTime()));
  const g = couponGifts;
  const t = couponTemplates;
  await batch(db, [
    db
      .update(g)
      .set({ state: "cancelled" })
      .where(and(eq(g.couponId, row.c.id), eq(g.state, "pending"))),
    // Written only while the coupon is still the caller's, unused and valid (a redemption may
    // have come in since it was read).
    db.insert(g).select(
      db
        .select({
          id: sql`${id}`.as("id"),
          couponId: sql`${row.c.id}`.as("coupon_id"),
          fromMemberId: sql`${me.id}`.as("from_member_id"),
          tokenHash: sql`${await sha256Hex(token)}`.as("token_hash"),
          state: sql`'pending'`.as("state"),
          toMemberId: sql`NULL`.as("to_member_id"),
          expiresAt: sql`${expiresAt.getTime()}`.as("expires_at"),
          acceptedAt: sql`NULL`.as("accepted_at"),
          createdAt: sql`${now.getTime()}`.as("created_at"),
        })
        .from(coupons)
        .innerJoin(t, eq(t.id, coupons.templateId))
        .where(
          and(
            eq(coupons.id, row.c.id),
            eq(coupons.memberId, me.id),
            eq(coupons.status, "issued"),
            sql`${coupons.validFrom} <= ${now.getTime()} AND ${coupons.expiresAt} > ${now.getTime()}`,
            eq(t.transferable, true),
          ),
        ),
    ),
  ]);
  const [made] = await db.select({ id: g.id }).from(g).where(eq(g.id, id));
  if (!made) {
    const [c] = await db.select().from(coupons).where(eq(coupons.id, row.c.id));
    return refuse((c && couponRefusal(c, now)) ?? "NOT_YOURS");
  }
  deps.log.info("coupon gift created", { giftId: id, couponId: row.c.id, memberId: me.id });
  return { giftId: id, url: giftUrl(deps.config.line.liffId, token), expiresAt: expiresAt.toISOString() };
}

/**
 * Takes back the open gift link of one of the caller's coupons (the share was not sent, or the
 * member changed their mind): pending → cancelled, so the link answers GIFT_CANCELLED. Nothing
 * open is not an error (a repeat, or a friend accepted first: then the coupon is no longer theirs).
 */
export async function withdrawGift(deps: AppDeps, user: LineIdentity, rawCode: string) {
  const { db } = deps;
  const me = await recordLiffVisit(deps, user);
  const [c] = await db
    .select({ id: coupons.id, memberId: coupons.memberId })
    .from(coupons)
    .where(eq(coupons.code, rawCode.trim().toUpperCase()));
  if (!c) return refuse("NOT_FOUND");
  if (c.memberId !== me.id) return refuse("NOT_YOURS");
  const g = couponGifts;
  const rows = await db
    .update(g)
    .set({ state: "cancelled" })
    .where(and(eq(g.couponId, c.id), eq(g.fromMemberId, me.id), eq(g.state, "pending")))
    .returning({ id: g.id });
  return { withdrawn: rows.length };
}

async function giftByToken(deps: AppDeps, token: string) {
  const [gift] = await deps.db
    .select()
    .from(couponGifts)
    .where(eq(couponGifts.tokenHash, await sha256Hex(token)));
  if (!gift)
    throw new AppError(
      "NOT_FOUND",
      say("找不到這份禮物，連結可能不完整。", "No gift has this link; it may be incomplete."),
      { reason: "NOT_FOUND" },
    );
  return gift;
}

/** The coupon a gift carries, without its code (only its owner's card shows that). */
async function giftCoupon(deps: AppDeps, couponId: string) {
  const [row] = await deps.db
    .select({ c: coupons, t: couponTemplates })
    .from(coupons)
    .innerJoin(couponTemplates, eq(couponTemplates.id, coupons.templateId))
    .where(eq(coupons.id, couponId));
  if (!row) throw new Error(`gift coupon ${couponId} vanished`);
  return row;
}

const couponView = ({ c, t }: Awaited<ReturnType<typeof giftCoupon>>) => ({
  name: t.name,
  kind: t.kind,
  value: t.value,
  minSpend: t.minSpend,
  channel: t.channel,
  expiresAt: c.expiresAt.toISOString(),
});

/** What a gift link offers, for the page shown before accepting. */
export async function giftOffer(deps: AppDeps, user: LineIdentity, token: string) {
  const gift = await giftByToken(deps, token);
  const me = await recordLiffVisit(deps, user);
  const now = deps.clock.now();
  const row = await giftCoupon(deps, gift.couponId);
  const [from] = await deps.db
    .select({ displayName: members.displayName })
    .from(members)
    .where(eq(members.id, gift.fromMemberId));
  let state = gift.state;
  if (state === "pending") {
    // The link ran out, or the coupon did, or the giver used it since: nothing left to accept.
    const why = row.c.memberId === gift.fromMemberId ? couponRefusal(row.c, now) : "GIFT_CANCELLED";
    if (gift.expiresAt <= now || why === "EXPIRED") state = "expired";
    else if (why) state = "cancelled";
  }
  return {
    giftId: gift.id,
    state,
    expiresAt: gift.expiresAt.toISOString(),
    from: { displayName: from?.displayName ?? null },
    coupon: couponView(row),
    yours: gift.fromMemberId === me.id,
    acceptedByYou: gift.state === "accepted" && gift.toMemberId === me.id,
  };
}

/** The answer to an accepted gift: the same for every repeat by the one who accepted it. */
async function accepted(deps: AppDeps, gift: typeof couponGifts.$inferSelect, memberId: string) {
  const row = await giftCoupon(deps, gift.couponId);
  const [scan] = await deps.db
    .select({ result: bindingScans.result })
    .from(bindingScans)
    .where(and(eq(bindingScans.tokenId, gift.id), eq(bindingScans.memberId, memberId)));
  return {
    giftId: gift.id,
    coupon: { code: row.c.memberId === memberId ? row.c.code : null, ...couponView(row) },
    bound: scan?.result === "bound",
  };
}

/**
 * Accepts a gift for the caller. One batch: the gift goes pending → accepted for this caller
 * (not expired, not the giver's own, the coupon still the giver's and unused); the coupon moves
 * from the giver to the caller with a new code only where that gift row is now the caller's; a
 * caller with no home store is bound to the giver's, and the binding is logged once per gift.
 * Two friends at once: one wins, the other is told it was taken; the same friend again gets the
 * same answer.
 */
export async function acceptGift(deps: AppDeps, user: LineIdentity, token: string) {
  const { db } = deps;
  const gift = await giftByToken(deps, token);
  const me = await recordLiffVisit(deps, user);
  if (gift.fromMemberId === me.id) return refuse("SELF_GIFT");
  const now = deps.clock.now();
  const at = now.getTime();
  const g = couponGifts;
  const [giver] = await db
    .select({ homeStoreId: members.homeStoreId, referrerStaffId: members.referrerStaffId })
    .from(members)
    .where(eq(members.id, gift.fromMemberId));

  const couponOpen = sql`EXISTS (SELECT 1 FROM ${coupons} WHERE ${coupons.id} = ${gift.couponId} AND ${coupons.memberId} = ${gift.fromMemberId} AND ${coupons.status} = 'issued' AND ${coupons.expiresAt} > ${at})`;
  const mine = sql`EXISTS (SELECT 1 FROM ${g} WHERE ${g.id} = ${gift.id} AND ${g.state} = 'accepted' AND ${g.toMemberId} = ${me.id})`;
  const take = db
    .update(g)
    .set({ state: "accepted", toMemberId: me.id, acceptedAt: now })
    .where(
      and(
        eq(g.id, gift.id),
        eq(g.state, "pending"),
        gt(g.expiresAt, now),
        ne(g.fromMemberId, me.id),
        couponOpen,
      ),
    )
    .returning({ id: g.id });
  const move = db
    .update(coupons)
    .set({ memberId: me.id, code: newCouponCode(deps) })
    .where(
      and(
        eq(coupons.id, gift.couponId),
        eq(coupons.memberId, gift.fromMemberId),
        eq(coupons.status, "issued"),
        mine,
      ),
    );
  const attribution: BatchStatement[] = [];
  if (giver?.homeStoreId) {
    attribution.push(
      db
        .update(members)
        .set({
          homeStoreId: giver.homeStoreId,
          referrerStaffId: giver.referrerStaffId,
          source: "gift",
          boundAt: now,
          updatedAt: now,
        })
        .where(and(eq(members.id, me.id), isNull(members.homeStoreId), mine)),
      db.insert(bindingScans).select(
        db
          .select({
            id: sql`${deps.ids.id("bsc")}`.as("id"),
            tokenId: sql`${gift.id}`.as("token_id"),
            memberId: sql`${me.id}`.as("member_id"),
            lineUserId: sql`${user.userId}`.as("line_user_id"),
            storeId: sql`${giver.homeStoreId}`.as("store_id"),
            staffId: sql`${giver.referrerStaffId}`.as("staff_id"),
            source: sql`'gift'`.as("source"),
            // Same batch, after the update: "bound" exactly when this gift set the attribution.
            result:
              sql`(CASE WHEN EXISTS (SELECT 1 FROM ${members} WHERE ${members.id} = ${me.id} AND ${members.boundAt} = ${at} AND ${members.homeStoreId} = ${giver.homeStoreId}) THEN 'bound' ELSE 'kept' END)`.as(
                "result",
              ),
            scannedAt: sql`${at}`.as("scanned_at"),
          })
          .from(g)
          .where(
            and(
              eq(g.id, gift.id),
              eq(g.state, "accepted"),
              eq(g.toMemberId, me.id),
              sql`NOT EXISTS (SELECT 1 FROM ${bindingScans} WHERE ${bindingScans.tokenId} = ${gift.id})`,
            ),
          ),
      ),
    );
  }
  const [taken] = await batch(db, [take, move, ...attribution]);

  if ((taken as unknown[]).length === 1) {
    const answer = await accepted(deps, { ...gift, state: "accepted", toMemberId: me.id }, me.id);
    deps.log.info("coupon gift accepted", { giftId: gift.id, memberId: me.id, bound: answer.bound });
    if (answer.bound) await linkMemberMenu(deps, user.userId);
    return answer;
  }
  return explainNotTaken(deps, gift.id, me.id, now);
}

/** Why the batch took nothing: someone else has it, it was withdrawn or ran out, or the coupon changed. */
async function explainNotTaken(deps: AppDeps, giftId: string, memberId: string, now: Date) {
  const { db } = deps;
  const g = couponGifts;
  const [gift] = await db.select().from(g).where(eq(g.id, giftId));
  if (!gift) throw new Error(`gift ${giftId} vanished`);
  if (gift.state === "accepted") {
    if (gift.toMemberId === memberId) return accepted(deps, gift, memberId);
    return refuse("ALREADY_ACCEPTED");
  }
  if (gift.state === "cancelled") return refuse("GIFT_CANCELLED");
  if (gift.state === "expired" || gift.expiresAt <= now) {
    await db
      .update(g)
      .set({ state: "expired" })
      .where(and(eq(g.id, giftId), eq(g.state, "pending")));
    return refuse("GIFT_EXPIRED");
  }
  // Still pending and current: the coupon is no longer the giver's to give. The link is spent.
  const [c] = await db.select().from(coupons).where(eq(coupons.id, gift.couponId));
  await db
    .update(g)
    .set({ state: "cancelled" })
    .where(and(eq(g.id, giftId), eq(g.state, "pending")));
  const why = c && c.memberId === gift.fromMemberId ? couponRefusal(c, now) : null;
  return refuse(why ?? "GIFT_CANCELLED");
}

/** As after a store-QR binding: the member rich menu replaces the guest one. */
async function linkMemberMenu(deps: AppDeps, userId: string) {
  const menu = await memberRichMenuId(deps, userId);
  if (!menu) return;
  await deps.line
    .linkRichMenuToUser(userId, menu)
    .catch((err) => deps.log.warn("member rich menu not linked", { error: errorMessage(err) }));
}
