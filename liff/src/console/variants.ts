/** The variants field of the new-sale form: `紅 M:5, 黑 L:3` ⇄ [{ name, stock }]. */
export interface VariantInput {
  name: string;
  stock: number;
}

/** Parses the field; `null` when it does not read as `name:qty` pairs (empty → no variants). */
export function parseVariants(text: string): VariantInput[] | null {
  const parts = text
    .split(/[,，、;；\n]+/u)
    .map((p) => p.trim())
    .filter((p) => p.length > 0);
  const out: VariantInput[] = [];
  for (const part of parts) {
    const m = /^([^:：]+?)\s*[:：]\s*([0-9０-９]+)$/u.exec(part);
    if (!m?.[1] || !m[2]) return null;
    const digits = m[2].replace(/[０-９]/gu, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0));
    out.push({ name: m[1].trim(), stock: Number(digits) });
  }
  return out;
}

export const formatVariants = (variants: VariantInput[]) =>
  variants.map((v) => `${v.name}:${v.stock}`).join(", ");
