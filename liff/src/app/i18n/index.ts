import { useEffect, useState } from "preact/hooks";
import { applyLang, type Lang, langFrom, storedLang } from "../../i18n/lang";
import { config } from "../config";
import { en } from "./en";
import { type MessageKey, type Messages, zhTW } from "./zh-TW";

export type { Lang, MessageKey };
export { langFrom };

const CATALOGUES: Record<Lang, Messages> = { "zh-TW": zhTW, en };
const KEY = "omo.lang";

let current: Lang = storedLang(KEY);
const listeners = new Set<(l: Lang) => void>();
applyLang(current);

export const lang = () => current;

/** `chosen`: the user switched (remembered); otherwise LINE's language (liff.getLanguage()). */
export function setLang(l: Lang, chosen = false) {
  if (chosen) localStorage.setItem(KEY, l);
  else if (localStorage.getItem(KEY)) return;
  if (l === current) return;
  current = l;
  applyLang(l);
  for (const f of listeners) f(l);
}

/** Re-renders the caller when the language changes. */
export function useLang(): Lang {
  const [l, set] = useState(current);
  useEffect(() => {
    listeners.add(set);
    return () => void listeners.delete(set);
  }, []);
  return l;
}

type Vars = Record<string, string | number>;
const fill = (s: string, vars: Vars) =>
  s.replace(/\{(\w+)\}/g, (m, k: string) => (k in vars ? String(vars[k]) : m));

export function t(key: MessageKey, vars: Vars = {}): string {
  return fill(CATALOGUES[current][key] ?? zhTW[key], vars);
}

/**
 * A lazily loaded page's own catalogue (e.g. i18n/live.*.ts), read like `t()`: its strings load
 * with the page instead of weighing on the member card's first paint.
 */
export function pageMessages<K extends string>(zh: Record<K, string>, en: Record<K, string>) {
  return (key: K, vars: Vars = {}): string => fill((current === "en" ? en[key] : undefined) ?? zh[key], vars);
}

const locale = () => (current === "zh-TW" ? "zh-TW" : "en-US");
export const fmtNumber = (n: number) => new Intl.NumberFormat(locale()).format(n);
export const fmtMoney = (n: number) => `NT$${new Intl.NumberFormat("en-US").format(n)}`;
export const fmtDate = (iso: string) =>
  new Intl.DateTimeFormat(locale(), {
    timeZone: config.timeZone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
  }).format(new Date(iso));
export const fmtDateTime = (iso: string) =>
  new Intl.DateTimeFormat(locale(), {
    timeZone: config.timeZone,
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    hour12: false,
  }).format(new Date(iso));
export const fmtTime = (iso: string) =>
  new Intl.DateTimeFormat(locale(), {
    timeZone: config.timeZone,
    hour: "2-digit",
    minute: "2-digit",
    hour12: false,
  }).format(new Date(iso));
