/**
 * 客服收件匣: three panes — the conversations (filters, search, waiting ones first to the eye),
 * the selected thread with its composer, and the assist column (suggestions, member). The list
 * and the thread poll every 3 s; the selection lives in the hash, so polling never loses it.
 *
 * Each item previews what the customer last wrote (not the bot's acknowledgement after it) and
 * names its assignee.
 *
 * Test ids: inbox, conversation-list, conversation-item (data-id, data-status, data-assigned-to),
 * conversation-preview, conversation-assignee, status-filter (data-value), assignee-filter
 * (data-value), inbox-search, waiting-badge, load-more-conversations.
 */
import { useEffect, useRef, useState } from "preact/hooks";
import type { Ctx } from "../nav";
import { Chip, Icon } from "../ui";
import type { ConversationStatus, ConversationSummary } from "./api";
import { ConversationView, type Draft } from "./conversation";
import { supportHref } from "./routes";
import {
  Avatar,
  agentLabel,
  elapsed,
  errorText,
  type People,
  shortWhen,
  useAgents,
  useNow,
  usePoll,
  useSupport,
} from "./shared";

const POLL_MS = 3000;
const PAGE = 50;
const FILTER_KEY = "omo-console-inbox-filters";
type StatusFilter = ConversationStatus | "all";
type AssigneeFilter = "all" | "me" | "none";
const STATUSES: StatusFilter[] = ["waiting", "open", "closed", "all"];

interface Filters {
  status: StatusFilter;
  assignee: AssigneeFilter;
  q: string;
}

function savedFilters(): Filters {
  try {
    const f = JSON.parse(sessionStorage.getItem(FILTER_KEY) ?? "{}") as Partial<Filters>;
    return {
      status: STATUSES.includes(f.status as StatusFilter) ? (f.status as StatusFilter) : "all",
      assignee: f.assignee === "me" || f.assignee === "none" ? f.assignee : "all",
      q: typeof f.q === "string" ? f.q : "",
    };
  } catch {
    return { status: "all", assignee: "all", q: "" };
  }
}

export function InboxPage({ ctx, id }: { ctx: Ctx; id: string | null }) {
  const { s, sapi } = useSupport(ctx);
  const [filters, setFilters] = useState<Filters>(savedFilters);
  const [typed, setTyped] = useState(filters.q);
  const [first, setFirst] = useState<ConversationSummary[] | null>(null);
  const [older, setOlder] = useState<ConversationSummary[]>([]);
  const [full, setFull] = useState(false);
  const [waiting, setWaiting] = useState<number | null>(null);
  const [error, setError] = useState("");
  const [version, setVersion] = useState(0);
  const [moreBusy, setMoreBusy] = useState(false);
  const drafts = useRef(new Map<string, Draft>());
  const [faq, setFaq] = useState<Map<string, string>>(new Map());
  const now = useNow(5_000);
  const { agents, ensure } = useAgents(ctx);
  const people: People = { me: ctx.me, agents };

  useEffect(() => {
    sessionStorage.setItem(FILTER_KEY, JSON.stringify(filters));
  }, [filters]);
  // Search as you type, without a request per key.
  useEffect(() => {
    const timer = setTimeout(
      () => setFilters((f) => (f.q === typed.trim() ? f : { ...f, q: typed.trim() })),
      300,
    );
    return () => clearTimeout(timer);
  }, [typed]);
  // FAQ questions, to name the source of retrieval suggestions.
  useEffect(() => {
    sapi.knowledge().then(
      (r) => setFaq(new Map(r.entries.map((e) => [e.id, e.question]))),
      () => {},
    );
  }, [sapi]);

  const query = {
    status: filters.status === "all" ? undefined : filters.status,
    assignedTo: filters.assignee === "all" ? undefined : filters.assignee,
    q: filters.q || undefined,
  };

  usePoll(
    async (current) => {
      try {
        const [list, wait] = await Promise.all([
          sapi.conversations({ ...query, limit: PAGE }),
          sapi.conversations({ status: "waiting", limit: 200 }),
        ]);
        if (!current()) return;
        setFirst(list.conversations);
        setWaiting(wait.conversations.length);
        setError("");
        if (older.length === 0) setFull(list.conversations.length < PAGE);
      } catch (e) {
        if (current()) setError(errorText(e, ctx.lang));
      }
    },
    POLL_MS,
    [sapi, filters, version],
  );

  const setFilter = (f: Partial<Filters>) => {
    setFirst(null);
    setOlder([]);
    setFull(false);
    setFilters((x) => ({ ...x, ...f }));
  };

  const shown = (() => {
    const top = first ?? [];
    const seen = new Set(top.map((c) => c.id));
    return [...top, ...older.filter((c) => !seen.has(c.id))];
  })();

  // Someone assigned who is not among the agents yet (added since): fetch the names again.
  useEffect(() => ensure(shown.map((c) => c.assignedTo)), [first, older, agents]);

  const loadMore = async () => {
    const last = shown[shown.length - 1];
    if (!last) return;
    setMoreBusy(true);
    try {
      const r = await sapi.conversations({ ...query, limit: PAGE, before: last.lastMessageAt });
      setOlder((o) => [...o, ...r.conversations]);
      setFull(r.conversations.length < PAGE);
    } catch (e) {
      ctx.toast(errorText(e, ctx.lang), "error");
    } finally {
      setMoreBusy(false);
    }
  };

  const listRef = useRef<HTMLUListElement>(null);
  // Arrow keys move through the list (one tab stop for the whole list is the usual pattern).
  const onListKey = (e: KeyboardEvent) => {
    if (e.key !== "ArrowDown" && e.key !== "ArrowUp") return;
    const links = [...(listRef.current?.querySelectorAll<HTMLAnchorElement>("a.conv") ?? [])];
    const at = links.indexOf(document.activeElement as HTMLAnchorElement);
    const next = links[Math.max(0, Math.min(links.length - 1, at + (e.key === "ArrowDown" ? 1 : -1)))];
    if (next) {
      e.preventDefault();
      next.focus();
    }
  };

  return (
    <div class="inbox" data-testid="inbox">
      <section class="inbox-list" aria-labelledby="inbox-title">
        <div class="pane-head">
          <div class="pane-title-row">
            <h1 id="inbox-title" tabIndex={-1}>
              {s.inboxTitle}
            </h1>
            {waiting !== null && waiting > 0 && (
              <span class="waiting-pill" data-testid="waiting-badge" title={s.status.waiting}>
                {waiting} {s.status.waiting}
              </span>
            )}
            <span class="live-hint" title={s.autoRefresh}>
              <span class="stream-dot" aria-hidden="true" />
              <span class="visually-hidden">{s.autoRefresh}</span>
            </span>
          </div>
          <div class="search">
            <Icon name="search" size={16} />
            <label class="visually-hidden" for="inbox-search">
              {s.searchLabel}
            </label>
            <input
              id="inbox-search"
              type="search"
              class="input search-input"
              placeholder={s.searchPlaceholder}
              data-testid="inbox-search"
              value={typed}
              onInput={(e) => setTyped(e.currentTarget.value)}
            />
          </div>
          <fieldset class="seg" data-testid="status-filters">
            <legend class="visually-hidden">{s.statusFilter}</legend>
            {STATUSES.map((v) => (
              <button
                key={v}
                type="button"
                class="seg-btn"
                aria-pressed={filters.status === v}
                data-testid="status-filter"
                data-value={v}
                onClick={() => setFilter({ status: v })}
              >
                {v === "all" ? s.all : s.status[v]}
                {v === "waiting" && waiting ? <span class="seg-count">{waiting}</span> : null}
              </button>
            ))}
          </fieldset>
          <fieldset class="tabs tabs-sm">
            <legend class="visually-hidden">{s.assigneeFilter}</legend>
            {(["all", "me", "none"] as const)
              .filter((v) => v !== "me" || ctx.role === "agent")
              .map((v) => (
                <button
                  key={v}
                  type="button"
                  class="tab"
                  aria-pressed={filters.assignee === v}
                  data-testid="assignee-filter"
                  data-value={v}
                  onClick={() => setFilter({ assignee: v })}
                >
                  {s.assignee[v]}
                </button>
              ))}
          </fieldset>
        </div>
        {error && (
          <p class="banner banner-error pane-banner" role="alert">
            {error}
          </p>
        )}
        <div class="pane-scroll">
          {!first && !error && <p class="empty">{s.loading}</p>}
          {first && shown.length === 0 && (
            <div class="empty" data-testid="no-conversations">
              <p class="empty-title">{s.noConversations}</p>
              <p>{s.noConversationsLead}</p>
            </div>
          )}
          <ul class="conv-list" ref={listRef} data-testid="conversation-list" onKeyDown={onListKey}>
            {shown.map((c) => (
              <ConversationItem key={c.id} c={c} selected={c.id === id} now={now} ctx={ctx} people={people} />
            ))}
          </ul>
          {first && shown.length > 0 && !full && (
            <div class="card-foot">
              <button
                type="button"
                class="btn btn-secondary btn-sm"
                data-testid="load-more-conversations"
                disabled={moreBusy}
                onClick={loadMore}
              >
                {moreBusy ? s.loading : s.loadMore}
              </button>
            </div>
          )}
        </div>
      </section>
      {id ? (
        <ConversationView
          key={id}
          ctx={ctx}
          id={id}
          faq={faq}
          drafts={drafts.current}
          people={people}
          onAgentSeen={ensure}
          onChanged={() => setVersion((v) => v + 1)}
        />
      ) : (
        <section class="thread thread-empty" aria-label={s.pickConversation}>
          <div class="empty" data-testid="no-selection">
            <span class="empty-icon" aria-hidden="true">
              <Icon name="chat" size={28} />
            </span>
            <p class="empty-title">{s.pickConversation}</p>
            <p>{s.pickConversationLead}</p>
          </div>
        </section>
      )}
    </div>
  );
}

function ConversationItem(props: {
  ctx: Ctx;
  c: ConversationSummary;
  selected: boolean;
  now: number;
  people: People;
}) {
  const { c, ctx, now } = props;
  const { s } = useSupport(ctx);
  const name = c.displayName ?? s.unknownUser;
  const waiting = c.status === "waiting" && c.waitingSince;
  const assigned = c.assignedTo ? agentLabel(c.assignedTo, s, props.people) : null;
  return (
    <li>
      <a
        class={`conv conv-${c.status}${props.selected ? " conv-selected" : ""}`}
        href={supportHref({ page: "inbox", id: c.id })}
        aria-current={props.selected ? "true" : undefined}
        data-testid="conversation-item"
        data-id={c.id}
        data-status={c.status}
        data-assigned-to={c.assignedTo ?? ""}
      >
        <Avatar name={name} />
        <span class="conv-body">
          <span class="conv-top">
            <span class="conv-name">{name}</span>
            <span class="conv-time">{shortWhen(c.lastMessageAt, ctx.lang, now)}</span>
          </span>
          <span class="conv-last" data-testid="conversation-preview">
            {c.lastInbound ?? c.lastMessage ?? "—"}
          </span>
          <span class="conv-meta">
            {waiting ? (
              <span class="wait-chip" data-testid="waiting-for">
                <Icon name="clock" size={12} />
                {s.waitingFor(elapsed(c.waitingSince as string, now, s))}
              </span>
            ) : (
              <Chip tone={c.status === "closed" ? "gray" : "green"}>{s.status[c.status]}</Chip>
            )}
            {assigned && (
              <span class="conv-assignee" title={s.assignedTo(assigned)} data-testid="conversation-assignee">
                <Icon name="user" size={12} />
                {assigned}
              </span>
            )}
          </span>
        </span>
      </a>
    </li>
  );
}
