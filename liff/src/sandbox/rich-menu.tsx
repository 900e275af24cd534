import { useEffect, useState } from "preact/hooks";
import { actionLabel, isSupported } from "./actions";
import { type Action, api, type RichMenu, type SimState } from "./api";
import type { Strings } from "./i18n";

/**
 * The user's rich menu, as at the bottom of a LINE chat: the chat bar toggles it; the image
 * carries a tap target per area (labelled from the area's action, since the simulator cannot
 * read the picture), or labelled tiles when no image was uploaded. `richmenuswitch` changes
 * the menu here at once, like LINE's tabs.
 */
export function RichMenuPanel({
  userId,
  state,
  version,
  onAction,
  t,
}: {
  userId: string;
  state: SimState;
  version: number;
  onAction: (a: Action) => void;
  t: Strings;
}) {
  const [menu, setMenu] = useState<RichMenu | null>(null);
  const [hasImage, setHasImage] = useState(false);
  const [open, setOpen] = useState(true);
  useEffect(() => {
    let live = true;
    api
      .richMenu(userId)
      .then((r) => {
        if (!live) return;
        setMenu(r.richMenu);
        setHasImage(r.imageUrl !== null && r.imageUrl !== undefined);
      })
      .catch(() => live && setMenu(null));
    return () => {
      live = false;
    };
  }, [userId, version]);
  if (!menu) return null;

  const tap = (a: Action) => {
    if (a.type === "richmenuswitch" && a.richMenuAliasId) {
      const target = state.richMenus.find((m) => m.richMenuId === state.aliases[a.richMenuAliasId ?? ""]);
      if (target) {
        setMenu(target);
        setHasImage(target.hasImage === true);
      }
    }
    onAction(a);
  };
  const { width, height } = menu.size;
  const pct = (v: number, of: number) => `${(v / of) * 100}%`;
  return (
    <div class={`richmenu ${open ? "open" : ""}`} data-testid="richmenu" data-richmenu-id={menu.richMenuId}>
      {open && (
        <div
          class={`rm-image ${hasImage ? "" : "rm-tiles"}`}
          style={{
            aspectRatio: `${width} / ${height}`,
            // A tall (full-size) menu leaves the chat some room, as the LINE app does.
            width: `min(100%, calc(32dvh * ${width / height}))`,
          }}
        >
          {hasImage && (
            <img src={api.richMenuImageUrl(menu.richMenuId)} alt="" onError={() => setHasImage(false)} />
          )}
          {menu.areas.map((a, i) => {
            const ok = isSupported(a.action);
            return (
              <button
                key={i}
                type="button"
                class="rm-area"
                data-testid="richmenu-area"
                data-action={a.action.type}
                disabled={!ok}
                title={ok ? actionLabel(a.action) : t.unsupported}
                style={{
                  left: pct(a.bounds.x, width),
                  top: pct(a.bounds.y, height),
                  width: pct(a.bounds.width, width),
                  height: pct(a.bounds.height, height),
                }}
                onClick={() => tap(a.action)}
              >
                <span class="rm-label">{actionLabel(a.action)}</span>
              </button>
            );
          })}
        </div>
      )}
      <button
        type="button"
        class="rm-bar"
        onClick={() => setOpen(!open)}
        aria-expanded={open}
        data-testid="richmenu-toggle"
      >
        <span>{menu.chatBarText}</span>
        <span class="rm-caret" aria-hidden="true">
          {open ? "▾" : "▴"}
        </span>
      </button>
    </div>
  );
}
