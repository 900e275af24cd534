import { and, eq, type SQL, sql } from "drizzle-orm";
import { coupons, couponTemplates } from "../../../../db/schema";
import type { AppDeps } from "../../deps";
import { type BatchStatement, batch } from "../../lib/batch";
import { AppError, say, type Text } from "../../lib/errors";
import { type Actor, auditEntryIf } from "../audit";

type Deps = Pick<AppDeps, "db" | "ids" | "clock">;
export type Coupon = typeof coupons.$inferSelect;
export type CouponTemplate = typeof couponTemplates.$inferSelect;

export const CODE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"; // no 0/O, 1/I: read aloud at a counter

/** When a coupon issued from `tpl` at `now` is good: from its window, or `validDays` from now. */
export function couponWindow(tpl: CouponTemplate, now: Date): { validFrom: Date; expiresAt: Date | null } {
  const validFrom = tpl.validFrom && tpl.validFrom > now ? tpl.validFrom : now;
  const expiresAt = tpl.validDays ? new Date(now.getTime() + tpl.validDays * 86_400_000) : tpl.validUntil;
  return { validFrom, expiresAt };
}

/** 12 characters from 32 (60 bits): unguessable, short enough for a barcode and a cashier. */
export function newCouponCode(deps: Pick<AppDeps, "ids">): string {
  const hex = deps.ids.uuid().replace(/-/g, "");
  let n = BigInt(`0x${hex}`);
  let out = "";
  for (let i = 0; i < 12; i++) {
    out += CODE_ALPHABET[Number(n % 32n)];
    n /= 32n;
  }
  return out;
}

/**
 * Issues one coupon from a template to a member, idempotently by `issueKey`. One batch: the
 * coupon is inserted only while the template is active, in its window, under its total quantity
 * and the member's limit; the template's issued count moves only if it was. Returns the coupon,
 * or explains (as AppError) why none could be issued.
 */
export async function issueCoupon(
  deps: Deps,
  input: { templateId: string; memberId: string; issueKey: string },
  /** Statements for the same batch, gated on this call having issued the coupon (e.g. its audit entry). */
  alsoIfIssued?: (issued: SQL, couponId: string) => BatchStatement[],
): Promise<{ coupon: Coupon; created: boolean }> {
  const { db } = deps;
  const now = deps.clock.now();
  const [tpl] = await db.select().from(couponTemplates).where(eq(couponTemplates.id, input.templateId));
  if (!tpl)
    throw new AppError(
      "NOT_FOUND",
      say(`找不到優惠券範本 ${input.templateId}。`, `No coupon template ${input.templateId}.`),
    );
  const { validFrom, expiresAt } = couponWindow(tpl, now);
  if (!expiresAt)
    throw new AppError(
      "UNPROCESSABLE",
      say(
        "此優惠券範本沒有結束日期，也沒有有效天數。",
        "The template has neither an end date nor a number of valid days.",
      ),
    );
  const id = deps.ids.id("cpn");
  const t = couponTemplates;
  await batch(db, [
    db.insert(coupons).select(
      db
        .select({
          id: sql`${id}`.as("id"),
          templateId: sql`${tpl.id}`.as("template_id"),
          memberId: sql`${input.memberId}`.as("member_id"),
          code: sql`${newCouponCode(deps)}`.as("code"),
          status: sql`'issued'`.as("status"),
          issueKey: sql`${input.issueKey}`.as("issue_key"),
          issuedAt: sql`${now.getTime()}`.as("issued_at"),
          validFrom: sql`${validFrom.getTime()}`.as("valid_from"),
          expiresAt: sql`${expiresAt.getTime()}`.as("expires_at"),
          redeemedAt: sql`NULL`.as("redeemed_at"),
          redeemedBy: sql`NULL`.as("redeemed_by"),
          redeemedReference: sql`NULL`.as("redeemed_reference"),
          reservedFor: sql`NULL`.as("reserved_for"),
          reservedUntil: sql`NULL`.as("reserved_until"),
        })
        .from(t)
        .where(
          and(
            eq(t.id, tpl.id),
            eq(t.active, true),
            sql`(${t.validUntil} IS NULL OR ${t.validUntil} > ${now.getTime()})`,
            sql`(${t.totalQuantity} IS NULL OR ${t.issuedCount} < ${t.totalQuantity})`,
            sql`(SELECT count(*) FROM ${coupons} WHERE ${coupons.templateId} = ${tpl.id} AND ${coupons.memberId} = ${input.memberId}) < ${t.perMemberLimit}`,
            sql`NOT EXISTS (SELECT 1 FROM ${coupons} WHERE ${coupons.issueKey} = ${input.issueKey})`,
          ),
        ),
    ),
    db
      .update(t)
      .set({ issuedCount: sql`${t.issuedCount} + 1` })
      .where(and(eq(t.id, tpl.id), sql`EXISTS (SELECT 1 FROM ${coupons} WHERE ${coupons.id} = ${id})`)),
    ...(alsoIfIssued?.(sql`EXISTS (SELECT 1 FROM ${coupons} WHERE ${coupons.id} = ${id})`, id) ?? []),
  ]);
  const [mine] = await db.select().from(coupons).where(eq(coupons.issueKey, input.issueKey));
  if (mine) return { coupon: mine, created: mine.id === id };
  const [fresh] = await db.select().from(couponTemplates).where(eq(couponTemplates.id, tpl.id));
  if (!fresh?.active || (fresh.validUntil && fresh.validUntil <= now))
    throw new AppError(
      "UNPROCESSABLE",
      say("此優惠券已停止發放。", "This coupon is no longer being issued."),
    );
  if (fresh.totalQuantity !== null && fresh.issuedCount >= fresh.totalQuantity)
    throw new AppError(
      "UNPROCESSABLE",
      say("此優惠券已發放完畢。", "All of these coupons have been given out."),
    );
  throw new AppError(
    "UNPROCESSABLE",
    say("已達每人可領取張數。", "This member already has as many of these coupons as allowed."),
  );
}

export type RedeemRefusal =
  | "NOT_FOUND"
  | "ALREADY_REDEEMED"
  | "EXPIRED"
  | "VOIDED"
  | "NOT_YET_VALID"
  | "WRONG_CHANNEL"
  | "NOT_YOURS"
  | "RESERVED";

export const REFUSALS: Record<RedeemRefusal, Text> = {
  NOT_FOUND: say("查無此優惠券。", "No coupon has this code."),
  ALREADY_REDEEMED: say("此優惠券已使用。", "This coupon has already been used."),
  EXPIRED: say("此優惠券已過期。", "This coupon has expired."),
  VOIDED: say("此優惠券已作廢。", "This coupon has been voided."),
  NOT_YET_VALID: say("此優惠券尚未開始使用。", "This coupon cannot be used yet."),
  WRONG_CHANNEL: say("此優惠券不適用於此通路。", "This coupon cannot be used here."),
  NOT_YOURS: say("此優惠券不屬於此會員。", "This coupon belongs to another member."),
  RESERVED: say(
    "此優惠券已被一筆尚未付款的網路訂單保留。",
    "This coupon is held for an online order that is not paid yet.",
  ),
};

/**
 * Redeems a coupon by its code: one conditional update (`status = 'issued'` and valid now, on
 * this channel) whose row count decides — two devices at the same moment get one success and
 * one "already used". A refusal says why. With `audit`, the entry (`coupon.redeem`) is in the
 * update's batch, written only if the update redeemed it: a repeat writes none.
 */
export async function redeemCoupon(
  deps: Deps,
  input: {
    code: string;
    channel: "online" | "store";
    by: string;
    reference?: string;
    memberId?: string;
    audit?: { actor: Actor; storeId: string | null };
  },
): Promise<Coupon> {
  const { db } = deps;
  const now = deps.clock.now();
  const code = input.code.trim().toUpperCase();
  const channelOk = sql`(SELECT ${couponTemplates.channel} FROM ${couponTemplates} WHERE ${couponTemplates.id} = ${coupons.templateId}) IN ('both', ${input.channel})`;
  const [target] = input.audit
    ? await db
        .select({ id: coupons.id, memberId: coupons.memberId })
        .from(coupons)
        .where(eq(coupons.code, code))
    : [];
  const redeem = db
    .update(coupons)
    .set({
      status: "redeemed",
      redeemedAt: now,
      redeemedBy: input.by,
      redeemedReference: input.reference ?? null,
    })
    .where(
      and(
        eq(coupons.code, code),
        eq(coupons.status, "issued"),
        sql`${coupons.validFrom} <= ${now.getTime()} AND ${coupons.expiresAt} > ${now.getTime()}`,
        channelOk,
        ...(input.memberId ? [eq(coupons.memberId, input.memberId)] : []),
      ),
    )
    .returning();
  const [won] =
    input.audit && target
      ? (
          await batch(db, [
            redeem,
            auditEntryIf(
              deps,
              {
                actor: input.audit.actor,
                action: "coupon.redeem",
                subject: { kind: "coupon", id: target.id },
                memberId: target.memberId,
                storeId: input.audit.storeId,
                before: { status: "issued" },
                after: {
                  status: "redeemed",
                  code,
                  channel: input.channel,
                  reference: input.reference ?? null,
                },
              },
              sql`changes() = 1`,
            ),
          ])
        )[0]
      : await redeem;
  if (won) return won;
  const [c] = await db.select().from(coupons).where(eq(coupons.code, code));
  const refuse = (r: RedeemRefusal) => {
    throw new AppError(r === "NOT_FOUND" ? "NOT_FOUND" : "UNPROCESSABLE", REFUSALS[r], { reason: r });
  };
  if (!c) return refuse("NOT_FOUND");
  if (input.memberId && c.memberId !== input.memberId) return refuse("NOT_YOURS");
  if (c.status === "redeemed") return refuse("ALREADY_REDEEMED");
  if (c.status === "reserved") return refuse("RESERVED");
  if (c.status === "voided") return refuse("VOIDED");
  if (c.status === "expired" || c.expiresAt <= now) return refuse("EXPIRED");
  if (c.validFrom > now) return refuse("NOT_YET_VALID");
  return refuse("WRONG_CHANNEL");
}

/** Marks issued coupons past their end as expired (sweep). */
export async function expireCoupons(deps: Deps): Promise<number> {
  const rows = await deps.db
    .update(coupons)
    .set({ status: "expired" })
    .where(and(eq(coupons.status, "issued"), sql`${coupons.expiresAt} <= ${deps.clock.now().getTime()}`))
    .returning({ id: coupons.id });
  return rows.length;
}
