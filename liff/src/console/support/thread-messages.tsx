/** The thread of one conversation: messages by day, who sent each, quick-reply labels. */
import { Fragment } from "preact";
import { useEffect, useLayoutEffect, useRef } from "preact/hooks";
import type { Ctx } from "../nav";
import { Icon } from "../ui";
import type { ThreadMessage } from "./api";
import type { SupportStrings } from "./i18n";
import { agentLabel, dayKey, dayLabel, type People, timeOfDay, useSupport } from "./shared";

/** The thread: the customer on the left, the OA (bots and agents) on the right, by day. */
export function Messages(props: {
  ctx: Ctx;
  messages: ThreadMessage[];
  name: string;
  now: number;
  people: People;
}) {
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
