/**
 * Puts the API's refusal of a new sale next to the field it is about. zod failures carry their
 * path (`products.0.price`); the catalogue checks of the server (duplicate codes, variants, the
 * featured product) name theirs in `details.field`.
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

/** Field key → message, and what could not be placed on a field. */
export function formErrors(err: ApiError, t: Strings, lang: Lang): { fields: FieldErrors; form: string } {
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
  // The server's catalogue checks (duplicate codes, variants, the featured product) name their field.
  const field = (err.details as { field?: unknown } | undefined)?.field;
  if (typeof field === "string" && /^(products\.\d+\.(code|variants)|featuredCode)$/.test(field))
    return { fields: { [field]: message }, form: "" };
  return { fields, form: message };
}
