import type { CompiledProduct, CompiledVariant } from "./catalogue";
import type { VariantCandidate } from "./types";

/** Choosing a product's variant from the variant words of an item. */

export type VariantResolution =
  | { ok: true; variant: CompiledVariant | undefined }
  | { ok: false; reject: true }
  | {
      ok: false;
      reject: false;
      reason: "VARIANT_REQUIRED" | "VARIANT_AMBIGUOUS";
      candidates: CompiledVariant[];
    };

/** Variants whose words include every given word. */
export function consistentVariants(product: CompiledProduct, words: ReadonlySet<string>): CompiledVariant[] {
  const out: CompiledVariant[] = [];
  for (const v of product.variants) {
    let all = true;
    for (const w of words) {
      if (!v.keys.has(w)) {
        all = false;
        break;
      }
    }
    if (all) out.push(v);
  }
  return out;
}

export function resolveVariant(product: CompiledProduct, words: ReadonlySet<string>): VariantResolution {
  if (product.variants.length === 0)
    return words.size > 0 ? { ok: false, reject: true } : { ok: true, variant: undefined };
  for (const w of words) if (!product.wordKeys.has(w)) return { ok: false, reject: true };
  const candidates = consistentVariants(product, words);
  if (candidates.length === 0) return { ok: false, reject: true };
  if (candidates.length === 1) return { ok: true, variant: candidates[0] };
  const exact = candidates.filter((v) => v.keys.size === words.size);
  if (exact.length === 1) return { ok: true, variant: exact[0] };
  return {
    ok: false,
    reject: false,
    reason: words.size === 0 ? "VARIANT_REQUIRED" : "VARIANT_AMBIGUOUS",
    candidates,
  };
}

export const toCandidate = (v: CompiledVariant): VariantCandidate => ({
  variantId: v.id,
  words: [...v.words],
});
