import { useState } from "preact/hooks";
import type { SimGroup, SimUser } from "./api";
import { Avatar } from "./avatar";
import type { Lang, Strings } from "./i18n";

export type Selected = { type: "user"; userId: string } | { type: "group"; groupId: string };

/** Simulated users and groups, with the forms that create them. */
export function Sidebar({
  t,
  lang,
  users,
  groups,
  selectedId,
  unread,
  onSelect,
  onCreateUser,
  onCreateGroup,
}: {
  t: Strings;
  lang: Lang;
  users: SimUser[];
  groups: SimGroup[];
  selectedId: string | null;
  unread: Record<string, number>;
  onSelect: (s: Selected) => void;
  onCreateUser: (name: string, lang: Lang) => Promise<void>;
  onCreateGroup: (name: string, ids: string[]) => Promise<void>;
}) {
  const badge = (u: SimUser) =>
    u.friendship === "friend" ? t.friend : u.friendship === "blocked" ? t.blocked : t.notFriend;
  return (
    <>
      <NewUserForm t={t} lang={lang} onCreate={onCreateUser} />
      <section class="side-section" aria-labelledby="users-h">
        <h2 id="users-h">{t.users}</h2>
        {users.length === 0 && <p class="muted">{t.noUsers}</p>}
        <ul class="list">
          {users.map((u) => (
            <li key={u.userId}>
              <button
                type="button"
                class={`item ${selectedId === u.userId ? "active" : ""}`}
                aria-current={selectedId === u.userId ? "true" : undefined}
                data-testid="user-item"
                data-user-id={u.userId}
                data-friendship={u.friendship}
                onClick={() => onSelect({ type: "user", userId: u.userId })}
              >
                <Avatar id={u.userId} name={u.displayName} />
                <span class="grow">
                  <span class="item-name">{u.displayName}</span>
                  <span class="item-sub">
                    {u.language === "en" ? "English" : u.language === null ? "—" : "繁體中文"}
                  </span>
                </span>
                {(unread[u.userId] ?? 0) > 0 && <span class="unread">{unread[u.userId]}</span>}
                <span class={`badge ${u.friendship}`}>{badge(u)}</span>
              </button>
            </li>
          ))}
        </ul>
      </section>
      <section class="side-section" aria-labelledby="groups-h">
        <h2 id="groups-h">{t.groups}</h2>
        {groups.length === 0 && <p class="muted">{t.noGroups}</p>}
        <ul class="list">
          {groups.map((g) => (
            <li key={g.groupId}>
              <button
                type="button"
                class={`item ${selectedId === g.groupId ? "active" : ""}`}
                aria-current={selectedId === g.groupId ? "true" : undefined}
                data-testid="group-item"
                data-group-id={g.groupId}
                onClick={() => onSelect({ type: "group", groupId: g.groupId })}
              >
                <Avatar id={g.groupId} name={g.groupName} kind="group" />
                <span class="grow">
                  <span class="item-name">{g.groupName}</span>
                  <span class="item-sub">{t.members_n(g.memberIds.length)}</span>
                </span>
                {(unread[g.groupId] ?? 0) > 0 && <span class="unread">{unread[g.groupId]}</span>}
                {!g.botInGroup && <span class="badge blocked">OA ✕</span>}
              </button>
            </li>
          ))}
        </ul>
        {users.length > 1 ? (
          <NewGroupForm t={t} users={users} onCreate={onCreateGroup} />
        ) : (
          <p class="muted small">{t.needTwoUsers}</p>
        )}
      </section>
    </>
  );
}

function NewUserForm({
  t,
  lang,
  onCreate,
}: {
  t: Strings;
  lang: Lang;
  onCreate: (name: string, lang: Lang) => Promise<void>;
}) {
  const [name, setName] = useState("");
  const [userLang, setUserLang] = useState<Lang>(lang);
  return (
    <form
      class="card"
      data-testid="new-user-form"
      aria-labelledby="new-user-h"
      onSubmit={(e) => {
        e.preventDefault();
        if (!name.trim()) return;
        void onCreate(name.trim(), userLang);
        setName("");
      }}
    >
      <h2 id="new-user-h">{t.newUser}</h2>
      <div class="field-row">
        <label class="field grow">
          <span>{t.displayName}</span>
          <input
            data-testid="new-user-name"
            value={name}
            maxLength={20}
            required
            placeholder={t.namePlaceholder}
            onInput={(e) => setName((e.currentTarget as HTMLInputElement).value)}
          />
        </label>
        <label class="field">
          <span>{t.language}</span>
          <select
            data-testid="new-user-language"
            value={userLang}
            onChange={(e) => setUserLang((e.currentTarget as HTMLSelectElement).value as Lang)}
          >
            <option value="zh-TW">繁體中文</option>
            <option value="en">English</option>
          </select>
        </label>
      </div>
      <button type="submit" class="primary block" data-testid="create-user">
        {t.create}
      </button>
    </form>
  );
}

function NewGroupForm({
  t,
  users,
  onCreate,
}: {
  t: Strings;
  users: SimUser[];
  onCreate: (name: string, ids: string[]) => Promise<void>;
}) {
  const [name, setName] = useState("");
  const [ids, setIds] = useState<string[]>([]);
  return (
    <form
      class="card"
      data-testid="new-group-form"
      aria-labelledby="new-group-h"
      onSubmit={(e) => {
        e.preventDefault();
        if (!name.trim() || ids.length === 0) return;
        void onCreate(name.trim(), ids);
        setName("");
        setIds([]);
      }}
    >
      <h2 id="new-group-h">{t.newGroup}</h2>
      <label class="field">
        <span>{t.groupName}</span>
        <input
          data-testid="new-group-name"
          value={name}
          maxLength={50}
          required
          placeholder={t.groupPlaceholder}
          onInput={(e) => setName((e.currentTarget as HTMLInputElement).value)}
        />
      </label>
      <fieldset>
        <legend>{t.members}</legend>
        <div class="checks">
          {users.map((u) => (
            <label key={u.userId} class="check">
              <input
                type="checkbox"
                data-testid="group-member-checkbox"
                data-user-id={u.userId}
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
        </div>
      </fieldset>
      <button
        type="submit"
        class="primary block"
        data-testid="create-group"
        disabled={ids.length === 0}
        title={ids.length === 0 ? t.pickMembers : undefined}
      >
        {t.create}
      </button>
    </form>
  );
}
