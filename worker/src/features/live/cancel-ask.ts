import { and, asc, eq, inArray, type SQL, sql } from "drizzle-orm";
import type { Db } from "../../../../db/client";
import { liveLines, liveVariants } from "../../../../db/schema";

/**
 * `B02-1` names no variant. The database decided it (statements.ts `cancelStatements`): with one
 * variant of the product held it is cancelled; with several it is refused `VARIANT_REQUIRED` and
 * nothing moves — then the buyer is asked which, choosing among the variants they hold.
 */
export const ASK_WHICH = "VARIANT_REQUIRED";

/** `what` (a column or aggregate of live_lines) over what the order holds of the product. */
export const heldOf = (
  p: (name: string) => unknown,
  what: "variant_id" | "count(DISTINCT variant_id)",
): SQL =>
  sql`(SELECT ${sql.raw(what)} FROM ${liveLines} WHERE ${liveLines.orderId} = ${p("order")} AND ${liveLines.productId} = ${p("product")} AND ${liveLines.status} IN ('reserved', 'waitlisted') LIMIT 1)`;

/** The variants (names, catalogue order) an order holds of a product, reserved or waitlisted. */
export async function heldVariantNames(db: Db, orderId: string, productId: string): Promise<string[]> {
  const rows = await db
    .selectDistinct({ name: liveVariants.name, position: liveVariants.position })
    .from(liveLines)
    .innerJoin(liveVariants, eq(liveVariants.id, liveLines.variantId))
    .where(
      and(
        eq(liveLines.orderId, orderId),
        eq(liveLines.productId, productId),
        inArray(liveLines.status, ["reserved", "waitlisted"]),
      ),
    )
    .orderBy(asc(liveVariants.position));
  return rows.flatMap((r) => (r.name ? [r.name] : []));
}

/** Whether a comment's items are only a cancel the database sent back to ask which variant. */
export function isAskWhich(
  items: ReadonlyArray<{ status?: string; decision?: string; reason?: string | null }>,
) {
  return (
    items.some((i) => i.reason === ASK_WHICH) &&
    items.every((i) => i.status === "rejected" || i.decision === "rejected")
  );
}
