import { useEffect, useRef, useState } from "preact/hooks";
import { ApiError } from "../api";
import type { Ctx } from "../nav";
import { Chip, Icon } from "../ui";
import type { ConversationDetail, Suggestion } from "./api";
import { AssignPicker } from "./assign-picker";
import { MemberCard } from "./member-card";
import {
  Avatar,
  agentLabel,
  elapsed,
  errorText,
  myId,
  type People,
  useNow,
  usePoll,
  useSupport,
} from "./shared";
import { SuggestionsBox } from "./suggestions";
import { Messages } from "./thread-messages";

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
        <MemberCard
          ctx={ctx}
          member={detail.member}
          name={name}
          busy={/^(un)?tag:/.test(busy ?? "")}
          onTag={(tag) =>
            act(`tag:${tag}`, async () => {
              await sapi.tagMember(id, tag);
              ctx.toast(s.tagAdded(tag));
            })
          }
          onUntag={(tag) =>
            act(`untag:${tag}`, async () => {
              await sapi.untagMember(id, tag);
              ctx.toast(s.tagRemoved(tag));
            })
          }
        />
      </aside>
    </>
  );
}
