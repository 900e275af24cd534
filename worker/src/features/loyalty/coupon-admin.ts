import type { z } from "@hono/zod-openapi";
import { and, asc, desc, eq, inArray, lt, or, sql } from "drizzle-orm";
import { coupons, couponTemplates, members } from "../../../../db/schema";
import type { AppDeps } from "../../deps";
import { batch } from "../../lib/batch";
import { AppError, say } from "../../lib/errors";
import { ADMIN_ACTOR, auditEntry, auditEntryIf } from "../audit";
import { type CouponTemplate, issueCoupon } from "./coupons";
import type { Template, TemplateInput } from "./schema";

/** The coupons service behind the admin API: templates, their numbers, issuing, voiding. */

type Db = AppDeps["db"];
type Deps = Pick<AppDeps, "db" | "ids" | "clock">;
export type Numbers = z.infer<typeof Template>["numbers"];

const NO_NUMBERS: Numbers = {
  issued: 0,
  usable: 0,
  reserved: 0,
  redeemed: 0,
  expired: 0,
  voided: 0,
  redemptionRate: 0,
};

export function templateJson(t: CouponTemplate, numbers: Numbers = NO_NUMBERS): z.infer<typeof Template> {
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
    createdAt: t.createdAt.toISOString(),
    numbers,
  };
}

/** What an audit entry keeps of a template. */
export const templateValues = (t: CouponTemplate) => ({
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
  transferable: t.transferable,
  active: t.active,
});

export async function createTemplate(
  deps: Deps,
  input: z.infer<typeof TemplateInput>,
): Promise<CouponTemplate> {
  const row: CouponTemplate = {
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
    issuedCount: 0,
    active: true,
    transferable: input.transferable,
    createdAt: deps.clock.now(),
  };
  await batch(deps.db, [
    deps.db.insert(couponTemplates).values(row),
    auditEntry(deps, {
      actor: ADMIN_ACTOR,
      action: "couponTemplate.create",
      subject: { kind: "couponTemplate", id: row.id },
      after: templateValues(row),
    }),
  ]);
  return row;
}

/** Each template's numbers, counted from its coupons (an unused coupon past its end counts as expired). */
export async function templateNumbers(deps: Pick<AppDeps, "db" | "clock">, ids?: string[]) {
  const now = deps.clock.now().getTime();
  const c = coupons;
  const rows = await deps.db
    .select({
      id: c.templateId,
      issued: sql<number>`count(*)`,
      usable: sql<number>`sum(${c.status} = 'issued' AND ${c.expiresAt} > ${now})`,
      reserved: sql<number>`sum(${c.status} = 'reserved')`,
      redeemed: sql<number>`sum(${c.status} = 'redeemed')`,
      expired: sql<number>`sum(${c.status} = 'expired' OR (${c.status} = 'issued' AND ${c.expiresAt} <= ${now}))`,
      voided: sql<number>`sum(${c.status} = 'voided')`,
    })
    .from(c)
    .where(ids ? inArray(c.templateId, ids) : undefined)
    .groupBy(c.templateId);
  return new Map(
    rows.map((r) => {
      const n = {
        issued: Number(r.issued),
        usable: Number(r.usable ?? 0),
        reserved: Number(r.reserved ?? 0),
        redeemed: Number(r.redeemed ?? 0),
        expired: Number(r.expired ?? 0),
        voided: Number(r.voided ?? 0),
      };
      return [
        r.id,
        { ...n, redemptionRate: n.issued ? Math.round((n.redeemed / n.issued) * 1000) / 1000 : 0 },
      ];
    }),
  );
}

/** Every template with its numbers, oldest first. */
export async function listTemplates(deps: Pick<AppDeps, "db" | "clock">) {
  const [rows, numbers] = await Promise.all([
    deps.db.select().from(couponTemplates).orderBy(asc(couponTemplates.createdAt), asc(couponTemplates.id)),
    templateNumbers(deps),
  ]);
  return rows.map((t) => templateJson(t, numbers.get(t.id)));
}

/** The template, or 404. */
export async function requireTemplate(db: Db, templateId: string): Promise<CouponTemplate> {
  const [tpl] = await db.select().from(couponTemplates).where(eq(couponTemplates.id, templateId));
  if (!tpl)
    throw new AppError(
      "NOT_FOUND",
      say(`找不到優惠券範本 ${templateId}。`, `No coupon template ${templateId}.`),
    );
  return tpl;
}

/** One template with its numbers and a page of its coupons (newest first, `before` = the last page's `next`). */
export async function templateDetail(
  deps: Pick<AppDeps, "db" | "clock">,
  id: string,
  page: { limit: number; before?: string | undefined },
) {
  const tpl = await requireTemplate(deps.db, id);
  const numbers = await templateNumbers(deps, [id]);
  const cursor = page.before ? /^(\d{1,15})_(.+)$/.exec(page.before) : null;
  if (page.before && !cursor)
    throw new AppError(
      "VALIDATION_FAILED",
      say("before：請使用上一頁回傳的 next。", "before: pass the next of the page before."),
    );
  const at = cursor ? new Date(Number(cursor[1])) : null;
  const rows = await deps.db
    .select({ c: coupons, memberCode: members.memberCode, name: members.name, lineName: members.displayName })
    .from(coupons)
    .innerJoin(members, eq(members.id, coupons.memberId))
    .where(
      and(
        eq(coupons.templateId, id),
        at && cursor?.[2]
          ? or(lt(coupons.issuedAt, at), and(eq(coupons.issuedAt, at), lt(coupons.id, cursor[2])))
          : undefined,
      ),
    )
    .orderBy(desc(coupons.issuedAt), desc(coupons.id))
    .limit(page.limit + 1);
  const shown = rows.slice(0, page.limit);
  const last = shown.at(-1);
  return {
    template: templateJson(tpl, numbers.get(id)),
    coupons: shown.map(({ c, memberCode, name, lineName }) => ({
      code: c.code,
      memberId: c.memberId,
      memberCode,
      memberName: name ?? lineName,
      status: c.status,
      issuedAt: c.issuedAt.toISOString(),
      expiresAt: c.expiresAt.toISOString(),
      redeemedAt: c.redeemedAt?.toISOString() ?? null,
    })),
    next: rows.length > page.limit && last ? `${last.c.issuedAt.getTime()}_${last.c.id}` : null,
  };
}

/**
 * Issues a template's coupon to each member by card code, once per member and `batchKey` (a
 * repeated call issues nothing new), with the admin's reason; each coupon issued has its audit
 * entry in the same batch. One refusal stops no one else.
 */
export async function issueToMembers(
  deps: Deps,
  templateId: string,
  input: { batchKey: string; memberCodes: string[]; reason: string },
) {
  const { batchKey, memberCodes, reason } = input;
  await requireTemplate(deps.db, templateId);
  const codes = [...new Set(memberCodes.map((c) => c.trim().toUpperCase()))];
  const found = await deps.db
    .select({ id: members.id, code: members.memberCode })
    .from(members)
    .where(inArray(members.memberCode, codes));
  const byCode = new Map(found.map((m) => [m.code, m.id]));
  let issued = 0;
  let alreadyIssued = 0;
  const refused: Array<{ memberCode: string; reason: string }> = [];
  for (const code of codes) {
    const memberId = byCode.get(code);
    if (!memberId) {
      refused.push({ memberCode: code, reason: "no member has this code" });
      continue;
    }
    try {
      const r = await issueCoupon(
        deps,
        { templateId, memberId, issueKey: `admin:${templateId}:${batchKey}:${memberId}` },
        (written, couponId) => [
          auditEntryIf(
            deps,
            {
              actor: ADMIN_ACTOR,
              action: "coupon.issue",
              subject: { kind: "coupon", id: couponId },
              memberId,
              after: { templateId, status: "issued" },
              reason,
            },
            written,
          ),
        ],
      );
      if (r.created) issued++;
      else alreadyIssued++;
    } catch (err) {
      refused.push({ memberCode: code, reason: err instanceof Error ? err.message : String(err) });
    }
  }
  return { issued, alreadyIssued, refused };
}

/** Voids an issued, unused coupon (audited); any other state is a conflict. Answers the code as stored. */
export async function voidCoupon(deps: Deps, rawCode: string, reason = ""): Promise<string> {
  const code = rawCode.toUpperCase();
  const [c] = await deps.db.select().from(coupons).where(eq(coupons.code, code));
  const unused = and(eq(coupons.code, code), eq(coupons.status, "issued"));
  const [rows] = c
    ? await batch(deps.db, [
        deps.db.update(coupons).set({ status: "voided" }).where(unused).returning({ code: coupons.code }),
        auditEntryIf(
          deps,
          {
            actor: ADMIN_ACTOR,
            action: "coupon.void",
            subject: { kind: "coupon", id: c.id },
            memberId: c.memberId,
            before: { status: "issued" },
            after: { status: "voided" },
            reason,
          },
          // Only when the update just before it (same batch, same connection) voided the coupon.
          sql`changes() = 1`,
        ),
      ])
    : [[]];
  if (rows.length === 0)
    throw new AppError(
      "CONFLICT",
      say("僅能作廢未使用的優惠券。", "Only an issued, unused coupon can be voided."),
    );
  return code;
}
