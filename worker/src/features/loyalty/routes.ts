import { createRoute, z } from "@hono/zod-openapi";
import { and, asc, eq, inArray } from "drizzle-orm";
import { coupons, couponTemplates, members } from "../../../../db/schema";
import { requireAdmin } from "../../lib/admin-auth";
import { AppError } from "../../lib/errors";
import { createRouter } from "../../lib/hono";
import { errorResponses, jsonResponse as json } from "../../lib/openapi";
import { issueCoupon } from "./coupons";
import { EarnRules, earnRules, putEarnRules } from "./earn-rules";
import { LOYALTY_SETTINGS, type LoyaltySettingName, loyaltySettings, writeSetting } from "./settings";

const security = [{ adminToken: [] }];
const tags = ["Coupons"];

const TemplateInput = z
  .object({
    name: z.string().trim().min(1).max(60),
    kind: z.enum(["amount", "percent"]),
    value: z.number().int().min(1),
    minSpend: z.number().int().min(0).default(0),
    channel: z.enum(["online", "store", "both"]).default("both"),
    validFrom: z.string().datetime().optional(),
    validUntil: z.string().datetime().optional(),
    validDays: z.number().int().min(1).max(3650).optional(),
    perMemberLimit: z.number().int().min(1).max(100).default(1),
    totalQuantity: z.number().int().min(1).optional(),
  })
  .refine((t) => t.kind !== "percent" || t.value <= 100, {
    path: ["value"],
    message: "a percent is at most 100",
  })
  .refine((t) => t.validDays !== undefined || t.validUntil !== undefined, {
    path: ["validDays"],
    message: "give validDays or validUntil",
  })
  .openapi("CouponTemplateInput");
const Template = z
  .object({
    id: z.string(),
    name: z.string(),
    kind: z.enum(["amount", "percent"]),
    value: z.number(),
    minSpend: z.number(),
    channel: z.enum(["online", "store", "both"]),
    validFrom: z.string().nullable(),
    validUntil: z.string().nullable(),
    validDays: z.number().nullable(),
    perMemberLimit: z.number(),
    totalQuantity: z.number().nullable(),
    issuedCount: z.number(),
    active: z.boolean(),
  })
  .openapi("CouponTemplate");
const toTemplate = (t: typeof couponTemplates.$inferSelect): z.infer<typeof Template> => ({
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
});

/** 優惠券 admin: templates, issuing to members (one or many), voiding. */
export function couponRoutes() {
  const app = createRouter();
  app.use("/api/admin/coupon-templates", requireAdmin);
  app.use("/api/admin/coupon-templates/*", requireAdmin);
  app.use("/api/admin/coupons/*", requireAdmin);
  app.use("/api/admin/loyalty/settings", requireAdmin);

  app.openapi(
    createRoute({
      method: "post",
      path: "/api/admin/coupon-templates",
      tags,
      security,
      summary: "Create a coupon template",
      request: { body: { content: { "application/json": { schema: TemplateInput } }, required: true } },
      responses: { 201: json(Template, "The template"), ...errorResponses(400, 401) },
    }),
    async (c) => {
      const deps = c.var.deps;
      const input = c.req.valid("json");
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
          createdAt: deps.clock.now(),
        })
        .returning();
      if (!row) throw new Error("template not saved");
      return c.json(toTemplate(row), 201);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/api/admin/coupon-templates",
      tags,
      security,
      summary: "Coupon templates with how many were issued",
      responses: {
        200: json(z.object({ templates: z.array(Template) }), "Templates"),
        ...errorResponses(401),
      },
    }),
    async (c) =>
      c.json(
        {
          templates: (
            await c.var.deps.db.select().from(couponTemplates).orderBy(asc(couponTemplates.createdAt))
          ).map(toTemplate),
        },
        200,
      ),
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/api/admin/coupon-templates/{id}/issue",
      tags,
      security,
      summary: "Issue coupons to members by card code (≤ 1,000 per call); repeat-safe with the same batchKey",
      request: {
        params: z.object({ id: z.string() }),
        body: {
          content: {
            "application/json": {
              schema: z.object({
                batchKey: z.string().min(1).max(64),
                memberCodes: z.array(z.string().min(4).max(32)).min(1).max(1000),
              }),
            },
          },
          required: true,
        },
      },
      responses: {
        200: json(
          z.object({
            issued: z.number(),
            alreadyIssued: z.number(),
            refused: z.array(z.object({ memberCode: z.string(), reason: z.string() })),
          }),
          "What happened for each member",
        ),
        ...errorResponses(400, 401, 404),
      },
    }),
    async (c) => {
      const deps = c.var.deps;
      const templateId = c.req.valid("param").id;
      const { batchKey, memberCodes } = c.req.valid("json");
      const [tpl] = await deps.db
        .select({ id: couponTemplates.id })
        .from(couponTemplates)
        .where(eq(couponTemplates.id, templateId));
      if (!tpl) throw new AppError("NOT_FOUND", `No coupon template ${templateId}.`);
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
      return c.json({ issued, alreadyIssued, refused }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/api/admin/coupons/{code}/void",
      tags,
      security,
      summary: "Void an issued coupon (it can no longer be used)",
      request: { params: z.object({ code: z.string() }) },
      responses: {
        200: json(z.object({ code: z.string(), status: z.literal("voided") }), "Voided"),
        ...errorResponses(401, 409),
      },
    }),
    async (c) => {
      const code = c.req.valid("param").code.toUpperCase();
      const rows = await c.var.deps.db
        .update(coupons)
        .set({ status: "voided" })
        .where(and(eq(coupons.code, code), eq(coupons.status, "issued")))
        .returning({ code: coupons.code });
      if (rows.length === 0)
        throw new AppError(
          "CONFLICT",
          "Only an issued, unused coupon can be voided. 僅能作廢未使用的優惠券。",
        );
      return c.json({ code, status: "voided" as const }, 200);
    },
  );
  const templateRef = z.string().min(1).max(64).nullable().optional();
  const Settings = z
    .object({
      welcomeCouponTemplate: z.string().nullable(),
      birthdayCouponTemplate: z.string().nullable(),
      goldCouponTemplate: z.string().nullable(),
      platinumCouponTemplate: z.string().nullable(),
      tierReviewDay: z.string().nullable(),
      expiryReminderDays: z.string().nullable(),
    })
    .openapi("LoyaltySettings");
  app.openapi(
    createRoute({
      method: "get",
      path: "/api/admin/loyalty/settings",
      tags,
      security,
      summary:
        "Coupons issued on events (welcome, birthday, tier up), the tier review day, the expiry reminder",
      responses: { 200: json(Settings, "Settings (null: not set)"), ...errorResponses(401) },
    }),
    async (c) => c.json(await loyaltySettings(c.var.deps.db), 200),
  );
  app.openapi(
    createRoute({
      method: "put",
      path: "/api/admin/loyalty/settings",
      tags,
      security,
      summary: "Change loyalty settings (only the fields given; null clears one)",
      request: {
        body: {
          content: {
            "application/json": {
              schema: z.object({
                welcomeCouponTemplate: templateRef,
                birthdayCouponTemplate: templateRef,
                goldCouponTemplate: templateRef,
                platinumCouponTemplate: templateRef,
                tierReviewDay: z
                  .string()
                  .regex(/^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, "MM-DD")
                  .nullable()
                  .optional(),
                expiryReminderDays: z.number().int().min(1).max(365).nullable().optional(),
              }),
            },
          },
          required: true,
        },
      },
      responses: { 200: json(Settings, "Settings now"), ...errorResponses(400, 401, 404) },
    }),
    async (c) => {
      const db = c.var.deps.db;
      const body = c.req.valid("json");
      for (const [name, value] of Object.entries(body)) {
        if (value === undefined) continue;
        if (name.endsWith("CouponTemplate") && typeof value === "string") {
          const [tpl] = await db
            .select({ id: couponTemplates.id })
            .from(couponTemplates)
            .where(eq(couponTemplates.id, value));
          if (!tpl) throw new AppError("NOT_FOUND", `No coupon template ${value}.`);
        }
        await writeSetting(
          db,
          LOYALTY_SETTINGS[name as LoyaltySettingName],
          value === null ? null : String(value),
        );
      }
      return c.json(await loyaltySettings(db), 200);
    },
  );
  app.use("/api/admin/loyalty/earn-rules", requireAdmin);
  app.openapi(
    createRoute({
      method: "get",
      path: "/api/admin/loyalty/earn-rules",
      tags: ["Points"],
      security,
      summary: "How purchases earn points: NT$ per point, tier multipliers, channel multipliers",
      responses: { 200: json(EarnRules, "The rules"), ...errorResponses(401) },
    }),
    async (c) => c.json(await earnRules(c.var.deps.db), 200),
  );
  app.openapi(
    createRoute({
      method: "put",
      path: "/api/admin/loyalty/earn-rules",
      tags: ["Points"],
      security,
      summary: "Change how purchases earn points (applies to purchases from now on)",
      request: { body: { content: { "application/json": { schema: EarnRules } }, required: true } },
      responses: { 200: json(EarnRules, "The rules now"), ...errorResponses(400, 401) },
    }),
    async (c) => c.json(await putEarnRules(c.var.deps.db, c.req.valid("json")), 200),
  );

  return app;
}
