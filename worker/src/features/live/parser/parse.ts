import { collapseWhitespace, toHalfWidth } from "../../../lib/text/normalize";
import { type CompiledCatalogue, compileCatalogue, resolveFeatured } from "./catalogue";
import { group } from "./group";
import { scan } from "./scan";
import type {
  Ambiguity,
  CatalogueProduct,
  OrderLine,
  ParseOptions,
  ParseResult,
  RejectedLine,
} from "./types";
import { consistentVariants, resolveVariant, toCandidate } from "./variants";

/**
 * "+1" comment parser.
 *
 * The comment is normalised (NFKC half-width, `➕`→`+`, whitespace collapsed, line breaks kept as
 * separators), then scanned once left to right into tokens:
 *
 * - **code**: a catalogue code, longest first, case-insensitive. A code that starts/ends with a
 *   latin letter or digit needs a latin boundary there (`B02` is not `B0`+`2`, `AB` holds no `A`),
 *   while Han text around it is fine (`我要A+1謝謝`).
 * - **quantity**: `+N`, `+ N`, `加N`, `-N` / `減N` (cancel), N in digits or Chinese numerals
 *   (`一`…`十`, `二十五`, `兩`, up to 999); `包色` / `包+N` (one of each variant); `各+N` (each
 *   of the codes before it: `A、B各+1`); `xN`, `*N`, `×N` only right after a code or variant word
 *   (`A x2`, `A紅x2`) — elsewhere `x2` is chatter. `加一下`/`加一點` are not quantities.
 * - **unknown code**: 1–3 latin letters + up to 4 digits glued to a quantity (`Z+1`, `C99+1`)
 *   that isn't in the catalogue → rejected `UNKNOWN_CODE`. Longer latin words (`line+1`) are chatter.
 * - **variant word**: a word of any variant of the catalogue (`紅`, `紅色`, `M`), or a common
 *   colour/size (so an unknown colour is reported, not ignored). `X色` reads as `X`. A single Han
 *   character only counts standing alone (`明白` holds no 白; `紅的`, `大號` are fine).
 * - **separator**: `,` `、` `;` `/` or a line break; spaces only separate tokens.
 * - everything else is chatter. Chatter decides questions (`?`, `嗎`, `呢`, `什麼`, `請問`, …):
 *   a question is never an order.
 *
 * Tokens then group into items: `[codes] [words] quantity [words]`. Words right after a quantity
 * belong to it (`A+1 紅 M`) unless another quantity follows them first (`A紅+1 藍+1` = A 紅 and
 * A 藍: an item with only variant words inherits the previous item's product when they fit it).
 * A code after a quantity that has none is that quantity's product (`+1 A`), unless the code has
 * its own quantity (`+1 A+2` = featured 1, A 2). A separator ends an item. No code → the featured
 * product. A code that is also a variant word of the product being ordered is the word (`T+1 S`).
 * `+1+1` is two lines of 1.

 * Not orders (`kind: "none"`): no quantity at all, any question, arithmetic (`1+1=2`, `3 + 2`,
 * a bare number glued to an operator), links, or every quantity 0. Several items are returned
 * as separate lines (not summed); a `包色` item gives one line per matching variant.
 *
 * Ambiguous (`kind: "ambiguous"`, no lines at all so the buyer can simply re-comment): a bare
 * quantity without featured product, a product with variants and no (or an incomplete) variant,
 * a product code left without quantity next to an order. A product with exactly one variant
 * needs no choice and gets it. A cancel naming no variant (`B02-1`) is a line without variant:
 * which one is for the database, which knows what the buyer holds.
 */

const DEFAULT_MAX_QUANTITY = 99;
const URL_RE = /https?:\/\/|www\.|[a-z0-9-]+\.(?:com|tw|net|org|cc|io|me|ly|co|shop)\b/;
const QUESTION_RE =
  /[?嗎]|呢|什麼|甚麼|請問|多少|如何|能不能|可不可以|有沒有|是不是|哪|幾[號時天點個件]|怎麼(?![這那]麼)/;
/** Quick reject: no character that can start a quantity. */
const MAYBE_QTY_RE = /[+\-加減包x*×]/;

function isCompiled(c: CompiledCatalogue | readonly CatalogueProduct[]): c is CompiledCatalogue {
  return !Array.isArray(c);
}

/** Half-width, whitespace-collapsed comment (line breaks kept), as sources are cut from. */
export function prepareComment(text: string): string {
  return collapseWhitespace(toHalfWidth(text), { keepNewlines: true });
}

/**
 * Parses one comment against a compiled catalogue (`compileCatalogue`, done once per sale).
 * Passing a product array compiles it on the fly (convenient, slower).
 * Pure: no I/O, no clock, no randomness; never throws on comment text (only on a
 * `featuredCode` option that isn't in the catalogue).
 */
export function parseComment(
  text: string,
  catalogue: CompiledCatalogue | readonly CatalogueProduct[],
  options?: ParseOptions,
): ParseResult {
  const cat = isCompiled(catalogue) ? catalogue : compileCatalogue(catalogue);
  const src = prepareComment(text);
  const lower = src.toLowerCase();
  // toLowerCase can change the length of a few exotic characters; then cut sources from `lower`.
  const view = lower.length === src.length ? src : lower;
  if (!MAYBE_QTY_RE.test(lower)) return { kind: "none", why: "NO_ORDER" };
  if (URL_RE.test(lower)) return { kind: "none", why: "URL" };

  const { tokens, chatter, arithmetic } = scan(lower, cat);
  if (arithmetic) return { kind: "none", why: "ARITHMETIC" };
  if (QUESTION_RE.test(chatter)) return { kind: "none", why: "QUESTION" };
  if (!tokens.some((t) => t.t === "qty")) return { kind: "none", why: "NO_ORDER" };

  const featured =
    options?.featuredCode !== undefined ? resolveFeatured(cat.products, options.featuredCode) : cat.featured;
  const maxQuantity = options?.maxQuantity ?? DEFAULT_MAX_QUANTITY;
  const { items, dangling } = group(tokens);

  const lines: OrderLine[] = [];
  const rejected: RejectedLine[] = [];
  const issues: Ambiguity[] = [];

  for (const it of items) {
    if (it.n === 0) continue;
    const source = view.slice(it.start, it.end);
    if (it.unknown) {
      rejected.push({
        reason: "UNKNOWN_CODE",
        code: view.slice(it.unknown[0], it.unknown[1]).toUpperCase(),
        quantity: it.n,
        source,
      });
      continue;
    }
    const product = it.product ?? featured;
    if (!product) {
      issues.push({ reason: "NO_FEATURED_PRODUCT", source });
      continue;
    }
    if (Math.abs(it.n) > maxQuantity) {
      rejected.push({ reason: "QUANTITY_TOO_LARGE", code: product.code, quantity: it.n, source });
      continue;
    }
    const words = new Set(it.words);
    if (it.bundle) {
      if (product.variants.length === 0 && words.size === 0) {
        lines.push({ code: product.code, quantity: it.n, source });
        continue;
      }
      const all = product.variants.length === 0 ? [] : consistentVariants(product, words);
      if (all.length === 0) {
        rejected.push({
          reason: "UNKNOWN_VARIANT",
          code: product.code,
          quantity: it.n,
          words: [...words],
          source,
        });
        continue;
      }
      for (const v of all) lines.push({ code: product.code, variantId: v.id, quantity: it.n, source });
      continue;
    }
    const r = resolveVariant(product, words);
    if (r.ok) {
      const line: OrderLine = { code: product.code, quantity: it.n, source };
      if (r.variant) line.variantId = r.variant.id;
      lines.push(line);
    } else if (!r.reject && r.reason === "VARIANT_REQUIRED" && it.n < 0) {
      // `B02-1`: a cancel of whichever variant the buyer holds — the database decides (one held:
      // cancelled; several: the buyer is asked which), as only it knows what the cart holds.
      lines.push({ code: product.code, quantity: it.n, source });
    } else if (r.reject) {
      rejected.push({
        reason: "UNKNOWN_VARIANT",
        code: product.code,
        quantity: it.n,
        words: [...words],
        source,
      });
    } else {
      issues.push({
        reason: r.reason,
        code: product.code,
        candidates: r.candidates.map(toCandidate),
        source,
      });
    }
  }
  if (items.some((it) => it.n !== 0)) {
    for (const d of dangling) {
      if (d.product)
        issues.push({ reason: "MISSING_QUANTITY", code: d.product.code, source: view.slice(d.start, d.end) });
    }
  }

  const firstIssue = issues[0];
  if (firstIssue) return { kind: "ambiguous", ...firstIssue, issues, rejected };
  if (lines.length === 0 && rejected.length === 0) return { kind: "none", why: "ZERO_QUANTITY" };
  return { kind: "order", lines, rejected };
}
