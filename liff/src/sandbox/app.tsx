/**
 * The sandbox chat simulator: play LINE users and groups against the LINE platform emulator's
 * control API (/sandbox/api) and see the bot's answers as LINE shows them.
 *
 * Stable test ids:
 * - sidebar: new-user-form, new-user-name, new-user-language, create-user, user-item
 *   (data-user-id, data-friendship), group-item (data-group-id), new-group-form, new-group-name,
 *   group-member-checkbox (data-user-id), create-group, sidebar-toggle (phones)
 * - header: lang-switch, quota, oa-name, delivery-status (data-status), stream-status,
 *   block-button, follow-button (the add-friend / unblock button where the input would be)
 * - group bar: speaking-as, add-member, remove-member, leave-group
 * - chat: chat-log, bubble (data-direction "in" | "out", data-type), system-entry (data-event),
 *   flex-card, flex-button, template-card, template-action, imagemap-area, location-card,
 *   quick-reply (data-action), error
 * - composer: message-input, send-button, sticker-button, sticker-picker, sticker-option,
 *   image-button, image-input, location-button, location-form, location-option
 * - rich menu: richmenu (data-richmenu-id), richmenu-toggle, richmenu-area (data-action)
 * - datetime picker: datetime-dialog, datetime-input, datetime-ok
 */
import { useCallback, useEffect, useMemo, useRef, useState } from "preact/hooks";
import { applyLang, storedLang } from "../i18n/lang";
import { actionKind } from "./actions";
import {
  type Action,
  api,
  type Chat,
  type ChatEntry,
  type Delivery,
  type EmulatorEvent,
  type OutgoingMessage,
  type Sent,
  type SimState,
} from "./api";
import { ChatWindow } from "./chat-window";
import { DatetimeDialog } from "./datetime-dialog";
import { Guide } from "./guide";
import { type Lang, STRINGS } from "./i18n";
import { liffUrlToLocal } from "./liff-url";
import { type Selected, Sidebar } from "./sidebar";
import { SmsInbox } from "./sms-inbox";
import { useEmulatorStream } from "./use-stream";
import { quickRepliesFor } from "./view-model";

const LANG_KEY = "sim-lang";

const chatIdOf = (s: Selected | null) => (s ? (s.type === "user" ? s.userId : s.groupId) : null);

export function App() {
  const [lang, setLang] = useState<Lang>(() => storedLang(LANG_KEY));
  const t = STRINGS[lang];
  const [state, setState] = useState<SimState | null>(null);
  const [selected, setSelected] = useState<Selected | null>(null);
  const [speakers, setSpeakers] = useState<Record<string, string>>({});
  const [entries, setEntries] = useState<ChatEntry[]>([]);
  const [deliveries, setDeliveries] = useState(() => new Map<string, Delivery>());
  const [lastEventId, setLastEventId] = useState<string | null>(null);
  const [unread, setUnread] = useState<Record<string, number>>({});
  const [dismissed, setDismissed] = useState<string | undefined>();
  const [picker, setPicker] = useState<Action | null>(null);
  const [toolRequest, setToolRequest] = useState<{ tool: "location" | "camera"; n: number }>();
  const [version, setVersion] = useState(0);
  const [error, setError] = useState("");
  const [drawer, setDrawer] = useState(false);
  const chatId = chatIdOf(selected);
  useEffect(() => {
    if (!drawer) return;
    const close = (e: KeyboardEvent) => e.key === "Escape" && setDrawer(false);
    window.addEventListener("keydown", close);
    return () => window.removeEventListener("keydown", close);
  }, [drawer]);
  const chatIdRef = useRef(chatId);
  chatIdRef.current = chatId;

  const refresh = useCallback(
    () =>
      api
        .state()
        .then(setState)
        .catch((e: Error) => setError(e.message)),
    [],
  );
  const loadLog = useCallback((id: string) => {
    api
      .log(id)
      .then((r) => {
        if (chatIdRef.current === id) setEntries(r.entries);
      })
      .catch((e: Error) => setError(e.message));
  }, []);
  useEffect(() => {
    void refresh();
  }, [refresh]);
  useEffect(() => {
    applyLang(lang, LANG_KEY);
    document.title = `${STRINGS[lang].title} · omo-line`;
  }, [lang]);
  useEffect(() => {
    setEntries([]);
    setError("");
    if (!chatId) return;
    setUnread((u) => ({ ...u, [chatId]: 0 }));
    loadLog(chatId);
  }, [chatId, loadLog]);

  const noteDelivery = (eventId: string, d: Delivery) => setDeliveries((m) => new Map(m).set(eventId, d));

  const streamOk = useEmulatorStream(
    api.streamUrl,
    (msg: EmulatorEvent) => {
      if (msg.type === "entry") {
        const entry = msg.entry;
        if (entry.chatId === chatIdRef.current)
          setEntries((list) => (list.some((x) => x.id === entry.id) ? list : [...list, entry]));
        else if (entry.direction === "out")
          setUnread((u) => ({ ...u, [entry.chatId]: (u[entry.chatId] ?? 0) + 1 }));
      } else if (msg.type === "state") {
        void refresh();
        setVersion((v) => v + 1);
      } else if (msg.type === "delivery") {
        noteDelivery(msg.eventId, { status: msg.status });
      }
    },
    () => {
      void refresh();
      setVersion((v) => v + 1);
      if (chatIdRef.current) loadLog(chatIdRef.current);
    },
  );

  const users = state?.users ?? [];
  const names = useMemo(() => new Map(users.map((u) => [u.userId, u.displayName])), [users]);
  const nameOf = (id: string) => names.get(id) ?? id;
  const group =
    selected?.type === "group" ? state?.groups.find((g) => g.groupId === selected.groupId) : undefined;
  const user = selected?.type === "user" ? users.find((u) => u.userId === selected.userId) : undefined;
  const speaker = group ? speakers[group.groupId] : undefined;
  const me = user
    ? user.userId
    : group
      ? speaker && group.memberIds.includes(speaker)
        ? speaker
        : (group.memberIds[0] ?? "")
      : "";
  const chat: Chat | null = selected;

  /** Calls the control API; keeps the webhook delivery result and shows errors in the chat. */
  const run = async (fn: () => Promise<Partial<Sent> | undefined>) => {
    setError("");
    try {
      const r = await fn();
      if (r?.eventId && r.delivery) {
        noteDelivery(r.eventId, r.delivery);
        setLastEventId(r.eventId);
      }
    } catch (e) {
      setError((e as Error).message);
    }
  };
  const send = (m: OutgoingMessage) => (chat ? run(() => api.send(chat, me, m)) : Promise.resolve());
  const postback = (data: string, displayText?: string, params?: Record<string, string>) =>
    chat ? run(() => api.postback(chat, me, data, displayText, params)) : Promise.resolve();

  /** What tapping an action does, as in the LINE app (see actions.ts). */
  const onAction = (a: Action) => {
    switch (actionKind(a)) {
      case "message":
        return void send({ type: "text", text: a.text ?? "" });
      case "postback":
        return void postback(a.data ?? "", a.displayText);
      case "uri":
        return void window.open(liffUrlToLocal(a.uri ?? "", me || undefined), "_blank", "noopener");
      case "datetimepicker":
        return setPicker(a);
      case "richmenuswitch": {
        // The menu switches in rich-menu.tsx; LINE also sends a postback carrying the new alias.
        const ok = !!state?.aliases[a.richMenuAliasId ?? ""];
        if (a.data)
          void postback(a.data, undefined, {
            newRichMenuAliasId: a.richMenuAliasId ?? "",
            status: ok ? "SUCCESS" : "RICHMENU_ALIAS_ID_NOTFOUND",
          });
        return;
      }
      case "location":
        return setToolRequest((r) => ({ tool: "location", n: (r?.n ?? 0) + 1 }));
      case "camera":
        return setToolRequest((r) => ({ tool: "camera", n: (r?.n ?? 0) + 1 }));
      case "clipboard":
        return void navigator.clipboard?.writeText(a.clipboardText ?? "").catch(() => {});
      default:
        setError(`${t.unsupported} (${a.type})`);
    }
  };

  const select = (s: Selected) => {
    setSelected(s);
    setDrawer(false);
    setLastEventId(null);
    setDismissed(undefined);
  };
  const lastDelivery = lastEventId ? (deliveries.get(lastEventId) ?? null) : null;

  return (
    <div class={`app ${drawer ? "drawer-open" : ""}`}>
      <header class="topbar">
        <button
          type="button"
          class="menu-toggle"
          aria-label={t.openSidebar}
          aria-expanded={drawer}
          aria-controls="sidebar"
          data-testid="sidebar-toggle"
          onClick={() => setDrawer(!drawer)}
        >
          <span aria-hidden="true">☰</span>
        </button>
        <div class="brand">
          <span class="brand-mark" aria-hidden="true">
            LINE
          </span>
          <div>
            <h1>{t.title}</h1>
            <p>{t.subtitle}</p>
          </div>
        </div>
        <span class="quota" data-testid="quota" title={t.quota}>
          {t.quota} <strong>{state?.quota.totalUsage ?? 0}</strong>
        </span>
        <SmsInbox lang={lang} />
        <Guide
          lang={lang}
          state={state}
          userId={user?.userId ?? users[0]?.userId ?? null}
          onUser={(userId) => select({ type: "user", userId })}
          onGroup={(groupId) => select({ type: "group", groupId })}
          refresh={refresh}
        />
        <button
          type="button"
          class="lang"
          data-testid="lang-switch"
          aria-label={t.langLabel}
          lang={lang === "en" ? "zh-Hant-TW" : "en"}
          onClick={() => setLang(lang === "en" ? "zh-TW" : "en")}
        >
          {t.langName}
        </button>
      </header>
      <div class="main">
        <aside id="sidebar" class="sidebar" aria-label={t.users}>
          <Sidebar
            t={t}
            lang={lang}
            users={users}
            groups={state?.groups ?? []}
            selectedId={chatId}
            unread={unread}
            onSelect={select}
            onCreateUser={(name, l) =>
              run(async () => {
                const u = await api.createUser(name, l);
                await refresh();
                select({ type: "user", userId: u.userId });
                return undefined;
              })
            }
            onCreateGroup={(name, ids) =>
              run(async () => {
                const g = await api.createGroup(name, ids);
                await refresh();
                select({ type: "group", groupId: g.groupId });
                return g;
              })
            }
          />
        </aside>
        <button
          type="button"
          class="scrim"
          aria-label={t.closeSidebar}
          tabIndex={-1}
          onClick={() => setDrawer(false)}
        />
        <main class="stage">
          <ChatWindow
            t={t}
            lang={lang}
            state={state}
            {...(user ? { user } : {})}
            {...(group ? { group } : {})}
            me={me}
            nameOf={nameOf}
            entries={entries}
            deliveries={deliveries}
            lastDelivery={lastDelivery}
            quickReplies={quickRepliesFor(entries, dismissed)}
            version={version}
            error={error}
            streamOk={streamOk}
            {...(toolRequest ? { toolRequest } : {})}
            onAction={onAction}
            onQuickReply={(a) => {
              setDismissed(entries.at(-1)?.id);
              onAction(a);
            }}
            onSend={send}
            onFollow={() => user && run(() => api.follow(user.userId))}
            onBlock={() => user && run(() => api.block(user.userId))}
            onSpeaker={(id) => group && setSpeakers((s) => ({ ...s, [group.groupId]: id }))}
            onAddMember={(id) => group && run(() => api.addMember(group.groupId, id))}
            onRemoveMember={(id) => group && run(() => api.removeMember(group.groupId, id))}
            onLeave={() => group && run(() => api.leave(group.groupId))}
          />
        </main>
      </div>
      {picker && (
        <DatetimeDialog
          action={picker}
          t={t}
          onClose={() => setPicker(null)}
          onPick={(params) => void postback(picker.data ?? "", undefined, params)}
        />
      )}
    </div>
  );
}
