/**
 * One keyword rule: matching (type, keyword, priority, on/off, scope), replies (and the English
 * one), schedule, tags.
 * The server checks the rule (LINE's limits, regexes that could hang) and its refusals are shown
 * next to the fields they are about. Beside the form: a LINE preview and the test box.
 *
 * Test ids: rule-form, rule-match (data-value), rule-pattern, rule-priority, rule-enabled,
 * rule-scope, rule-reply-en, rule-use-schedule, rule-from, rule-until, rule-tags, save-rule, delete-rule,
 * form-error, field-error (data-field).
 */
import { useEffect, useState } from "preact/hooks";
import { ApiError } from "../api";
import type { Ctx } from "../nav";
import { ConfirmDialog, Icon } from "../ui";
import type { Scope } from "./api";
import { clearTouched } from "./clear-touched";
import {
  blank,
  editsEnglish,
  focusFirstError,
  formOf,
  MATCHES,
  type RuleForm,
  SCOPES,
  toInput,
} from "./keyword-form";
import { EnglishReply, ScheduleSection } from "./keyword-sections";
import { KeywordTestBox } from "./keyword-test";
import { MATCH_TONE } from "./keywords-page";
import { RepliesEditor, RepliesPreview } from "./reply-editor";
import { supportHref } from "./routes";
import { errorText, FieldError, issuesByField, Switch, TagInput, useSupport } from "./shared";

export function KeywordEditor({ ctx, id }: { ctx: Ctx; id: string | null }) {
  const { s, sapi } = useSupport(ctx);
  const [form, setForm] = useState<RuleForm | null>(id ? null : blank());
  const [loadError, setLoadError] = useState("");
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const [confirm, setConfirm] = useState(false);

  useEffect(() => {
    if (!id) return;
    sapi.rule(id).then(
      (r) => setForm(formOf(r)),
      (e: Error) =>
        setLoadError(e instanceof ApiError && e.status === 404 ? s.ruleNotFound : errorText(e, ctx.lang)),
    );
  }, [sapi, id]);

  if (loadError || !form) {
    return (
      <div class="page">
        <a class="crumb" href={supportHref({ page: "keywords" })}>
          <Icon name="back" size={16} />
          {s.backToRules}
        </a>
        {loadError ? (
          <p class="banner banner-error" role="alert" data-testid="rule-error">
            {loadError}
          </p>
        ) : (
          <p class="empty">{s.loading}</p>
        )}
      </div>
    );
  }

  const set = (f: Partial<RuleForm>) => {
    setForm({ ...form, ...f });
    setErrors((all) => clearTouched(all, f));
  };

  const save = async () => {
    const checked = toInput(form, s, ctx.t.notInteger);
    if ("errors" in checked) {
      setErrors({ ...checked.errors, form: s.fixErrors });
      focusFirstError();
      return;
    }
    const { input } = checked;
    setBusy(true);
    try {
      if (id) {
        setForm(formOf(await sapi.updateRule(id, input)));
        ctx.toast(s.ruleSaved);
      } else {
        const created = await sapi.createRule(input);
        ctx.toast(s.ruleCreated);
        location.hash = supportHref({ page: "keyword", id: created.id });
      }
      setErrors({});
    } catch (e) {
      if (e instanceof ApiError && e.status === 400) {
        const fields = issuesByField(e, ctx.t, ctx.lang);
        const form = fields.form ? errorText({ message: fields.form }, ctx.lang) : s.fixErrors;
        setErrors({ ...fields, form });
        focusFirstError();
      } else ctx.toast(errorText(e, ctx.lang), "error");
    } finally {
      setBusy(false);
    }
  };

  const remove = async () => {
    if (!id) return;
    setBusy(true);
    try {
      await sapi.deleteRule(id);
      ctx.toast(s.ruleDeleted);
      location.hash = supportHref({ page: "keywords" });
    } catch (e) {
      ctx.toast(errorText(e, ctx.lang), "error");
    } finally {
      setBusy(false);
      setConfirm(false);
    }
  };

  const err = (k: string) => errors[k];
  const described = (k: string, hint?: string) =>
    [err(k) ? `rule-${k.replace(/\W/g, "-")}-error` : "", hint ?? ""].filter(Boolean).join(" ") || undefined;
  return (
    <div class="page page-wide">
      <a class="crumb" href={supportHref({ page: "keywords" })}>
        <Icon name="back" size={16} />
        {s.backToRules}
      </a>
      <div class="page-head">
        <div class="title-row">
          <h1 tabIndex={-1}>{id ? s.editRuleTitle : s.newRuleTitle}</h1>
          {id && <code class="id-tag">{id}</code>}
        </div>
        <div class="page-actions">
          {id && (
            <button
              type="button"
              class="btn btn-ghost-danger"
              data-testid="delete-rule"
              disabled={busy}
              onClick={() => setConfirm(true)}
            >
              <Icon name="trash" size={16} />
              {s.deleteRule}
            </button>
          )}
          <button
            type="submit"
            form="rule-form"
            class="btn btn-primary"
            data-testid="save-rule"
            disabled={busy}
          >
            {busy ? s.saving : id ? s.save : s.createRule}
          </button>
        </div>
      </div>
      {errors.form && (
        <p class="banner banner-error" role="alert" data-testid="form-error">
          {errors.form}
        </p>
      )}
      <div class="split">
        <form
          id="rule-form"
          class="stack"
          noValidate
          data-testid="rule-form"
          onSubmit={(e) => {
            e.preventDefault();
            void save();
          }}
        >
          <section class="card card-pad" aria-labelledby="sec-match">
            <h2 id="sec-match" class="card-title">
              {s.sectionMatch}
            </h2>
            <div class="form-grid form-grid-rule">
              <fieldset class="field span-all plain">
                <legend class="field-label">{s.matchType}</legend>
                <div class="seg seg-wide">
                  {MATCHES.map((m) => (
                    <button
                      key={m}
                      type="button"
                      class={`seg-btn seg-${MATCH_TONE[m]}`}
                      aria-pressed={form.match === m}
                      data-testid="rule-match"
                      data-value={m}
                      onClick={() => set({ match: m })}
                    >
                      {s.match[m]}
                    </button>
                  ))}
                </div>
                <p class="hint">{s.matchHint[form.match]}</p>
                <FieldError id="rule-match-error" field="match" message={err("match")} />
              </fieldset>
              <div class="field span-2">
                <label class="field-label" for="rule-pattern">
                  {s.pattern}
                </label>
                <input
                  id="rule-pattern"
                  class={`input${form.match === "regex" ? " mono" : ""}`}
                  maxLength={200}
                  placeholder={form.match === "regex" ? "^(營業|開門)時間" : s.patternPlaceholder}
                  data-testid="rule-pattern"
                  value={form.pattern}
                  aria-invalid={err("pattern") ? true : undefined}
                  aria-describedby={described("pattern", "rule-pattern-hint")}
                  onInput={(e) => set({ pattern: e.currentTarget.value })}
                />
                <p class="hint" id="rule-pattern-hint">
                  {s.patternHint}
                </p>
                <FieldError id="rule-pattern-error" field="pattern" message={err("pattern")} />
              </div>
              <div class="field">
                <label class="field-label" for="rule-priority">
                  {s.priority}
                </label>
                <input
                  id="rule-priority"
                  class="input num"
                  inputMode="numeric"
                  data-testid="rule-priority"
                  value={form.priority}
                  aria-invalid={err("priority") ? true : undefined}
                  aria-describedby={described("priority", "rule-priority-hint")}
                  onInput={(e) => set({ priority: e.currentTarget.value })}
                />
                <p class="hint" id="rule-priority-hint">
                  {s.priorityHint}
                </p>
                <FieldError id="rule-priority-error" field="priority" message={err("priority")} />
              </div>
              <div class="field">
                <label class="field-label" for="rule-scope">
                  {s.scopeLabel}
                </label>
                <select
                  id="rule-scope"
                  class="input"
                  data-testid="rule-scope"
                  value={form.scope}
                  onChange={(e) => set({ scope: e.currentTarget.value as Scope })}
                >
                  {SCOPES.map((x) => (
                    <option key={x} value={x}>
                      {s.scope[x]}
                    </option>
                  ))}
                </select>
                <FieldError id="rule-scope-error" field="scope" message={err("scope")} />
              </div>
              <div class="field field-switch">
                <span class="field-label" id="rule-enabled-label">
                  {s.enabled}
                </span>
                <Switch
                  checked={form.enabled}
                  label={s.enabled}
                  testId="rule-enabled"
                  onChange={(on) => set({ enabled: on })}
                />
              </div>
            </div>
          </section>

          <section class="card card-pad" aria-labelledby="sec-replies">
            <h2 id="sec-replies" class="card-title">
              {s.sectionReplies}
            </h2>
            <p class="hint">
              {s.repliesLead} <code>{"{displayName}"}</code> <code>{"{points}"}</code> <code>{"{tier}"}</code>{" "}
              <code>{"{store}"}</code> <code>{"{brand}"}</code>
            </p>
            <FieldError id="rule-replies-error" field="replies" message={err("replies")} />
            <RepliesEditor
              s={s}
              replies={form.replies}
              errors={errors}
              onChange={(replies) => set({ replies })}
            />
            {editsEnglish(form) && (
              <EnglishReply
                s={s}
                value={form.replyEn ?? ""}
                error={err("repliesEn")}
                onChange={(replyEn) => set({ replyEn })}
              />
            )}
          </section>

          <ScheduleSection s={s} form={form} errors={errors} set={set} />

          <section class="card card-pad" aria-labelledby="sec-tags">
            <h2 id="sec-tags" class="card-title">
              {s.sectionTags}
            </h2>
            <p class="hint" id="rule-tags-hint">
              {s.tagsLead}
            </p>
            <div class="field mt">
              <label class="visually-hidden" for="rule-tags">
                {s.sectionTags}
              </label>
              <TagInput
                id="rule-tags"
                testId="rule-tags"
                values={form.tags}
                max={20}
                placeholder={s.tagsPlaceholder}
                removeLabel={(v) => `${s.remove} ${v}`}
                invalid={!!err("tags")}
                describedBy={described("tags", "rule-tags-hint")}
                onChange={(tags) => set({ tags })}
              />
              <FieldError id="rule-tags-error" field="tags" message={err("tags")} />
            </div>
          </section>
        </form>

        <div class="split-side sticky-side">
          <section class="card card-pad" aria-labelledby="preview-title">
            <h2 id="preview-title" class="card-title">
              {s.preview}
            </h2>
            <p class="hint">{s.previewLead}</p>
            <RepliesPreview s={s} replies={form.replies} />
          </section>
          {id && <KeywordTestBox ctx={ctx} />}
        </div>
      </div>
      <ConfirmDialog
        open={confirm}
        title={s.deleteRuleTitle}
        body={s.deleteRuleBody(form.pattern)}
        confirm={s.delete}
        cancel={s.cancel}
        danger
        busy={busy}
        onConfirm={() => void remove()}
        onClose={() => setConfirm(false)}
      />
    </div>
  );
}
