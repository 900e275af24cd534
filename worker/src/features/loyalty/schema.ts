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
