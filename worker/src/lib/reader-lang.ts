/**
 * The customer's language: the one rule for every message the bot sends a LINE user. LINE's
 * profile carries the user's language as a BCP 47 tag ("en", "en-US", "zh-TW", "ja", …), absent
 * when the user never consented to share it or the profile could not be read.
 *
 * - English ("en", "en-US", "en_GB", …) → "en": English only.
 * - Any other known language → "zh-TW": the product's own language, zh-TW only.
 * - Unknown (no profile language) → null: the bilingual message (zh-TW first, then English).
 *
 * Group chats have many readers: they keep their bilingual (or zh-TW) messages and do not use
 * this rule per message.
 */
import type { Lang, Text } from "./errors";

export type ReaderLang = Lang | null;

export function readerLang(profileLanguage: string | null | undefined): ReaderLang {
  const tag = (profileLanguage ?? "").trim();
  if (tag === "") return null;
  return /^en(?:$|[-_])/i.test(tag) ? "en" : "zh-TW";
}

/**
 * What one reader is told: the sentence in their language, or — language unknown — both,
 * zh-TW first, joined by `joiner` (a new line for messages, a space for short labels).
 */
export function told(lang: ReaderLang, text: Text, joiner = "\n"): string {
  if (lang === null) return text["zh-TW"] === text.en ? text.en : `${text["zh-TW"]}${joiner}${text.en}`;
  return text[lang];
}

/** A word list (a Flex card's labels) in one reader's language, both languages when unknown. */
export function wordsFor<K extends string>(
  lang: ReaderLang,
  words: Record<K, Text>,
  joiner = " ",
): Record<K, string> {
  const out = {} as Record<K, string>;
  for (const key of Object.keys(words) as K[]) out[key] = told(lang, words[key], joiner);
  return out;
}
