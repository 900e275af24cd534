/**
 * What the back-office pages share: their strings, the API's types (from /openapi.json), a modal
 * form on the native <dialog>, and a key drawn once per open form (so a retried submit repeats
 * the same request, never a second one).
 */
import "./backoffice.css";
import type { ComponentChildren } from "preact";
import { ApiError } from "../../api/error";
import type { components } from "../../api/schema.gen";
import { apiErrorText } from "../../i18n/error-text";
import { zodMessage } from "../form-errors";
import type { Lang } from "../i18n";
import type { Ctx } from "../nav";
import { TextField, useModal } from "../ui";
import { BACK_OFFICE_TEXT, type BackOfficeText } from "./strings";

export type Schemas = components["schemas"];
export type MemberHit = Schemas["AdminMemberHit"];
export type MemberSearch = Schemas["AdminMemberSearch"];
export type AdminMember = Schemas["AdminMember"];
export type PointsAdjusted = Schemas["PointsAdjusted"];
export type AuditEntry = Schemas["AuditEntry"];
export type AuditPage = Schemas["AuditPage"];
export type AuditAction = Schemas["AuditAction"];
export type CouponTemplate = Schemas["CouponTemplate"];
export type TemplateDetail = Schemas["CouponTemplateDetail"];

export const useText = (ctx: Ctx): BackOfficeText => BACK_OFFICE_TEXT[ctx.lang];

/** A Taiwan mobile in E.164 as people write it (0912-345-678); any other number as stored. */
export const phoneText = (p: string | null | undefined): string | null => {
  const m = p ? /^\+8869(\d{2})(\d{3})(\d{3})$/.exec(p) : null;
  return m ? `09${m[1]}-${m[2]}-${m[3]}` : (p ?? null);
};

export const errorText = (e: unknown, lang: Lang) => apiErrorText(e, lang);

/**
 * The API's refusal as a message per field it names (zod's path: its first part, or all of it
 * with `fullPath`), in our words where `rule` has some, zod's translated otherwise; null when
 * the refusal names no field.
 */
export function apiFields(
  e: unknown,
  ctx: Ctx,
  opts: { fullPath?: boolean; rule?: (path: string) => string | undefined } = {},
): Record<string, string> | null {
  if (!(e instanceof ApiError) || e.issues.length === 0) return null;
  const out: Record<string, string> = {};
  for (const i of e.issues) {
    const key = opts.fullPath ? i.path : (i.path.split(".")[0] ?? "");
    out[key] ??= opts.rule?.(i.path) ?? zodMessage(i.message, ctx.t);
  }
  return out;
}

/**
 * Where a form shows the API's refusal: on the fields its issues name, else on the field its
 * error code is about (`byCode`, e.g. a taken code on `code`), else above the form.
 */
export function refusalOf(
  e: unknown,
  ctx: Ctx,
  byCode: Partial<Record<string, string>> = {},
): { fields: Record<string, string>; form: string } {
  const fields = apiFields(e, ctx);
  if (fields) return { fields, form: "" };
  const field = e instanceof ApiError ? byCode[e.code] : undefined;
  return field
    ? { fields: { [field]: errorText(e, ctx.lang) }, form: "" }
    : { fields: {}, form: errorText(e, ctx.lang) };
}

/** A fresh key for one submission of a form (kept while it is open, so a retry replays). */
export const newKey = (prefix: string) =>
  `${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;

/** A modal form: focus goes to its first field, Escape and 取消 close it, focus returns. */
export function FormDialog(props: {
  open: boolean;
  title: string;
  testId: string;
  submit: string;
  cancel: string;
  busy: boolean;
  error?: string;
  onSubmit: () => void;
  onClose: () => void;
  children: ComponentChildren;
}) {
  const ref = useModal(props.open, "input, select, textarea");
  return (
    <dialog
      ref={ref}
      class="dialog bo-dialog"
      aria-labelledby={`${props.testId}-title`}
      data-testid={props.testId}
      onCancel={(e) => {
        e.preventDefault();
        props.onClose();
      }}
    >
      <form
        novalidate
        onSubmit={(e) => {
          e.preventDefault();
          props.onSubmit();
        }}
      >
        <h2 id={`${props.testId}-title`}>{props.title}</h2>
        {props.children}
        {props.error && (
          <p class="banner banner-error" role="alert" data-testid={`${props.testId}-error`}>
            {props.error}
          </p>
        )}
        <div class="dialog-actions">
          <button type="button" class="btn btn-secondary" onClick={props.onClose}>
            {props.cancel}
          </button>
          <button
            type="submit"
            class="btn btn-primary"
            disabled={props.busy}
            data-testid={`${props.testId}-submit`}
          >
            {props.submit}
          </button>
        </div>
      </form>
    </dialog>
  );
}

/** The required reason of an admin action (kept in the audit log): `<id>` and `<id>-error` as test ids. */
export function ReasonField(props: {
  id: string;
  ctx: Ctx;
  value: string;
  error: string;
  placeholder?: string;
  onInput: (value: string) => void;
}) {
  const s = useText(props.ctx);
  return (
    <TextField
      id={props.id}
      label={s.reason}
      placeholder={props.placeholder ?? s.reasonHint}
      maxLength={200}
      value={props.value}
      error={props.error}
      testId={props.id}
      errorTestId={`${props.id}-error`}
      onInput={props.onInput}
    />
  );
}
