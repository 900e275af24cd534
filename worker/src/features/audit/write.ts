import { auditLog } from "../../../../db/schema";
import type { AuditValueJson } from "../../../../db/schema/json";
import type { AppDeps } from "../../deps";
import type { AppEnv } from "../../lib/hono";
import type { AuditAction, AuditSubject } from "./actions";

/** Who did it: the admin token, an agent's console token, or a staff member in LIFF. */
export interface Actor {
  kind: "admin" | "agent" | "staff";
  id: string;
  name: string;
}

export const ADMIN_ACTOR: Actor = { kind: "admin", id: "admin", name: "" };

/** The staff member a staff route acts as (`requireStaff` set them). */
export const staffActor = (s: AppEnv["Variables"]["staff"]): Actor => ({
  kind: "staff",
  id: s.id,
  name: s.name,
});

export interface AuditInput {
  actor: Actor;
  action: AuditAction;
  subject: { kind: AuditSubject; id: string };
  memberId?: string | null;
  storeId?: string | null;
  before?: AuditValueJson | null;
  after?: AuditValueJson | null;
  reason?: string;
}

/**
 * The insert of one audit entry, to put in the same `db.batch` as the change it records (so the
 * entry is written exactly when the change is). `await` it on its own where the change is
 * already done in one statement that cannot be batched with it.
 */
export function auditEntry(deps: Pick<AppDeps, "db" | "ids" | "clock">, input: AuditInput) {
  return deps.db.insert(auditLog).values({
    id: deps.ids.id("aud"),
    at: deps.clock.now(),
    actorKind: input.actor.kind,
    actorId: input.actor.id,
    actorName: input.actor.name,
    action: input.action,
    subjectKind: input.subject.kind,
    subjectId: input.subject.id,
    memberId: input.memberId ?? null,
    storeId: input.storeId ?? null,
    before: input.before ?? null,
    after: input.after ?? null,
    reason: input.reason ?? "",
  });
}
