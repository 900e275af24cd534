import { z } from "@hono/zod-openapi";
import { MAX_AMOUNT } from "../../lib/limits";

/** OpenAPI metadata every staff route shares. */
export const tags = ["Staff"];
export const staffSecurity = [{ liffIdToken: [] }];

/** NT$ in whole dollars: a purchase amount the API takes (1 … MAX_AMOUNT). */
export const Amount = z.number().int().min(1).max(MAX_AMOUNT);

/** What the staff pages may send, answered so they can say it before the clerk submits. */
export const StaffLimits = z
  .object({
    maxAmount: z.number().int().openapi({
      description: "The most one purchase or refund can be (NT$, whole dollars)",
      example: MAX_AMOUNT,
    }),
  })
  .openapi("StaffLimits");

/** The staff API's response shapes (they feed /openapi.json and the LIFF's generated types). */
export const StaffMe = z
  .object({
    id: z.string(),
    name: z.string(),
    role: z.enum(["admin", "agent", "staff"]),
    store: z.object({ id: z.string(), name: z.string(), code: z.string() }).nullable(),
    limits: StaffLimits,
  })
  .openapi("StaffMe");
export const MemberSummary = z
  .object({
    id: z.string(),
    memberCode: z.string(),
    displayName: z.string().nullable(),
    status: z.enum(["guest", "member"]),
    points: z.number().int(),
    homeStore: z.string().nullable(),
    earn: z
      .object({
        amountPerPoint: z.number().int(),
        percent: z.number().int().openapi({
          description: "The member's tier × the store channel multiplier, in hundredths (150 = 1.5×)",
        }),
      })
      .openapi({
        description:
          "The earn rule for this member in store: floor(floor(paid / amountPerPoint) × percent / 100) points",
      }),
    coupons: z.array(
      z.object({
        code: z.string(),
        name: z.string(),
        kind: z.enum(["amount", "percent"]),
        value: z.number(),
        minSpend: z.number(),
        expiresAt: z.string(),
      }),
    ),
  })
  .openapi("MemberSummary");
export const StaffCoupon = z
  .object({
    code: z.string(),
    name: z.string(),
    kind: z.enum(["amount", "percent"]),
    value: z.number().int(),
    minSpend: z
      .number()
      .int()
      .openapi({ description: "0: none; otherwise the purchase amount must reach it" }),
    channel: z
      .enum(["online", "store", "both"])
      .openapi({ description: "Where it can be used; an `online` one is refused at the counter" }),
    status: z.enum(["issued", "reserved", "redeemed", "expired", "voided"]),
    expiresAt: z.string(),
  })
  .openapi("StaffCoupon");
export const Purchase = z
  .object({
    id: z.string(),
    purchaseId: z.string(),
    amount: z.number().int(),
    couponDiscount: z.number().int(),
    pointsUsed: z.number().int(),
    paid: z.number().int(),
    pointsEarned: z.number().int(),
    replayed: z.boolean(),
  })
  .openapi("StorePurchase");

export const Totals = z.object({
  membersBound: z.number().int(),
  purchases: z.number().int(),
  paid: z.number().int().openapi({ description: "Paid less refunds (NT$)" }),
  pointsEarned: z.number().int(),
});
export const StoreRef = z.object({ id: z.string(), name: z.string(), code: z.string() });
export const StaffToday = z
  .object({
    since: z.string(),
    timeZone: z.string(),
    store: StoreRef.nullable(),
    me: Totals,
    storeTotals: Totals,
    purchases: z.array(
      z.object({
        id: z.string(),
        at: z.string(),
        amount: z.number().int(),
        paid: z.number().int(),
        refunded: z.number().int().openapi({ description: "Refunded so far (NT$)" }),
        pointsEarned: z.number().int(),
        byMe: z.boolean(),
        staffName: z.string().nullable(),
        memberCode: z.string().nullable(),
      }),
    ),
    members: z.array(
      z.object({
        id: z.string(),
        at: z.string(),
        byMe: z.boolean(),
        staffName: z.string().nullable(),
        name: z.string().nullable(),
      }),
    ),
  })
  .openapi("StaffToday");
export const QrLink = z.object({ url: z.string(), tokenId: z.string(), expiresAt: z.string() });
export const BindingQr = z
  .object({
    store: StoreRef.nullable(),
    staff: z.object({ id: z.string(), name: z.string() }),
    storeLink: QrLink,
    personalLink: QrLink,
  })
  .openapi("StaffBindingQr");
