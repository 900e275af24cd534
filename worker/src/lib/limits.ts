/**
 * The API's limits on amounts and counts, in one place: the input schemas enforce them (and
 * publish them as `maximum` in /openapi.json), `GET /api/staff/me` answers them to the staff
 * pages, and the seller console imports this file as is. No imports, so a page bundles only these
 * numbers.
 *
 * Money is NT$ in whole dollars (TWD has no minor unit in use): never a fraction.
 */

/** The most one store purchase, POS sale or refund can be: NT$10,000,000. */
export const MAX_AMOUNT = 10_000_000;
/** Points used as cash on one purchase or order (1 point = NT$1), at most what is paid. */
export const MAX_POINTS_TO_USE = MAX_AMOUNT;

/** Live sales (the console's new-sale form): a product's price, stock and per-buyer limit. */
export const LIVE_LIMITS = {
  maxPrice: MAX_AMOUNT,
  maxStock: 1_000_000,
  maxPerBuyer: 999,
} as const;

/** POS lines: quantity of one line. */
export const MAX_LINE_QUANTITY = 100_000;
