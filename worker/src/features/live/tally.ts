import { and, asc, desc, eq, inArray, lt, sql } from "drizzle-orm";
import type { Db } from "../../../../db/client";
import {
  coupons,
  couponTemplates,
  liveBuyers,
  liveComments,
  liveLines,
  liveOrders,
  liveProducts,
  liveVariants,
} from "../../../../db/schema";
import { toCsv } from "../../lib/csv";
import { ASK_WHICH, heldVariantNames, isAskWhich } from "./cancel-ask";
import type { ParseResult } from "./parser";

export interface TallyRow {
  code: string;
  name: string;
  variant?: string;
  price: number;
  stock: number;
  ordered: number;
  remaining: number;
  waitlisted: number;
}

/** 即時統計: per stock unit, straight from the counters the triggers keep. */
export async function saleTally(db: Db, saleId: string): Promise<TallyRow[]> {
  const rows = await db
    .select({
      code: liveProducts.code,
      name: liveProducts.name,
      price: liveProducts.price,
      variant: liveVariants.name,
      stock: liveVariants.stock,
      reserved: liveVariants.reserved,
      waitlisted: liveVariants.waitlisted,
    })
    .from(liveVariants)
    .innerJoin(liveProducts, eq(liveProducts.id, liveVariants.productId))
    .where(eq(liveVariants.saleId, saleId))
    .orderBy(asc(liveProducts.position), asc(liveVariants.position));
  return rows.map((r) => ({
    code: r.code,
    name: r.name,
    ...(r.variant !== null ? { variant: r.variant } : {}),
    price: r.price,
    stock: r.stock,
    ordered: r.reserved,
    remaining: r.stock - r.reserved,
    waitlisted: r.waitlisted,
  }));
}

/** Recent comments and how each was understood (newest first), for the seller's screen. */
export async function recentComments(
  db: Db,
  saleId: string,
  opts: { before?: number | undefined; limit: number; ids?: string[] },
) {
  const rows = await db
    .select({
      id: liveComments.id,
      platform: liveComments.platform,
      commentId: liveComments.commentId,
      seq: liveComments.seq,
      text: liveComments.text,
      kind: liveComments.kind,
      outcome: liveComments.outcome,
      reason: liveComments.reason,
      buyer: liveBuyers.displayName,
      detail: liveComments.detail,
      postedAt: liveComments.postedAt,
    })
    .from(liveComments)
    .innerJoin(liveBuyers, eq(liveBuyers.id, liveComments.buyerId))
    .where(
      and(
        eq(liveComments.saleId, saleId),
        opts.before !== undefined ? lt(liveComments.seq, opts.before) : undefined,
        opts.ids ? inArray(liveComments.id, opts.ids) : undefined,
      ),
    )
    .orderBy(desc(liveComments.seq))
    .limit(opts.limit);
  if (rows.length === 0) return [];
  const lines = await db
    .select({
      commentRowId: liveLines.commentRowId,
      orderId: liveLines.orderId,
      productId: liveLines.productId,
      code: liveProducts.code,
      variant: liveVariants.name,
      requested: liveLines.requested,
      decision: liveLines.decision,
      status: liveLines.status,
      reason: liveLines.reason,
    })
    .from(liveLines)
    .innerJoin(liveProducts, eq(liveProducts.id, liveLines.productId))
    .innerJoin(liveVariants, eq(liveVariants.id, liveLines.variantId))
    .where(
      and(
        eq(liveLines.saleId, saleId),
        inArray(
          liveLines.commentRowId,
          rows.map((r) => r.id),
        ),
      ),
    );
  const out = rows.map((r) => {
    const own = lines.filter((l) => l.commentRowId === r.id);
    const has = (d: string) => own.some((l) => l.decision === d);
    const outcome =
      r.outcome ??
      (has("reserved")
        ? "ordered"
        : has("waitlisted")
          ? "waitlisted"
          : has("cancel")
            ? "cancelled"
            : "rejected");
    const detail = r.detail ? (JSON.parse(r.detail) as ParseResult) : undefined;
    const choices =
      detail?.kind === "ambiguous" ? detail.candidates?.map((c) => c.words.join(" ")) : undefined;
    const items = [
      ...own.map((l) => ({
        code: l.code,
        ...(l.variant !== null ? { variant: l.variant } : {}),
        qty: l.requested,
        decision: l.decision,
        status: l.status,
        ...(l.reason ? { reason: l.reason } : {}),
      })),
      // What the parser refused (an unknown code, variant, a quantity too large): no line was made.
      ...(detail?.kind === "order" ? detail.rejected : []).map((x) => ({
        code: x.code ?? "",
        ...(x.words?.length ? { variant: x.words.join(" ") } : {}),
        qty: x.quantity ?? 0,
        decision: "rejected" as const,
        status: "rejected" as const,
        reason: x.reason,
      })),
    ];
    return {
      rowId: r.id,
      platform: r.platform,
      commentId: r.commentId,
      seq: r.seq,
      buyer: r.buyer,
      text: r.text,
      outcome,
      reason: r.reason ?? own.find((l) => l.reason)?.reason ?? null,
      items,
      ...(choices?.length ? { choices } : {}),
      postedAt: r.postedAt.toISOString(),
      own,
    };
  });
  // A cancel naming no variant while several were held asks which (cancel-ask.ts).
  return Promise.all(
    out.map(async ({ own, ...c }) => {
      const asked = own.find((l) => l.reason === ASK_WHICH);
      if (c.outcome !== "rejected" || !asked || !isAskWhich(own)) return c;
      const held = await heldVariantNames(db, asked.orderId, asked.productId);
      return { ...c, outcome: "ask", reason: ASK_WHICH, ...(held.length ? { choices: held } : {}) };
    }),
  );
}

export interface OrderView {
  id: string;
  status: (typeof liveOrders.$inferSelect)["status"];
  buyer: { id: string; platform: string; name: string; lineUserId: string | null };
  memberId: string | null;
  attributedStoreId: string | null;
  attributedStaffId: string | null;
  lines: Array<{
    code: string;
    name: string;
    variant?: string;
    price: number;
    qty: number;
    status: "reserved" | "waitlisted";
    /** Place in the unit's waitlist (1 = next), for waitlisted lines. */
    position?: number;
  }>;
  subtotal: number;
  fulfilment: string | null;
  pickupStoreId: string | null;
  /** Where a delivery goes (name, phone, address), for the buyer and the seller only. */
  delivery: { name: string; phone: string; address: string } | null;
  paymentMethod: string | null;
  discount: number;
  /** The coupon used at checkout. */
  coupon: { code: string; name: string } | null;
  pointsUsed: number;
  total: number;
  expiresAt: string;
  createdAt: string;
}

type OrderRow = typeof liveOrders.$inferSelect;

/** Carts with what they hold now (reserved and waitlisted lines), merged per stock unit. */
export async function ordersWithLines(
  db: Db,
  saleId: string,
  filter: { orderId?: string; buyerIds?: string[]; status?: OrderRow["status"] } = {},
): Promise<OrderView[]> {
  const conds = [eq(liveOrders.saleId, saleId)];
  if (filter.orderId) conds.push(eq(liveOrders.id, filter.orderId));
  if (filter.status) conds.push(eq(liveOrders.status, filter.status));
  if (filter.buyerIds) {
    if (filter.buyerIds.length === 0) return [];
    conds.push(inArray(liveOrders.buyerId, filter.buyerIds));
  }
  const orders = await db
    .select({ o: liveOrders, b: liveBuyers, couponCode: coupons.code, couponName: couponTemplates.name })
    .from(liveOrders)
    .innerJoin(liveBuyers, eq(liveBuyers.id, liveOrders.buyerId))
    .leftJoin(coupons, eq(coupons.id, liveOrders.couponId))
    .leftJoin(couponTemplates, eq(couponTemplates.id, coupons.templateId))
    .where(and(...conds))
    .orderBy(asc(liveOrders.createdAt), asc(liveOrders.id));
  if (orders.length === 0) return [];
  const lines = await db
    .select({
      orderId: liveLines.orderId,
      variantId: liveLines.variantId,
      code: liveProducts.code,
      name: liveProducts.name,
      variant: liveVariants.name,
      price: liveProducts.price,
      qty: liveLines.qty,
      status: liveLines.status,
      seq: liveLines.seq,
      productPos: liveProducts.position,
      variantPos: liveVariants.position,
      position: sql<
        number | null
      >`CASE WHEN ${liveLines.status} = 'waitlisted' THEN (SELECT count(*) + 1 FROM ${liveLines} w WHERE w.variant_id = ${liveLines.variantId} AND w.status = 'waitlisted' AND (w.seq < ${liveLines.seq} OR (w.seq = ${liveLines.seq} AND w.id < ${liveLines.id}))) END`,
    })
    .from(liveLines)
    .innerJoin(liveProducts, eq(liveProducts.id, liveLines.productId))
    .innerJoin(liveVariants, eq(liveVariants.id, liveLines.variantId))
    .where(
      and(
        eq(liveLines.saleId, saleId),
        sql`${liveLines.status} IN ('reserved', 'waitlisted')`,
        filter.orderId || filter.buyerIds
          ? inArray(
              liveLines.orderId,
              orders.map((o) => o.o.id),
            )
          : undefined,
      ),
    )
    .orderBy(asc(liveProducts.position), asc(liveVariants.position), asc(liveLines.seq));
  const byOrder = new Map<string, OrderView["lines"]>();
  for (const l of lines) {
    const list = byOrder.get(l.orderId) ?? [];
    const same = list.find(
      (x) =>
        x.code === l.code &&
        (x.variant ?? null) === l.variant &&
        x.status === l.status &&
        l.status === "reserved",
    );
    if (same) same.qty += l.qty;
    else
      list.push({
        code: l.code,
        name: l.name,
        ...(l.variant !== null ? { variant: l.variant } : {}),
        price: l.price,
        qty: l.qty,
        status: l.status as "reserved" | "waitlisted",
        ...(l.position !== null ? { position: l.position } : {}),
      });
    byOrder.set(l.orderId, list);
  }
  return orders.map(({ o, b, couponCode, couponName }) => {
    const own = byOrder.get(o.id) ?? [];
    const subtotal = own.filter((l) => l.status === "reserved").reduce((s, l) => s + l.price * l.qty, 0);
    const confirmed = o.status !== "cart" && o.status !== "expired" && o.status !== "cancelled";
    return {
      id: o.id,
      status: o.status,
      buyer: { id: b.id, platform: b.platform, name: b.displayName, lineUserId: b.lineUserId },
      memberId: o.memberId,
      attributedStoreId: o.attributedStoreId,
      attributedStaffId: o.attributedStaffId,
      lines: own,
      subtotal: confirmed ? o.subtotal : subtotal,
      fulfilment: o.fulfilment,
      pickupStoreId: o.pickupStoreId,
      delivery: o.delivery ?? null,
      paymentMethod: o.paymentMethod,
      discount: o.discount,
      coupon: couponCode ? { code: couponCode, name: couponName ?? "" } : null,
      pointsUsed: o.pointsUsed,
      total: confirmed ? o.total : subtotal,
      expiresAt: o.expiresAt.toISOString(),
      createdAt: o.createdAt.toISOString(),
    };
  });
}

/** The order number buyer and seller both see: the id's last 8 characters (LIFF's and the console's `#…`). */
export const orderNumber = (id: string) =>
  `#${id
    .slice(id.lastIndexOf("_") + 1)
    .slice(-8)
    .toUpperCase()}`;

/** What the picking list adds to an order: store names, the buyer's phone. */
export interface PickingExtra {
  storeNames: Map<string, string>;
  /** The member's phone, for pickup orders (a delivery carries its own). */
  memberPhones: Map<string, string>;
}

/**
 * 揀貨單: one row per order line of confirmed and paid orders, for packing: the order number the
 * buyer sees, the store by name, the buyer's phone and the delivery address (admin only).
 */
export function pickingCsv(orders: OrderView[], extra: PickingExtra): string {
  const header = [
    "order_no",
    "status",
    "buyer",
    "platform",
    "phone",
    "code",
    "product",
    "variant",
    "qty",
    "price",
    "fulfilment",
    "pickup_store",
    "delivery_name",
    "delivery_address",
  ];
  const rows = orders.flatMap((o) =>
    o.lines
      .filter((l) => l.status === "reserved")
      .map((l) => [
        orderNumber(o.id),
        o.status,
        o.buyer.name,
        o.buyer.platform,
        o.delivery?.phone ?? (o.memberId ? extra.memberPhones.get(o.memberId) : undefined) ?? "",
        l.code,
        l.name,
        l.variant ?? "",
        l.qty,
        l.price,
        o.fulfilment ?? "",
        o.pickupStoreId ? (extra.storeNames.get(o.pickupStoreId) ?? o.pickupStoreId) : "",
        o.delivery?.name ?? "",
        o.delivery?.address ?? "",
      ]),
  );
  return toCsv(header, rows);
}
