/**
 * Sandbox only, on the staff QR page: opens the binding link shown as one of the simulated users
 * (a shopper "scanning" it), in a new tab, as LINE would open it for them.
 *
 * Test ids: open-as-shopper, shopper-pick.
 */
import { useEffect, useState } from "preact/hooks";
import type { SimUserJson } from "../../../../worker/src/sandbox/emulator/types";
import { liffUrlToLocal } from "../../sandbox/liff-url";
import { t } from "../i18n";

export function OpenAsShopper(props: { url: string; self: string | null }) {
  const [users, setUsers] = useState<SimUserJson[]>([]);
  const [pick, setPick] = useState("");
  useEffect(() => {
    fetch("/sandbox/api/state")
      .then((r) => r.json() as Promise<{ users: SimUserJson[] }>)
      .then((s) => {
        const others = s.users.filter((u) => u.userId !== props.self);
        setUsers(others);
        setPick(others[0]?.userId ?? "");
      })
      .catch(() => setUsers([]));
  }, [props.self]);
  if (users.length === 0) return null;
  return (
    <div class="shopper-row">
      <label class="sr-only" for="shopper-pick">
        {t("qr.shopper")}
      </label>
      <select
        id="shopper-pick"
        data-testid="shopper-pick"
        value={pick}
        onChange={(e) => setPick((e.target as HTMLSelectElement).value)}
      >
        {users.map((u) => (
          <option key={u.userId} value={u.userId}>
            {u.displayName}
          </option>
        ))}
      </select>
      <button
        type="button"
        class="btn btn-secondary"
        data-testid="open-as-shopper"
        disabled={!pick}
        onClick={() => window.open(liffUrlToLocal(props.url, pick), "_blank")}
      >
        {t("qr.openAsShopper")}
      </button>
    </div>
  );
}
