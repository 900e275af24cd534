import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../../lib/hono";
import { jsonBody as body, errorResponses, jsonResponse as json } from "../../lib/openapi";
import {
  createTemplate,
  issueToMembers,
  listTemplates,
  templateDetail,
  templateJson,
  voidCoupon,
} from "./coupon-admin";
import { updateTemplate, voidTemplate } from "./coupon-template-edit";
import { Template, TemplateInput, TemplatePatch } from "./schema";

const security = [{ adminToken: [] }];
const tags = ["Coupons"];
const Id = z.object({ id: z.string().max(64) });
const TemplateCoupons = z
  .object({
    template: Template,
    coupons: z.array(
      z.object({
        code: z.string(),
        memberId: z.string(),
        memberCode: z.string(),
        memberName: z.string().nullable(),
        status: z.enum(["issued", "reserved", "redeemed", "expired", "voided"]),
        issuedAt: z.string(),
        expiresAt: z.string(),
        redeemedAt: z.string().nullable(),
      }),
    ),
    next: z.string().nullable(),
  })
  .openapi("CouponTemplateDetail");

/** 優惠券 admin: templates (create, edit, void) with their numbers, issuing to members, voiding. */
export function couponRoutes(app: OpenAPIHono<AppEnv>) {
  app.openapi(
    createRoute({
      method: "post",
      path: "/api/admin/coupon-templates",
      tags,
      security,
      summary: "Create a coupon template (audited)",
      request: body(TemplateInput),
      responses: { 201: json(Template, "The template"), ...errorResponses(400, 401) },
    }),
    async (c) => c.json(templateJson(await createTemplate(c.var.deps, c.req.valid("json"))), 201),
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/api/admin/coupon-templates",
      tags,
      security,
      summary: "Coupon templates with their redemption numbers, oldest first",
      responses: {
        200: json(z.object({ templates: z.array(Template) }), "Templates"),
        ...errorResponses(401),
      },
    }),
    async (c) => c.json({ templates: await listTemplates(c.var.deps) }, 200),
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/api/admin/coupon-templates/{id}",
      tags,
      security,
      summary: "One template with its numbers and its coupons (newest first, paged)",
      request: {
        params: Id,
        query: z.object({
          limit: z.coerce.number().int().min(1).max(200).default(50),
          before: z.string().max(100).optional(),
        }),
      },
      responses: { 200: json(TemplateCoupons, "The template"), ...errorResponses(400, 401, 404) },
    }),
    async (c) => c.json(await templateDetail(c.var.deps, c.req.valid("param").id, c.req.valid("query")), 200),
  );

  app.openapi(
    createRoute({
      method: "patch",
      path: "/api/admin/coupon-templates/{id}",
      tags,
      security,
      summary:
        "Change a template (once issued: kind, value, minSpend, channel and validFrom are fixed); audited",
      request: { params: Id, ...body(TemplatePatch) },
      responses: { 200: json(Template, "The template"), ...errorResponses(400, 401, 404, 409) },
    }),
    async (c) => {
      const id = c.req.valid("param").id;
      await updateTemplate(c.var.deps, id, c.req.valid("json"));
      return c.json((await templateDetail(c.var.deps, id, { limit: 1 })).template, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/api/admin/coupon-templates/{id}/void",
      tags,
      security,
      summary: "Stop issuing a template; optionally void its unused coupons too (audited)",
      request: {
        params: Id,
        ...body(
          z.object({
            voidUnused: z.boolean().default(false),
            reason: z.string().trim().max(200).default(""),
          }),
        ),
      },
      responses: {
        200: json(z.object({ active: z.literal(false), voided: z.number() }), "Voided"),
        ...errorResponses(400, 401, 404),
      },
    }),
    async (c) => c.json(await voidTemplate(c.var.deps, c.req.valid("param").id, c.req.valid("json")), 200),
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/api/admin/coupon-templates/{id}/issue",
      tags,
      security,
      summary:
        "Issue coupons to members by card code (≤ 1,000 per call) with a reason; repeat-safe with the same batchKey; audited per coupon",
      request: {
        params: Id,
        ...body(
          z.object({
            batchKey: z.string().min(1).max(64),
            memberCodes: z.array(z.string().min(4).max(32)).min(1).max(1000),
            reason: z.string().trim().min(1).max(200).openapi({ description: "Why (kept in the audit log)" }),
          }),
        ),
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
    async (c) => c.json(await issueToMembers(c.var.deps, c.req.valid("param").id, c.req.valid("json")), 200),
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/api/admin/coupons/{code}/void",
      tags,
      security,
      summary: "Void an issued coupon (it can no longer be used); audited",
      description: 'Optional JSON body `{ "reason": "…" }`.',
      request: { params: z.object({ code: z.string().max(32) }) },
      responses: {
        200: json(z.object({ code: z.string(), status: z.literal("voided") }), "Voided"),
        ...errorResponses(401, 409),
      },
    }),
    async (c) => {
      const raw = (await c.req.json().catch(() => ({}))) as { reason?: unknown };
      const reason = typeof raw.reason === "string" ? raw.reason.slice(0, 200) : "";
      const code = await voidCoupon(c.var.deps, c.req.valid("param").code, reason);
      return c.json({ code, status: "voided" as const }, 200);
    },
  );
}
