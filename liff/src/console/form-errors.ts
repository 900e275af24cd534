/**
 * Puts the API's refusal of a new sale next to the field it is about. zod failures carry their
 * path (`products.0.price`); the catalogue checks of the server (duplicate codes, variants, the
 * featured product) only say it in words, so those are read from the message.
 */

import { apiErrorText } from "../i18n/error-text";
import type { ApiError } from "./api";
import type { Lang, Strings } from "./i18n";

export type FieldErrors = Record<string, string>;

/** zod's English → the seller's language, for the common cases; anything else as it came. */
export function zodMessage(message: string, t: Strings): string {
  if (/received (undefined|NaN|null)|^Required$|expected array to have >=1 items/i.test(message))
    return t.required;
  if (/expected string to have >=1 characters/i.test(message)) return t.required;
  if (/expected int|integer/i.test(message)) return t.notInteger;
  const small = /Too small: expected number to be >=?(\S+)/i.exec(message);
  if (small) return t.tooSmall(small[1] ?? "");
  const big = /Too big: expected number to be <=?(\S+)/i.exec(message);
  if (big) return t.tooBig(big[1] ?? "");
  const long = /Too big: expected string to have <=(\d+) characters/i.exec(message);
  if (long) return t.tooLong(long[1] ?? "");
  return message;
}

const norm = (code: string) => code.normalize("NFKC").trim().toLowerCase();

/** Field key → message, and what could not be placed on a field. */
export function formErrors(
  err: ApiError,
  codes: string[],
  t: Strings,
  lang: Lang,
): { fields: FieldErrors; form: string } {
  const fields: FieldErrors = {};
  const issues = err.issues;
  if (issues.length > 0) {
    for (const issue of issues) {
      const parts = issue.path.split(".");
      const key =
        parts[0] === "products" && parts.length >= 3 ? parts.slice(0, 3).join(".") : (parts[0] ?? "");
      fields[key || "form"] ??= zodMessage(issue.message, t);
    }
    const form = fields.form ?? "";
    delete fields.form;
    return { fields, form: form || (Object.keys(fields).length ? "" : apiErrorText(err, lang)) };
  }
  const message = apiErrorText(err, lang);
  const row = (code: string | undefined, last = false) => {
    const all = codes.map((c, i) => (norm(c) === norm(code ?? "") ? i : -1)).filter((i) => i >= 0);
    return last ? all[all.length - 1] : all[0];
  };
  const code = /^Product code "(.*?)"/.exec(err.message);
  if (code) {
    const i = row(code[1], /used twice/.test(err.message));
    if (i !== undefined) return { fields: { [`products.${i}.code`]: message }, form: "" };
  }
  const variant = /^Product (\S+?)(:| has)/.exec(err.message);
  if (variant) {
    const i = row(variant[1]);
    if (i !== undefined) return { fields: { [`products.${i}.variants`]: message }, form: "" };
  }
  if (/featured product/i.test(err.message)) return { fields: { featuredCode: message }, form: "" };
  return { fields, form: message };
}
