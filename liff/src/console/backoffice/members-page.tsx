/**
 * 會員: find a member by member code, phone, name or LINE name (as you type), page on, export the
 * result as CSV; a row opens the member's page.
 *
 * Test ids: members-page, member-search, members-table, member-row (data-id), members-more,
 * members-export, no-members.
 */
import { useEffect, useRef, useState } from "preact/hooks";
import { dateTime } from "../format";
import type { Ctx } from "../nav";
import { Icon } from "../ui";
import { backOfficeHref } from "./routes";
import { errorText, type MemberHit, type MemberSearch, phoneText, useText } from "./shared";

export function MembersPage({ ctx }: { ctx: Ctx }) {
  const s = useText(ctx);
  const [q, setQ] = useState(() => sessionStorage.getItem("omo-members-q") ?? "");
  const [hits, setHits] = useState<MemberHit[] | null>(null);
  const [next, setNext] = useState<string | null>(null);
  const [error, setError] = useState("");
  const asked = useRef(0);

  const load = async (query: string, before: string | null) => {
    const n = ++asked.current;
    const params = new URLSearchParams({ q: query, limit: "25" });
    if (before) params.set("before", before);
    try {
      const r = await ctx.api.request<MemberSearch>("GET", `/api/admin/members?${params}`);
      if (n !== asked.current) return;
      setHits((h) => (before ? [...(h ?? []), ...r.members] : r.members));
      setNext(r.next);
      setError("");
    } catch (e) {
      if (n === asked.current) setError(errorText(e, ctx.lang));
    }
  };
  // As the admin types (a pause of 250 ms), and at once on Enter.
  useEffect(() => {
    sessionStorage.setItem("omo-members-q", q);
    const timer = setTimeout(() => void load(q.trim(), null), 250);
    return () => clearTimeout(timer);
  }, [q]);

  const exportCsv = async () => {
    if (!ctx.raw) return;
    const res = await ctx.raw(`/api/admin/members.csv?${new URLSearchParams({ q: q.trim() })}`);
    if (!res.ok) {
      ctx.toast(errorText(new Error(String(res.status)), ctx.lang), "error");
      return;
    }
    const url = URL.createObjectURL(await res.blob());
    const a = document.createElement("a");
    a.href = url;
    a.download = "members.csv";
    a.click();
    URL.revokeObjectURL(url);
  };

  return (
    <div class="page page-wide" data-testid="members-page">
      <div class="page-head">
        <div>
          <h1 tabIndex={-1}>{s.membersTitle}</h1>
          <p class="lead">{s.membersLead}</p>
        </div>
        <div class="page-actions">
          <button type="button" class="btn btn-secondary" data-testid="members-export" onClick={exportCsv}>
            <Icon name="download" size={16} />
            {s.exportCsv}
          </button>
        </div>
      </div>
      <section class="card">
        <form
          class="bo-search"
          aria-label={s.searchLabel}
          onSubmit={(e) => {
            e.preventDefault();
            void load(q.trim(), null);
          }}
        >
          <Icon name="search" size={18} />
          <label class="visually-hidden" for="member-search">
            {s.searchLabel}
          </label>
          <input
            id="member-search"
            class="input"
            type="search"
            autoComplete="off"
            placeholder={s.searchPlaceholder}
            value={q}
            data-testid="member-search"
            onInput={(e) => setQ(e.currentTarget.value)}
          />
        </form>
        {error && (
          <p class="banner banner-error" role="alert">
            {error}
          </p>
        )}
        {!hits && !error && <p class="empty">{s.loading}</p>}
        {hits?.length === 0 && (
          <div class="empty" data-testid="no-members">
            <p class="empty-title">{s.noMembers}</p>
            <p>{s.noMembersLead}</p>
          </div>
        )}
        {hits && hits.length > 0 && (
          <div class="table-wrap">
            <table class="table" data-testid="members-table">
              <thead>
                <tr>
                  <th scope="col">{s.colMember}</th>
                  <th scope="col">{s.colPhone}</th>
                  <th scope="col">{s.colTier}</th>
                  <th scope="col" class="num">
                    {s.colPoints}
                  </th>
                  <th scope="col">{s.colStore}</th>
                  <th scope="col">{s.colJoined}</th>
                </tr>
              </thead>
              <tbody>
                {hits.map((m) => (
                  <tr key={m.id} data-testid="member-row" data-id={m.id}>
                    <td>
                      <a class="row-title" href={backOfficeHref({ page: "member", id: m.id })}>
                        {m.name ?? m.displayName ?? m.memberCode}
                      </a>
                      <span class="sub">
                        {m.memberCode}
                        {m.displayName && m.name ? ` · LINE ${m.displayName}` : ""}
                      </span>
                    </td>
                    <td class="nowrap">{phoneText(m.phone) ?? s.none}</td>
                    <td>{m.status === "guest" ? s.guest : (s.tiers[m.tier] ?? m.tier)}</td>
                    <td class="num strong">{m.points.toLocaleString("en-US")}</td>
                    <td>{m.store ?? s.none}</td>
                    <td class="nowrap muted">{dateTime(m.joinedAt, ctx.lang)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {next && (
          <div class="card-foot">
            <button
              type="button"
              class="btn btn-secondary btn-sm"
              data-testid="members-more"
              onClick={() => load(q.trim(), next)}
            >
              {s.loadMore}
            </button>
          </div>
        )}
      </section>
    </div>
  );
}
