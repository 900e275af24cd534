/**
 * A member's two admin actions, each a dialog with a required reason: adjust points (signed whole
 * number, never below zero — the API's refusals shown on their fields) and issue a coupon from an
 * active template. Each draws its key when opened and keeps it until it succeeds, so a submit
 * retried after a lost answer changes nothing twice.
 *
 * Test ids: adjust-dialog, adjust-delta, adjust-reason, adjust-delta-error, adjust-reason-error,
 * adjust-dialog-submit, adjust-dialog-error; issue-dialog, issue-template, issue-reason,
 * issue-reason-error, issue-dialog-submit, issue-dialog-error.
 */
import { useEffect, useState } from "preact/hooks";
import { ApiError } from "../../api/error";
import type { Ctx } from "../nav";
import { TextField } from "../ui";
import {
  type CouponTemplate,
  errorText,
  FormDialog,
  newKey,
  type PointsAdjusted,
  ReasonField,
  useText,
} from "./shared";

type Fields = Record<string, string>;

/** The API's refusal on the field it names (zod's path, or NOT_ENOUGH_POINTS on the points). */
function fieldsOf(
  e: unknown,
  lang: Ctx["lang"],
  s: ReturnType<typeof useText>,
): { fields: Fields; form: string } {
  if (!(e instanceof ApiError)) return { fields: {}, form: errorText(e, lang) };
  if (e.reason === "NOT_ENOUGH_POINTS") return { fields: { delta: errorText(e, lang) }, form: "" };
  const fields: Fields = {};
  for (const i of e.issues) {
    const key = i.path.split(".")[0] ?? "";
    if (key === "reason" || key === "delta") fields[key] ??= key === "reason" ? s.required : s.notWhole;
  }
  return Object.keys(fields).length ? { fields, form: "" } : { fields, form: errorText(e, lang) };
}

export function AdjustPoints(props: {
  ctx: Ctx;
  memberId: string;
  open: boolean;
  onClose: (done: PointsAdjusted | null) => void;
}) {
  const { ctx } = props;
  const s = useText(ctx);
  const [delta, setDelta] = useState("");
  const [reason, setReason] = useState("");
  const [errors, setErrors] = useState<Fields>({});
  const [form, setForm] = useState("");
  const [busy, setBusy] = useState(false);
  const [key, setKey] = useState("");
  useEffect(() => {
    if (!props.open) return;
    setDelta("");
    setReason("");
    setErrors({});
    setForm("");
    setKey(newKey("adjust"));
  }, [props.open]);

  const submit = async () => {
    const n = /^[+-]?\d+$/.test(delta.trim()) ? Number(delta.trim()) : Number.NaN;
    const local: Fields = {};
    if (!Number.isSafeInteger(n) || n === 0) local.delta = s.notWhole;
    if (!reason.trim()) local.reason = s.required;
    setErrors(local);
    if (Object.keys(local).length) return;
    setBusy(true);
    try {
      const r = await ctx.api.request<PointsAdjusted>(
        "POST",
        `/api/admin/members/${encodeURIComponent(props.memberId)}/points`,
        {
          delta: n,
          reason: reason.trim(),
          idempotencyKey: key,
        },
      );
      ctx.toast(s.adjusted(r.points, r.balance));
      props.onClose(r);
    } catch (e) {
      const r = fieldsOf(e, ctx.lang, s);
      setErrors(r.fields);
      setForm(r.form);
    } finally {
      setBusy(false);
    }
  };
  return (
    <FormDialog
      open={props.open}
      title={s.adjustPoints}
      testId="adjust-dialog"
      submit={busy ? s.saving : s.adjustPoints}
      cancel={s.cancel}
      busy={busy}
      error={form}
      onSubmit={submit}
      onClose={() => props.onClose(null)}
    >
      <TextField
        id="adjust-delta"
        label={s.delta}
        placeholder={s.deltaHint}
        value={delta}
        error={errors.delta ?? ""}
        testId="adjust-delta"
        errorTestId="adjust-delta-error"
        onInput={(v) => {
          setDelta(v);
          setErrors(({ delta: _, ...rest }) => rest);
        }}
      />
      <ReasonField
        id="adjust-reason"
        ctx={ctx}
        value={reason}
        error={errors.reason ?? ""}
        onInput={(v) => {
          setReason(v);
          setErrors(({ reason: _, ...rest }) => rest);
        }}
      />
    </FormDialog>
  );
}

interface IssueResult {
  issued: number;
  alreadyIssued: number;
  refused: Array<{ memberCode: string; reason: string }>;
}

export function IssueCoupon(props: {
  ctx: Ctx;
  memberCode: string;
  open: boolean;
  onClose: (issued: boolean) => void;
}) {
  const { ctx } = props;
  const s = useText(ctx);
  const [templates, setTemplates] = useState<CouponTemplate[]>([]);
  const [template, setTemplate] = useState("");
  const [reason, setReason] = useState("");
  const [errors, setErrors] = useState<Fields>({});
  const [form, setForm] = useState("");
  const [busy, setBusy] = useState(false);
  const [key, setKey] = useState("");
  useEffect(() => {
    if (!props.open) return;
    setReason("");
    setErrors({});
    setForm("");
    setKey(newKey("member"));
    ctx.api.request<{ templates: CouponTemplate[] }>("GET", "/api/admin/coupon-templates").then(
      (r) => setTemplates(r.templates.filter((t) => t.active)),
      (e) => setForm(errorText(e, ctx.lang)),
    );
  }, [props.open]);

  const submit = async () => {
    const local: Fields = {};
    if (!template) local.template = s.pickTemplate;
    if (!reason.trim()) local.reason = s.required;
    setErrors(local);
    if (Object.keys(local).length) return;
    setBusy(true);
    try {
      const r = await ctx.api.request<IssueResult>(
        "POST",
        `/api/admin/coupon-templates/${encodeURIComponent(template)}/issue`,
        {
          batchKey: key,
          memberCodes: [props.memberCode],
          reason: reason.trim(),
        },
      );
      if (r.refused[0]) {
        setForm(s.issueRefused(r.refused[0].reason));
        return;
      }
      ctx.toast(r.issued ? s.issued : s.alreadyIssued);
      props.onClose(true);
    } catch (e) {
      setForm(errorText(e, ctx.lang));
    } finally {
      setBusy(false);
    }
  };
  return (
    <FormDialog
      open={props.open}
      title={s.issueCoupon}
      testId="issue-dialog"
      submit={busy ? s.saving : s.issueSubmit}
      cancel={s.cancel}
      busy={busy}
      error={form}
      onSubmit={submit}
      onClose={() => props.onClose(false)}
    >
      <div class="field">
        <label class="field-label" for="issue-template">
          {s.template}
        </label>
        <select
          id="issue-template"
          class="input"
          value={template}
          data-testid="issue-template"
          aria-invalid={errors.template ? true : undefined}
          onChange={(e) => {
            setTemplate(e.currentTarget.value);
            setErrors(({ template: _, ...rest }) => rest);
          }}
        >
          <option value="">{s.pickTemplate}</option>
          {templates.map((t) => (
            <option key={t.id} value={t.id}>
              {t.name}
            </option>
          ))}
        </select>
        {errors.template && <p class="field-error">{errors.template}</p>}
      </div>
      <ReasonField
        id="issue-reason"
        ctx={ctx}
        value={reason}
        error={errors.reason ?? ""}
        onInput={(v) => {
          setReason(v);
          setErrors(({ reason: _, ...rest }) => rest);
        }}
      />
    </FormDialog>
  );
}
