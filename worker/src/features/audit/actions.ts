/**
 * The audit log's closed catalogue: every action an admin or staff member can take that changes
 * money, points, coupons, roles or keys. A feature that adds such an action adds it here first;
 * `/openapi.json` lists them (`AuditAction`), and the console names each in zh-TW and English.
 */
export const AUDIT_ACTIONS = [
  // Points and money.
  "points.adjust",
  "purchase.record",
  "purchase.refund",
  // Coupons.
  "coupon.issue",
  "coupon.void",
  "coupon.redeem",
  "couponTemplate.create",
  "couponTemplate.update",
  "couponTemplate.void",
  // Loyalty settings.
  "loyalty.settings",
  "loyalty.earnRules",
  // Stores, staff and roles.
  "store.create",
  "store.update",
  "staff.create",
  "staff.update",
  "staff.deactivate",
  "staff.reactivate",
  "staff.invite",
  "staff.join",
  // Keys.
  "posKey.create",
  "posKey.rotate",
  "posKey.revoke",
  "agentToken.create",
  "bindingLink.create",
  "bindingLink.revoke",
] as const;

export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** What an action is done to. */
export const AUDIT_SUBJECTS = [
  "member",
  "purchase",
  "coupon",
  "couponTemplate",
  "settings",
  "store",
  "staff",
  "posKey",
  "agentToken",
  "bindingLink",
] as const;

export type AuditSubject = (typeof AUDIT_SUBJECTS)[number];
