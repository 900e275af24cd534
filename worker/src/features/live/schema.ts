import { z } from "@hono/zod-openapi";
import { LIVE_LIMITS } from "../../lib/limits";

const Variant = z.object({
  name: z.string().trim().min(1).max(40).openapi({ example: "紅 M" }),
  stock: z.number().int().min(0).max(LIVE_LIMITS.maxStock),
});

const Product = z
  .object({
    code: z.string().trim().min(1).max(12).openapi({ example: "A" }),
    name: z.string().trim().min(1).max(100).openapi({ example: "羊毛圍巾" }),
    price: z
      .number()
      .int()
      .min(0)
      .max(LIVE_LIMITS.maxPrice)
      .openapi({ description: "NT$ (integer)", example: 390 }),
    stock: z
      .number()
      .int()
      .min(0)
      .max(LIVE_LIMITS.maxStock)
      .openapi({ description: "Stock of a product without variants (ignored when variants are given)" }),
    perBuyerLimit: z.number().int().min(1).max(LIVE_LIMITS.maxPerBuyer).nullish(),
    variants: z.array(Variant).max(50).optional(),
  })
  .openapi("LiveProductInput");

export const CreateSale = z
  .object({
    title: z.string().trim().min(1).max(100).openapi({ example: "週五晚間直播" }),
    products: z.array(Product).min(1).max(500),
    featuredCode: z
      .string()
      .trim()
      .min(1)
      .max(12)
      .nullish()
      .openapi({ description: "What a bare `+1` orders" }),
    lineGroupId: z
      .string()
      .regex(/^C[0-9a-f]{32}$/)
      .nullish()
      .openapi({ description: "The LINE group whose comments order (default: any group, and 1:1 chat)" }),
    holdMinutes: z
      .number()
      .int()
      .min(5)
      .max(60 * 24 * 14)
      .optional()
      .openapi({ description: "How long an unconfirmed cart holds stock (default 1440)" }),
  })
  .openapi("CreateLiveSale");

export const SaleSchema = z
  .object({
    id: z.string(),
    title: z.string(),
    status: z.enum(["draft", "open", "closed"]),
    featuredCode: z.string().nullable(),
    lineGroupId: z.string().nullable(),
    holdMinutes: z.number().int(),
    createdAt: z.string(),
    openedAt: z.string().nullable(),
    closedAt: z.string().nullable(),
    products: z.array(
      z.object({
        code: z.string(),
        name: z.string(),
        price: z.number().int(),
        perBuyerLimit: z.number().int().nullable(),
        stock: z.number().int(),
        variants: z.array(z.object({ name: z.string(), stock: z.number().int() })),
      }),
    ),
  })
  .openapi("LiveSale");

export const CommentBatch = z
  .object({
    comments: z
      .array(
        z.object({
          platform: z.string().trim().min(1).max(32).openapi({ example: "facebook" }),
          commentId: z.string().min(1).max(200),
          userId: z.string().min(1).max(200),
          userName: z.string().max(100).optional(),
          text: z.string().max(2000),
          postedAt: z.string().datetime({ offset: true }).or(z.number().int().min(0)),
        }),
      )
      .min(1)
      .max(1000),
  })
  .openapi("LiveCommentBatch");

const ResultItem = z.object({
  code: z.string(),
  variant: z.string().optional(),
  qty: z.number().int().openapi({ description: "Negative for a cancel" }),
  status: z.enum(["reserved", "waitlisted", "cancelled", "rejected"]),
  reason: z.string().optional(),
});

export const CommentResults = z
  .object({
    results: z.array(
      z.object({
        commentId: z.string(),
        outcome: z.enum(["ordered", "waitlisted", "cancelled", "ignored", "rejected", "duplicate", "ask"]),
        items: z.array(ResultItem),
        reason: z.string().optional(),
        choices: z.array(z.string()).optional(),
        orderId: z
          .string()
          .optional()
          .openapi({ description: "The buyer's cart the comment's items went to" }),
        newCart: z.boolean().optional().openapi({
          description:
            "The buyer had already checked out an order in this sale: these items are in a new cart, to check out again",
        }),
      }),
    ),
  })
  .openapi("LiveCommentResults");

export const Tally = z
  .object({
    saleId: z.string(),
    status: z.enum(["draft", "open", "closed"]),
    products: z.array(
      z.object({
        code: z.string(),
        name: z.string(),
        variant: z.string().optional(),
        price: z.number().int(),
        stock: z.number().int(),
        ordered: z.number().int(),
        remaining: z.number().int(),
        waitlisted: z.number().int(),
      }),
    ),
  })
  .openapi("LiveTally");

export const OrderViewSchema = z
  .object({
    id: z.string(),
    status: z.enum(["cart", "confirmed", "paid", "picked_up", "cancelled", "expired"]),
    buyer: z.object({
      id: z.string(),
      platform: z.string(),
      name: z.string(),
      lineUserId: z.string().nullable(),
    }),
    memberId: z.string().nullable(),
    attributedStoreId: z.string().nullable(),
    attributedStaffId: z.string().nullable(),
    lines: z.array(
      z.object({
        code: z.string(),
        name: z.string(),
        variant: z.string().optional(),
        price: z.number().int(),
        qty: z.number().int(),
        status: z.enum(["reserved", "waitlisted"]),
        position: z.number().int().optional(),
      }),
    ),
    subtotal: z.number().int(),
    fulfilment: z.string().nullable(),
    pickupStoreId: z.string().nullable(),
    delivery: z.object({ name: z.string(), phone: z.string(), address: z.string() }).nullable(),
    paymentMethod: z.string().nullable(),
    discount: z.number().int(),
    coupon: z.object({ code: z.string(), name: z.string() }).nullable(),
    pointsUsed: z.number().int(),
    total: z.number().int(),
    expiresAt: z.string(),
    createdAt: z.string(),
  })
  .openapi("LiveOrder");

export const OrderStatusChange = z
  .object({ status: z.enum(["paid", "picked_up", "cancelled"]) })
  .openapi("LiveOrderStatus");

export const CommentView = z
  .object({
    rowId: z.string(),
    platform: z.string(),
    commentId: z.string(),
    seq: z.number().int(),
    buyer: z.string(),
    text: z.string(),
    outcome: z.string(),
    reason: z.string().nullable(),
    choices: z.array(z.string()).optional(),
    items: z.array(
      z.object({
        code: z.string(),
        variant: z.string().optional(),
        qty: z.number().int(),
        decision: z.enum(["reserved", "waitlisted", "rejected", "cancel"]),
        status: z.enum(["reserved", "waitlisted", "rejected", "cancelled", "expired"]),
        reason: z.string().optional(),
      }),
    ),
    postedAt: z.string(),
  })
  .openapi("LiveComment");

// The seller console's list of sales (GET /api/lives).
export const SALE_STATUSES = ["draft", "open", "closed"] as const;
export const ORDER_STATUSES = ["cart", "confirmed", "paid", "picked_up", "cancelled", "expired"] as const;

export const SaleSummarySchema = z
  .object({
    id: z.string(),
    title: z.string(),
    status: z.enum(SALE_STATUSES),
    featuredCode: z.string().nullable(),
    createdAt: z.string(),
    openedAt: z.string().nullable(),
    closedAt: z.string().nullable(),
    products: z.number().int().openapi({ description: "Number of products" }),
    units: z.object({
      stock: z.number().int(),
      ordered: z.number().int().openapi({ description: "Units reserved by orders" }),
      remaining: z.number().int(),
      waitlisted: z.number().int(),
    }),
    orderedValue: z.number().int().openapi({ description: "NT$ of the units reserved (price × units)" }),
    orders: z.object({
      total: z.number().int().openapi({
        description: "Orders that hold something or were checked out (not cancelled or expired)",
      }),
      byStatus: z.object(
        Object.fromEntries(ORDER_STATUSES.map((s) => [s, z.number().int()])) as Record<
          (typeof ORDER_STATUSES)[number],
          z.ZodNumber
        >,
      ),
    }),
    revenue: z.number().int().openapi({ description: "NT$ total of confirmed, paid and picked-up orders" }),
  })
  .openapi("LiveSaleSummary");

export const SaleListSchema = z
  .object({
    sales: z.array(SaleSummarySchema),
    nextCursor: z.string().nullable().openapi({ description: "Pass as `before` for the next page" }),
  })
  .openapi("LiveSaleList");

export type SaleSummary = z.infer<typeof SaleSummarySchema>;

export const SaleListQuery = z.object({
  status: z.enum(SALE_STATUSES).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
  before: z.string().max(100).optional().openapi({ description: "`nextCursor` of the previous page" }),
});
