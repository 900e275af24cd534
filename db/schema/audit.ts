import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import type { AuditAction, AuditSubject } from "../../worker/src/features/audit/actions";
import type { AuditValueJson } from "./json";

/**
 * 稽核紀錄: every admin and staff action that changes money, points, coupons, roles or keys —
 * who (`actorKind` admin | agent | staff, `actorId` `admin` or a staff id), when, what (`action`
 * from the closed catalogue in `worker/src/features/audit/actions.ts`, on `subjectKind`/
 * `subjectId`), and the values before → after. Written in the same batch as the change it
 * records, so an entry exists exactly when the change does. `memberId` and `storeId` index the
 * member's and the store's history. Rows are never updated or deleted.
 */
export const auditLog = sqliteTable(
  "audit_log",
  {
    id: text("id").primaryKey(),
    at: integer("at", { mode: "timestamp_ms" }).notNull(),
    actorKind: text("actor_kind", { enum: ["admin", "agent", "staff"] }).notNull(),
    actorId: text("actor_id").notNull(),
    /** The actor's name when the entry was written (a staff member may be renamed later). */
    actorName: text("actor_name").notNull().default(""),
    action: text("action").notNull().$type<AuditAction>(),
    subjectKind: text("subject_kind").notNull().$type<AuditSubject>(),
    subjectId: text("subject_id").notNull(),
    memberId: text("member_id"),
    storeId: text("store_id"),
    before: text("before", { mode: "json" }).$type<AuditValueJson>(),
    after: text("after", { mode: "json" }).$type<AuditValueJson>(),
    reason: text("reason").notNull().default(""),
  },
  (t) => [
    index("audit_at_idx").on(t.at, t.id),
    index("audit_subject_idx").on(t.subjectKind, t.subjectId, t.at),
    index("audit_member_idx").on(t.memberId, t.at),
    index("audit_actor_idx").on(t.actorId, t.at),
  ],
);
