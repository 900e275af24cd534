/**
 * One FAQ entry's editor: question, other ways to ask, answer, tags, its language and (English)
 * the Chinese entry it translates; under it, the wordings it learned from agents' replies. A new
 * entry is POSTed whole, a change PATCHes only the fields that changed.
 *
 * Test ids: entry-form, entry-question, entry-variants, entry-answer, entry-tags, entry-language,
 * entry-translation-of, entry-translations, save-entry, delete-entry, field-error (data-field).
 */
import { useState } from "preact/hooks";
import { ApiError } from "../api";
import { dateTime } from "../format";
import type { Ctx } from "../nav";
import { ConfirmDialog, Icon } from "../ui";
import type { KnowledgeChange, KnowledgeEntry, KnowledgeLanguage } from "./api";
import { EntryFields } from "./knowledge-fields";
import { LearnedWordings } from "./knowledge-learned";
import { supportHref } from "./routes";
import { errorText, FieldError, issuesByField, useSupport } from "./shared";

interface EntryForm {
  question: string;
  variants: string[];
  answer: string;
  tags: string[];
  language: KnowledgeLanguage;
  translationOf: string | null;
}
const FIELDS = ["question", "variants", "answer", "tags", "language", "translationOf"] as const;

const formOf = (e: KnowledgeEntry | null): EntryForm =>
  e
    ? {
        question: e.question,
        variants: e.variants,
        answer: e.answer,
        tags: e.tags,
        language: e.language,
        translationOf: e.translationOf,
      }
    : { question: "", variants: [], answer: "", tags: [], language: "zh-TW", translationOf: null };

/** The fields that differ from the entry as saved (what a PATCH sends). */
function changes(form: EntryForm, entry: KnowledgeEntry): KnowledgeChange {
  const out: Record<string, unknown> = {};
  for (const k of FIELDS) if (JSON.stringify(form[k]) !== JSON.stringify(entry[k])) out[k] = form[k];
  return out as KnowledgeChange;
}

export function EntryEditor(props: {
  ctx: Ctx;
  entry: KnowledgeEntry | null;
  /** Every entry (the originals an English entry may translate, and this one's translations). */
  entries: KnowledgeEntry[];
  onSaved: (e: KnowledgeEntry, created: boolean) => void;
  onDeleted: (id: string) => void;
  /** Reload the entries (after a learned wording is removed). */
  reload: () => Promise<void>;
}) {
  const { ctx, entry } = props;
  const { s, sapi } = useSupport(ctx);
  const [form, setForm] = useState<EntryForm>(() => formOf(entry));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const [confirm, setConfirm] = useState(false);
  const set = (f: Partial<EntryForm>) => {
    setForm({ ...form, ...f });
    const touched = Object.keys(f);
    setErrors(Object.fromEntries(Object.entries(errors).filter(([k]) => !touched.includes(k))));
  };
  const originals = props.entries.filter(
    (e) => e.language === "zh-TW" && e.translationOf === null && e.id !== entry?.id,
  );
  const translations = entry ? props.entries.filter((e) => e.translationOf === entry.id) : [];
  const original = form.translationOf ? props.entries.find((e) => e.id === form.translationOf) : undefined;

  const save = async () => {
    const local: Record<string, string> = {};
    if (!form.question.trim()) local.question = s.required;
    if (!form.answer.trim()) local.answer = s.required;
    if (Object.keys(local).length) {
      setErrors(local);
      focusInvalid();
      return;
    }
    setBusy(true);
    try {
      const saved = entry
        ? await sapi.updateKnowledge(entry.id, changes(form, entry))
        : await sapi.createKnowledge(form);
      setErrors({});
      ctx.toast(entry ? s.entrySaved : s.entryCreated);
      props.onSaved(saved, !entry);
    } catch (e) {
      if (e instanceof ApiError && e.status === 400) {
        const field = (e.details as { field?: unknown } | undefined)?.field;
        setErrors(
          field === "translationOf"
            ? { translationOf: s.translationOfInvalid }
            : issuesByField(e, ctx.t, ctx.lang),
        );
        focusInvalid();
      } else ctx.toast(errorText(e, ctx.lang), "error");
    } finally {
      setBusy(false);
    }
  };

  const remove = async () => {
    if (!entry) return;
    setBusy(true);
    try {
      await sapi.deleteKnowledge(entry.id);
      ctx.toast(s.entryDeleted);
      props.onDeleted(entry.id);
    } catch (e) {
      ctx.toast(errorText(e, ctx.lang), "error");
    } finally {
      setBusy(false);
      setConfirm(false);
    }
  };

  const err = (k: string) => errors[k];
  return (
    <div class="card card-pad stack">
      <form
        class="stack"
        id="entry-form"
        data-testid="entry-form"
        noValidate
        aria-labelledby="entry-title"
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <div class="card-head-flat">
          <div>
            <h2 id="entry-title" class="card-title">
              {entry ? s.editEntry : s.newEntry}
            </h2>
            {entry && <p class="hint">{s.updated(dateTime(entry.updatedAt, ctx.lang))}</p>}
          </div>
        </div>
        {err("form") && (
          <p class="banner banner-error" role="alert">
            {errorText({ message: err("form") }, ctx.lang)}
          </p>
        )}
        <EntryFields prefix="entry" s={s} form={form} set={set} err={err} hints />
        <div class="kb-lang-row">
          <div class="field">
            <label class="field-label" for="entry-language">
              {s.language}
            </label>
            <select
              id="entry-language"
              class="input"
              data-testid="entry-language"
              value={form.language}
              aria-describedby="entry-language-hint"
              onChange={(e) => {
                const language = e.currentTarget.value as KnowledgeLanguage;
                set(language === "zh-TW" ? { language, translationOf: null } : { language });
              }}
            >
              <option value="zh-TW">{s.languages["zh-TW"]}</option>
              <option value="en">{s.languages.en}</option>
            </select>
            <p class="hint" id="entry-language-hint">
              {s.languageHint}
            </p>
            <FieldError id="entry-language-error" field="language" message={err("language")} />
          </div>
          {form.language === "en" && (
            <div class="field">
              <div class="kb-label-row">
                <label class="field-label" for="entry-translation-of">
                  {s.translationOf}
                </label>
                {original && (
                  <a
                    class="small-link"
                    href={supportHref({ page: "knowledge", id: original.id })}
                    data-testid="open-original"
                  >
                    {s.openOriginal}
                  </a>
                )}
              </div>
              <select
                id="entry-translation-of"
                class="input"
                data-testid="entry-translation-of"
                value={form.translationOf ?? ""}
                aria-invalid={err("translationOf") ? true : undefined}
                aria-describedby={
                  err("translationOf")
                    ? "entry-translation-of-error entry-translation-of-hint"
                    : "entry-translation-of-hint"
                }
                onChange={(e) => set({ translationOf: e.currentTarget.value || null })}
              >
                <option value="">{s.translationOfNone}</option>
                {form.translationOf && !originals.some((o) => o.id === form.translationOf) && (
                  <option value={form.translationOf}>{original?.question ?? s.deletedEntry}</option>
                )}
                {originals.map((o) => (
                  <option key={o.id} value={o.id}>
                    {o.question}
                  </option>
                ))}
              </select>
              <p class="hint" id="entry-translation-of-hint">
                {s.translationOfHint}
              </p>
              <FieldError
                id="entry-translation-of-error"
                field="translationOf"
                message={err("translationOf")}
              />
            </div>
          )}
        </div>
        {translations.length > 0 && (
          <div class="field" data-testid="entry-translations">
            <span class="field-label">{s.translations}</span>
            <ul class="kb-translations">
              {translations.map((t) => (
                <li key={t.id}>
                  <span class="chip chip-blue" title={s.enBadgeTitle}>
                    EN
                  </span>
                  <a href={supportHref({ page: "knowledge", id: t.id })}>{t.question}</a>
                </li>
              ))}
            </ul>
          </div>
        )}
        <div class="form-actions">
          {entry && (
            <button
              type="button"
              class="btn btn-ghost-danger"
              data-testid="delete-entry"
              disabled={busy}
              onClick={() => setConfirm(true)}
            >
              <Icon name="trash" size={16} />
              {s.delete}
            </button>
          )}
          <span class="grow" />
          <a class="btn btn-secondary" href={supportHref({ page: "knowledge", id: null })}>
            {s.cancel}
          </a>
          <button type="submit" class="btn btn-primary" data-testid="save-entry" disabled={busy}>
            {busy ? s.saving : s.save}
          </button>
        </div>
        <ConfirmDialog
          open={confirm}
          title={s.deleteEntryTitle}
          body={s.deleteEntryBody(form.question)}
          confirm={s.delete}
          cancel={s.cancel}
          danger
          busy={busy}
          onConfirm={() => void remove()}
          onClose={() => setConfirm(false)}
        />
      </form>
      {entry && <LearnedWordings ctx={ctx} entry={entry} onChanged={props.reload} />}
    </div>
  );
}

function focusInvalid() {
  requestAnimationFrame(() =>
    document.querySelector<HTMLElement>("#entry-form [aria-invalid=true]")?.focus(),
  );
}
