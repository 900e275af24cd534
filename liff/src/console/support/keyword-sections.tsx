/**
 * Parts of the keyword rule form (keyword-editor.tsx): the English reply and the schedule.
 *
 * Test ids: rule-reply-en, rule-use-schedule, rule-from, rule-until, field-error (data-field).
 */

import type { SupportStrings } from "./i18n";
import type { RuleForm } from "./keyword-form";
import { FieldError, Switch, WindowsEditor } from "./shared";

/**
 * 英文回覆: one plain text for customers whose LINE language is English (empty: they get the
 * replies above, as everyone whose language is zh-TW, another or unknown does).
 */
export function EnglishReply(props: {
  s: SupportStrings;
  value: string;
  error: string | undefined;
  onChange: (v: string) => void;
}) {
  const { s, value, error } = props;
  return (
    <div class="field mt">
      <label class="field-label" for="rule-reply-en">
        {s.replyEn}
      </label>
      <textarea
        id="rule-reply-en"
        class={`input textarea${error ? " input-invalid" : ""}`}
        rows={3}
        maxLength={5000}
        lang="en"
        data-testid="rule-reply-en"
        value={value}
        aria-invalid={error ? true : undefined}
        aria-describedby={`rule-reply-en-hint${error ? " rule-repliesEn-error" : ""}`}
        onInput={(e) => props.onChange(e.currentTarget.value)}
      />
      <p class="hint" id="rule-reply-en-hint">
        {s.replyEnHint}
      </p>
      <FieldError id="rule-repliesEn-error" field="repliesEn" message={error} />
    </div>
  );
}

/** When the rule answers: weekly windows and a date range, in the brand's zone. */
export function ScheduleSection(props: {
  s: SupportStrings;
  form: RuleForm;
  errors: Record<string, string>;
  set: (f: Partial<RuleForm>) => void;
}) {
  const { s, form, errors, set } = props;
  const err = (k: string) => errors[k];
  return (
    <section class="card card-pad" aria-labelledby="sec-schedule">
      <div class="head-switch">
        <div>
          <h2 id="sec-schedule" class="card-title">
            {s.sectionSchedule}
          </h2>
          <p class="hint">{s.scheduleLead}</p>
        </div>
        <Switch
          checked={form.useSchedule}
          label={s.useSchedule}
          showLabel
          testId="rule-use-schedule"
          onChange={(on) =>
            set({
              useSchedule: on,
              windows:
                on && form.windows.length === 0
                  ? [{ days: [1, 2, 3, 4, 5], from: "10:00", to: "19:00" }]
                  : form.windows,
            })
          }
        />
      </div>
      {form.useSchedule && (
        <div class="stack">
          <div class="field">
            <span class="field-label">{s.weekly}</span>
            <WindowsEditor
              s={s}
              idPrefix="rule"
              windows={form.windows}
              errors={errors}
              errorKey={(i) => `schedule.windows.${i}`}
              onChange={(windows) => set({ windows })}
            />
          </div>
          <fieldset class="field plain">
            <legend class="field-label">{s.dateRange}</legend>
            <div class="date-row">
              <label class="inline-label">
                <span>{s.dateFrom}</span>
                <input
                  type="date"
                  class="input"
                  data-testid="rule-from"
                  value={form.from}
                  onInput={(e) => set({ from: e.currentTarget.value })}
                />
              </label>
              <span class="muted" aria-hidden="true">
                ~
              </span>
              <label class="inline-label">
                <span>{s.dateUntil}</span>
                <input
                  type="date"
                  class="input"
                  data-testid="rule-until"
                  value={form.until}
                  onInput={(e) => set({ until: e.currentTarget.value })}
                />
              </label>
            </div>
            <FieldError id="rule-schedule-error" field="schedule" message={err("schedule")} />
          </fieldset>
        </div>
      )}
    </section>
  );
}
