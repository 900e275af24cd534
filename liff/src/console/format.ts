import type { Lang } from "./i18n";

/** The brand's zone: times are stored in UTC and shown as the seller's shop clock. */
const ZONE = "Asia/Taipei";

export const money = (n: number) => `NT$${Math.round(n).toLocaleString("en-US")}`;

export const count = (n: number) => n.toLocaleString("en-US");

const locale = (lang: Lang) => (lang === "en" ? "en-GB" : "zh-TW");

/** 11/24 10:05 (or 24 Nov 10:05). */
export function dateTime(iso: string | null | undefined, lang: Lang): string {
  if (!iso) return "—";
  return new Intl.DateTimeFormat(locale(lang), {
    timeZone: ZONE,
    month: lang === "en" ? "short" : "numeric",
    day: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    hour12: false,
  }).format(new Date(iso));
}

/** 10:05:09 — for the comment feed. */
export function clockTime(iso: string, lang: Lang): string {
  return new Intl.DateTimeFormat(locale(lang), {
    timeZone: ZONE,
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
    hour12: false,
  }).format(new Date(iso));
}

/** The short, readable tail of an id (`ord_b1_00045` → `00045`), for tables; the full id is in the title. */
export const shortId = (id: string) =>
  id
    .slice(id.lastIndexOf("_") + 1)
    .slice(-8)
    .toUpperCase();
