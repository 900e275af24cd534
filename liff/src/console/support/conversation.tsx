/**
 * One conversation: the thread (who sent what), the composer, and the assist column beside it
 * (suggested replies, the member). Polled every 3 s; nothing is sent but by the agent's click.
 *
 * The assignee is a picker of the agents (anyone signed in can hand a conversation to anyone);
 * an agent not yet on it also gets a one-click "assign to me".
 *
 * Test ids: thread (data-id, data-status, data-assigned-to), thread-name, thread-status, message
 * (data-direction, data-sender), message-sender, assign-picker, assign-me, close-conversation,
 * reopen-conversation, composer, composer-text, composer-send, editing-banner, stop-editing.
 */
import { Fragment } from "preact";
import { useEffect, useLayoutEffect, useRef, useState } from "preact/hooks";
import { ApiError } from "../api";
import type { Ctx } from "../app";
import { Chip, Icon } from "../ui";
import type { Agent, ConversationDetail, Suggestion, ThreadMessage } from "./api";
import type { SupportStrings } from "./i18n";
import { MemberCard } from "./member-card";
import {
  Avatar,
  agentLabel,
  dayKey,
  dayLabel,
  elapsed,
  errorText,
  myId,
  type People,
  timeOfDay,
  useNow,
  usePoll,
  useSupport,
} from "./shared";
import { SuggestionsBox } from "./suggestions";

const POLL_MS = 3000;
const MAX_TEXT = 5000;

/** What the agent has typed in a conversation, and the suggestion it started from. */
export interface Draft {
  text: string;
  suggestion: Suggestion | null;
}

export function ConversationView(props: {
  ctx: Ctx;
  id: string;
  faq: Map<string, string>;
  drafts: Map<string, Draft>;
  people: People;
  /** Staff ids this conversation shows (assignee, agents' messages), to be named. */
  onAgentSeen: (ids: Array<string | null>) => void;
  onChanged: () => void;
}) {
  const { ctx, id } = props;
  const { s, sapi } = useSupport(ctx);
  const [detail, setDetail] = useState<ConversationDetail | null>(null);
  const [error, setError] = useState("");
  const [version, setVersion] = useState(0);
  const [draft, setDraftState] = useState<Draft>(
    () => props.drafts.get(id) ?? { text: "", suggestion: null },
  );
  const [busy, setBusy] = useState<string | null>(null);
  const [composerError, setComposerError] = useState("");
  const composer = useRef<HTMLTextAreaElement>(null);
  const now = useNow(5_000);

  usePoll(
    async (current) => {
      try {
        const d = await sapi.conversation(id);
        if (!current()) return;
        setDetail(d);
        setError("");
      } catch (e) {
        if (current())
          setError(e instanceof ApiError && e.status === 404 ? s.conversationGone : errorText(e, ctx.lang));
      }
    },
    POLL_MS,
    [sapi, id, version],
  );
  const reload = () => setVersion((v) => v + 1);

  const setDraft = (d: Draft) => {
    setDraftState(d);
    props.drafts.set(id, d);
  };
  // Agents this conversation names that the list of agents lacks (added since) are asked for.
  useEffect(() => {
    if (!detail) return;
    props.onAgentSeen([
      detail.conversation.assignedTo,
      ...detail.messages.filter((m) => m.sender.startsWith("agent:")).map((m) => m.sender.slice(6)),
    ]);
  }, [detail, props.people.agents]);
  // A suggestion being edited that is no longer pending (sent, rejected, superseded) lets go.
  useEffect(() => {
    if (detail && draft.suggestion && !detail.suggestions.some((x) => x.id === draft.suggestion?.id))
      setDraft({ text: draft.text, suggestion: null });
  }, [detail]);

  const act = async (name: string, fn: () => Promise<void>) => {
    setBusy(name);
    try {
      await fn();
    } catch (e) {
      ctx.toast(errorText(e, ctx.lang), "error");
    } finally {
      setBusy(null);
      reload();
      props.onChanged();
    }
  };

  const send = (text: string, suggestion: Suggestion | null, from: "composer" | "card") =>
    act(from === "card" ? `accept:${suggestion?.id}` : "send", async () => {
      const r = await sapi.send(id, text.trim(), suggestion?.id);
      ctx.toast(r.delivery === "reply" ? s.sentReply : s.sentPush);
      if (from === "composer" || draft.suggestion?.id === suggestion?.id)
        setDraft({ text: "", suggestion: null });
    });

  const sendComposer = () => {
    if (!draft.text.trim()) {
      setComposerError(s.emptyReply);
      composer.current?.focus();
      return;
    }
    setComposerError("");
    void send(draft.text, draft.suggestion, "composer");
  };

  if (error && !detail) {
    return (
      <section class="thread thread-empty" aria-label={s.messagesLabel}>
        <p class="banner banner-error" role="alert" data-testid="thread-error">
          {error}
        </p>
      </section>
    );
  }
  if (!detail) {
    return (
      <section class="thread thread-empty" aria-label={s.messagesLabel}>
        <p class="empty">{s.loading}</p>
      </section>
    );
  }

  const c = detail.conversation;
  const name = c.displayName ?? s.unknownUser;
  const me = myId(ctx.me);
  const mine = c.assignedTo !== null && c.assignedTo === me;
  /** Assigns (to a staff id, `me` or nobody); true when the server took it. */
  const assign = async (to: string | null): Promise<boolean> => {
    let ok = false;
    await act("assign", async () => {
      await sapi.assign(id, to);
      ok = true;
      ctx.toast(
        to === null
          ? s.unassignedToast
          : to === "me" || to === me
            ? s.assignedToast
            : s.assignedToName(agentLabel(to, s, props.people)),
      );
    });
    return ok;
  };
  const lastIn = [...detail.messages].reverse().find((m) => m.direction === "in" && m.type === "text");

  return (
    <>
      <section
        class="thread"
        aria-labelledby="thread-name"
        data-testid="thread"
        data-id={c.id}
        data-status={c.status}
        data-assigned-to={c.assignedTo ?? ""}
      >
        <header class="thread-head">
          <Avatar name={name} size="lg" />
          <div class="grow">
            <div class="title-row">
              <h2 id="thread-name" class="thread-name" data-testid="thread-name">
                {name}
              </h2>
              <span data-testid="thread-status">
                {c.status === "waiting" ? (
                  <span class="wait-chip wait-chip-lg">
                    <Icon name="clock" size={13} />
                    {s.status.waiting} · {elapsed(c.waitingSince ?? c.lastMessageAt, now, s)}
                  </span>
                ) : (
                  <Chip tone={c.status === "closed" ? "gray" : "green"}>{s.status[c.status]}</Chip>
                )}
              </span>
            </div>
            {c.memberCode && (
              <p class="thread-sub">
                <span class="mono">{c.memberCode}</span>
              </p>
            )}
          </div>
          <div class="thread-actions">
            <AssignPicker
              s={s}
              people={props.people}
              assignedTo={c.assignedTo}
              busy={busy !== null}
              onPick={assign}
            />
            {ctx.role === "agent" && !mine && (
              <button
                type="button"
                class="btn btn-secondary btn-sm"
                data-testid="assign-me"
                disabled={busy !== null}
                onClick={() => void assign("me")}
              >
                <Icon name="user" size={15} />
                {s.assignMe}
              </button>
            )}
            {c.status === "closed" ? (
              <button
                type="button"
                class="btn btn-secondary btn-sm"
                data-testid="reopen-conversation"
                disabled={busy !== null}
                onClick={() =>
                  act("status", async () => {
                    await sapi.setStatus(id, "open");
                    ctx.toast(s.reopenedToast);
                  })
                }
              >
                <Icon name="refresh" size={15} />
                {s.reopen}
              </button>
            ) : (
              <button
                type="button"
                class="btn btn-secondary btn-sm"
                data-testid="close-conversation"
                disabled={busy !== null}
                onClick={() =>
                  act("status", async () => {
                    await sapi.setStatus(id, "closed");
                    ctx.toast(s.closedToast);
                  })
                }
              >
                <Icon name="check" size={15} />
                {s.closeConversation}
              </button>
            )}
          </div>
        </header>

        <Messages ctx={ctx} messages={detail.messages} name={name} now={now} people={props.people} />

        <form
          class="composer"
          data-testid="composer"
          onSubmit={(e) => {
            e.preventDefault();
            sendComposer();
          }}
        >
          {draft.suggestion && (
            <div class="editing-banner" data-testid="editing-banner">
              <Icon name="edit" size={14} />
              <span class="grow">
                {s.editingSuggestion} · {draft.suggestion.source === "llm" ? s.sourceLlm : s.sourceRetrieval}
              </span>
              <button
                type="button"
                class="btn btn-ghost btn-sm"
                data-testid="stop-editing"
                onClick={() => setDraft({ text: "", suggestion: null })}
              >
                {s.stopEditing}
              </button>
            </div>
          )}
          {c.status === "closed" && <p class="composer-note">{s.closedNote}</p>}
          <label class="visually-hidden" for="composer-text">
            {s.composerLabel}
          </label>
          <textarea
            id="composer-text"
            ref={composer}
            class={`composer-text${composerError ? " input-invalid" : ""}`}
            rows={3}
            maxLength={MAX_TEXT}
            placeholder={s.composerPlaceholder}
            data-testid="composer-text"
            value={draft.text}
            aria-invalid={composerError ? true : undefined}
            aria-describedby="composer-hint"
            onInput={(e) => {
              setComposerError("");
              setDraft({ text: e.currentTarget.value, suggestion: draft.suggestion });
            }}
            onKeyDown={(e) => {
              if (e.key === "Enter" && (e.ctrlKey || e.metaKey) && !e.isComposing) {
                e.preventDefault();
                sendComposer();
              }
            }}
          />
          <div class="composer-foot">
            <span class="hint" id="composer-hint">
              {composerError ? (
                <span class="text-bad" role="alert">
                  {composerError}
                </span>
              ) : (
                s.composerHint
              )}
            </span>
            <span class="composer-count">{s.chars([...draft.text].length, MAX_TEXT)}</span>
            <button
              type="submit"
              class="btn btn-primary"
              data-testid="composer-send"
              disabled={busy !== null}
            >
              <Icon name="send" size={15} />
              {busy === "send" ? s.sending : s.send}
            </button>
          </div>
        </form>
      </section>

      <aside class="assist" aria-label={`${s.suggestionsTitle} · ${s.memberTitle}`}>
        <SuggestionsBox
          ctx={ctx}
          suggestions={detail.suggestions}
          preparing={lastIn?.suggestState === "pending"}
          canRegenerate={lastIn !== undefined && c.status !== "closed"}
          faq={props.faq}
          busy={busy}
          editingId={draft.suggestion?.id ?? null}
          onAccept={(sug) => void send(sug.text, sug, "card")}
          onEdit={(sug) => {
            setDraft({ text: sug.text, suggestion: sug });
            requestAnimationFrame(() => {
              const el = composer.current;
              if (!el) return;
              el.focus();
              el.setSelectionRange(el.value.length, el.value.length);
            });
          }}
          onReject={(sug, reason) =>
            act(`reject:${sug.id}`, async () => {
              await sapi.reject(sug.id, reason);
              ctx.toast(s.rejected);
            })
          }
          onRegenerate={() =>
            act("regenerate", async () => {
              await sapi.regenerate(id);
              ctx.toast(s.regenerated);
            })
          }
        />
        <MemberCard ctx={ctx} member={detail.member} name={name} />
      </aside>
    </>
  );
}

/** The thread: the customer on the left, the OA (bots and agents) on the right, by day. */
function Messages(props: { ctx: Ctx; messages: ThreadMessage[]; name: string; now: number; people: People }) {
  const { ctx, messages, now } = props;
  const { s } = useSupport(ctx);
  const box = useRef<HTMLDivElement>(null);
  const stick = useRef(true);
  const lastId = messages[messages.length - 1]?.id;

  // Follow new messages when the agent is at the bottom; leave the scroll alone when reading back.
  useLayoutEffect(() => {
    const el = box.current;
    if (el && stick.current) el.scrollTop = el.scrollHeight;
  }, [lastId, messages.length]);
  // The pane shrinks when the composer grows (a note, a long draft): stay at the bottom.
  useEffect(() => {
    const el = box.current;
    if (!el || typeof ResizeObserver === "undefined") return;
    const watch = new ResizeObserver(() => {
      if (stick.current) el.scrollTop = el.scrollHeight;
    });
    watch.observe(el);
    return () => watch.disconnect();
  }, []);

  let prevDay = "";
  let prevSender = "";
  return (
    <div
      class="messages-wrap"
      ref={box}
      onScroll={(e) => {
        const el = e.currentTarget;
        stick.current = el.scrollHeight - el.scrollTop - el.clientHeight < 48;
      }}
    >
      <ol class="messages" aria-label={s.messagesLabel} data-testid="messages">
        {messages.length === 0 && <li class="empty">{s.noMessages}</li>}
        {messages.map((m) => {
          const day = dayKey(m.createdAt);
          const newDay = day !== prevDay;
          const showSender = newDay || m.sender !== prevSender;
          prevDay = day;
          prevSender = m.sender;
          return (
            <Fragment key={m.id}>
              {newDay && (
                <li class="day-sep">
                  <span>{dayLabel(m.createdAt, ctx.lang, now, s)}</span>
                </li>
              )}
              <MessageItem
                s={s}
                m={m}
                name={props.name}
                people={props.people}
                showSender={showSender}
                lang={ctx.lang}
              />
            </Fragment>
          );
        })}
      </ol>
    </div>
  );
}

/** Who sent a message: the customer's name, 客服 陳怡君, 管理員, or the bot feature that answered. */
export function senderLabel(sender: string, s: SupportStrings, name: string, people: People): string {
  if (sender === "user") return name;
  if (sender.startsWith("agent:")) {
    const id = sender.slice(6);
    return id === "admin" ? agentLabel(id, s, people) : s.senderAgent(agentLabel(id, s, people));
  }
  const feature = sender.split(":")[0] ?? sender;
  return s.senders[feature] ?? s.senderBot;
}

/** The small code beside a sender: an agent's staff code (A009), a bot's feature; none for the admin. */
function senderCode(sender: string, people: People): string | null {
  if (!sender.startsWith("agent:")) return sender;
  const id = sender.slice(6);
  return people.agents?.find((a) => a.id === id)?.code ?? null;
}

function MessageItem(props: {
  s: SupportStrings;
  m: ThreadMessage;
  name: string;
  people: People;
  showSender: boolean;
  lang: Ctx["lang"];
}) {
  const { s, m } = props;
  const code = m.direction === "in" ? null : senderCode(m.sender, props.people);
  const who = m.direction === "in" ? "customer" : m.sender.startsWith("agent:") ? "agent" : "bot";
  const kind = m.type !== "text" ? s.messageKind[m.type] : undefined;
  const quick = quickLabels(m.payload);
  return (
    <li class={`msg msg-${who}`} data-testid="message" data-direction={m.direction} data-sender={m.sender}>
      {props.showSender && (
        <div class="msg-sender" data-testid="message-sender">
          {who === "bot" && <Icon name="bot" size={13} />}
          {who === "agent" && <Icon name="headset" size={13} />}
          <span>{senderLabel(m.sender, s, props.name, props.people)}</span>
          {code && <code class="sender-code">{code}</code>}
        </div>
      )}
      <div class="msg-row">
        <div class={`bubble bubble-${who}${kind ? " bubble-rich" : ""}`}>
          {kind && (
            <span class="bubble-kind">
              <Icon name={m.type === "image" ? "image" : "card"} size={13} />
              {kind}
            </span>
          )}
          <span class="bubble-text">{m.text}</span>
          {quick.length > 0 && (
            <span class="bubble-quick">
              {quick.map((q) => (
                <span class="quick-chip" key={q}>
                  {q}
                </span>
              ))}
            </span>
          )}
        </div>
        <span class="msg-time">
          {m.suggestionId && (
            <span class="from-suggestion" title={s.fromSuggestion}>
              <Icon name="sparkle" size={12} />
              {s.fromSuggestion}
            </span>
          )}
          {timeOfDay(m.createdAt, props.lang)}
        </span>
      </div>
    </li>
  );
}

function quickLabels(payload: Record<string, unknown>): string[] {
  const items = (payload.quickReply as { items?: Array<{ action?: { label?: string } }> } | undefined)?.items;
  return Array.isArray(items) ? items.map((i) => i.action?.label ?? "").filter(Boolean) : [];
}

/**
 * Who the conversation is assigned to, as a picker of the agents: nobody, or anyone listed (the
 * signed-in agent marked 我). An assignee no longer listed stays shown until changed.
 */
function AssignPicker(props: {
  s: SupportStrings;
  people: People;
  assignedTo: string | null;
  /** Another change is on its way: a pick waits for it. */
  busy: boolean;
  onPick: (staffId: string | null) => Promise<boolean>;
}) {
  const { s, people, assignedTo } = props;
  // The pick shows at once; the conversation's next answer (or a refusal) replaces it.
  const [picked, setPicked] = useState<string | null | undefined>(undefined);
  useEffect(() => setPicked(undefined), [assignedTo]);
  const value = picked === undefined ? assignedTo : picked;
  const agents = people.agents ?? [];
  const me = myId(people.me);
  // The signed-in agent first, then the others as the API orders them (by staff code).
  const listed = [...agents.filter((a) => a.id === me), ...agents.filter((a) => a.id !== me)];
  const twice = new Set(agents.map((a) => a.name).filter((n, i, all) => all.indexOf(n) !== i));
  const label = (a: Agent) => {
    const name = twice.has(a.name) ? `${a.name} · ${a.code}` : a.name;
    return a.id === me ? s.selfName(name) : name;
  };
  return (
    <span class={`assign-picker${value ? " assign-picker-set" : ""}`}>
      <Icon name="user" size={15} />
      <select
        class="assign-select"
        aria-label={s.assignLabel}
        title={s.assignLabel}
        data-testid="assign-picker"
        value={value ?? ""}
        disabled={people.agents === null}
        onChange={async (e) => {
          const to = e.currentTarget.value || null;
          if (to === assignedTo || props.busy) {
            e.currentTarget.value = value ?? "";
            return;
          }
          setPicked(to);
          if (!(await props.onPick(to))) setPicked(undefined);
        }}
      >
        <option value="">{s.unassigned}</option>
        {listed.map((a) => (
          <option key={a.id} value={a.id}>
            {label(a)}
          </option>
        ))}
        {assignedTo && !agents.some((a) => a.id === assignedTo) && (
          <option value={assignedTo}>{agentLabel(assignedTo, s, people)}</option>
        )}
      </select>
    </span>
  );
}
