/**
 * The sandbox chat simulator. Stable test ids: new-user-name, new-user-language, create-user,
 * user-item (data-user-id), group-item, follow-button, block-button, message-input, send-button,
 * chat-log, bubble (data-direction, data-type), flex-card, flex-button, quick-reply, richmenu-toggle,
 * richmenu-area, new-group-name, group-member-checkbox, create-group, speaking-as, lang-switch,
 * delivery-status, location-button, location-option.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from "preact/hooks";
import { type Action, api, type Chat, type ChatEntry, type OutgoingMessage, type SimState } from "./api";
import { Bubble } from "./bubble";
import { Composer } from "./composer";
import { defaultLang, type Lang, STRINGS } from "./i18n";
import { liffUrlToLocal } from "./liff-url";
import { RichMenuPanel } from "./rich-menu";

type Selected = { type: "user"; userId: string } | { type: "group"; groupId: string } | null;

export function App() {
  const [lang, setLang] = useState<Lang>(
    () => (localStorage.getItem("sim-lang") as Lang) || defaultLang(navigator.language),
  );
  const t = STRINGS[lang];
  const [state, setState] = useState<SimState | null>(null);
  const [selected, setSelected] = useState<Selected>(null);
  const [speaker, setSpeaker] = useState<string>("");
  const [entries, setEntries] = useState<ChatEntry[]>([]);
  const [delivery, setDelivery] = useState<{ status: number | null; error?: string } | null>(null);
  const [version, setVersion] = useState(0);
  const [error, setError] = useState("");
  const [drawer, setDrawer] = useState(false);
  const logRef = useRef<HTMLDivElement>(null);
  const chatId = selected ? (selected.type === "user" ? selected.userId : selected.groupId) : null;
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
  useEffect(() => {
    void refresh();
  }, [refresh]);
  useEffect(() => {
    localStorage.setItem("sim-lang", lang);
    document.documentElement.lang = lang === "en" ? "en" : "zh-Hant";
  }, [lang]);

  // Live updates: chat entries, state changes and webhook delivery results arrive over SSE.
  useEffect(() => {
    const source = new EventSource("/sandbox/api/stream");
    source.onmessage = (e) => {
      const msg = JSON.parse(e.data as string) as { type: string; entry?: ChatEntry; status?: number | null };
      if (msg.type === "entry" && msg.entry && msg.entry.chatId === chatIdRef.current) {
        const entry = msg.entry;
        setEntries((list) => (list.some((x) => x.id === entry.id) ? list : [...list, entry]));
      } else if (msg.type === "state") {
        void refresh();
        setVersion((v) => v + 1);
      } else if (msg.type === "delivery") {
        setDelivery({ status: msg.status ?? null });
      }
    };
    return () => source.close();
  }, [refresh]);

  useEffect(() => {
    if (!chatId) return;
    setEntries([]);
    api
      .log(chatId)
      .then((r) => setEntries(r.entries))
      .catch((e: Error) => setError(e.message));
  }, [chatId]);
  useEffect(() => {
    logRef.current?.scrollTo({ top: logRef.current.scrollHeight });
  }, [entries]);

  const users = state?.users ?? [];
  const nameOf = useMemo(() => new Map(users.map((u) => [u.userId, u.displayName])), [users]);
  const group =
    selected?.type === "group" ? state?.groups.find((g) => g.groupId === selected.groupId) : undefined;
  const user = selected?.type === "user" ? users.find((u) => u.userId === selected.userId) : undefined;
  const from = selected?.type === "user" ? selected.userId : speaker || group?.memberIds[0] || "";
  const chat: Chat | null = selected;
  const canTalk = user ? user.friendship === "friend" : !!group?.botInGroup;

  const run = async (
    fn: () => Promise<{ delivery?: { status: number | null; error?: string } } | unknown>,
  ) => {
    setError("");
    try {
      const r = (await fn()) as { delivery?: { status: number | null; error?: string } };
      if (r?.delivery) setDelivery(r.delivery);
    } catch (e) {
      setError((e as Error).message);
    }
  };
  const send = (m: OutgoingMessage) => (chat ? run(() => api.send(chat, from, m)) : Promise.resolve());
  const onAction = (a: Action) => {
    if (!chat) return;
    if (a.type === "message" && a.text) void send({ type: "text", text: a.text });
    else if (a.type === "postback" && a.data)
      void run(() => api.postback(chat, from, a.data as string, a.displayText));
    else if (a.type === "uri" && a.uri) window.open(liffUrlToLocal(a.uri, from), "_blank", "noopener");
    else if (a.type === "datetimepicker" && a.data) {
      const mode = a.mode ?? "datetime";
      const value = window.prompt(
        mode,
        mode === "date" ? "2026-12-01" : mode === "time" ? "12:00" : "2026-12-01T12:00",
      );
      if (value) void run(() => api.postback(chat, from, a.data as string, undefined, { [mode]: value }));
    } else setError(t.unsupported);
  };

  // Quick replies belong to the latest bot message and disappear once the user acts.
  const last = entries.at(-1);
  const quickReplies =
    last?.direction === "out"
      ? ((last.message.quickReply as { items?: Array<{ action: Action }> } | undefined)?.items ?? [])
      : [];

  return (
    <div class="app">
      <header class="topbar">
        <button type="button" class="menu-toggle" aria-label={t.users} onClick={() => setDrawer(!drawer)}>
          ☰
        </button>
        <div>
          <h1>{t.title}</h1>
          <p>{t.subtitle}</p>
        </div>
        <span class="quota" title={t.quota}>
          {t.quota}: {state?.quota.totalUsage ?? 0}
        </span>
        <button
          type="button"
          class="lang"
          data-testid="lang-switch"
          onClick={() => setLang(lang === "en" ? "zh-TW" : "en")}
        >
          {t.langName}
        </button>
      </header>
      <div class="main">
        <aside class={`sidebar ${drawer ? "open" : ""}`}>
          <NewUserForm
            lang={lang}
            onCreate={(name, l) =>
              run(async () => {
                const u = await api.createUser(name, l);
                await refresh();
                setSelected({ type: "user", userId: u.userId });
                setDrawer(false);
              })
            }
          />
          <h2>{t.users}</h2>
          {users.length === 0 && <p class="muted">{t.noUsers}</p>}
          <ul class="list">
            {users.map((u) => (
              <li key={u.userId}>
                <button
                  type="button"
                  class={`item ${chatId === u.userId ? "active" : ""}`}
                  data-testid="user-item"
                  data-user-id={u.userId}
                  onClick={() => {
                    setSelected({ type: "user", userId: u.userId });
                    setDrawer(false);
                  }}
                >
                  <span class="avatar">{u.displayName.slice(0, 1)}</span>
                  <span class="grow">{u.displayName}</span>
                  <span class={`badge ${u.friendship}`}>
                    {u.friendship === "friend"
                      ? t.friend
                      : u.friendship === "blocked"
                        ? t.blocked
                        : t.notFriend}
                  </span>
                </button>
              </li>
            ))}
          </ul>
          <h2>{t.groups}</h2>
          <ul class="list">
            {(state?.groups ?? []).map((g) => (
              <li key={g.groupId}>
                <button
                  type="button"
                  class={`item ${chatId === g.groupId ? "active" : ""}`}
                  data-testid="group-item"
                  onClick={() => {
                    setSelected({ type: "group", groupId: g.groupId });
                    setSpeaker(g.memberIds[0] ?? "");
                    setDrawer(false);
                  }}
                >
                  <span class="avatar group">👥</span>
                  <span class="grow">{g.groupName}</span>
                  <span class="muted">{g.memberIds.length}</span>
                </button>
              </li>
            ))}
          </ul>
          {users.length > 1 && (
            <NewGroupForm
              lang={lang}
              users={users}
              onCreate={(name, ids) =>
                run(async () => {
                  const g = await api.createGroup(name, ids);
                  await refresh();
                  setSelected({ type: "group", groupId: g.groupId });
                  setSpeaker(ids[0] ?? "");
                  return g;
                })
              }
            />
          )}
        </aside>
        <section class="phone" aria-label="chat">
          <div class="chat-header">
            <span class="avatar bot">OA</span>
            <div class="grow">
              <strong>{state?.bot.displayName ?? "OA"}</strong>
              <small>
                {user ? user.displayName : group ? `${group.groupName} (${group.memberIds.length})` : ""}
              </small>
            </div>
            {delivery && delivery.status !== 200 && (
              <span class="delivery bad" data-testid="delivery-status" role="status">
                {t.deliveryFailed} {delivery.status ?? delivery.error}
              </span>
            )}
            {user?.friendship === "friend" && (
              <button
                type="button"
                class="ghost"
                data-testid="block-button"
                onClick={() => run(() => api.block(user.userId))}
              >
                {t.block}
              </button>
            )}
          </div>
          {group && (
            <div class="group-bar">
              <label>
                {t.speakingAs}{" "}
                <select
                  data-testid="speaking-as"
                  value={from}
                  onChange={(e) => setSpeaker((e.currentTarget as HTMLSelectElement).value)}
                >
                  {group.memberIds.map((id) => (
                    <option key={id} value={id}>
                      {nameOf.get(id) ?? id}
                    </option>
                  ))}
                </select>
              </label>
              <select
                aria-label={t.addMember}
                value=""
                onChange={(e) => {
                  const id = (e.currentTarget as HTMLSelectElement).value;
                  if (id) void run(() => api.addMember(group.groupId, id));
                }}
              >
                <option value="">+ {t.addMember}</option>
                {users
                  .filter((u) => !group.memberIds.includes(u.userId))
                  .map((u) => (
                    <option key={u.userId} value={u.userId}>
                      {u.displayName}
                    </option>
                  ))}
              </select>
              {from && (
                <button
                  type="button"
                  class="ghost"
                  onClick={() => run(() => api.removeMember(group.groupId, from))}
                >
                  {t.remove} {nameOf.get(from)}
                </button>
              )}
              {group.botInGroup && (
                <button type="button" class="ghost" onClick={() => run(() => api.leave(group.groupId))}>
                  {t.leaveGroup}
                </button>
              )}
            </div>
          )}
          <div class="log" ref={logRef} data-testid="chat-log" aria-live="polite">
            {!selected && <p class="empty">{t.pickChat}</p>}
            {entries.map((e) => (
              <Bubble
                key={e.id}
                entry={e}
                lang={lang}
                onAction={onAction}
                name={
                  group && e.direction === "in" && e.from
                    ? nameOf.get(e.from)
                    : user && e.message.type === "system"
                      ? user.displayName
                      : undefined
                }
              />
            ))}
          </div>
          {error && (
            <p class="error" role="alert">
              {error}
            </p>
          )}
          {selected && canTalk && quickReplies.length > 0 && (
            <div class="quick-replies">
              {quickReplies.map((q, i) => (
                <button
                  key={i}
                  type="button"
                  class="chip"
                  data-testid="quick-reply"
                  onClick={() => onAction(q.action)}
                >
                  {q.action.label ?? q.action.type}
                </button>
              ))}
            </div>
          )}
          {user && !canTalk && (
            <div class="add-friend">
              <p>{t.addFriendHint}</p>
              <button
                type="button"
                class="primary"
                data-testid="follow-button"
                onClick={() => run(() => api.follow(user.userId))}
              >
                {t.addFriend}
              </button>
            </div>
          )}
          {group && !group.botInGroup && <p class="muted center">{t.botLeft}</p>}
          {selected && canTalk && <Composer lang={lang} onSend={send} />}
          {user && canTalk && state && (
            <RichMenuPanel userId={user.userId} state={state} onAction={onAction} version={version} />
          )}
        </section>
      </div>
    </div>
  );
}

function NewUserForm({
  lang,
  onCreate,
}: {
  lang: Lang;
  onCreate: (name: string, lang: Lang) => Promise<void>;
}) {
  const t = STRINGS[lang];
  const [name, setName] = useState("");
  const [userLang, setUserLang] = useState<Lang>(lang);
  return (
    <form
      class="card"
      onSubmit={(e) => {
        e.preventDefault();
        if (!name.trim()) return;
        void onCreate(name.trim(), userLang);
        setName("");
      }}
    >
      <h2>{t.newUser}</h2>
      <label>
        {t.displayName}
        <input
          data-testid="new-user-name"
          value={name}
          maxLength={20}
          required
          onInput={(e) => setName((e.currentTarget as HTMLInputElement).value)}
        />
      </label>
      <label>
        {t.language}
        <select
          data-testid="new-user-language"
          value={userLang}
          onChange={(e) => setUserLang((e.currentTarget as HTMLSelectElement).value as Lang)}
        >
          <option value="zh-TW">繁體中文</option>
          <option value="en">English</option>
        </select>
      </label>
      <button type="submit" class="primary" data-testid="create-user">
        {t.create}
      </button>
    </form>
  );
}

function NewGroupForm({
  lang,
  users,
  onCreate,
}: {
  lang: Lang;
  users: SimState["users"];
  onCreate: (name: string, ids: string[]) => Promise<void>;
}) {
  const t = STRINGS[lang];
  const [name, setName] = useState("");
  const [ids, setIds] = useState<string[]>([]);
  return (
    <form
      class="card"
      onSubmit={(e) => {
        e.preventDefault();
        if (!name.trim() || ids.length === 0) return;
        void onCreate(name.trim(), ids);
        setName("");
        setIds([]);
      }}
    >
      <h2>{t.newGroup}</h2>
      <label>
        {t.groupName}
        <input
          data-testid="new-group-name"
          value={name}
          maxLength={50}
          onInput={(e) => setName((e.currentTarget as HTMLInputElement).value)}
        />
      </label>
      <fieldset>
        <legend>{t.members}</legend>
        {users.map((u) => (
          <label key={u.userId} class="check">
            <input
              type="checkbox"
              data-testid="group-member-checkbox"
              checked={ids.includes(u.userId)}
              onChange={(e) =>
                setIds(
                  (e.currentTarget as HTMLInputElement).checked
                    ? [...ids, u.userId]
                    : ids.filter((x) => x !== u.userId),
                )
              }
            />
            {u.displayName}
          </label>
        ))}
      </fieldset>
      <button type="submit" class="primary" data-testid="create-group">
        {t.create}
      </button>
    </form>
  );
}
