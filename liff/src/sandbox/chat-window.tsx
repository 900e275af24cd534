import { useEffect, useRef } from "preact/hooks";
import type { Action, ChatEntry, Delivery, OutgoingMessage, SimGroup, SimState, SimUser } from "./api";
import { avatarColor, initial } from "./avatar";
import { Composer } from "./composer";
import type { Lang, Strings } from "./i18n";
import { MessageBubble, type Side } from "./message-bubble";
import { QuickReplies } from "./quick-replies";
import { RichMenuPanel } from "./rich-menu";
import type { QuickReplyItem } from "./view-model";

/** The phone: LINE-green header, the chat log, quick replies, the input and the rich menu. */
export function ChatWindow(p: {
  t: Strings;
  lang: Lang;
  state: SimState | null;
  user?: SimUser;
  group?: SimGroup;
  /** Who the person is playing: the 1:1 user, or the chosen group member. */
  me: string;
  nameOf: (id: string) => string;
  entries: ChatEntry[];
  deliveries: Map<string, Delivery>;
  lastDelivery: Delivery | null;
  quickReplies: QuickReplyItem[];
  version: number;
  error: string;
  streamOk: boolean;
  toolRequest?: { tool: "location" | "camera"; n: number };
  onAction: (a: Action) => void;
  onQuickReply: (a: Action) => void;
  onSend: (m: OutgoingMessage) => Promise<void>;
  onFollow: () => void;
  onBlock: () => void;
  onSpeaker: (id: string) => void;
  onAddMember: (id: string) => void;
  onRemoveMember: (id: string) => void;
  onLeave: () => void;
}) {
  const { t, user, group, state } = p;
  const logRef = useRef<HTMLDivElement>(null);
  const stick = useRef(true);
  // Follow new messages unless the person scrolled up to read older ones; their own always.
  const last = p.entries.at(-1);
  const mine = last?.direction === "in" && last.from === p.me;
  useEffect(() => {
    const el = logRef.current;
    if (el && (stick.current || mine)) {
      el.scrollTop = el.scrollHeight;
      stick.current = true;
    }
  }, [p.entries, p.quickReplies.length, mine]);

  const canTalk = user ? user.friendship === "friend" : !!group?.botInGroup;
  const botName = state?.bot.displayName ?? "OA";
  const d = p.lastDelivery;
  const dOk = d && d.status !== null && d.status < 300;

  let prevKey = "";
  const rows = p.entries.map((e) => {
    const isSystem = e.message.type === "system";
    const key = isSystem ? "" : e.direction === "out" ? "bot" : (e.from ?? "");
    const first = key !== prevKey;
    prevKey = key;
    const side: Side = e.direction === "in" && e.from === p.me ? "right" : "left";
    let name: string | undefined;
    let avatar: { text: string; bot: boolean; color?: string } | undefined;
    if (isSystem) name = e.from ? p.nameOf(e.from) : undefined;
    else if (e.direction === "out") {
      if (first) avatar = { text: "OA", bot: true };
      if (first && group) name = botName;
    } else if ((group || e.via === "share") && first) {
      // A friend's liff.shareTargetPicker: LINE shows it in their own chat, here in this one.
      name = e.via === "share" ? `${p.nameOf(e.from ?? "")} · ${t.sharedWithYou}` : p.nameOf(e.from ?? "");
      if (side === "left") avatar = { text: initial(name), bot: false, color: avatarColor(e.from ?? "") };
    }
    return (
      <MessageBubble
        key={e.id}
        entry={e}
        side={side}
        {...(name ? { name } : {})}
        {...(avatar ? { avatar } : {})}
        {...(e.eventId && p.deliveries.get(e.eventId) ? { delivery: p.deliveries.get(e.eventId) } : {})}
        lang={p.lang}
        t={t}
        onAction={p.onAction}
        nameOf={p.nameOf}
      />
    );
  });

  return (
    <section class="phone" aria-label={botName}>
      <header class="chat-header">
        <span class="avatar bot big" aria-hidden="true">
          OA
        </span>
        <div class="grow chat-title">
          <strong data-testid="oa-name">{botName}</strong>
          <small>
            {user
              ? `${t.you}: ${user.displayName}`
              : group
                ? `${group.groupName} · ${t.members_n(group.memberIds.length)}`
                : t.sandbox}
          </small>
        </div>
        {!p.streamOk && (
          <span class="pill warn" role="status" data-testid="stream-status">
            {t.streamLost}
          </span>
        )}
        {d && (user || group) && (
          <span
            class={`pill ${dOk ? "ok" : "bad"}`}
            role="status"
            data-testid="delivery-status"
            data-status={d.status ?? "none"}
            title={d.error ?? (dOk ? t.deliveryOk : d.status === null ? t.deliveryNone : t.deliveryFailed)}
          >
            {t.delivery} {d.status ?? "—"}
          </span>
        )}
        {user?.friendship === "friend" && (
          <button type="button" class="header-button" data-testid="block-button" onClick={p.onBlock}>
            {t.block}
          </button>
        )}
      </header>
      {group && (
        <div class="group-bar">
          <label class="inline">
            <span>{t.speakingAs}</span>
            <select
              data-testid="speaking-as"
              value={p.me}
              onChange={(e) => p.onSpeaker((e.currentTarget as HTMLSelectElement).value)}
            >
              {group.memberIds.map((id) => (
                <option key={id} value={id}>
                  {p.nameOf(id)}
                </option>
              ))}
            </select>
          </label>
          <select
            aria-label={t.addMember}
            data-testid="add-member"
            value=""
            onChange={(e) => {
              const id = (e.currentTarget as HTMLSelectElement).value;
              if (id) p.onAddMember(id);
            }}
          >
            <option value="">＋ {t.addMember}</option>
            {(state?.users ?? [])
              .filter((u) => !group.memberIds.includes(u.userId))
              .map((u) => (
                <option key={u.userId} value={u.userId}>
                  {u.displayName}
                </option>
              ))}
          </select>
          {p.me && (
            <button
              type="button"
              class="ghost small"
              data-testid="remove-member"
              onClick={() => p.onRemoveMember(p.me)}
            >
              {t.remove} {p.nameOf(p.me)}
            </button>
          )}
          {group.botInGroup && (
            <button type="button" class="ghost small" data-testid="leave-group" onClick={p.onLeave}>
              {t.leaveGroup}
            </button>
          )}
        </div>
      )}
      <div
        class="log"
        ref={logRef}
        data-testid="chat-log"
        role="log"
        aria-live="polite"
        onLoadCapture={() => {
          // Pictures arrive after the scroll: keep the newest message in view.
          const el = logRef.current;
          if (el && stick.current) el.scrollTop = el.scrollHeight;
        }}
        onScroll={(e) => {
          const el = e.currentTarget as HTMLDivElement;
          stick.current = el.scrollHeight - el.scrollTop - el.clientHeight < 80;
        }}
      >
        {!user && !group && (
          <p class="empty">
            <span class="wide-only">{t.pickChat}</span>
            <span class="phone-only">{t.pickChatPhone}</span>
          </p>
        )}
        {user && !canTalk && p.entries.length === 0 && (
          <div class="oa-profile">
            <span class="avatar bot huge" aria-hidden="true">
              OA
            </span>
            <strong>{botName}</strong>
            <span>{user.friendship === "blocked" ? t.blockedHint : t.addFriendHint}</span>
          </div>
        )}
        {rows}
      </div>
      {p.error && (
        <p class="error" role="alert" data-testid="error">
          {p.error}
        </p>
      )}
      {canTalk && <QuickReplies items={p.quickReplies} onTap={p.onQuickReply} t={t} />}
      {user && !canTalk && (
        <div class="add-friend">
          {p.entries.length > 0 && <p>{user.friendship === "blocked" ? t.blockedHint : t.addFriendHint}</p>}
          <button type="button" class="primary" data-testid="follow-button" onClick={p.onFollow}>
            {user.friendship === "blocked" ? t.unblock : `${t.addFriend}`}
          </button>
        </div>
      )}
      {group && !group.botInGroup && <p class="notice">{t.botLeft}</p>}
      {canTalk && <Composer t={t} onSend={p.onSend} request={p.toolRequest} />}
      {user && canTalk && state && (
        <RichMenuPanel userId={user.userId} state={state} version={p.version} onAction={p.onAction} t={t} />
      )}
    </section>
  );
}
