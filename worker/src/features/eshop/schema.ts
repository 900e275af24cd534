import { z } from "@hono/zod-openapi";
import type { OrderRow } from "./orders";
import type { ShopRow } from "./shops";

const Money = z.number().int().min(0).max(100_000_000);
const iso = (d: Date | null) => d?.toISOString() ?? null;

export const Customer = z
  .object({
    lineUserId: z
      .string()
      .max(40)
      .optional()
      .openapi({ description: "The shop's LINE login (same provider)" }),
    memberCode: z.string().max(40).optional().openapi({ description: "The member card's code" }),
    phone: z.string().max(30).optional().openapi({ description: "A phone the shop verified" }),
  })
  .openapi("ShopCustomer");

export const OrderLine = z.object({
  sku: z.string().trim().min(1).max(100),
  name: z.string().trim().min(1).max(200),
  quantity: z.number().int().min(1).max(10_000),
  price: Money,
});

export const OrderInput = z
  .object({
    orderId: z
      .string()
      .trim()
      .min(1)
      .max(100)
      .openapi({ description: "The shop's order id: a repeat replays" }),
    customer: Customer.optional(),
    lines: z.array(OrderLine).min(1).max(500),
    shipping: Money.optional(),
    couponCode: z.string().trim().min(1).max(40).optional(),
    pointsToUse: z.number().int().min(0).max(10_000_000).optional(),
    total: Money.openapi({ description: "What the customer pays: lines − coupon − points + shipping" }),
    pickupStoreId: z.string().max(60).optional().openapi({ description: "線上買門市取: the pickup store" }),
    attributionToken: z
      .string()
      .max(2000)
      .optional()
      .openapi({ description: "From a staff link (?omo_ref=)" }),
    paid: z.boolean().optional().openapi({ description: "Paid at once" }),
  })
  .openapi("ShopOrderInput");

export const ShopOrder = z
  .object({
    id: z.string(),
    orderId: z.string(),
    state: z.enum(["created", "paid", "fulfilled", "cancelled", "refunded"]),
    memberId: z.string().nullable(),
    subtotal: z.number().int(),
    couponCode: z.string().nullable(),
    couponDiscount: z.number().int(),
    pointsUsed: z.number().int(),
    shipping: z.number().int(),
    total: z.number().int(),
    refundedAmount: z.number().int(),
    pickupStoreId: z.string().nullable(),
    pickupState: z.enum(["waiting", "preparing", "ready", "picked_up"]).nullable(),
    attribution: z.enum(["link", "referrer", "store", "none"]),
    attributedStaffId: z.string().nullable(),
    attributedStoreId: z.string().nullable(),
    purchaseId: z.string().nullable(),
    paidAt: z.string().nullable(),
    cancelledAt: z.string().nullable(),
    createdAt: z.string(),
    replayed: z.boolean().optional(),
  })
  .openapi("ShopOrder");

export function orderJson(o: OrderRow, replayed?: boolean): z.infer<typeof ShopOrder> {
  return {
    id: o.id,
    orderId: o.externalId,
    state: o.state,
    memberId: o.memberId,
    subtotal: o.subtotal,
    couponCode: o.couponCode,
    couponDiscount: o.couponDiscount,
    pointsUsed: o.pointsUsed,
    shipping: o.shipping,
    total: o.total,
    refundedAmount: o.refundedAmount,
    pickupStoreId: o.pickupStoreId,
    pickupState: o.pickupState,
    attribution: o.attribution,
    attributedStaffId: o.attributedStaffId,
    attributedStoreId: o.attributedStoreId,
    purchaseId: o.purchaseId,
    paidAt: iso(o.paidAt),
    cancelledAt: iso(o.cancelledAt),
    createdAt: o.createdAt.toISOString(),
    ...(replayed === undefined ? {} : { replayed }),
  };
}

export const RefundOrderInput = z
  .object({
    refundId: z
      .string()
      .trim()
      .min(1)
      .max(100)
      .openapi({ description: "The shop's refund id: a repeat replays" }),
    amount: Money.optional().openapi({ description: "Money back; default: all that is left" }),
    reason: z.string().max(200).optional(),
  })
  .openapi("ShopRefundInput");

export const CouponQuoteInput = z
  .object({
    customer: Customer,
    couponCode: z.string().trim().min(1).max(40),
    amount: Money.openapi({ description: "The cart's goods total" }),
  })
  .openapi("ShopCouponQuoteInput");

export const CouponQuote = z
  .object({
    usable: z.boolean(),
    reason: z.string().nullable(),
    message: z.string().nullable().openapi({ description: "Why not, in the reader's language" }),
    discount: z.number().int(),
    coupon: z
      .object({ code: z.string(), name: z.string(), kind: z.enum(["amount", "percent"]), value: z.number() })
      .nullable(),
  })
  .openapi("ShopCouponQuote");

export const PointsQuoteInput = z
  .object({ customer: Customer, amount: Money.openapi({ description: "Left to pay after the coupon" }) })
  .openapi("ShopPointsQuoteInput");

export const PointsQuote = z
  .object({
    balance: z.number().int(),
    pointValue: z.number().openapi({ description: "NT$ per point used" }),
    maxUsable: z.number().int().openapi({ description: "At most this many may be used on this amount" }),
  })
  .openapi("ShopPointsQuote");

export const ShopInput = z
  .object({
    name: z.string().trim().min(1).max(80),
    baseUrl: z
      .string()
      .url()
      .max(300)
      .refine((u) => /^https?:\/\//.test(u), "http(s) only"),
    cartUrlTemplate: z.string().max(500).optional().openapi({
      description: "Where a cart link lands: {items} = sku:qty,…; {ref} = the attribution token",
      example: "https://shop.example/cart?add={items}&omo_ref={ref}",
    }),
    platform: z.enum(["api", "shopify"]).optional(),
    domain: z.string().max(200).optional().openapi({ description: "Shopify: brand.myshopify.com" }),
  })
  .openapi("ShopInput");

export const Shop = z
  .object({
    id: z.string(),
    name: z.string(),
    platform: z.enum(["api", "shopify"]),
    domain: z.string().nullable(),
    baseUrl: z.string(),
    cartUrlTemplate: z.string().nullable(),
    createdAt: z.string(),
  })
  .openapi("Shop");

export const shopJson = (s: ShopRow): z.infer<typeof Shop> => ({
  id: s.id,
  name: s.name,
  platform: s.platform,
  domain: s.domain,
  baseUrl: s.baseUrl,
  cartUrlTemplate: s.cartUrlTemplate,
  createdAt: s.createdAt.toISOString(),
});

export const CatalogueProduct = z
  .object({
    sku: z.string().trim().min(1).max(100),
    name: z.string().trim().min(1).max(200),
    price: Money,
    url: z.string().url().max(500).nullable().optional(),
    imageUrl: z.string().url().max(500).nullable().optional(),
  })
  .openapi("ShopProduct");
