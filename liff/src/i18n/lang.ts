/**
 * The one language mechanism of every front end (LIFF pages, console, simulator): which language
 * a reader gets, how a choice is remembered, how the document says it, and the language the API
 * is asked to answer in (its error messages come in one language, picked by `Accept-Language`).
 * Each surface keeps its own catalogue: a zh-TW object and an English one of the same type.
 */
export type Lang = "zh-TW" | "en";

/** zh-* → zh-TW (the brand's first language), any other language → English; none → zh-TW. */
export function langFrom(tag: string | null | undefined): Lang {
  return !tag || /^zh\b/i.test(tag) ? "zh-TW" : "en";
}

const isLang = (v: unknown): v is Lang => v === "zh-TW" || v === "en";

/** The language remembered under `key`, else the browser's. */
export function storedLang(key: string): Lang {
  const saved = typeof localStorage !== "undefined" ? localStorage.getItem(key) : null;
  if (isLang(saved)) return saved;
  return langFrom(typeof navigator !== "undefined" ? navigator.language : undefined);
}

let requestLang: Lang = "zh-TW";

/** Shows `l` on the page (`<html lang>`), remembers it under `key` if given, asks the API for it. */
export function applyLang(l: Lang, key?: string): void {
  requestLang = l;
  if (key && typeof localStorage !== "undefined") localStorage.setItem(key, l);
  if (typeof document !== "undefined") document.documentElement.lang = l === "zh-TW" ? "zh-Hant-TW" : "en";
}

/** The `Accept-Language` every API call sends: the reader's language, so refusals come in it. */
export const acceptLanguage = (): { "accept-language": Lang } => ({ "accept-language": requestLang });
