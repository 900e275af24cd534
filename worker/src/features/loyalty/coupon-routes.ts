import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../../lib/hono";
import { errorResponses, jsonResponse as json } from "../../lib/openapi";
import { createTemplate, issueToMembers, listTemplates, templateJson, voidCoupon } from "./coupon-admin";
import { Template, TemplateInput } from "./schema";

const security = [{ adminToken: [] }];
const tags = ["Coupons"];

/** 優惠券 admin: templates, issuing to members (one or many), voiding. */
export function couponRoutes(app: OpenAPIHono<AppEnv>) {
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
    async (c) => c.json(templateJson(await createTemplate(c.var.deps, c.req.valid("json"))), 201),
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
    async (c) => c.json({ templates: (await listTemplates(c.var.deps.db)).map(templateJson) }, 200),
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
    async (c) => c.json(await issueToMembers(c.var.deps, c.req.valid("param").id, c.req.valid("json")), 200),
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
      const code = await voidCoupon(c.var.deps.db, c.req.valid("param").code);
      return c.json({ code, status: "voided" as const }, 200);
    },
  );
}
