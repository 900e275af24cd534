import { sql } from "drizzle-orm";
import { purchaseItems } from "../../../../db/schema";
import type { AppDeps } from "../../deps";
import type { BatchStatement } from "../../lib/batch";

/** One line of a sale, as the POS sends it: the catalogue SKU, a name, quantity and unit price. */
export interface PurchaseItemInput {
  sku: string;
  name: string;
  quantity: number;
  price: number;
}

const COLUMNS_PER_ITEM = 5;

/**
 * The statements that store a purchase's lines (商品明細, for "bought X" segments), for the same
 * batch as the purchase's insert. Each is an INSERT … SELECT from the purchase row with this very
 * id, so when the insert lost to an earlier identical sale (a replay, a double tap) the lines
 * find no row and nothing is added; the member and time come from the purchase. Chunked to the
 * database's bound-parameter limit (D1: 100).
 */
export function itemStatements(
  deps: Pick<AppDeps, "db" | "dbLimits">,
  purchaseId: string,
  items: readonly PurchaseItemInput[],
): BatchStatement[] {
  const per = Math.max(1, Math.floor((deps.dbLimits.maxParams - 1) / COLUMNS_PER_ITEM));
  const out: BatchStatement[] = [];
  for (let start = 0; start < items.length; start += per) {
    const rows = items
      .slice(start, start + per)
      .map((it, k) => sql`(${start + k}, ${it.sku}, ${it.name}, ${it.quantity}, ${it.price})`);
    // A drizzle insert-select (its columns in the table's order), not db.run: drizzle's D1 batch
    // cannot bind a raw statement's parameters.
    out.push(
      deps.db
        .insert(purchaseItems)
        .select(
          sql`SELECT p.id, v.column1, p.member_id, v.column2, v.column3, v.column4, v.column5, p.created_at
FROM purchases p, (VALUES ${sql.join(rows, sql`, `)}) v
WHERE p.id = ${purchaseId}`,
        )
        .onConflictDoNothing(),
    );
  }
  return out;
}
