/**
 * The coupon template form (create and edit). Every field keeps what was typed; numbers are
 * checked, never coerced; the API's refusals land on their fields. Once coupons have been issued,
 * what they are worth and when they start are shown read-only, with why.
 *
 * Test ids: template-form, tpl-name, tpl-kind, tpl-value, tpl-minSpend, tpl-channel,
 * tpl-validDays, tpl-validUntil, tpl-perMemberLimit, tpl-totalQuantity, tpl-transferable, tpl-save,
 * tpl-frozen, tpl-form-error, and `<id>-error` under each field.
 */
import { useState } from "preact/hooks";
import { ApiError } from "../../api/error";
import type { Ctx } from "../nav";
import { TextField } from "../ui";
import { COUPON_TEXT } from "./coupon-strings";
import { type CouponTemplate, errorText, useText } from "./shared";

type Fields = Record<string, string>;

interface Draft {
  name: string;
  kind: "amount" | "percent";
  value: string;
  minSpend: string;
  channel: "both" | "store" | "online";
  validDays: string;
  validUntil: string;
  perMemberLimit: string;
  totalQuantity: string;
  transferable: boolean;
}

const draftOf = (t: CouponTemplate | null): Draft => ({
  name: t?.name ?? "",
  kind: t?.kind ?? "amount",
  value: t ? String(t.value) : "",
  minSpend: t ? String(t.minSpend) : "0",
  channel: t?.channel ?? "both",
  validDays: t?.validDays ? String(t.validDays) : t ? "" : "30",
  validUntil: t?.validUntil ? t.validUntil.slice(0, 10) : "",
  perMemberLimit: t ? String(t.perMemberLimit) : "1",
  totalQuantity: t?.totalQuantity ? String(t.totalQuantity) : "",
  transferable: t?.transferable ?? false,
});

const FIELD_OF: Record<string, string> = { validUntil: "validUntil", validDays: "validDays" };

export function CouponForm(props: {
  ctx: Ctx;
  template: CouponTemplate | null;
  onSaved: (t: CouponTemplate) => void;
}) {
  const { ctx, template } = props;
  const c = COUPON_TEXT[ctx.lang];
  const s = useText(ctx);
  const [d, setD] = useState<Draft>(() => draftOf(template));
  const [errors, setErrors] = useState<Fields>({});
  const [formError, setFormError] = useState("");
  const [busy, setBusy] = useState(false);
  const frozen = (template?.issuedCount ?? 0) > 0;
  const set = <K extends keyof Draft>(k: K, v: Draft[K]) => {
    setD((x) => ({ ...x, [k]: v }));
    setErrors(({ [k]: _, ...rest }) => rest);
  };

  const whole = (text: string, min: number): number | string => {
    if (!/^\d+$/.test(text.trim())) return c.wholeNumber;
    const n = Number(text.trim());
    return n < min ? c.wholeNumber : n;
  };

  const submit = async () => {
    const local: Fields = {};
    const num = (k: keyof Draft, min: number, optional = false): number | null => {
      const text = String(d[k]);
      if (optional && !text.trim()) return null;
      const r = whole(text, min);
      if (typeof r === "string") {
        local[k] = r;
        return null;
      }
      return r;
    };
    if (!d.name.trim()) local.name = s.required;
    const value = num("value", 1);
    if (value !== null && d.kind === "percent" && value > 100) local.value = c.percentMax;
    const minSpend = num("minSpend", 0);
    const validDays = num("validDays", 1, true);
    const perMemberLimit = num("perMemberLimit", 1);
    const totalQuantity = num("totalQuantity", 1, true);
    if (validDays === null && !d.validUntil && !local.validDays) local.validDays = c.validityNeeded;
    setErrors(local);
    setFormError("");
    if (Object.keys(local).length) return;
    const body = {
      name: d.name.trim(),
      ...(frozen ? {} : { kind: d.kind, value, minSpend, channel: d.channel }),
      validDays: validDays ?? (template ? null : undefined),
      validUntil: d.validUntil
        ? new Date(`${d.validUntil}T23:59:59+08:00`).toISOString()
        : template
          ? null
          : undefined,
      perMemberLimit,
      totalQuantity: totalQuantity ?? (template ? null : undefined),
      transferable: d.transferable,
    };
    setBusy(true);
    try {
      const saved = template
        ? await ctx.api.request<CouponTemplate>(
            "PATCH",
            `/api/admin/coupon-templates/${encodeURIComponent(template.id)}`,
            body,
          )
        : await ctx.api.request<CouponTemplate>("POST", "/api/admin/coupon-templates", body);
      ctx.toast(template ? c.saved : c.created);
      props.onSaved(saved);
    } catch (e) {
      if (e instanceof ApiError && e.issues.length) {
        const fields: Fields = {};
        for (const i of e.issues) {
          const k = FIELD_OF[i.path] ?? i.path.split(".")[0] ?? "";
          fields[k] ??= k === "value" && /100/.test(i.message) ? c.percentMax : errorText(e, ctx.lang);
        }
        setErrors(fields);
      } else setFormError(errorText(e, ctx.lang));
    } finally {
      setBusy(false);
    }
  };

  const field = (k: keyof Draft, label: string, hint?: string, disabled = false) => (
    <div class="field">
      <label class="field-label" for={`tpl-${k}`}>
        {label}
      </label>
      <input
        id={`tpl-${k}`}
        class="input"
        inputMode="numeric"
        value={String(d[k])}
        disabled={disabled}
        placeholder={hint}
        data-testid={`tpl-${k}`}
        aria-invalid={errors[k] ? true : undefined}
        aria-describedby={errors[k] ? `tpl-${k}-error` : undefined}
        onInput={(e) => set(k, e.currentTarget.value as never)}
      />
      {errors[k] && (
        <p class="field-error" id={`tpl-${k}-error`} data-testid={`tpl-${k}-error`}>
          {errors[k]}
        </p>
      )}
    </div>
  );

  return (
    <form
      class="card card-pad bo-form"
      data-testid="template-form"
      novalidate
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      {frozen && (
        <p class="banner banner-info" data-testid="tpl-frozen">
          {c.frozen(template?.issuedCount ?? 0)}
        </p>
      )}
      <TextField
        id="tpl-name"
        label={c.name}
        value={d.name}
        maxLength={60}
        error={errors.name ?? ""}
        testId="tpl-name"
        errorTestId="tpl-name-error"
        onInput={(v) => set("name", v)}
      />
      <div class="bo-form-row">
        <div class="field">
          <label class="field-label" for="tpl-kind">
            {c.kind}
          </label>
          <select
            id="tpl-kind"
            class="input"
            value={d.kind}
            disabled={frozen}
            data-testid="tpl-kind"
            onChange={(e) => set("kind", e.currentTarget.value as Draft["kind"])}
          >
            <option value="amount">{c.kindAmount}</option>
            <option value="percent">{c.kindPercent}</option>
          </select>
        </div>
        {field("value", c.value, d.kind === "amount" ? c.valueHintAmount : c.valueHintPercent, frozen)}
        {field("minSpend", c.minSpendLabel, undefined, frozen)}
        <div class="field">
          <label class="field-label" for="tpl-channel">
            {c.channel}
          </label>
          <select
            id="tpl-channel"
            class="input"
            value={d.channel}
            disabled={frozen}
            data-testid="tpl-channel"
            onChange={(e) => set("channel", e.currentTarget.value as Draft["channel"])}
          >
            {Object.entries(c.channels).map(([k, label]) => (
              <option key={k} value={k}>
                {label}
              </option>
            ))}
          </select>
        </div>
      </div>
      <div class="bo-form-row">
        {field("validDays", c.validDays)}
        <div class="field">
          <label class="field-label" for="tpl-validUntil">
            {c.validUntil}
          </label>
          <input
            id="tpl-validUntil"
            class="input"
            type="date"
            value={d.validUntil}
            data-testid="tpl-validUntil"
            onInput={(e) => set("validUntil", e.currentTarget.value)}
          />
        </div>
        {field("perMemberLimit", c.perMemberLimit)}
        {field("totalQuantity", c.totalQuantity)}
      </div>
      <label class="check">
        <input
          type="checkbox"
          checked={d.transferable}
          data-testid="tpl-transferable"
          onChange={(e) => set("transferable", e.currentTarget.checked)}
        />{" "}
        {c.transferable}
      </label>
      {formError && (
        <p class="banner banner-error" role="alert" data-testid="tpl-form-error">
          {formError}
        </p>
      )}
      <div class="bo-form-actions">
        <button type="submit" class="btn btn-primary" disabled={busy} data-testid="tpl-save">
          {busy ? s.saving : s.save}
        </button>
      </div>
    </form>
  );
}
