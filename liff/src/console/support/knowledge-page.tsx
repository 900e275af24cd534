/**
 * 知識庫: the FAQ entries retrieval suggestions answer from — question, the ways shoppers ask it
 * (given and learned from agents' replies), answer, tags, language — and the candidate entries
 * agents' own answers make. Two views: the entries (a searchable list beside an editor;
 * `#/knowledge/{id}` selects, `…/new` adds) and `#/knowledge/candidates`.
 *
 * Test ids: knowledge-page, knowledge-tab (data-view), new-entry, entries-search, entry-tag-filter
 * (data-value), entry-list, entry-item (data-id, data-language, data-translation-of),
 * entry-language-badge, entry-translates, entry-learned-count, no-entries; the editor's and the
 * candidates' in their files.
 */
import { useEffect, useState } from "preact/hooks";
import type { Ctx } from "../nav";
import { Icon } from "../ui";
import type { KnowledgeCandidate, KnowledgeEntry } from "./api";
import { Candidates } from "./knowledge-candidates";
import { EntryEditor } from "./knowledge-editor";
import { supportHref } from "./routes";
import { errorText, useSupport } from "./shared";

/** The route id of the candidates view (entry ids are `kb_…`). */
export const CANDIDATES = "candidates";

/** Each translation right under its original when both are shown; the rest in order. */
function nest(shown: KnowledgeEntry[]): Array<{ entry: KnowledgeEntry; nested: boolean }> {
  const ids = new Set(shown.map((e) => e.id));
  const under = new Map<string, KnowledgeEntry[]>();
  for (const e of shown)
    if (e.translationOf && ids.has(e.translationOf))
      under.set(e.translationOf, [...(under.get(e.translationOf) ?? []), e]);
  return shown.flatMap((e) =>
    e.translationOf && ids.has(e.translationOf)
      ? []
      : [{ entry: e, nested: false }, ...(under.get(e.id) ?? []).map((t) => ({ entry: t, nested: true }))],
  );
}

export function KnowledgePage({ ctx, id }: { ctx: Ctx; id: string | null }) {
  const { s, sapi } = useSupport(ctx);
  const [entries, setEntries] = useState<KnowledgeEntry[] | null>(null);
  const [error, setError] = useState("");
  const [candidates, setCandidates] = useState<KnowledgeCandidate[] | null>(null);
  const [candidatesError, setCandidatesError] = useState("");
  const [q, setQ] = useState("");
  const [tag, setTag] = useState<string | null>(null);
  const view = id === CANDIDATES ? "candidates" : "entries";

  const load = async () => {
    try {
      setEntries((await sapi.knowledge()).entries);
      setError("");
    } catch (e) {
      setError(errorText(e, ctx.lang));
    }
  };
  const loadCandidates = async () => {
    try {
      setCandidates((await sapi.candidates()).candidates);
      setCandidatesError("");
    } catch (e) {
      setCandidatesError(errorText(e, ctx.lang));
    }
  };
  useEffect(() => {
    void load();
    void loadCandidates();
  }, [sapi]);

  const tags = [...new Set((entries ?? []).flatMap((e) => e.tags))].sort();
  const needle = q.trim().normalize("NFKC").toLowerCase();
  const shown = (entries ?? []).filter(
    (e) =>
      (!tag || e.tags.includes(tag)) &&
      (!needle ||
        [e.question, e.answer, ...e.variants, ...e.tags, ...e.learned.map((l) => l.text)].some((x) =>
          x.normalize("NFKC").toLowerCase().includes(needle),
        )),
  );
  const byId = new Map((entries ?? []).map((e) => [e.id, e]));
  const selected = id && id !== "new" && view === "entries" ? (byId.get(id) ?? null) : null;
  const editing = id === "new" || selected !== null;

  const tab = (v: "entries" | "candidates", label: string, n: number | undefined) => (
    <a
      class="tab"
      href={supportHref({ page: "knowledge", id: v === "candidates" ? CANDIDATES : null })}
      aria-current={view === v ? "page" : undefined}
      data-testid="knowledge-tab"
      data-view={v}
    >
      {label}
      {n !== undefined && <span class="tab-count">{n}</span>}
    </a>
  );

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
      <nav class="tabs kb-views" aria-label={s.knowledgeViews}>
        {tab("entries", s.entriesTab, entries?.length)}
        {tab("candidates", s.candidatesTab, candidates?.length)}
      </nav>
      {view === "candidates" ? (
        <Candidates
          ctx={ctx}
          candidates={candidates}
          error={candidatesError}
          reload={async () => {
            await Promise.all([loadCandidates(), load()]);
          }}
          onAccepted={(entry) => setEntries((list) => [...(list ?? []), entry])}
        />
      ) : (
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
              {nest(shown).map(({ entry: e, nested }) => {
                const original = e.translationOf ? byId.get(e.translationOf) : undefined;
                return (
                  <li key={e.id}>
                    <a
                      class={`kb-item${e.id === id ? " kb-item-selected" : ""}${nested ? " kb-item-nested" : ""}`}
                      href={supportHref({ page: "knowledge", id: e.id })}
                      aria-current={e.id === id ? "true" : undefined}
                      data-testid="entry-item"
                      data-id={e.id}
                      data-language={e.language}
                      data-translation-of={e.translationOf ?? undefined}
                    >
                      <span class="kb-q">
                        {e.language === "en" && (
                          <span
                            class="chip chip-blue kb-lang"
                            title={s.enBadgeTitle}
                            data-testid="entry-language-badge"
                          >
                            EN
                          </span>
                        )}
                        {e.question}
                      </span>
                      {original && (
                        <span class="kb-translates" data-testid="entry-translates">
                          {s.translates(original.question)}
                        </span>
                      )}
                      <span class="kb-a">{e.answer}</span>
                      <span class="kb-meta">
                        <span>{s.variantsN(e.variants.length)}</span>
                        {e.learned.length > 0 && (
                          <span class="kb-learned-count" data-testid="entry-learned-count">
                            <Icon name="sparkle" size={12} />
                            {s.learnedN(e.learned.length)}
                          </span>
                        )}
                        {e.tags.map((t) => (
                          <span class="tag tag-sm" key={t}>
                            {t}
                          </span>
                        ))}
                      </span>
                    </a>
                  </li>
                );
              })}
            </ul>
          </section>
          <div class="kb-editor">
            {editing ? (
              <EntryEditor
                key={id ?? "none"}
                ctx={ctx}
                entry={selected}
                entries={entries ?? []}
                reload={load}
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
                  void load(); // its translations are no longer translations of it
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
      )}
    </div>
  );
}
