import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../../lib/hono";
import { errorResponses, jsonResponse as json } from "../../lib/openapi";
import { ADMIN_ACTOR } from "../audit";
import { EarnRules, earnRules, putEarnRules } from "./earn-rules";
import { Settings } from "./schema";
import { loyaltySettings, updateLoyaltySettings } from "./settings";
import { tierOverview } from "./tiers";

const security = [{ adminToken: [] }];
const templateRef = z.string().min(1).max(64).nullable().optional();

/** The brand's loyalty settings and earn rules. */
export function settingsRoutes(app: OpenAPIHono<AppEnv>) {
  app.openapi(
    createRoute({
      method: "get",
      path: "/api/admin/loyalty/settings",
      tags: ["Coupons"],
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
      tags: ["Coupons"],
      security,
      summary: "Change loyalty settings (only the fields given; null clears one); audited",
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
    async (c) => c.json(await updateLoyaltySettings(c.var.deps, c.req.valid("json"), ADMIN_ACTOR), 200),
  );
  app.openapi(
    createRoute({
      method: "get",
      path: "/api/admin/loyalty/tiers",
      tags: ["Points"],
      security,
      summary: "The tiers: spend thresholds in the rolling window, names, and how many members hold each",
      responses: {
        200: json(
          z
            .object({
              windowDays: z.number().int(),
              tiers: z.array(
                z.object({
                  code: z.enum(["regular", "gold", "platinum"]),
                  threshold: z.number().int(),
                  zh: z.string(),
                  en: z.string(),
                  members: z.number().int(),
                }),
              ),
            })
            .openapi("LoyaltyTiers"),
          "Tiers",
        ),
        ...errorResponses(401),
      },
    }),
    async (c) => c.json(await tierOverview(c.var.deps.db), 200),
  );
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
      summary: "Change how purchases earn points (applies to purchases from now on); audited",
      request: { body: { content: { "application/json": { schema: EarnRules } }, required: true } },
      responses: { 200: json(EarnRules, "The rules now"), ...errorResponses(400, 401) },
    }),
    async (c) => c.json(await putEarnRules(c.var.deps, c.req.valid("json"), ADMIN_ACTOR), 200),
  );
}
