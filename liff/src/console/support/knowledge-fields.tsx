/**
 * An FAQ entry's own fields — question, other wordings, answer, tags — as the entry editor and the
 * candidate's "add to FAQ" dialog both show them. Test ids and element ids are `<prefix>-question`,
 * `<prefix>-variants`, `<prefix>-answer`, `<prefix>-tags` (errors: `<prefix>-<field>-error`).
 */
import type { SupportStrings } from "./i18n";
import { FieldError, TagInput } from "./shared";

export interface EntryFieldValues {
  question: string;
  variants: string[];
  answer: string;
  tags: string[];
}

export function EntryFields(props: {
  prefix: string;
  s: SupportStrings;
  form: EntryFieldValues;
  set: (patch: Partial<EntryFieldValues>) => void;
  err: (field: string) => string | undefined;
  /** The editor's placeholders and hints (the dialog is prefilled and says less). */
  hints?: boolean;
}) {
  const { prefix: p, s, form, set, err, hints } = props;
  const described = (field: string, hint?: string) =>
    [err(field) ? `${p}-${field}-error` : "", hint ?? ""].filter(Boolean).join(" ") || undefined;
  return (
    <>
      <div class="field">
        <label class="field-label" for={`${p}-question`}>
          {s.question}
        </label>
        <input
          id={`${p}-question`}
          class="input"
          maxLength={200}
          placeholder={hints ? s.questionPlaceholder : undefined}
          data-testid={`${p}-question`}
          value={form.question}
          aria-invalid={err("question") ? true : undefined}
          aria-describedby={described("question")}
          onInput={(e) => set({ question: e.currentTarget.value })}
        />
        <FieldError id={`${p}-question-error`} field="question" message={err("question")} />
      </div>
      <div class="field">
        <label class="field-label" for={`${p}-variants`}>
          {s.variants}
        </label>
        <TagInput
          id={`${p}-variants`}
          testId={`${p}-variants`}
          values={form.variants}
          max={30}
          placeholder={s.variantsPlaceholder}
          removeLabel={(v) => `${s.remove} ${v}`}
          invalid={!!err("variants")}
          {...(hints ? { describedBy: `${p}-variants-hint` } : {})}
          onChange={(variants) => set({ variants })}
        />
        {hints && (
          <p class="hint" id={`${p}-variants-hint`}>
            {s.variantsHint}
          </p>
        )}
        <FieldError id={`${p}-variants-error`} field="variants" message={err("variants")} />
      </div>
      <div class="field">
        <label class="field-label" for={`${p}-answer`}>
          {s.answer}
        </label>
        <textarea
          id={`${p}-answer`}
          class="input textarea"
          rows={hints ? 6 : 5}
          maxLength={5000}
          data-testid={`${p}-answer`}
          value={form.answer}
          aria-invalid={err("answer") ? true : undefined}
          aria-describedby={described("answer", hints ? `${p}-answer-hint` : undefined)}
          onInput={(e) => set({ answer: e.currentTarget.value })}
        />
        {hints && (
          <p class="hint" id={`${p}-answer-hint`}>
            {s.answerHint} · {s.chars([...form.answer].length, 5000)}
          </p>
        )}
        <FieldError id={`${p}-answer-error`} field="answer" message={err("answer")} />
      </div>
      <div class="field">
        <label class="field-label" for={`${p}-tags`}>
          {s.entryTags}
        </label>
        <TagInput
          id={`${p}-tags`}
          testId={`${p}-tags`}
          values={form.tags}
          max={20}
          placeholder={s.tagsPlaceholder}
          removeLabel={(v) => `${s.remove} ${v}`}
          invalid={!!err("tags")}
          onChange={(tags) => set({ tags })}
        />
        <FieldError id={`${p}-tags-error`} field="tags" message={err("tags")} />
      </div>
    </>
  );
}
