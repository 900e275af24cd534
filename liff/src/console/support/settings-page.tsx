/**
 * 客服設定: business hours (weekly windows), the away message (on/off and its text) and the tone
 * suggested replies should have.
 *
 * Test ids: settings-page, settings-form, away-enabled, away-message, away-message-en, tone, save-settings,
 * windows, window-row, field-error (data-field).
 */
import { useEffect, useState } from "preact/hooks";
import { ApiError } from "../api";
import type { Ctx } from "../nav";
import type { InboxSettings, Window } from "./api";
import { errorText, FieldError, issuesByField, Switch, useSupport, WindowsEditor } from "./shared";

interface Form {
  windows: Window[];
  away: boolean;
  awayMessage: string;
  awayMessageEn: string;
  tone: string;
}

export function SettingsPage({ ctx }: { ctx: Ctx }) {
  const { s, sapi } = useSupport(ctx);
  const [form, setForm] = useState<Form | null>(null);
  const [loadError, setLoadError] = useState("");
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);

  const fill = (v: InboxSettings) =>
    setForm({
      windows: v.businessHours,
      away: v.awayMessage !== null,
      awayMessage: v.awayMessage ?? "",
      awayMessageEn: v.awayMessageEn ?? "",
      tone: v.tone,
    });
  useEffect(() => {
    sapi.settings().then(fill, (e: Error) => setLoadError(errorText(e, ctx.lang)));
  }, [sapi]);

  if (!form) {
    return (
      <div class="page page-narrow">
        {loadError ? (
          <p class="banner banner-error" role="alert">
            {loadError}
          </p>
        ) : (
          <p class="empty">{s.loading}</p>
        )}
      </div>
    );
  }
  const set = (f: Partial<Form>) => setForm({ ...form, ...f });

  const save = async () => {
    if (form.away && !form.awayMessage.trim()) {
      setErrors({ awayMessage: s.required });
      document.getElementById("away-message")?.focus();
      return;
    }
    setBusy(true);
    try {
      fill(
        await sapi.saveSettings({
          businessHours: form.windows,
          awayMessage: form.away ? form.awayMessage : null,
          awayMessageEn: form.awayMessageEn.trim() ? form.awayMessageEn : null,
          tone: form.tone,
        }),
      );
      setErrors({});
      ctx.toast(s.settingsSaved);
    } catch (e) {
      if (e instanceof ApiError && e.status === 400) setErrors(issuesByField(e, ctx.t, ctx.lang));
      else ctx.toast(errorText(e, ctx.lang), "error");
    } finally {
      setBusy(false);
    }
  };

  return (
    <div class="page page-narrow" data-testid="settings-page">
      <div class="page-head">
        <div>
          <h1 tabIndex={-1}>{s.settingsTitle}</h1>
          <p class="lead">{s.settingsLead}</p>
        </div>
        <div class="page-actions">
          <button
            type="submit"
            form="settings-form"
            class="btn btn-primary"
            data-testid="save-settings"
            disabled={busy}
          >
            {busy ? s.saving : s.save}
          </button>
        </div>
      </div>
      {errors.form && (
        <p class="banner banner-error" role="alert">
          {errorText({ message: errors.form }, ctx.lang)}
        </p>
      )}
      <form
        id="settings-form"
        class="stack"
        noValidate
        data-testid="settings-form"
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <section class="card card-pad settings-section" aria-labelledby="hours-title">
          <div>
            <h2 id="hours-title" class="card-title">
              {s.hoursTitle}
            </h2>
            <p class="hint">{s.hoursLead}</p>
          </div>
          <WindowsEditor
            s={s}
            idPrefix="hours"
            windows={form.windows}
            errors={errors}
            errorKey={(i) => `businessHours.${i}`}
            onChange={(windows) => set({ windows })}
          />
          <FieldError id="hours-error" field="businessHours" message={errors.businessHours} />
        </section>
        <section class="card card-pad settings-section" aria-labelledby="away-title">
          <div class="head-switch">
            <div>
              <h2 id="away-title" class="card-title">
                {s.awayTitle}
              </h2>
              <p class="hint">{s.awayLead}</p>
            </div>
            <Switch
              checked={form.away}
              label={s.awayEnabled}
              showLabel
              testId="away-enabled"
              onChange={(away) => set({ away })}
            />
          </div>
          <div class="field">
            <label class="field-label" for="away-message">
              {s.awayMessage}
            </label>
            <textarea
              id="away-message"
              class="input textarea"
              rows={4}
              maxLength={1000}
              disabled={!form.away}
              data-testid="away-message"
              value={form.awayMessage}
              aria-invalid={errors.awayMessage ? true : undefined}
              aria-describedby={errors.awayMessage ? "away-error" : undefined}
              onInput={(e) => set({ awayMessage: e.currentTarget.value })}
            />
            <span class="hint counter">{s.chars([...form.awayMessage].length, 1000)}</span>
            <FieldError id="away-error" field="awayMessage" message={errors.awayMessage} />
          </div>
          <div class="field">
            <label class="field-label" for="away-message-en">
              {s.awayMessageEn}
            </label>
            <textarea
              id="away-message-en"
              class="input textarea"
              rows={3}
              maxLength={1000}
              lang="en"
              disabled={!form.away}
              data-testid="away-message-en"
              value={form.awayMessageEn}
              aria-invalid={errors.awayMessageEn ? true : undefined}
              aria-describedby={`away-en-hint${errors.awayMessageEn ? " away-en-error" : ""}`}
              onInput={(e) => set({ awayMessageEn: e.currentTarget.value })}
            />
            <p class="hint" id="away-en-hint">
              {s.awayMessageEnHint}
            </p>
            <FieldError id="away-en-error" field="awayMessageEn" message={errors.awayMessageEn} />
          </div>
        </section>
        <section class="card card-pad settings-section" aria-labelledby="tone-title">
          <div>
            <h2 id="tone-title" class="card-title">
              {s.toneTitle}
            </h2>
            <p class="hint" id="tone-hint">
              {s.toneLead}
            </p>
          </div>
          <div class="field">
            <label class="visually-hidden" for="tone">
              {s.tone}
            </label>
            <textarea
              id="tone"
              class="input textarea"
              rows={3}
              maxLength={500}
              data-testid="tone"
              value={form.tone}
              aria-invalid={errors.tone ? true : undefined}
              aria-describedby={errors.tone ? "tone-error tone-hint" : "tone-hint"}
              onInput={(e) => set({ tone: e.currentTarget.value })}
            />
            <FieldError id="tone-error" field="tone" message={errors.tone} />
          </div>
        </section>
      </form>
    </div>
  );
}
