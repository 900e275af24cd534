import { z } from "@hono/zod-openapi";
import { MAX_AMOUNT } from "../../lib/limits";

/** A refund, as the staff and POS APIs answer it. */
export const Refund = z
  .object({
    id: z.string(),
    refundId: z.string(),
    purchase: z.object({
      id: z.string(),
      externalId: z.string(),
      paid: z.number().int(),
      refunded: z.number().int(),
    }),
    amount: z.number().int(),
    pointsDue: z.number().int().openapi({ description: "Points the refunded share of the purchase earned" }),
    pointsReversed: z
      .number()
      .int()
      .openapi({ description: "Points taken back (never below a zero balance)" }),
    pointsShortfall: z
      .number()
      .int()
      .openapi({ description: "Points due that the member had already spent: recorded, not taken" }),
    createdAt: z.string(),
    replayed: z.boolean(),
  })
  .openapi("Refund");
export const RefundInput = z
  .object({
    refundId: z.string().min(8).max(64).openapi({
      description: "The caller's id for this refund (made when the screen opened): a repeat replays",
    }),
    amount: z.number().int().min(1).max(MAX_AMOUNT).optional().openapi({
      description: "Money to give back (NT$, whole dollars); default: all that is left of what was paid",
    }),
    reason: z.string().max(200).optional(),
  })
  .openapi("RefundInput");

/** A coupon template as the admin creates it. */
const templateFields = {
  name: z.string().trim().min(1).max(60),
  kind: z.enum(["amount", "percent"]),
  value: z.number().int().min(1),
  minSpend: z.number().int().min(0),
  channel: z.enum(["online", "store", "both"]),
  validFrom: z.string().datetime(),
  validUntil: z.string().datetime(),
  validDays: z.number().int().min(1).max(3650),
  perMemberLimit: z.number().int().min(1).max(100),
  totalQuantity: z.number().int().min(1),
  transferable: z.boolean(),
};

/**
 * A change to a template (only the fields sent). Once coupons have been issued, what they are
 * worth and when they start (kind, value, minSpend, channel, validFrom) no longer change; the
 * name, the end, the days, the limits and 轉贈 do. `null` clears validUntil or totalQuantity.
 */
export const TemplatePatch = z
  .object({
    name: templateFields.name.optional(),
    kind: templateFields.kind.optional(),
    value: templateFields.value.optional(),
    minSpend: templateFields.minSpend.optional(),
    channel: templateFields.channel.optional(),
    validFrom: templateFields.validFrom.nullable().optional(),
    validUntil: templateFields.validUntil.nullable().optional(),
    validDays: templateFields.validDays.nullable().optional(),
    perMemberLimit: templateFields.perMemberLimit.optional(),
    totalQuantity: templateFields.totalQuantity.nullable().optional(),
    transferable: templateFields.transferable.optional(),
  })
  .openapi("CouponTemplatePatch");

export const TemplateInput = z
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
    transferable: z
      .boolean()
      .default(false)
      .openapi({ description: "轉贈: a member may give an unused coupon of this template to a LINE friend" }),
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

/** A coupon template as the admin API answers it, with how many were issued. */
export const Template = z
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
    transferable: z.boolean(),
    createdAt: z.string(),
    numbers: z
      .object({
        issued: z.number().openapi({ description: "Every coupon issued from it" }),
        usable: z.number().openapi({ description: "Issued, unused, not expired" }),
        reserved: z.number().openapi({ description: "Held by an unpaid online order" }),
        redeemed: z.number(),
        expired: z.number(),
        voided: z.number(),
        redemptionRate: z.number().openapi({ description: "redeemed / issued, 0–1 (0 when none issued)" }),
      })
      .openapi({ description: "Redemption numbers, counted from the coupons" }),
  })
  .openapi("CouponTemplate");

/** The loyalty settings as the admin API answers them (null: not set). */
export const Settings = z
  .object({
    welcomeCouponTemplate: z.string().nullable(),
    birthdayCouponTemplate: z.string().nullable(),
    goldCouponTemplate: z.string().nullable(),
    platinumCouponTemplate: z.string().nullable(),
    tierReviewDay: z.string().nullable(),
    expiryReminderDays: z.string().nullable(),
  })
  .openapi("LoyaltySettings");
