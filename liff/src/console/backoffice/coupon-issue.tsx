/**
 * Issue a template to members by code (pasted, one a line or comma separated), with a required
 * reason. The codes are counted and checked before sending; the batch key is drawn when the panel
 * opens and kept until an issue succeeds, so a retried click issues nothing twice.
 *
 * Test ids: issue-panel, issue-codes, issue-codes-count, issue-codes-error, issue-reason,
 * issue-reason-error, issue-submit, issue-result, issue-refused.
 */
import { useState } from "preact/hooks";
import type { Ctx } from "../nav";
import { COUPON_TEXT } from "./coupon-strings";
import { errorText, newKey, ReasonField, useText } from "./shared";

interface Result {
  issued: number;
  alreadyIssued: number;
  refused: Array<{ memberCode: string; reason: string }>;
}

/** A member code: 16 digits (the card's QR and barcode). */
const CODE = /^\d{16}$/;

export function IssuePanel(props: { ctx: Ctx; templateId: string; active: boolean; onIssued: () => void }) {
  const { ctx } = props;
  const c = COUPON_TEXT[ctx.lang];
  const s = useText(ctx);
  const [text, setText] = useState("");
  const [reason, setReason] = useState("");
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [result, setResult] = useState<Result | null>(null);
  const [busy, setBusy] = useState(false);
  const [key, setKey] = useState(() => newKey("tpl"));
  const parts = text.split(/[\s,，、]+/).filter(Boolean);
  const good = [...new Set(parts.filter((p) => CODE.test(p)))];
  const bad = parts.filter((p) => !CODE.test(p));

  const submit = async () => {
    const local: Record<string, string> = {};
    if (good.length === 0) local.codes = s.required;
    else if (bad.length) local.codes = c.codesBad(bad.slice(0, 5).join("、"));
    if (!reason.trim()) local.reason = s.required;
    setErrors(local);
    if (Object.keys(local).length) return;
    setBusy(true);
    try {
      const r = await ctx.api.request<Result>(
        "POST",
        `/api/admin/coupon-templates/${encodeURIComponent(props.templateId)}/issue`,
        {
          batchKey: key,
          memberCodes: good,
          reason: reason.trim(),
        },
      );
      setResult(r);
      setKey(newKey("tpl"));
      ctx.toast(
        c.issueResult(r.issued, r.alreadyIssued, r.refused.length),
        r.refused.length ? "error" : "ok",
      );
      props.onIssued();
    } catch (e) {
      ctx.toast(errorText(e, ctx.lang), "error");
    } finally {
      setBusy(false);
    }
  };

  return (
    <section class="card card-pad bo-form" data-testid="issue-panel">
      <h2 class="card-title">{c.issueTitle}</h2>
      <p class="hint">
        {c.issueLead} <a href="#/segments">{c.issueSegments}</a>
      </p>
      <div class="field">
        <label class="field-label" for="issue-codes">
          {c.codes}
        </label>
        <textarea
          id="issue-codes"
          class="input bo-textarea"
          value={text}
          disabled={!props.active}
          data-testid="issue-codes"
          aria-invalid={errors.codes ? true : undefined}
          onInput={(e) => {
            setText(e.currentTarget.value);
            setErrors(({ codes: _, ...rest }) => rest);
          }}
        />
        <p class="hint" data-testid="issue-codes-count">
          {c.codesCount(good.length, bad.length)}
        </p>
        {errors.codes && (
          <p class="field-error" data-testid="issue-codes-error">
            {errors.codes}
          </p>
        )}
      </div>
      <ReasonField
        id="issue-reason"
        ctx={ctx}
        value={reason}
        error={errors.reason ?? ""}
        placeholder={c.reasonHint}
        onInput={(v) => {
          setReason(v);
          setErrors(({ reason: _, ...rest }) => rest);
        }}
      />
      <div class="bo-form-actions">
        <button
          type="button"
          class="btn btn-primary"
          disabled={busy || !props.active}
          data-testid="issue-submit"
          onClick={submit}
        >
          {busy ? s.saving : c.issue}
        </button>
      </div>
      {result && (
        <div class="banner banner-info" data-testid="issue-result">
          <p>{c.issueResult(result.issued, result.alreadyIssued, result.refused.length)}</p>
          {result.refused.map((r) => (
            <p key={r.memberCode} class="small" data-testid="issue-refused">
              {r.memberCode}：{r.reason}
            </p>
          ))}
        </div>
      )}
    </section>
  );
}
