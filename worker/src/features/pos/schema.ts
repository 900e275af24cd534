import { z } from "@hono/zod-openapi";
import { MAX_AMOUNT, MAX_LINE_QUANTITY, MAX_POINTS_TO_USE } from "../../lib/limits";

/** A completed sale as the POS posts it. */
export const Transaction = z
  .object({
    externalId: z
      .string()
      .min(1)
      .max(100)
      .openapi({ description: "The POS's own transaction id; repeats are ignored" }),
    memberCode: z.string().min(4).max(32).optional(),
    customerPhone: z.string().trim().min(6).max(30).optional().openapi({
      description:
        "Without a member card: the customer's phone, so the sale can later be merged into their membership (歸戶) — with proof only",
    }),
    total: z
      .number()
      .int()
      .min(1)
      .max(MAX_AMOUNT)
      .openapi({ description: "Before coupon and points (NT$, whole dollars)" }),
    couponCode: z.string().max(32).optional(),
    pointsToUse: z
      .number()
      .int()
      .min(0)
      .max(MAX_POINTS_TO_USE)
      .optional()
      .openapi({ description: "Points used as cash (1 point = NT$1), at most what is left to pay" }),
    lines: z
      .array(
        z.object({
          sku: z.string().max(64),
          name: z.string().max(120),
          quantity: z.number().int().min(1).max(MAX_LINE_QUANTITY),
          price: z.number().int().min(0).max(MAX_AMOUNT),
        }),
      )
      .max(500)
      .optional(),
  })
  .openapi("PosTransaction");

/** A POS key as the admin sees it: never the key or its hash. */
export const PosKeyJson = z
  .object({
    id: z.string(),
    label: z.string(),
    createdAt: z.string().openapi({ format: "date-time" }),
    revokedAt: z
      .string()
      .nullable()
      .openapi({ format: "date-time", description: "null: the key works; otherwise refused since" }),
  })
  .openapi("PosKey");
