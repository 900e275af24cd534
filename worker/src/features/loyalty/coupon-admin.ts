import type { z } from "@hono/zod-openapi";
import { and, asc, eq, inArray } from "drizzle-orm";
import { coupons, couponTemplates, members } from "../../../../db/schema";
import type { AppDeps } from "../../deps";
import { AppError, say } from "../../lib/errors";
import { type CouponTemplate, issueCoupon } from "./coupons";
import type { Template, TemplateInput } from "./schema";

/** The coupons service behind the admin API: templates, issuing to many members, voiding. */

type Db = AppDeps["db"];

export function templateJson(t: CouponTemplate): z.infer<typeof Template> {
  return {
    id: t.id,
    name: t.name,
    kind: t.kind,
    value: t.value,
    minSpend: t.minSpend,
    channel: t.channel,
    validFrom: t.validFrom?.toISOString() ?? null,
    validUntil: t.validUntil?.toISOString() ?? null,
    validDays: t.validDays,
    perMemberLimit: t.perMemberLimit,
    totalQuantity: t.totalQuantity,
    issuedCount: t.issuedCount,
    active: t.active,
    transferable: t.transferable,
  };
}

export async function createTemplate(
  deps: Pick<AppDeps, "db" | "ids" | "clock">,
  input: z.infer<typeof TemplateInput>,
): Promise<CouponTemplate> {
  const [row] = await deps.db
    .insert(couponTemplates)
    .values({
      id: deps.ids.id("tpl"),
      name: input.name,
      kind: input.kind,
      value: input.value,
      minSpend: input.minSpend,
      channel: input.channel,
      validFrom: input.validFrom ? new Date(input.validFrom) : null,
      validUntil: input.validUntil ? new Date(input.validUntil) : null,
      validDays: input.validDays ?? null,
      perMemberLimit: input.perMemberLimit,
      totalQuantity: input.totalQuantity ?? null,
      transferable: input.transferable,
      createdAt: deps.clock.now(),
    })
    .returning();
  if (!row) throw new Error("template not saved");
  return row;
}

/** Every template, oldest first. */
export async function listTemplates(db: Db): Promise<CouponTemplate[]> {
  return db.select().from(couponTemplates).orderBy(asc(couponTemplates.createdAt));
}

/** Refuses (404) a template id that does not exist. */
export async function requireTemplate(db: Db, templateId: string): Promise<void> {
  const [tpl] = await db
    .select({ id: couponTemplates.id })
    .from(couponTemplates)
    .where(eq(couponTemplates.id, templateId));
  if (!tpl)
    throw new AppError(
      "NOT_FOUND",
      say(`找不到優惠券範本 ${templateId}。`, `No coupon template ${templateId}.`),
    );
}

/**
 * Issues a template's coupon to each member by card code, once per member and `batchKey` (a
 * repeated call issues nothing new). Each member's outcome is counted; one refusal stops no one else.
 */
export async function issueToMembers(
  deps: Pick<AppDeps, "db" | "ids" | "clock">,
  templateId: string,
  input: { batchKey: string; memberCodes: string[] },
) {
  const { batchKey, memberCodes } = input;
  await requireTemplate(deps.db, templateId);
  const found = await deps.db
    .select({ id: members.id, code: members.memberCode })
    .from(members)
    .where(inArray(members.memberCode, memberCodes));
  const byCode = new Map(found.map((m) => [m.code, m.id]));
  let issued = 0;
  let alreadyIssued = 0;
  const refused: Array<{ memberCode: string; reason: string }> = [];
  for (const code of new Set(memberCodes)) {
    const memberId = byCode.get(code);
    if (!memberId) {
      refused.push({ memberCode: code, reason: "no member has this code" });
      continue;
    }
    try {
      const r = await issueCoupon(deps, {
        templateId,
        memberId,
        issueKey: `admin:${templateId}:${batchKey}:${memberId}`,
      });
      if (r.created) issued++;
      else alreadyIssued++;
    } catch (err) {
      refused.push({ memberCode: code, reason: err instanceof Error ? err.message : String(err) });
    }
  }
  return { issued, alreadyIssued, refused };
}

/** Voids an issued, unused coupon; any other state is a conflict. Answers the code as stored. */
export async function voidCoupon(db: Db, rawCode: string): Promise<string> {
  const code = rawCode.toUpperCase();
  const rows = await db
    .update(coupons)
    .set({ status: "voided" })
    .where(and(eq(coupons.code, code), eq(coupons.status, "issued")))
    .returning({ code: coupons.code });
  if (rows.length === 0)
    throw new AppError(
      "CONFLICT",
      say("僅能作廢未使用的優惠券。", "Only an issued, unused coupon can be voided."),
    );
  return code;
}
