import { and, desc, eq, lt, or, type SQL } from "drizzle-orm";
import { auditLog } from "../../../../db/schema";
import type { AppDeps } from "../../deps";
import { AppError, say } from "../../lib/errors";
import type { AuditAction, AuditSubject } from "./actions";

export interface AuditQuery {
  action?: AuditAction | undefined;
  actorId?: string | undefined;
  subjectKind?: AuditSubject | undefined;
  subjectId?: string | undefined;
  memberId?: string | undefined;
  storeId?: string | undefined;
  /** The `next` of the page before: entries older than it. */
  before?: string | undefined;
  limit: number;
}

type Row = typeof auditLog.$inferSelect;

export const auditJson = (r: Row) => ({
  id: r.id,
  at: r.at.toISOString(),
  actor: { kind: r.actorKind, id: r.actorId, name: r.actorName },
  action: r.action,
  subject: { kind: r.subjectKind, id: r.subjectId },
  memberId: r.memberId,
  storeId: r.storeId,
  before: r.before,
  after: r.after,
  reason: r.reason,
});

const cursorOf = (r: Row) => `${r.at.getTime()}_${r.id}`;

function parseCursor(cursor: string): { at: Date; id: string } {
  const m = /^(\d{1,15})_(.+)$/.exec(cursor);
  if (!m?.[1] || !m[2])
    throw new AppError(
      "VALIDATION_FAILED",
      say("before：請使用上一頁回傳的 next。", "before: pass the next of the page before."),
    );
  return { at: new Date(Number(m[1])), id: m[2] };
}

/** Newest first, filtered; `next` pages on to older entries (same time: by id, descending). */
export async function listAudit(deps: Pick<AppDeps, "db">, q: AuditQuery) {
  const where: SQL[] = [];
  if (q.action) where.push(eq(auditLog.action, q.action));
  if (q.actorId) where.push(eq(auditLog.actorId, q.actorId));
  if (q.subjectKind) where.push(eq(auditLog.subjectKind, q.subjectKind));
  if (q.subjectId) where.push(eq(auditLog.subjectId, q.subjectId));
  if (q.memberId) where.push(eq(auditLog.memberId, q.memberId));
  if (q.storeId) where.push(eq(auditLog.storeId, q.storeId));
  if (q.before) {
    const c = parseCursor(q.before);
    const older = or(lt(auditLog.at, c.at), and(eq(auditLog.at, c.at), lt(auditLog.id, c.id)));
    if (older) where.push(older);
  }
  const rows = await deps.db
    .select()
    .from(auditLog)
    .where(and(...where))
    .orderBy(desc(auditLog.at), desc(auditLog.id))
    .limit(q.limit + 1);
  const page = rows.slice(0, q.limit);
  const last = page.at(-1);
  return { entries: page.map(auditJson), next: rows.length > q.limit && last ? cursorOf(last) : null };
}
