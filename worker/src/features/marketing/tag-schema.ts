import { z } from "@hono/zod-openapi";
import { RuleInput } from "./schema";
import { BULK_TAG_LIMIT } from "./tags";

/** A tag as typed: trimmed, 1–30 characters (as keyword rules' tags). */
export const TagName = z.string().trim().min(1).max(30);

export const TagSummary = z
  .object({
    tag: z.string(),
    members: z.number().int(),
    sources: z.array(
      z.object({
        source: z.string().openapi({
          description: "admin, csv, agent:<staffId>, keyword:<ruleId> or rule:<tagRuleId>",
        }),
        members: z.number().int(),
      }),
    ),
  })
  .openapi("TagSummary");

export const MemberTag = z
  .object({ tag: z.string(), source: z.string(), createdAt: z.string() })
  .openapi("MemberTag");

export const AddTag = z.object({ tag: TagName }).openapi("AddTagInput");
export const AddedTag = z
  .object({
    memberId: z.string(),
    tag: z.string(),
    source: z
      .string()
      .openapi({ description: "Where the member's tag is from (the earlier one when not added)" }),
    added: z.boolean().openapi({ description: "false: the member had the tag already" }),
  })
  .openapi("AddedTag");

export const BulkTagInput = z
  .object({
    tag: TagName,
    memberCodes: z.array(z.string().max(64)).min(1).max(BULK_TAG_LIMIT),
  })
  .openapi("BulkTagInput");
export const BulkTagQuery = z.object({
  tag: TagName.optional().openapi({
    param: { name: "tag", in: "query" },
    description: "The tag, for a text/csv body (a JSON body names it itself)",
  }),
});
export const BulkTagResult = z
  .object({
    tag: z.string(),
    source: z.literal("csv"),
    received: z.number().int(),
    duplicates: z.number().int(),
    added: z.number().int(),
    alreadyHad: z.number().int(),
    unknown: z.number().int(),
    unknownCodes: z.array(z.string()),
  })
  .openapi("BulkTagResult");

export const TagRule = z
  .object({
    id: z.string(),
    tag: z.string(),
    rule: RuleInput,
    enabled: z.boolean(),
    source: z.string().openapi({ description: "The source of the tags it gives: rule:<id>" }),
    lastRunAt: z.string().nullable(),
    lastCount: z.number().int().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi("TagRule");
export const CreateTagRule = z
  .object({ tag: TagName, rule: RuleInput, enabled: z.boolean().optional() })
  .openapi("CreateTagRule");
export const UpdateTagRule = z
  .object({ tag: TagName.optional(), rule: RuleInput.optional(), enabled: z.boolean().optional() })
  .openapi("UpdateTagRule");
export const TagRuleRun = z
  .object({
    id: z.string(),
    tag: z.string(),
    added: z.number().int(),
    removed: z.number().int(),
    count: z.number().int(),
    ranAt: z.string(),
  })
  .openapi("TagRuleRun");
