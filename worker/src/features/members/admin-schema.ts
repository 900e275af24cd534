import { z } from "@hono/zod-openapi";

const at = z.string().openapi({ format: "date-time" });
const tier = z.enum(["regular", "gold", "platinum"]);

export const MemberHitSchema = z
  .object({
    id: z.string(),
    memberCode: z.string(),
    name: z.string().nullable(),
    displayName: z.string().nullable(),
    phone: z.string().nullable(),
    status: z.enum(["guest", "member"]),
    tier,
    points: z.number().int(),
    store: z.string().nullable(),
    source: z.string().nullable(),
    joinedAt: at,
  })
  .openapi("AdminMemberHit");

export const MemberSearchPage = z
  .object({ members: z.array(MemberHitSchema), next: z.string().nullable() })
  .openapi("AdminMemberSearch");

export const MemberSearchQuery = z.object({
  q: z.string().max(100).default("").openapi({ description: "Member code, phone, name or LINE name" }),
  limit: z.coerce.number().int().min(1).max(100).default(25),
  before: z.string().max(100).optional(),
});

export const AdminMember = z
  .object({
    id: z.string(),
    memberCode: z.string(),
    status: z.enum(["guest", "member"]),
    name: z.string().nullable(),
    displayName: z.string().nullable(),
    phone: z.string().nullable(),
    phoneVerified: z.boolean(),
    email: z.string().nullable(),
    birthday: z.string().nullable(),
    language: z.string().nullable(),
    friendship: z.enum(["unknown", "friend", "blocked"]),
    marketingOptOut: z.boolean(),
    joinedAt: at,
    registeredAt: at.nullable(),
    points: z.number().int(),
    tier: z.object({
      code: tier,
      spend: z.number(),
      next: z.object({ code: tier, threshold: z.number(), remaining: z.number() }).nullable(),
    }),
    binding: z.object({
      store: z.string().nullable(),
      storeId: z.string().nullable(),
      referrerStaff: z.string().nullable(),
      referrerStaffId: z.string().nullable(),
      source: z.string().nullable(),
      boundAt: at.nullable(),
    }),
    tags: z.array(z.string()),
    ledger: z.array(
      z.object({
        id: z.string(),
        kind: z.enum(["earn", "redeem", "expire", "reverse", "adjust"]),
        points: z.number().int(),
        reason: z.string(),
        actor: z.string(),
        at,
      }),
    ),
    purchases: z.array(
      z.object({
        id: z.string(),
        channel: z.enum(["store", "online", "live"]),
        source: z.enum(["staff", "pos", "online", "live"]),
        store: z.string().nullable(),
        amount: z.number(),
        paid: z.number(),
        refunded: z.number(),
        pointsEarned: z.number(),
        at,
      }),
    ),
    coupons: z.array(
      z.object({
        code: z.string(),
        templateId: z.string(),
        name: z.string(),
        status: z.enum(["issued", "reserved", "redeemed", "expired", "voided"]),
        issuedAt: at,
        expiresAt: at,
        redeemedAt: at.nullable(),
      }),
    ),
    liveOrders: z.array(
      z.object({
        id: z.string(),
        sale: z.string(),
        saleId: z.string(),
        status: z.string(),
        total: z.number(),
        at,
      }),
    ),
    conversationId: z.string().nullable(),
  })
  .openapi("AdminMember");

export const PointsAdjustInput = z
  .object({
    delta: z
      .number()
      .int()
      .min(-1_000_000)
      .max(1_000_000)
      .refine((n) => n !== 0, { message: "delta: 0 changes nothing" })
      .openapi({ description: "Points to add (positive) or take (negative)" }),
    reason: z.string().trim().min(1).max(200),
    idempotencyKey: z
      .string()
      .min(8)
      .max(64)
      .openapi({ description: "Made when the form opened; a retry replays" }),
  })
  .openapi("PointsAdjustInput");

export const PointsAdjusted = z
  .object({ entryId: z.string(), created: z.boolean(), points: z.number().int(), balance: z.number().int() })
  .openapi("PointsAdjusted");
