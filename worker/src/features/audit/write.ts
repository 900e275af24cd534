import { type SQL, sql } from "drizzle-orm";
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

/**
 * The same entry, written only if `when` holds when the batch runs (e.g. "the ledger entry this
 * call made exists"), so a replayed request writes no second entry. `before`/`after` may be SQL
 * (e.g. `json_object('balance', …)` read from the row the batch just changed).
 */
export function auditEntryIf(
  deps: Pick<AppDeps, "db" | "ids" | "clock">,
  input: Omit<AuditInput, "before" | "after"> & {
    before?: SQL | AuditValueJson | null;
    after?: SQL | AuditValueJson | null;
  },
  when: SQL,
) {
  const json = (v: SQL | AuditValueJson | null | undefined) =>
    v == null ? sql`NULL` : "getSQL" in v ? (v as SQL) : sql`${JSON.stringify(v)}`;
  const { db } = deps;
  return db.insert(auditLog).select(
    db
      .select({
        id: sql`${deps.ids.id("aud")}`.as("id"),
        at: sql`${deps.clock.now().getTime()}`.as("at"),
        actorKind: sql`${input.actor.kind}`.as("actor_kind"),
        actorId: sql`${input.actor.id}`.as("actor_id"),
        actorName: sql`${input.actor.name}`.as("actor_name"),
        action: sql`${input.action}`.as("action"),
        subjectKind: sql`${input.subject.kind}`.as("subject_kind"),
        subjectId: sql`${input.subject.id}`.as("subject_id"),
        memberId: sql`${input.memberId ?? null}`.as("member_id"),
        storeId: sql`${input.storeId ?? null}`.as("store_id"),
        before: json(input.before).as("before"),
        after: json(input.after).as("after"),
        reason: sql`${input.reason ?? ""}`.as("reason"),
      })
      .from(sql`(SELECT 1)`)
      .where(when),
  );
}
