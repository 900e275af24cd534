/**
 * 稽核紀錄: every admin and staff action that changed money, points, coupons, roles or keys,
 * newest first, filtered by action and by who; "load more" pages on with the API's cursor.
 *
 * Test ids: audit-page, audit-action-filter, audit-actor-filter, audit-more, no-entries (and
 * AuditEntries' own).
 */
import { useEffect, useState } from "preact/hooks";
import type { Ctx } from "../nav";
import { AuditEntries } from "./audit-entries";
import { type AuditEntry, errorText, type AuditPage as Page, useText } from "./shared";

export function AuditPage({ ctx }: { ctx: Ctx }) {
  const s = useText(ctx);
  const [action, setAction] = useState("");
  const [actor, setActor] = useState("");
  const [entries, setEntries] = useState<AuditEntry[] | null>(null);
  const [next, setNext] = useState<string | null>(null);
  const [actors, setActors] = useState<Map<string, string>>(new Map());
  const [error, setError] = useState("");

  const load = async (before: string | null) => {
    const params = new URLSearchParams({ limit: "50" });
    if (action) params.set("action", action);
    if (actor) params.set("actorId", actor);
    if (before) params.set("before", before);
    try {
      const r = await ctx.api.request<Page>("GET", `/api/admin/audit?${params}`);
      setEntries((list) => (before ? [...(list ?? []), ...r.entries] : r.entries));
      setNext(r.next);
      setActors((known) => {
        const more = new Map(known);
        for (const e of r.entries)
          if (e.actor.kind !== "admin")
            more.set(e.actor.id, `${e.actor.kind === "agent" ? s.agent : s.staff} ${e.actor.name}`);
        return more;
      });
      setError("");
    } catch (e) {
      setError(errorText(e, ctx.lang));
    }
  };
  useEffect(() => {
    void load(null);
  }, [action, actor]);

  return (
    <div class="page page-wide" data-testid="audit-page">
      <div class="page-head">
        <div>
          <h1 tabIndex={-1}>{s.auditTitle}</h1>
          <p class="lead">{s.auditLead}</p>
        </div>
      </div>
      <section class="card">
        <div class="card-toolbar audit-filters">
          <label class="field-label" for="audit-action">
            {s.filterAction}
          </label>
          <select
            id="audit-action"
            class="input"
            value={action}
            data-testid="audit-action-filter"
            onChange={(e) => setAction(e.currentTarget.value)}
          >
            <option value="">{s.allActions}</option>
            {Object.entries(s.actions).map(([code, label]) => (
              <option key={code} value={code}>
                {label}
              </option>
            ))}
          </select>
          <label class="field-label" for="audit-actor">
            {s.filterActor}
          </label>
          <select
            id="audit-actor"
            class="input"
            value={actor}
            data-testid="audit-actor-filter"
            onChange={(e) => setActor(e.currentTarget.value)}
          >
            <option value="">{s.allActors}</option>
            <option value="admin">{s.admin}</option>
            {[...actors].map(([id, label]) => (
              <option key={id} value={id}>
                {label}
              </option>
            ))}
          </select>
        </div>
        {error && (
          <p class="banner banner-error" role="alert">
            {error}
          </p>
        )}
        {!entries && !error && <p class="empty">{s.loading}</p>}
        {entries?.length === 0 && (
          <p class="empty" data-testid="no-entries">
            {s.noEntries}
          </p>
        )}
        {entries && entries.length > 0 && <AuditEntries ctx={ctx} entries={entries} />}
        {next && (
          <div class="card-foot">
            <button
              type="button"
              class="btn btn-secondary btn-sm"
              data-testid="audit-more"
              onClick={() => load(next)}
            >
              {s.loadMore}
            </button>
          </div>
        )}
      </section>
    </div>
  );
}
