import { z } from "@hono/zod-openapi";
import { RFM_GROUP_ORDER } from "./rfm-catalogue";

const GroupCode = z.enum(RFM_GROUP_ORDER as [string, ...string[]]).openapi("RfmGroupCode");
const Group = z.object({ code: GroupCode, zh: z.string(), en: z.string() });
const Score = z.number().int().min(1).max(5);

export const RfmGroupSize = Group.extend({ size: z.number().int() }).openapi("RfmGroupSize");

export const RfmCounts = z
  .object({ computedAt: z.string(), scored: z.number().int(), groups: z.array(RfmGroupSize) })
  .openapi("RfmCounts");

export const RfmGrid = z
  .object({
    computedAt: z.string().nullable().openapi({ description: "The last scoring; null: never scored" }),
    windowDays: z.number().int(),
    interactionDays: z.number().int(),
    scored: z.number().int().openapi({ description: "Members who bought in the window" }),
    unscored: z.number().int().openapi({ description: "Members who did not (group none)" }),
    groups: z.array(RfmGroupSize),
    cells: z.array(z.object({ r: Score, fm: Score, group: GroupCode, size: z.number().int() })),
  })
  .openapi("RfmGrid");

export const MemberRfm = z
  .object({
    memberId: z.string(),
    computedAt: z.string().nullable(),
    windowDays: z.number().int(),
    interactionDays: z.number().int(),
    group: Group.nullable().openapi({ description: "null: no purchase in the window (group none)" }),
    scores: z.object({ r: Score, f: Score, m: Score, i: Score, fm: Score }).nullable(),
    values: z
      .object({
        recencyDays: z.number().int().openapi({ description: "Days since the last purchase" }),
        frequency: z.number().int().openapi({ description: "Purchases in the window" }),
        monetary: z.number().int().openapi({ description: "Net spend in the window (paid − refunded)" }),
        interactions: z.number().int().openapi({
          description: "Chat messages, live comments and LIFF visit days in the interaction window",
        }),
      })
      .nullable(),
  })
  .openapi("MemberRfm");
