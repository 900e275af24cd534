/**
 * 名單發券: a coupon template issued to a segment's members in one batch — an INSERT … SELECT
 * over the rule (no loop over members), each coupon keyed
 * `segment:<id>:<templateId>:<batchKey>:<memberId>` so a repeat issues nothing twice, the
 * template's per-member limit and total quantity decided in the same statement, and the
 * template's issued count written beside it.
 */
import { and, eq, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import { coupons, couponTemplates, members } from "../../../../db/schema";
import type { AppDeps } from "../../deps";
import { batch } from "../../lib/batch";
import { AppError, say } from "../../lib/errors";
import { CODE_ALPHABET, couponWindow } from "../loyalty";
import { ruleWhere } from "./rule-sql";
import { countRule, requireSegment } from "./segments";

const m = alias(members, "m");

/** A 12-character code of the loyalty feature's alphabet, drawn in SQL, one per row. */
const codeSql = sql.raw(
  Array.from({ length: 12 }, () => `substr('${CODE_ALPHABET}', 1 + (abs(random()) % 32), 1)`).join(" || "),
);

export interface SegmentIssue {
  members: number;
  issued: number;
  alreadyIssued: number;
  /** In the segment but given none: their per-member limit reached, or the template ran out. */
  notIssued: number;
}

export async function issueToSegment(
  deps: Pick<AppDeps, "db" | "clock">,
  segmentId: string,
  input: { templateId: string; batchKey: string },
): Promise<SegmentIssue> {
  const { db } = deps;
  const seg = await requireSegment(db, segmentId);
  const now = deps.clock.now();
  const t = now.getTime();
  const [tpl] = await db.select().from(couponTemplates).where(eq(couponTemplates.id, input.templateId));
  if (!tpl)
    throw new AppError(
      "NOT_FOUND",
      say(`找不到優惠券範本 ${input.templateId}。`, `No coupon template ${input.templateId}.`),
      { field: "templateId" },
    );
  const { validFrom, expiresAt } = couponWindow(tpl, now);
  if (!tpl.active || !expiresAt || expiresAt <= now)
    throw new AppError(
      "UNPROCESSABLE",
      say("此優惠券已停止發放。", "This coupon is no longer being issued."),
      {
        field: "templateId",
      },
    );
  const prefix = `segment:${seg.id}:${tpl.id}:${input.batchKey}:`;
  const ofBatch = () =>
    db
      .select({ n: sql<number>`count(*)`.mapWith(Number) })
      .from(coupons)
      .where(
        and(
          eq(coupons.templateId, tpl.id),
          sql`substr(${coupons.issueKey}, 1, ${prefix.length}) = ${prefix}`,
        ),
      );

  const [[before], size] = await Promise.all([ofBatch(), countRule(db, seg.rule, now)]);
  // The segment's members who may still get one, numbered, so the template's remaining quantity
  // (read in the same statement) decides how many do.
  const ranked = db
    .select({ id: m.id, rn: sql<number>`ROW_NUMBER() OVER (ORDER BY ${m.id})`.as("rn") })
    .from(m)
    .where(
      and(
        ruleWhere(seg.rule, now),
        sql`NOT EXISTS (SELECT 1 FROM ${coupons} c WHERE c.issue_key = ${prefix} || ${m.id})`,
        sql`(SELECT count(*) FROM ${coupons} c WHERE c.template_id = ${tpl.id} AND c.member_id = ${m.id}) < ${tpl.perMemberLimit}`,
      ),
    )
    .as("ranked");
  const remaining = sql`COALESCE((SELECT total_quantity - issued_count FROM coupon_templates WHERE id = ${tpl.id}), ${Number.MAX_SAFE_INTEGER})`;
  await batch(db, [
    db
      .insert(coupons)
      .select(
        db
          .select({
            id: sql`'cpn_' || lower(hex(randomblob(12)))`.as("id"),
            templateId: sql`${tpl.id}`.as("template_id"),
            memberId: sql`${ranked.id}`.as("member_id"),
            code: sql`${codeSql}`.as("code"),
            status: sql`'issued'`.as("status"),
            issueKey: sql`${prefix} || ${ranked.id}`.as("issue_key"),
            issuedAt: sql`${t}`.as("issued_at"),
            validFrom: sql`${validFrom.getTime()}`.as("valid_from"),
            expiresAt: sql`${expiresAt.getTime()}`.as("expires_at"),
            redeemedAt: sql`NULL`.as("redeemed_at"),
            redeemedBy: sql`NULL`.as("redeemed_by"),
            redeemedReference: sql`NULL`.as("redeemed_reference"),
            reservedFor: sql`NULL`.as("reserved_for"),
            reservedUntil: sql`NULL`.as("reserved_until"),
          })
          .from(ranked)
          .where(sql`${ranked.rn} <= ${remaining}`),
      )
      .onConflictDoNothing(),
    db
      .update(couponTemplates)
      .set({ issuedCount: sql`(SELECT count(*) FROM ${coupons} WHERE ${coupons.templateId} = ${tpl.id})` })
      .where(eq(couponTemplates.id, tpl.id)),
  ]);
  const [after] = await ofBatch();
  const had = before?.n ?? 0;
  const issued = (after?.n ?? 0) - had;
  return { members: size, issued, alreadyIssued: had, notIssued: Math.max(0, size - had - issued) };
}
