/** A rule as one readable line (for lists): names for fields, ops and values, groups in brackets. */
import type { Lang } from "../i18n";
import type { MarketingStrings } from "./i18n";
import { type Catalogue, DAYS_OPS } from "./rule-model";
import { fieldName, type Lookups, storeName, valueText } from "./shared";

const isObj = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === "object" && !Array.isArray(v);

export function opName(m: MarketingStrings, field: string, op: string): string {
  return (field === "tier" ? m.tierOps[op] : undefined) ?? m.ops[op] ?? op;
}

export function ruleText(
  rule: unknown,
  catalogue: Catalogue | undefined,
  l: Lookups | null,
  m: MarketingStrings,
  lang: Lang,
): string {
  const node = (n: unknown, nested: boolean): string => {
    if (!isObj(n)) return "";
    for (const mode of ["all", "any"] as const) {
      const list = n[mode];
      if (Array.isArray(list)) {
        const text = list.map((x) => node(x, true)).join(mode === "all" ? m.and : m.or);
        return nested && list.length > 1 ? `（${text}）` : text;
      }
    }
    if ("not" in n) return `${m.notWord}${node(n.not, true).replace(/^(?!（)(.*)$/, "（$1）")}`;
    const field = String(n.field ?? "");
    const f = catalogue?.get(field);
    const name = f ? fieldName(m, f) : field;
    const op = String(n.op ?? "");
    const unit = DAYS_OPS.has(op) ? m.daysUnit : (m.units[field] ?? "");
    const value =
      op === "exists" || op === "notExists"
        ? ""
        : op === "between" && Array.isArray(n.value)
          ? ` ${valueText(f, n.value[0], l, m, lang)}–${valueText(f, n.value[1], l, m, lang)}`
          : ` ${valueText(f, n.value, l, m, lang)}`;
    const opts = [
      typeof n.days === "number" ? `${m.lastDays} ${n.days} ${m.daysSuffix}` : "",
      typeof n.channel === "string" ? (m.channels[n.channel] ?? n.channel) : "",
      typeof n.store === "string" ? storeName(l, n.store) : "",
    ].filter(Boolean);
    const sep = lang === "en" ? ", " : "・";
    return `${name} ${opName(m, field, op)}${value}${unit && value ? ` ${unit}` : ""}${opts.length ? `（${opts.join(sep)}）` : ""}`;
  };
  return node(rule, false);
}
