import { and, desc, eq, inArray } from "drizzle-orm";
import {
  liveBuyers,
  liveOrders,
  liveSales,
  memberTags,
  onlineOrders,
  purchases,
  shops,
  stores,
} from "../../../../db/schema";
import type { AppDeps } from "../../deps";
import { memberTier } from "../loyalty";
import { memberWithStore } from "../members";
import type { MemberPanel } from "./schema";

/** What an agent sees beside a conversation (and the prompt's profile): no phone, no e-mail. */
export async function memberPanel(
  deps: Pick<AppDeps, "db" | "clock">,
  lineUserId: string,
): Promise<MemberPanel | null> {
  const row = await memberWithStore(deps.db, lineUserId);
  if (!row || row.member.deletedAt) return null;
  const m = row.member;
  const [tier, tags, bought, orders, online] = await Promise.all([
    memberTier(deps, m.id),
    deps.db.select({ tag: memberTags.tag }).from(memberTags).where(eq(memberTags.memberId, m.id)),
    deps.db
      .select({
        at: purchases.createdAt,
        amount: purchases.paid,
        store: stores.name,
        channel: purchases.channel,
      })
      .from(purchases)
      .leftJoin(stores, eq(stores.id, purchases.storeId))
      .where(eq(purchases.memberId, m.id))
      .orderBy(desc(purchases.createdAt))
      .limit(5),
    deps.db
      .select({
        saleId: liveSales.id,
        sale: liveSales.title,
        status: liveOrders.status,
        orderId: liveOrders.id,
      })
      .from(liveOrders)
      .innerJoin(liveSales, eq(liveSales.id, liveOrders.saleId))
      .innerJoin(liveBuyers, eq(liveBuyers.id, liveOrders.buyerId))
      .where(
        and(
          eq(liveBuyers.lineUserId, lineUserId),
          inArray(liveOrders.status, ["cart", "confirmed", "paid", "picked_up"]),
        ),
      )
      .orderBy(desc(liveOrders.createdAt))
      .limit(5),
    deps.db
      .select({
        orderId: onlineOrders.externalId,
        shop: shops.name,
        state: onlineOrders.state,
        total: onlineOrders.total,
        pickupStore: stores.name,
        pickupState: onlineOrders.pickupState,
        at: onlineOrders.createdAt,
      })
      .from(onlineOrders)
      .innerJoin(shops, eq(shops.id, onlineOrders.shopId))
      .leftJoin(stores, eq(stores.id, onlineOrders.pickupStoreId))
      .where(eq(onlineOrders.memberId, m.id))
      .orderBy(desc(onlineOrders.createdAt))
      .limit(5),
  ]);
  return {
    memberId: m.id,
    memberCode: m.memberCode,
    displayName: m.displayName,
    status: m.status,
    tier: tier.code,
    points: m.pointsBalance,
    homeStore: row.storeName ?? null,
    referrerStaff: row.staffName ?? null,
    tags: tags.map((t) => t.tag),
    recentPurchases: bought.map((p) => ({
      at: p.at.toISOString(),
      amount: p.amount,
      store: p.store,
      channel: p.channel,
    })),
    recentOrders: orders,
    onlineOrders: online.map((o) => ({ ...o, at: o.at.toISOString() })),
  };
}
