import { type SQL, sql } from "drizzle-orm";

/**
 * How the reports and campaign results read a purchase `p` (one definition for all of them):
 *
 * - its revenue is net of refunds, `paid − refunded_amount` (money in minor units);
 * - it is an order unless it was refunded in full (a fully refunded sale sold nothing);
 * - its store is the store it names (store sales, a live order's pickup store), else the store of
 *   the staff member it is credited to (online: the referrer), else the member's home store.
 */
export const NET = sql`(p.paid - p.refunded_amount)`;
/** Whether purchase `alias` is an order; `IS_ORDER` for `p`. */
export const isOrder = (alias: "p" | "q") =>
  sql.raw(`(${alias}.refunded_amount = 0 OR ${alias}.refunded_amount < ${alias}.paid)`);
export const IS_ORDER = isOrder("p");

/** The joins `attributedStore` needs, after `purchases p`. */
export const ATTRIBUTION_JOINS = sql`LEFT JOIN stores ps ON ps.id = p.store_id LEFT JOIN staff pst ON pst.id = p.attributed_staff_id LEFT JOIN members pm ON pm.id = p.member_id`;
export const ATTRIBUTED_STORE = sql`coalesce(ps.id, pst.store_id, pm.home_store_id)`;

/** `AND <expr> = storeId` when a store is asked for, else nothing. */
export const storeFilter = (expr: SQL, storeId: string | null): SQL =>
  storeId === null ? sql`` : sql` AND ${expr} = ${storeId}`;

/** Revenue split by channel, summed in SQL: `store`, `online`, `live` columns. */
export const CHANNEL_SUMS = sql`coalesce(sum(CASE WHEN p.channel = 'store' THEN ${NET} END), 0) AS store, coalesce(sum(CASE WHEN p.channel = 'online' THEN ${NET} END), 0) AS online, coalesce(sum(CASE WHEN p.channel = 'live' THEN ${NET} END), 0) AS live`;

/** `JOIN members` keeping rows of `alias` (with a member_id) whose member's home store it is, when one is asked for. */
export const homeStore = (alias: "e" | "c", storeId: string | null): SQL =>
  storeId === null
    ? sql``
    : sql` JOIN members hm ON hm.id = ${sql.raw(alias)}.member_id AND hm.home_store_id = ${storeId}`;
