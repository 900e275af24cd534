import { asc, eq } from "drizzle-orm";
import { stores } from "../../../../db/schema";
import type { AppDeps } from "../../deps";
import type { LineIdentity } from "../../lib/id-token";
import { runBatch } from "../../lib/sql-batch";
import { recordLiffVisit } from "../members";
import { buyerIdsOf, memberOf } from "./orders";
import type { SaleRow } from "./sales";
import { currentOrder } from "./second-order";
import { attributeOrders } from "./statements";
import { ordersWithLines } from "./tally";

/**
 * The caller's cart in a sale (LIFF checkout) — the open cart with items, else the latest order —
 * or undefined when they have none; and all their orders in the sale.
 */
export async function myCart(deps: AppDeps, identity: LineIdentity, saleId: string) {
  const userId = identity.userId;
  // Opening LIFF makes the caller a (guest) member, as the member API does — whichever request
  // arrives first — and a buyer who became a member after commenting gets the cart as a member.
  await recordLiffVisit(deps, identity);
  await runBatch(deps, [attributeOrders(deps.db, saleId)]);
  const buyerIds = await buyerIdsOf(deps.db, userId);
  const orders = await ordersWithLines(deps.db, saleId, { buyerIds });
  // One person may hold several (a LINE cart and a claimed one, orders checked out before).
  return { order: currentOrder(orders), orders };
}

/** The checkout page's view: the cart, the pickup stores and the one to preselect, how to pay. */
export async function cartView(deps: AppDeps, sale: SaleRow, identity: LineIdentity) {
  const { order, orders } = await myCart(deps, identity, sale.id);
  const list = await deps.db
    .select({ id: stores.id, code: stores.code, name: stores.name, address: stores.address })
    .from(stores)
    .where(eq(stores.active, true))
    .orderBy(asc(stores.code));
  const member = await memberOf(deps.db, identity.userId);
  return {
    sale: { id: sale.id, title: sale.title, status: sale.status },
    order: order ?? null,
    // The caller's other orders in the sale (checked out before, or closed), newest first.
    otherOrders: orders.filter((o) => o !== order && (o.status !== "cart" || o.lines.length > 0)).reverse(),
    stores: list,
    defaultPickupStoreId: order?.pickupStoreId ?? member?.homeStoreId ?? list[0]?.id ?? null,
    payment: { bankTransferAccount: deps.config.brand.bankTransferAccount },
  };
}
