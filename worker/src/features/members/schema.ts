import { z } from "@hono/zod-openapi";

/** The member API's response shapes (they feed /openapi.json and the LIFF's generated types). */
export const Me = z
  .object({
    userId: z.string(),
    displayName: z.string().nullable(),
    member: z.object({
      id: z.string(),
      memberCode: z.string(),
      status: z.enum(["guest", "member"]),
      friendship: z.enum(["unknown", "friend", "blocked"]),
      source: z.string(),
      homeStore: z.object({ id: z.string(), name: z.string() }).nullable(),
      referrerStaff: z.object({ id: z.string(), name: z.string() }).nullable(),
      registeredAt: z.string().nullable(),
    }),
  })
  .openapi("Me");

export const Card = z
  .object({
    memberCode: z.string(),
    status: z.enum(["guest", "member"]),
    points: z.number().int(),
    expiringSoon: z.object({ points: z.number().int(), firstAt: z.string().nullable() }),
    homeStore: z.string().nullable(),
    /** The registered name, else the LINE display name. */
    name: z.string().nullable(),
    tier: z.object({
      code: z.enum(["regular", "gold", "platinum"]),
      spend: z.number().int(),
      windowDays: z.number().int(),
      next: z
        .object({
          code: z.enum(["regular", "gold", "platinum"]),
          threshold: z.number().int(),
          remaining: z.number().int(),
        })
        .nullable(),
    }),
  })
  .openapi("MemberCard");

export const Entry = z
  .object({
    id: z.string(),
    kind: z.enum(["earn", "redeem", "expire", "reverse", "adjust"]),
    points: z.number().int(),
    reason: z.string(),
    channel: z.enum(["store", "online", "live"]).nullable().openapi({
      description: "Where the purchase or order it came from was (null: a gift, an expiry, an adjustment)",
    }),
    refundedAmount: z.number().int().nullable().openapi({
      description: "A refund's reversal: the money refunded (NT$); null for any other entry",
    }),
    createdAt: z.string(),
  })
  .openapi("PointEntry");

export const CouponJson = z
  .object({
    code: z.string(),
    name: z.string(),
    kind: z.enum(["amount", "percent"]),
    value: z.number(),
    minSpend: z.number(),
    channel: z.enum(["online", "store", "both"]),
    status: z.enum(["issued", "reserved", "redeemed", "expired", "voided"]),
    expiresAt: z.string(),
    redeemedAt: z.string().nullable(),
    /** 轉贈: the template lets the member give it to a friend (while unused). */
    transferable: z.boolean(),
    /** A gift link sent and not yet accepted (or expired): the coupon waits for the friend. */
    gift: z.object({ state: z.literal("pending"), expiresAt: z.string() }).nullable(),
  })
  .openapi("MemberCoupon");

export const Profile = z
  .object({
    name: z.string().nullable(),
    phone: z.string().nullable(),
    /** Proved by an SMS code (POST /api/me/phone/verification); a changed phone is unverified again. */
    phoneVerified: z.boolean(),
    phoneVerifiedAt: z.string().nullable(),
    birthday: z.string().nullable(),
    email: z.string().nullable(),
    status: z.enum(["guest", "member"]),
    consent: z.object({
      version: z.string().nullable(),
      at: z.string().nullable(),
      current: z.string(),
      marketingOptOut: z.boolean(),
    }),
  })
  .openapi("Profile");
