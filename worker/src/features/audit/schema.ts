import { z } from "@hono/zod-openapi";
import { AUDIT_ACTIONS, AUDIT_SUBJECTS } from "./actions";

export const AuditActionSchema = z.enum(AUDIT_ACTIONS).openapi("AuditAction");
export const AuditSubjectSchema = z.enum(AUDIT_SUBJECTS).openapi("AuditSubject");

const Value = z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])).nullable();

export const AuditEntry = z
  .object({
    id: z.string(),
    at: z.string().openapi({ format: "date-time" }),
    actor: z.object({
      kind: z.enum(["admin", "agent", "staff"]),
      id: z.string().openapi({ description: "`admin` (the admin token) or a staff id" }),
      name: z.string().openapi({ description: "The staff member's name when it happened" }),
    }),
    action: AuditActionSchema,
    subject: z.object({ kind: AuditSubjectSchema, id: z.string() }),
    memberId: z.string().nullable(),
    storeId: z.string().nullable(),
    before: Value.openapi({ description: "The changed fields before (null: the thing is new)" }),
    after: Value.openapi({ description: "The changed fields after (null: the thing is gone)" }),
    reason: z.string(),
  })
  .openapi("AuditEntry");

export const AuditPage = z
  .object({
    entries: z.array(AuditEntry),
    next: z.string().nullable().openapi({ description: "Pass as `before` for older entries" }),
  })
  .openapi("AuditPage");

export const AuditQuerySchema = z.object({
  action: AuditActionSchema.optional(),
  actorId: z.string().max(64).optional(),
  subjectKind: AuditSubjectSchema.optional(),
  subjectId: z.string().max(64).optional(),
  memberId: z.string().max(64).optional(),
  storeId: z.string().max(64).optional(),
  before: z.string().max(100).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
