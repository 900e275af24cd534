/**
 * 標籤: every tag with its members per source, tagging members in bulk from a CSV of member codes
 * (sent as it is, `POST /api/marketing/tags/bulk?tag=`; the counts that come back), and the rule
 * tags (a tag kept equal to a rule's members) with a run button.
 *
 * Test ids: tags-panel, tags-table, tag-row (data-tag, data-members), bulk-form, bulk-tag,
 * bulk-file, bulk-text, bulk-send, bulk-result (data-added, data-unknown …), tag-rules-table,
 * tag-rule-row (data-id), tag-rule-run, new-tag-rule.
 */
import { useEffect, useState } from "preact/hooks";
import { dateTime } from "../format";
import type { Ctx } from "../nav";
import { Icon } from "../ui";
import type { BulkTagResult, TagRule, TagSummary } from "./api";
import type { MarketingStrings } from "./i18n";
import { marketingHref } from "./routes";
import { ruleText } from "./rule-text";
import { errorText, useLookups, useMarketing } from "./shared";

/** A tag source as it reads: `agent:stf_1` → 客服, `rule:tgr_1` → 規則. */
export const sourceName = (m: MarketingStrings, source: string) =>
  m.sources[source.split(":")[0] ?? ""] ?? source;

export function TagsPanel({ ctx }: { ctx: Ctx }) {
  const { m, mapi } = useMarketing(ctx);
  const { lookups } = useLookups(ctx);
  const [tags, setTags] = useState<TagSummary[] | null>(null);
  const [rules, setRules] = useState<TagRule[] | null>(null);
  const [error, setError] = useState("");
  const load = () =>
    Promise.all([mapi.tags(), mapi.tagRules()]).then(
      ([t, r]) => {
        setTags(t.tags);
        setRules(r.rules);
      },
      (e) => setError(errorText(e, ctx.lang)),
    );
  useEffect(() => {
    void load();
  }, [mapi]);

  const run = async (rule: TagRule) => {
    try {
      const r = await mapi.runTagRule(rule.id);
      ctx.toast(m.ran(r.tag, r.added, r.removed));
      await load();
    } catch (e) {
      ctx.toast(errorText(e, ctx.lang), "error");
    }
  };

  return (
    <div class="tags-layout" data-testid="tags-panel">
      <div class="stack">
        {error && (
          <p class="banner banner-error" role="alert">
            {error}
          </p>
        )}
        <section class="card" aria-labelledby="tags-title">
          <div class="card-head">
            <div>
              <h2 id="tags-title" class="card-title">
                {m.tagsTitle}
              </h2>
              <p class="hint">{m.tagsLead}</p>
            </div>
          </div>
          {!tags && !error && <p class="empty">{m.loading}</p>}
          {tags?.length === 0 && <p class="empty">{m.noTags}</p>}
          {tags && tags.length > 0 && (
            <table class="table" data-testid="tags-table">
              <thead>
                <tr>
                  <th scope="col">{m.colTag}</th>
                  <th scope="col" class="num">
                    {m.colCount}
                  </th>
                  <th scope="col">{m.colSources}</th>
                </tr>
              </thead>
              <tbody>
                {tags.map((t) => (
                  <tr key={t.tag} data-testid="tag-row" data-tag={t.tag} data-members={t.members}>
                    <th scope="row">
                      <span class="tag">{t.tag}</span>
                    </th>
                    <td class="num strong">{t.members.toLocaleString("en-US")}</td>
                    <td>
                      <span class="source-list">
                        {t.sources.map((s) => (
                          <span key={s.source} class="source-chip" title={s.source}>
                            {sourceName(m, s.source)} <strong>{s.members.toLocaleString("en-US")}</strong>
                          </span>
                        ))}
                      </span>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
        <section class="card" aria-labelledby="tag-rules-title">
          <div class="card-head">
            <div>
              <h2 id="tag-rules-title" class="card-title">
                {m.tagRulesTitle}
              </h2>
              <p class="hint">{m.tagRulesLead}</p>
            </div>
            <a
              class="btn btn-secondary btn-sm push-end"
              href={marketingHref({ page: "tagRule", id: null })}
              data-testid="new-tag-rule"
            >
              <Icon name="plus" size={14} />
              {m.newTagRule}
            </a>
          </div>
          {rules?.length === 0 && <p class="empty">{m.noTagRules}</p>}
          {rules && rules.length > 0 && (
            <table class="table" data-testid="tag-rules-table">
              <thead>
                <tr>
                  <th scope="col">{m.colTag}</th>
                  <th scope="col">{m.colRule}</th>
                  <th scope="col" class="num">
                    {m.colCount}
                  </th>
                  <th scope="col">{m.colLastRun}</th>
                  <th scope="col" class="actions-col">
                    <span class="visually-hidden">{m.colActions}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {rules.map((r) => (
                  <tr key={r.id} data-testid="tag-rule-row" data-id={r.id} class={r.enabled ? "" : "row-off"}>
                    <td>
                      <a class="row-title" href={marketingHref({ page: "tagRule", id: r.id })}>
                        {r.tag}
                      </a>
                      {!r.enabled && (
                        <div class="sub">
                          {m.colEnabled}: {m.no}
                        </div>
                      )}
                    </td>
                    <td class="rule-cell">{ruleText(r.rule, lookups?.catalogue, lookups, m, ctx.lang)}</td>
                    <td class="num strong">{r.lastCount?.toLocaleString("en-US") ?? m.none}</td>
                    <td class="nowrap muted">{dateTime(r.lastRunAt, ctx.lang)}</td>
                    <td class="actions-col">
                      <button
                        type="button"
                        class="btn btn-secondary btn-sm"
                        data-testid="tag-rule-run"
                        onClick={() => void run(r)}
                      >
                        <Icon name="play" size={14} />
                        {m.run}
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
      </div>
      <BulkTag ctx={ctx} onDone={() => void load()} />
    </div>
  );
}

function BulkTag({ ctx, onDone }: { ctx: Ctx; onDone: () => void }) {
  const { m, mapi } = useMarketing(ctx);
  const [tag, setTag] = useState("");
  const [file, setFile] = useState<File | null>(null);
  const [text, setText] = useState("");
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<{ tag?: string; codes?: string; form?: string }>({});
  const [result, setResult] = useState<BulkTagResult | null>(null);

  const send = async () => {
    const e: typeof errors = {};
    if (!tag.trim()) e.tag = m.required;
    if (!file && !text.trim()) e.codes = m.bulkNothing;
    setErrors(e);
    if (e.tag || e.codes) return;
    setBusy(true);
    try {
      const csv = file ? await file.text() : text;
      setResult(await mapi.bulkTag(tag.trim(), csv));
      onDone();
    } catch (err) {
      setErrors({ form: errorText(err, ctx.lang) });
    } finally {
      setBusy(false);
    }
  };

  const figures: Array<[keyof BulkTagResult, string]> = [
    ["received", m.bulkReceived],
    ["added", m.bulkAdded],
    ["alreadyHad", m.bulkAlready],
    ["unknown", m.bulkUnknown],
    ["duplicates", m.bulkDuplicates],
  ];
  return (
    <section class="card card-pad bulk-card" aria-labelledby="bulk-title">
      <h2 id="bulk-title" class="card-title">
        {m.bulkTitle}
      </h2>
      <p class="hint">{m.bulkLead}</p>
      <form
        class="stack-sm"
        data-testid="bulk-form"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void send();
        }}
      >
        <label class="field-label" for="bulk-tag">
          {m.bulkTag}
        </label>
        <input
          id="bulk-tag"
          class="input"
          maxLength={30}
          data-testid="bulk-tag"
          value={tag}
          aria-invalid={errors.tag ? true : undefined}
          aria-describedby={errors.tag ? "bulk-tag-error" : undefined}
          onInput={(e) => setTag(e.currentTarget.value)}
        />
        {errors.tag && (
          <p class="field-error" id="bulk-tag-error">
            {errors.tag}
          </p>
        )}
        <label class="field-label" for="bulk-file">
          {m.bulkFile}
        </label>
        <input
          id="bulk-file"
          type="file"
          accept=".csv,text/csv,text/plain"
          class="input"
          data-testid="bulk-file"
          onChange={(e) => setFile(e.currentTarget.files?.[0] ?? null)}
        />
        <label class="field-label" for="bulk-text">
          {m.bulkPaste}
        </label>
        <textarea
          id="bulk-text"
          class="input textarea mono"
          rows={4}
          placeholder={"memberCode\n8800000000000001"}
          data-testid="bulk-text"
          value={text}
          aria-invalid={errors.codes ? true : undefined}
          aria-describedby={errors.codes ? "bulk-codes-error" : undefined}
          onInput={(e) => setText(e.currentTarget.value)}
        />
        {errors.codes && (
          <p class="field-error" id="bulk-codes-error">
            {errors.codes}
          </p>
        )}
        {errors.form && (
          <p class="banner banner-error" role="alert">
            {errors.form}
          </p>
        )}
        <button type="submit" class="btn btn-primary" data-testid="bulk-send" disabled={busy}>
          {busy ? m.bulkSending : m.bulkSend}
        </button>
      </form>
      {result && (
        <div
          class="bulk-result"
          aria-live="polite"
          data-testid="bulk-result"
          data-added={result.added}
          data-unknown={result.unknown}
        >
          <h3 class="field-label">
            {m.bulkResult}：<span class="tag">{result.tag}</span>
          </h3>
          <dl class="figures">
            {figures.map(([k, label]) => (
              <div key={k} class={k === "unknown" && result.unknown > 0 ? "fig-warn" : ""}>
                <dt>{label}</dt>
                <dd>{Number(result[k]).toLocaleString("en-US")}</dd>
              </div>
            ))}
          </dl>
          {result.unknownCodes.length > 0 && (
            <p class="hint mono">{result.unknownCodes.slice(0, 20).join(", ")}</p>
          )}
        </div>
      )}
    </section>
  );
}
