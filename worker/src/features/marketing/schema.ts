import { z } from "@hono/zod-openapi";
import { FIELDS, OPS, RFM_GROUPS } from "./rule";

/**
 * A segment rule on the wire. Checked by parseRule (rule.ts), which names an unknown field or op
 * with its path, so the schema here only documents it.
 */
export const RuleInput = z.unknown().openapi("SegmentRule", {
  description: `Nested { all: [rule…] } / { any: [rule…] } / { not: rule }, or a condition { field, op, value, days?, channel?, store? }. Fields: ${Object.keys(FIELDS).join(", ")}. Ops: ${OPS.join(", ")}. RFM groups: ${RFM_GROUPS.join(", ")}.`,
  example: {
    all: [
      { field: "tag", op: "has", value: "VIP" },
      { field: "spend", op: "gte", value: 3000, days: 90 },
    ],
  },
});

export const SegmentMember = z
  .object({
    memberId: z.string(),
    lineUserId: z.string(),
    memberCode: z.string(),
    displayName: z.string().nullable(),
    name: z.string().nullable(),
    tier: z.enum(["regular", "gold", "platinum"]),
    homeStoreId: z.string().nullable(),
    referrerStaffId: z.string().nullable(),
    points: z.number().int(),
    following: z.boolean(),
    marketingConsent: z.boolean(),
    rfmGroup: z.string().nullable(),
  })
  .openapi("SegmentMember");

export const Preview = z.object({ rule: RuleInput }).openapi("SegmentPreviewInput");
export const PreviewResult = z
  .object({ count: z.number().int(), sample: z.array(SegmentMember) })
  .openapi("SegmentPreview");

const Name = z.string().trim().min(1).max(80);
export const CreateSegment = z.object({ name: Name, rule: RuleInput }).openapi("CreateSegment");
export const UpdateSegment = z
  .object({ name: Name.optional(), rule: RuleInput.optional() })
  .openapi("UpdateSegment");

export const Segment = z
  .object({
    id: z.string(),
    name: z.string(),
    rule: RuleInput,
    count: z.number().int(),
    countedAt: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi("Segment");

export const SegmentPage = z
  .object({ count: z.number().int(), members: z.array(SegmentMember), nextCursor: z.string().nullable() })
  .openapi("SegmentMembers");

export const PageQuery = z.object({
  cursor: z
    .string()
    .max(64)
    .optional()
    .openapi({ param: { name: "cursor", in: "query" } }),
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(500)
    .default(50)
    .openapi({ param: { name: "limit", in: "query" } }),
});

/** The builder's catalogue: every field with its ops, value kind and zh-TW name. */
export const FieldCatalogue = z
  .object({
    fields: z.array(
      z.object({
        field: z.string(),
        ops: z.array(z.string()),
        kind: z.string(),
        values: z.array(z.string()).optional(),
        options: z.array(z.string()),
        zh: z.string(),
      }),
    ),
  })
  .openapi("SegmentFields");

export const IssueToSegment = z
  .object({
    templateId: z.string().min(1).max(64),
    batchKey: z
      .string()
      .trim()
      .min(1)
      .max(64)
      .openapi({ description: "The same key again issues nothing twice" }),
  })
  .openapi("IssueToSegmentInput");
export const IssuedToSegment = z
  .object({
    members: z.number().int(),
    issued: z.number().int(),
    alreadyIssued: z.number().int(),
    notIssued: z.number().int().openapi({ description: "Per-member limit reached, or the template ran out" }),
  })
  .openapi("IssuedToSegment");
