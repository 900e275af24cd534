import { render } from "preact";
import { useEffect, useState } from "preact/hooks";
import type { SimUserJson } from "../../../../worker/src/sandbox/emulator/types";
import { switchUser } from "./sandbox-platform";

/**
 * The sandbox dev bar: which simulated user this page plays (the server verifies their ID
 * token from the LINE emulator), a new user, and what the next "camera scan" returns.
 * Sandbox only; English and zh-TW side by side as in the simulator's tools.
 */
export function mountDevBar(props: { users: SimUserJson[]; current: SimUserJson | null }) {
  const host = document.createElement("div");
  host.id = "dev-bar-root";
  document.body.insertBefore(host, document.body.firstChild);
  document.documentElement.classList.add("has-dev-bar");
  let scanInput: HTMLInputElement | null = null;
  render(<DevBar {...props} scanRef={(el) => (scanInput = el)} />, host);
  return { nextScan: () => scanInput?.value.trim() ?? "" };
}

function DevBar(props: {
  users: SimUserJson[];
  current: SimUserJson | null;
  scanRef: (el: HTMLInputElement | null) => void;
}) {
  const [name, setName] = useState("");
  const create = async (e: Event) => {
    e.preventDefault();
    if (!name.trim()) return;
    const res = await fetch("/sandbox/api/users", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ displayName: name.trim(), language: "zh-TW" }),
    });
    if (res.ok) switchUser(((await res.json()) as SimUserJson).userId);
  };
  return (
    <section class="dev-bar" aria-label="Sandbox">
      <span class="dev-tag">SANDBOX</span>
      <label class="dev-field">
        <span class="sr-only">模擬使用者 Simulated user</span>
        <select
          data-testid="dev-user"
          value={props.current?.userId ?? ""}
          onChange={(e) => switchUser((e.target as HTMLSelectElement).value)}
        >
          <option value="" disabled>
            選擇模擬使用者 Pick a user
          </option>
          {props.users.map((u) => (
            <option key={u.userId} value={u.userId}>
              {u.displayName}
              {u.friendship === "friend" ? "" : " (not friend)"}
            </option>
          ))}
        </select>
      </label>
      <form class="dev-field" onSubmit={create}>
        <input
          data-testid="dev-new-user"
          aria-label="新使用者名稱 New user's name"
          placeholder="+ 新使用者 New"
          value={name}
          maxLength={20}
          onInput={(e) => setName((e.target as HTMLInputElement).value)}
        />
      </form>
      {props.current && <MakeStaff userId={props.current.userId} />}
      <label class="dev-field">
        <span class="dev-label">掃描 Scan</span>
        <input
          data-testid="dev-scan"
          ref={props.scanRef}
          aria-label="下一次掃描的內容 What the next camera scan returns"
          placeholder="code…"
        />
      </label>
    </section>
  );
}

/** 設為店員: makes this simulated user a clerk of a store (a staff record, invited and joined as them). */
function MakeStaff(props: { userId: string }) {
  const [stores, setStores] = useState<Array<{ code: string; name: string }>>([]);
  const [code, setCode] = useState("");
  const [note, setNote] = useState("");
  useEffect(() => {
    fetch("/sandbox/guide/stores")
      .then((r) => r.json() as Promise<{ stores: Array<{ code: string; name: string }> }>)
      .then((r) => {
        setStores(r.stores);
        setCode(r.stores[0]?.code ?? "");
      })
      .catch(() => setStores([]));
  }, []);
  const make = async (e: Event) => {
    e.preventDefault();
    const res = await fetch("/sandbox/guide/staff", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ userId: props.userId, storeCode: code }),
    });
    const body = (await res.json()) as { created?: boolean; error?: { message: string } };
    if (!res.ok) setNote(body.error?.message ?? `HTTP ${res.status}`);
    else if (body.created) location.assign("/liff/staff");
    else setNote("已是店員 Already staff");
  };
  if (stores.length === 0) return null;
  return (
    <form class="dev-field" onSubmit={make}>
      <select
        data-testid="dev-staff-store"
        aria-label="店員所屬門市 Store for staff"
        value={code}
        onChange={(e) => setCode((e.target as HTMLSelectElement).value)}
      >
        {stores.map((s) => (
          // The name as the label only: the page's own text (a store's name on a card) stays the page's.
          <option key={s.code} value={s.code} label={`${s.code} ${s.name}`}>
            {s.code}
          </option>
        ))}
      </select>
      <button type="submit" class="dev-button" data-testid="dev-make-staff">
        設為店員 Make staff
      </button>
      {note && (
        <span class="dev-label" role="status" data-testid="dev-staff-note">
          {note}
        </span>
      )}
    </form>
  );
}
