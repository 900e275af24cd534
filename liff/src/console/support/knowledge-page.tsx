/**
 * 知識庫: the FAQ entries retrieval suggestions answer from — question, the ways shoppers ask it,
 * answer, tags. A searchable list beside an editor; `#/knowledge/{id}` selects, `…/new` adds.
 *
 * Test ids: knowledge-page, new-entry, entries-search, entry-tag-filter (data-value), entry-list,
 * entry-item (data-id), no-entries, entry-form, entry-question, entry-variants, entry-answer,
 * entry-tags, save-entry, delete-entry, field-error (data-field).
 */
import { useEffect, useState } from "preact/hooks";
import { ApiError } from "../api";
import { dateTime } from "../format";
import type { Ctx } from "../nav";
import { ConfirmDialog, Icon } from "../ui";
import type { KnowledgeEntry, KnowledgeInput } from "./api";
import { supportHref } from "./routes";
import { errorText, FieldError, issuesByField, TagInput, useSupport } from "./shared";

const blank = (): KnowledgeInput => ({ question: "", variants: [], answer: "", tags: [] });

export function KnowledgePage({ ctx, id }: { ctx: Ctx; id: string | null }) {
  const { s, sapi } = useSupport(ctx);
  const [entries, setEntries] = useState<KnowledgeEntry[] | null>(null);
  const [error, setError] = useState("");
  const [q, setQ] = useState("");
  const [tag, setTag] = useState<string | null>(null);

  const load = async () => {
    try {
      setEntries((await sapi.knowledge()).entries);
      setError("");
    } catch (e) {
      setError(errorText(e, ctx.lang));
    }
  };
  useEffect(() => {
    void load();
  }, [sapi]);

  const tags = [...new Set((entries ?? []).flatMap((e) => e.tags))].sort();
  const needle = q.trim().normalize("NFKC").toLowerCase();
  const shown = (entries ?? []).filter(
    (e) =>
      (!tag || e.tags.includes(tag)) &&
      (!needle ||
        [e.question, e.answer, ...e.variants, ...e.tags].some((x) =>
          x.normalize("NFKC").toLowerCase().includes(needle),
        )),
  );
  const selected = id && id !== "new" ? (entries?.find((e) => e.id === id) ?? null) : null;
  const editing = id === "new" || selected !== null;

  return (
    <div class="page page-wide" data-testid="knowledge-page">
      <div class="page-head">
        <div>
          <h1 tabIndex={-1}>{s.knowledgeTitle}</h1>
          <p class="lead">{s.knowledgeLead}</p>
        </div>
        <div class="page-actions">
          <a
            class="btn btn-primary"
            href={supportHref({ page: "knowledge", id: "new" })}
            data-testid="new-entry"
          >
            <Icon name="plus" size={16} />
            {s.newEntry}
          </a>
        </div>
      </div>
      <div class="kb">
        <section class="card kb-list" aria-labelledby="kb-heading">
          <h2 id="kb-heading" class="visually-hidden">
            {s.entriesLabel}
          </h2>
          <div class="kb-tools">
            <div class="search">
              <Icon name="search" size={16} />
              <label class="visually-hidden" for="kb-search">
                {s.searchEntries}
              </label>
              <input
                id="kb-search"
                type="search"
                class="input search-input"
                placeholder={s.searchEntries}
                data-testid="entries-search"
                value={q}
                onInput={(e) => setQ(e.currentTarget.value)}
              />
            </div>
            {tags.length > 0 && (
              <fieldset class="tabs tabs-sm">
                <legend class="visually-hidden">{s.entryTags}</legend>
                {[null, ...tags].map((t) => (
                  <button
                    key={t ?? "all"}
                    type="button"
                    class="tab"
                    aria-pressed={tag === t}
                    data-testid="entry-tag-filter"
                    data-value={t ?? ""}
                    onClick={() => setTag(t)}
                  >
                    {t ?? s.allTags}
                  </button>
                ))}
              </fieldset>
            )}
          </div>
          {error && (
            <p class="banner banner-error" role="alert">
              {error}
            </p>
          )}
          {!entries && !error && <p class="empty">{s.loading}</p>}
          {entries && shown.length === 0 && (
            <div class="empty" data-testid="no-entries">
              {entries.length ? (
                <p>{s.noEntriesFiltered}</p>
              ) : (
                <>
                  <p class="empty-title">{s.noEntries}</p>
                  <p>{s.noEntriesLead}</p>
                </>
              )}
            </div>
          )}
          <ul class="kb-items" data-testid="entry-list">
            {shown.map((e) => (
              <li key={e.id}>
                <a
                  class={`kb-item${e.id === id ? " kb-item-selected" : ""}`}
                  href={supportHref({ page: "knowledge", id: e.id })}
                  aria-current={e.id === id ? "true" : undefined}
                  data-testid="entry-item"
                  data-id={e.id}
                >
                  <span class="kb-q">{e.question}</span>
                  <span class="kb-a">{e.answer}</span>
                  <span class="kb-meta">
                    <span>{s.variantsN(e.variants.length)}</span>
                    {e.tags.map((t) => (
                      <span class="tag tag-sm" key={t}>
                        {t}
                      </span>
                    ))}
                  </span>
                </a>
              </li>
            ))}
          </ul>
        </section>
        <div class="kb-editor">
          {editing ? (
            <EntryEditor
              key={id ?? "none"}
              ctx={ctx}
              entry={selected}
              onSaved={(saved, created) => {
                setEntries((list) =>
                  created
                    ? [...(list ?? []), saved]
                    : (list ?? []).map((x) => (x.id === saved.id ? saved : x)),
                );
                if (created) location.hash = supportHref({ page: "knowledge", id: saved.id });
              }}
              onDeleted={(gone) => {
                setEntries((list) => (list ?? []).filter((x) => x.id !== gone));
                location.hash = supportHref({ page: "knowledge", id: null });
              }}
            />
          ) : (
            <div class="card empty kb-empty">
              <span class="empty-icon" aria-hidden="true">
                <Icon name="book" size={28} />
              </span>
              <p class="empty-title">{id && entries ? s.noEntriesFiltered : s.editEntry}</p>
              <p>{s.knowledgeLead}</p>
            </div>
          )}
        </div>
      </div>
    </div>
  );
}

function EntryEditor(props: {
  ctx: Ctx;
  entry: KnowledgeEntry | null;
  onSaved: (e: KnowledgeEntry, created: boolean) => void;
  onDeleted: (id: string) => void;
}) {
  const { ctx, entry } = props;
  const { s, sapi } = useSupport(ctx);
  const [form, setForm] = useState<KnowledgeInput>(() =>
    entry
      ? { question: entry.question, variants: entry.variants, answer: entry.answer, tags: entry.tags }
      : blank(),
  );
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const [confirm, setConfirm] = useState(false);
  const set = (f: Partial<KnowledgeInput>) => setForm({ ...form, ...f });

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
      const saved = entry ? await sapi.updateKnowledge(entry.id, form) : await sapi.createKnowledge(form);
      setErrors({});
      ctx.toast(entry ? s.entrySaved : s.entryCreated);
      props.onSaved(saved, !entry);
    } catch (e) {
      if (e instanceof ApiError && e.status === 400) {
        setErrors(issuesByField(e, ctx.t, ctx.lang));
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
    <form
      class="card card-pad stack"
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
      <div class="field">
        <label class="field-label" for="entry-question">
          {s.question}
        </label>
        <input
          id="entry-question"
          class="input"
          maxLength={200}
          placeholder={s.questionPlaceholder}
          data-testid="entry-question"
          value={form.question}
          aria-invalid={err("question") ? true : undefined}
          aria-describedby={err("question") ? "entry-question-error" : undefined}
          onInput={(e) => set({ question: e.currentTarget.value })}
        />
        <FieldError id="entry-question-error" field="question" message={err("question")} />
      </div>
      <div class="field">
        <label class="field-label" for="entry-variants">
          {s.variants}
        </label>
        <TagInput
          id="entry-variants"
          testId="entry-variants"
          values={form.variants}
          max={30}
          placeholder={s.variantsPlaceholder}
          removeLabel={(v) => `${s.remove} ${v}`}
          invalid={!!err("variants")}
          describedBy="entry-variants-hint"
          onChange={(variants) => set({ variants })}
        />
        <p class="hint" id="entry-variants-hint">
          {s.variantsHint}
        </p>
        <FieldError id="entry-variants-error" field="variants" message={err("variants")} />
      </div>
      <div class="field">
        <label class="field-label" for="entry-answer">
          {s.answer}
        </label>
        <textarea
          id="entry-answer"
          class="input textarea"
          rows={6}
          maxLength={5000}
          data-testid="entry-answer"
          value={form.answer}
          aria-invalid={err("answer") ? true : undefined}
          aria-describedby={err("answer") ? "entry-answer-error entry-answer-hint" : "entry-answer-hint"}
          onInput={(e) => set({ answer: e.currentTarget.value })}
        />
        <p class="hint" id="entry-answer-hint">
          {s.answerHint} · {s.chars([...form.answer].length, 5000)}
        </p>
        <FieldError id="entry-answer-error" field="answer" message={err("answer")} />
      </div>
      <div class="field">
        <label class="field-label" for="entry-tags">
          {s.entryTags}
        </label>
        <TagInput
          id="entry-tags"
          testId="entry-tags"
          values={form.tags}
          max={20}
          placeholder={s.tagsPlaceholder}
          removeLabel={(v) => `${s.remove} ${v}`}
          invalid={!!err("tags")}
          onChange={(tags) => set({ tags })}
        />
        <FieldError id="entry-tags-error" field="tags" message={err("tags")} />
      </div>
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
  );
}

function focusInvalid() {
  requestAnimationFrame(() =>
    document.querySelector<HTMLElement>("#entry-form [aria-invalid=true]")?.focus(),
  );
}
