/** The loyalty page's fields: a number typed as text (kept as typed), and the API's refusals by field. */
import { ApiError } from "../../api/error";
import { zodMessage } from "../form-errors";
import type { Ctx } from "../nav";

export type Fields = Record<string, string>;

/** The API's refusals by field, in our words for the rules this page knows, zod's otherwise. */
export function refusals(e: unknown, ctx: Ctx, rule: (path: string) => string | undefined): Fields | null {
  if (!(e instanceof ApiError) || e.issues.length === 0) return null;
  const out: Fields = {};
  for (const i of e.issues) out[i.path] ??= rule(i.path) ?? zodMessage(i.message, ctx.t);
  return out;
}

export function NumberField(props: {
  id: string;
  label: string;
  value: string;
  error?: string;
  hint?: string;
  inputMode?: "decimal" | "text";
  onInput: (v: string) => void;
}) {
  return (
    <div class="field">
      <label class="field-label" for={props.id}>
        {props.label}
      </label>
      <input
        id={props.id}
        class="input"
        inputMode={props.inputMode ?? "decimal"}
        value={props.value}
        placeholder={props.hint}
        data-testid={props.id}
        aria-invalid={props.error ? true : undefined}
        aria-describedby={props.error ? `${props.id}-error` : undefined}
        onInput={(e) => props.onInput(e.currentTarget.value)}
      />
      {props.error && (
        <p class="field-error" id={`${props.id}-error`} data-testid={`${props.id}-error`}>
          {props.error}
        </p>
      )}
    </div>
  );
}

/** A decimal as typed (never coerced): the number, or null when it is not one. */
export const decimal = (text: string): number | null =>
  /^\s*\d+(\.\d+)?\s*$/.test(text) ? Number(text) : null;
