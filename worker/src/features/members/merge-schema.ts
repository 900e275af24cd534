import { z } from "@hono/zod-openapi";

/** An offline customer merged into a member (歸戶). */
export const Merge = z
  .object({
    id: z.string(),
    memberId: z.string(),
    proof: z.enum(["staff", "pos_code"]),
    purchases: z.number().int(),
    pointsCredited: z.number().int(),
    pointsExpired: z.number().int(),
    balance: z.number().int(),
    mergedAt: z.string(),
    replayed: z.boolean(),
  })
  .openapi("Merge");
