import { render } from "preact";
import type { SimUserJson } from "../../../../worker/src/sandbox/emulator/types";
import "./share-picker.css";

/**
 * The sandbox's stand-in for LINE's share target picker: the other simulated users, one tap to
 * choose, or cancel. Sandbox only; both languages side by side as in the dev bar.
 */
export function pickFriend(users: SimUserJson[]): Promise<SimUserJson | null> {
  return new Promise((resolve) => {
    const host = document.createElement("div");
    document.body.appendChild(host);
    const done = (u: SimUserJson | null) => {
      render(null, host);
      host.remove();
      resolve(u);
    };
    render(<Picker users={users} onDone={done} />, host);
  });
}

function Picker(props: { users: SimUserJson[]; onDone: (u: SimUserJson | null) => void }) {
  return (
    <div class="share-picker" role="dialog" aria-modal="true" aria-labelledby="share-picker-title">
      <div class="share-picker-sheet" data-testid="share-picker">
        <h2 id="share-picker-title">
          分享給好友 <small>Share with a friend · SANDBOX</small>
        </h2>
        {props.users.length === 0 ? (
          <p>沒有其他模擬使用者，請先在聊天模擬器新增一位。No other simulated user yet.</p>
        ) : (
          <ul>
            {props.users.map((u) => (
              <li key={u.userId}>
                <button type="button" data-testid="share-friend" onClick={() => props.onDone(u)}>
                  {u.displayName}
                </button>
              </li>
            ))}
          </ul>
        )}
        <button
          type="button"
          class="share-picker-cancel"
          data-testid="share-cancel"
          onClick={() => props.onDone(null)}
        >
          取消 Cancel
        </button>
      </div>
    </div>
  );
}
