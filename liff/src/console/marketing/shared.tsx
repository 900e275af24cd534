/**
 * What the marketing pages share: their strings and client, the lookups every builder needs
 * (the field catalogue, stores with their staff, RFM group names — fetched once per sign-in),
 * and how a value of a rule reads.
 */
import "./marketing.css";
import { useEffect, useMemo, useState } from "preact/hooks";
import { apiErrorText } from "../../i18n/error-text";
import type { Api } from "../api";
import type { Lang } from "../i18n";
import type { Ctx } from "../nav";
import { type MarketingApi, marketingApi, type RfmCode, type Store } from "./api";
import { MARKETING_STRINGS, type MarketingStrings } from "./i18n";
import type { Catalogue, FieldInfo } from "./rule-model";

export function useMarketing(ctx: Ctx): { m: MarketingStrings; mapi: MarketingApi } {
  const mapi = useMemo(() => marketingApi(ctx.api, ctx.raw), [ctx.api, ctx.raw]);
  return { m: MARKETING_STRINGS[ctx.lang], mapi };
}

export const errorText = (e: unknown, lang: Lang) => apiErrorText(e, lang);

export interface Lookups {
  catalogue: Catalogue;
  stores: Store[];
  rfm: Map<string, { zh: string; en: string }>;
}

const cache = new WeakMap<Api, Promise<Lookups>>();

/** The catalogue, stores and RFM names, once per client; null until they have come. */
export function useLookups(ctx: Ctx): { lookups: Lookups | null; error: string } {
  const { mapi } = useMarketing(ctx);
  const [lookups, setLookups] = useState<Lookups | null>(null);
  const [error, setError] = useState("");
  useEffect(() => {
    let p = cache.get(ctx.api);
    if (!p) {
      p = Promise.all([mapi.fields(), mapi.stores(), mapi.rfm()]).then(([f, s, r]) => ({
        catalogue: new Map(f.fields.map((x) => [x.field, x as FieldInfo])),
        stores: s.stores,
        rfm: new Map(r.groups.map((g) => [g.code, { zh: g.zh, en: g.en }])),
      }));
      cache.set(ctx.api, p);
      p.catch(() => cache.delete(ctx.api));
    }
    let alive = true;
    p.then(
      (l) => alive && setLookups(l),
      (e) => alive && setError(errorText(e, ctx.lang)),
    );
    return () => {
      alive = false;
    };
  }, [ctx.api]);
  return { lookups, error };
}

export const fieldName = (m: MarketingStrings, f: Pick<FieldInfo, "field" | "zh">) =>
  m.fieldNames[f.field] ?? f.zh;

export function rfmName(l: Lookups | null, m: MarketingStrings, lang: Lang, code: string | null): string {
  if (!code || code === "none") return m.rfmNone;
  const n = l?.rfm.get(code as RfmCode);
  return n ? (lang === "en" ? n.en : n.zh) : code;
}

export const storeName = (l: Lookups | null, id: string | null | undefined) =>
  (id && l?.stores.find((s) => s.id === id)?.name) || id || "";

export function staffName(l: Lookups | null, id: string | null | undefined): string {
  if (!id) return "";
  for (const s of l?.stores ?? []) {
    const x = s.staff.find((p) => p.id === id);
    if (x) return `${x.name}（${s.name}）`;
  }
  return id;
}

/** Every staff member with their store, for the referrer select. */
export const allStaff = (l: Lookups | null) =>
  (l?.stores ?? []).flatMap((s) =>
    s.staff.filter((p) => p.role === "staff").map((p) => ({ id: p.id, name: `${p.name}（${s.name}）` })),
  );

/** The choices of an enum or id field: value and what it is called. */
export function choicesOf(
  f: FieldInfo | undefined,
  l: Lookups | null,
  m: MarketingStrings,
  lang: Lang,
): Array<{ value: string; label: string }> | null {
  if (!f) return null;
  switch (f.field) {
    case "homeStore":
      return (l?.stores ?? []).map((s) => ({ value: s.id, label: s.name }));
    case "referrerStaff":
      return allStaff(l).map((p) => ({ value: p.id, label: p.name }));
    case "birthdayMonth":
      return Array.from({ length: 12 }, (_, i) => ({ value: String(i + 1), label: m.month(i + 1) }));
    case "tier":
      return (f.values ?? []).map((v) => ({ value: v, label: m.tiers[v] ?? v }));
    case "bindSource":
      return (f.values ?? []).map((v) => ({ value: v, label: m.bindSources[v] ?? v }));
    case "rfmGroup":
      return (f.values ?? []).map((v) => ({ value: v, label: rfmName(l, m, lang, v) }));
  }
  if (f.kind === "enum") return (f.values ?? []).map((v) => ({ value: v, label: v }));
  return null;
}

/** A condition's value as it reads (names for ids and enums). */
export function valueText(
  f: FieldInfo | undefined,
  v: unknown,
  l: Lookups | null,
  m: MarketingStrings,
  lang: Lang,
): string {
  if (Array.isArray(v))
    return v.map((x) => valueText(f, x, l, m, lang)).join(f?.field === "tag" ? "、" : "、");
  if (typeof v === "boolean") return v ? m.yes : m.no;
  const s = String(v);
  const choice = choicesOf(f, l, m, lang)?.find((c) => c.value === s);
  if (choice) return choice.label;
  if (f?.field === "spend") return `NT$${Number(s).toLocaleString("en-US")}`;
  return s;
}

/**
 * What one page hands the next it opens (a segment to broadcast to, a rule to start a segment
 * from): taken once by the page that reads it.
 */
export const handoff: { segmentId?: string; rule?: unknown; name?: string } = {};
export function takeHandoff() {
  const out = { ...handoff };
  delete handoff.segmentId;
  delete handoff.rule;
  delete handoff.name;
  return out;
}
