/**
 * Types of the "+1" comment parser. See `parse.ts` for the grammar and the decisions it makes.
 */

/** A variant of a product, e.g. `{ id: "red-m", words: ["紅", "M"] }`. */
export interface CatalogueVariant {
  id: string;
  /** Every word must appear in a comment for this variant to be chosen (order free). */
  words: string[];
}

/** A product of the sale as the parser needs it. */
export interface CatalogueProduct {
  /** `A`, `B02`, `a01`… Case-insensitive and full-width-insensitive when matched. */
  code: string;
  variants?: CatalogueVariant[];
}

export interface ParseOptions {
  /** Overrides the catalogue's featured product (the one a bare `+1` orders); `null` clears it. */
  featuredCode?: string | null;
  /** Largest |quantity| accepted per line; larger → `QUANTITY_TOO_LARGE`. Default 99. */
  maxQuantity?: number;
}

/** One thing to add (quantity > 0) or cancel (quantity < 0). */
export interface OrderLine {
  /** The product code in the catalogue's casing. */
  code: string;
  /** Absent for a product with variants only in a cancel that names none (`B02-1`). */
  variantId?: string;
  /** > 0 adds, < 0 cancels; never 0. */
  quantity: number;
  /** The part of the (half-width, whitespace-collapsed) comment this line came from. */
  source: string;
}

export type RejectReason =
  /** Looks like a product code (latin letters + digits glued to a quantity) but isn't in the sale. */
  | "UNKNOWN_CODE"
  /** Variant words that the product doesn't have (or a combination no variant has), or variant words for a product without variants. */
  | "UNKNOWN_VARIANT"
  /** |quantity| above `maxQuantity`. */
  | "QUANTITY_TOO_LARGE";

export interface RejectedLine {
  reason: RejectReason;
  /** The code as in the catalogue, or as typed (half-width) for `UNKNOWN_CODE`. */
  code?: string;
  quantity?: number;
  /** For `UNKNOWN_VARIANT`: the variant-looking words that were given. */
  words?: string[];
  source: string;
}

export type AmbiguityReason =
  /** A bare `+1` with no featured product. */
  | "NO_FEATURED_PRODUCT"
  /** The product has several variants and the comment names none. */
  | "VARIANT_REQUIRED"
  /** The variant words fit several variants (e.g. `紅` when there are 紅 M and 紅 L). */
  | "VARIANT_AMBIGUOUS"
  /** A product code with no quantity next to an order (`A+1 B`, `A B+1`). */
  | "MISSING_QUANTITY";

export interface VariantCandidate {
  variantId: string;
  /** The variant's words as given in the catalogue. */
  words: string[];
}

export interface Ambiguity {
  reason: AmbiguityReason;
  /** The product concerned, catalogue casing (absent for `NO_FEATURED_PRODUCT`). */
  code?: string;
  /** For variant ambiguities: the variants to choose from. */
  candidates?: VariantCandidate[];
  source: string;
}

export type NoneReason =
  /** Nothing that reads as a quantity (`好漂亮`, emoji, `A還有貨`). */
  | "NO_ORDER"
  /** A question (`?`, `嗎`, `呢`, `什麼`, `請問`, …) — never an order. */
  | "QUESTION"
  /** Arithmetic (`1+1=2`, `3+2`, phone numbers). */
  | "ARITHMETIC"
  /** Contains a link — treated as spam/chatter. */
  | "URL"
  /** Every quantity was 0. */
  | "ZERO_QUANTITY";

export type ParseResult =
  /** Not an order at all; nothing to tell the buyer. */
  | { kind: "none"; why: NoneReason }
  /** Order lines to apply (may be empty when everything was rejected) and rejected parts to report. */
  | { kind: "order"; lines: OrderLine[]; rejected: RejectedLine[] }
  /**
   * Intent to order but unclear: create nothing from this comment and ask the buyer. The first
   * issue is spread on the result (`reason`, `code`, `candidates`, `source`); `issues` has all.
   */
  | ({ kind: "ambiguous"; issues: Ambiguity[]; rejected: RejectedLine[] } & Ambiguity);
