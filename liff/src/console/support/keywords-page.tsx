/**
 * 關鍵字自動回覆: every rule (match, keyword, replies, priority, scope, schedule, tags) with an
 * on/off switch, and the "test a message" box beside it.
 *
 * Test ids: keywords-page, new-rule, rules-search, rules-table, rule-row (data-id, data-enabled),
 * rule-toggle, no-rules.
 */
import { useEffect, useState } from "preact/hooks";
import type { Ctx } from "../nav";
import { Chip, Icon, type Tone } from "../ui";
import type { KeywordRule } from "./api";
import type { SupportStrings } from "./i18n";
import { KeywordTestBox, replyPreview } from "./keyword-test";
import { supportHref } from "./routes";
import { errorText, Switch, useSupport, windowText } from "./shared";

export const MATCH_TONE: Record<string, Tone> = {
  exact: "blue",
  contains: "green",
  prefix: "violet",
  regex: "amber",
};

export function KeywordsPage({ ctx }: { ctx: Ctx }) {
  const { s, sapi } = useSupport(ctx);
  const [rules, setRules] = useState<KeywordRule[] | null>(null);
  const [error, setError] = useState("");
  const [q, setQ] = useState("");

  const load = async () => {
    try {
      setRules((await sapi.rules()).rules);
      setError("");
    } catch (e) {
      setError(errorText(e, ctx.lang));
    }
  };
  useEffect(() => {
    void load();
  }, [sapi]);

  const toggle = async (rule: KeywordRule, enabled: boolean) => {
    setRules((list) => list?.map((r) => (r.id === rule.id ? { ...r, enabled } : r)) ?? null);
    try {
      const saved = await sapi.updateRule(rule.id, { enabled });
      setRules((list) => list?.map((r) => (r.id === rule.id ? saved : r)) ?? null);
      ctx.toast(enabled ? s.enabledOn(rule.pattern) : s.enabledOff(rule.pattern));
    } catch (e) {
      setRules((list) => list?.map((r) => (r.id === rule.id ? rule : r)) ?? null);
      ctx.toast(errorText(e, ctx.lang), "error");
    }
  };

  const needle = q.trim().normalize("NFKC").toLowerCase();
  const shown = (rules ?? [])
    .filter(
      (r) =>
        !needle ||
        [r.pattern, ...r.tags, ...r.replies.map((m) => replyPreview(m))].some((x) =>
          x.normalize("NFKC").toLowerCase().includes(needle),
        ),
    )
    .sort((a, b) => b.priority - a.priority || a.createdAt.localeCompare(b.createdAt));

  return (
    <div class="page page-wide" data-testid="keywords-page">
      <div class="page-head">
        <div>
          <h1 tabIndex={-1}>{s.keywordsTitle}</h1>
          <p class="lead">{s.keywordsLead}</p>
        </div>
        <div class="page-actions">
          <a class="btn btn-primary" href={supportHref({ page: "keyword", id: null })} data-testid="new-rule">
            <Icon name="plus" size={16} />
            {s.newRule}
          </a>
        </div>
      </div>
      <div class="split">
        <section class="card" aria-labelledby="rules-heading">
          <h2 id="rules-heading" class="visually-hidden">
            {s.rulesLabel}
          </h2>
          <div class="card-toolbar">
            <div class="search search-inline">
              <Icon name="search" size={16} />
              <label class="visually-hidden" for="rules-search">
                {s.filterRules}
              </label>
              <input
                id="rules-search"
                type="search"
                class="input search-input"
                placeholder={s.filterRules}
                data-testid="rules-search"
                value={q}
                onInput={(e) => setQ(e.currentTarget.value)}
              />
            </div>
            <span class="hint">{rules ? `${shown.length} / ${rules.length}` : ""}</span>
          </div>
          {error && (
            <p class="banner banner-error" role="alert">
              {error}
            </p>
          )}
          {!rules && !error && <p class="empty">{s.loading}</p>}
          {rules && shown.length === 0 && (
            <div class="empty" data-testid="no-rules">
              {rules.length ? (
                <p>{s.noRulesFiltered}</p>
              ) : (
                <>
                  <p class="empty-title">{s.noRules}</p>
                  <p>{s.noRulesLead}</p>
                </>
              )}
            </div>
          )}
          {shown.length > 0 && (
            <div class="table-wrap">
              <table class="table rules-table" data-testid="rules-table">
                <thead>
                  <tr>
                    <th scope="col" class="w-switch">
                      {s.colEnabled}
                    </th>
                    <th scope="col">{s.colKeyword}</th>
                    <th scope="col">{s.colReplies}</th>
                    <th scope="col" class="num">
                      {s.colPriority}
                    </th>
                    <th scope="col">{s.colSchedule}</th>
                  </tr>
                </thead>
                <tbody>
                  {shown.map((r) => (
                    <RuleRow key={r.id} s={s} rule={r} ctx={ctx} onToggle={(on) => void toggle(r, on)} />
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </section>
        <div class="split-side">
          <KeywordTestBox ctx={ctx} />
        </div>
      </div>
    </div>
  );
}

function RuleRow(props: { ctx: Ctx; s: SupportStrings; rule: KeywordRule; onToggle: (on: boolean) => void }) {
  const { s, rule: r } = props;
  const link = supportHref({ page: "keyword", id: r.id });
  return (
    <tr
      class={`row-link${r.enabled ? "" : " row-off"}`}
      data-testid="rule-row"
      data-id={r.id}
      data-enabled={r.enabled ? "true" : "false"}
      onClick={(e) => {
        if ((e.target as HTMLElement).closest("a, button")) return;
        location.hash = link;
      }}
    >
      <td>
        <Switch
          checked={r.enabled}
          label={s.toggleRule(r.pattern)}
          testId="rule-toggle"
          onChange={props.onToggle}
        />
      </td>
      <td>
        <div class="kw-cell">
          <Chip tone={MATCH_TONE[r.match] ?? "gray"}>{s.match[r.match]}</Chip>
          <a class="row-title pattern" href={link}>
            {r.pattern}
          </a>
        </div>
        <div class="sub">
          {s.scope[r.scope]}
          {r.tags.map((tag) => (
            <span class="tag tag-sm" key={tag}>
              {tag}
            </span>
          ))}
        </div>
      </td>
      <td class="reply-cell">
        <span class="reply-snippet">{replyPreview(r.replies[0])}</span>
        <div class="sub">
          {r.replies.length > 1 && <span>{s.moreReplies(r.replies.length - 1)} </span>}
          {quickCount(r.replies) > 0 && <span>{s.quickN(quickCount(r.replies))}</span>}
        </div>
      </td>
      <td class="num strong">{r.priority}</td>
      <td class="sched-cell">{scheduleText(r, s)}</td>
    </tr>
  );
}

const quickCount = (replies: KeywordRule["replies"]) => {
  const items = (replies[replies.length - 1]?.quickReply as { items?: unknown[] } | undefined)?.items;
  return Array.isArray(items) ? items.length : 0;
};

export function scheduleText(r: Pick<KeywordRule, "schedule">, s: SupportStrings): string {
  const sc = r.schedule;
  // The document marks `windows` optional (it has a default on input); the API always sends it.
  const windows = sc?.windows ?? [];
  if (!sc || (windows.length === 0 && !sc.from && !sc.until)) return s.always;
  const parts = windows.map((w) => windowText(w, s));
  if (sc.from || sc.until) parts.push(`${sc.from ?? "…"} ~ ${sc.until ?? "…"}`);
  return parts.join("；");
}
