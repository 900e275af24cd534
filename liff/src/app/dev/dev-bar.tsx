import { render } from "preact";
import { useState } from "preact/hooks";
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
