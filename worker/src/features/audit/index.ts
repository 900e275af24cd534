import type { Feature } from "..";
import { auditRoutes } from "./routes";

/**
 * 稽核紀錄: the log of every admin and staff action that changes money, points, coupons, roles or
 * keys. Other features write an entry with `auditEntry` in the same batch as the change, naming
 * the action from the closed catalogue (`AUDIT_ACTIONS`); the console reads it.
 */
export const audit: Feature = { name: "audit", routes: auditRoutes };

export { AUDIT_ACTIONS, type AuditAction, type AuditSubject } from "./actions";
export { type Actor, ADMIN_ACTOR, type AuditInput, auditEntry, auditEntryIf, staffActor } from "./write";
