import type { z } from "@hono/zod-openapi";
import { and, eq, sql } from "drizzle-orm";
import { coupons, couponTemplates } from "../../../../db/schema";
import type { AppDeps } from "../../deps";
import { batch } from "../../lib/batch";
import { AppError, say } from "../../lib/errors";
import { ADMIN_ACTOR, auditEntry, auditEntryIf } from "../audit";
import { requireTemplate, templateValues } from "./coupon-admin";
import type { CouponTemplate } from "./coupons";
import type { TemplatePatch } from "./schema";

type Deps = Pick<AppDeps, "db" | "ids" | "clock">;

/** What issued coupons are worth and when they start: fixed once one has been issued. */
const FROZEN = ["kind", "value", "minSpend", "channel", "validFrom"] as const;

const refuse = (field: string, text: ReturnType<typeof say>) =>
  new AppError("VALIDATION_FAILED", text, { issues: [{ path: field, message: text.en }] });

/**
 * Changes a template (only the fields sent), audited with the changed fields before → after.
 * Refused field by field: a frozen field once coupons exist, a percent over 100, a total under
 * what was already issued, neither an end nor a number of days. The update is conditional on the
 * issued count the checks saw, so a coupon issued meanwhile cannot slip past the freeze.
 */
export async function updateTemplate(deps: Deps, id: string, patch: z.infer<typeof TemplatePatch>) {
  const tpl = await requireTemplate(deps.db, id);
  const next: CouponTemplate = {
    ...tpl,
    ...(patch.name !== undefined ? { name: patch.name } : {}),
    ...(patch.kind !== undefined ? { kind: patch.kind } : {}),
    ...(patch.value !== undefined ? { value: patch.value } : {}),
    ...(patch.minSpend !== undefined ? { minSpend: patch.minSpend } : {}),
    ...(patch.channel !== undefined ? { channel: patch.channel } : {}),
    ...(patch.validFrom !== undefined
      ? { validFrom: patch.validFrom ? new Date(patch.validFrom) : null }
      : {}),
    ...(patch.validUntil !== undefined
      ? { validUntil: patch.validUntil ? new Date(patch.validUntil) : null }
      : {}),
    ...(patch.validDays !== undefined ? { validDays: patch.validDays } : {}),
    ...(patch.perMemberLimit !== undefined ? { perMemberLimit: patch.perMemberLimit } : {}),
    ...(patch.totalQuantity !== undefined ? { totalQuantity: patch.totalQuantity } : {}),
    ...(patch.transferable !== undefined ? { transferable: patch.transferable } : {}),
  };
  const before = templateValues(tpl);
  const after = templateValues(next);
  const changed = (Object.keys(after) as Array<keyof typeof after>).filter((k) => before[k] !== after[k]);
  if (tpl.issuedCount > 0)
    for (const f of FROZEN)
      if (changed.includes(f))
        throw refuse(
          f,
          say(
            `${f}：已發出 ${tpl.issuedCount} 張，面額與使用條件不能再改；請另建新範本。`,
            `${f}: ${tpl.issuedCount} coupons have been issued, so what they are worth and when they start cannot change; make a new template.`,
          ),
        );
  if (next.kind === "percent" && next.value > 100)
    throw refuse("value", say("value：折扣百分比最多 100。", "value: a percent is at most 100."));
  if (next.totalQuantity !== null && next.totalQuantity < tpl.issuedCount)
    throw refuse(
      "totalQuantity",
      say(
        `totalQuantity：已發出 ${tpl.issuedCount} 張，總量不能更少。`,
        `totalQuantity: ${tpl.issuedCount} have been issued already.`,
      ),
    );
  if (next.validDays === null && next.validUntil === null)
    throw refuse(
      "validDays",
      say("validDays：請給有效天數或結束日期。", "validDays: give validDays or validUntil."),
    );
  if (changed.length === 0) return next;
  const pick = (v: typeof before) => Object.fromEntries(changed.map((k) => [k, v[k]]));
  const { id: _id, issuedCount: _n, createdAt: _c, ...fields } = next;
  const [updated] = await batch(deps.db, [
    deps.db
      .update(couponTemplates)
      .set(fields)
      .where(and(eq(couponTemplates.id, id), eq(couponTemplates.issuedCount, tpl.issuedCount)))
      .returning({ id: couponTemplates.id }),
    auditEntryIf(
      deps,
      {
        actor: ADMIN_ACTOR,
        action: "couponTemplate.update",
        subject: { kind: "couponTemplate", id },
        before: pick(before),
        after: pick(after),
      },
      sql`changes() = 1`,
    ),
  ]);
  if (updated.length === 0)
    throw new AppError(
      "CONFLICT",
      say(
        "範本剛被發出新的優惠券，請重新整理後再改。",
        "Coupons were just issued from it; reload and try again.",
      ),
    );
  return next;
}

/**
 * Stops issuing a template (`active` false); with `voidUnused`, its issued, unused coupons are
 * voided in the same batch. Audited with how many were voided. Voiding twice changes nothing more.
 */
export async function voidTemplate(deps: Deps, id: string, opts: { voidUnused: boolean; reason: string }) {
  const tpl = await requireTemplate(deps.db, id);
  const unused = and(eq(coupons.templateId, id), eq(coupons.status, "issued"));
  const [n] = await deps.db.select({ n: sql<number>`count(*)` }).from(coupons).where(unused);
  const toVoid = opts.voidUnused ? Number(n?.n ?? 0) : 0;
  if (!tpl.active && toVoid === 0) return { active: false as const, voided: 0 };
  const results = await batch(deps.db, [
    deps.db.update(couponTemplates).set({ active: false }).where(eq(couponTemplates.id, id)),
    ...(opts.voidUnused
      ? [
          deps.db
            .update(coupons)
            .set({ status: "voided" as const })
            .where(unused)
            .returning({ id: coupons.id }),
        ]
      : []),
  ]);
  const voided = opts.voidUnused ? ((results[1] as Array<{ id: string }>) ?? []).length : 0;
  await auditEntry(deps, {
    actor: ADMIN_ACTOR,
    action: "couponTemplate.void",
    subject: { kind: "couponTemplate", id },
    before: { active: tpl.active },
    after: { active: false, couponsVoided: voided },
    reason: opts.reason,
  });
  return { active: false as const, voided };
}
