import { useEffect, useState } from "preact/hooks";
import { type Action, api, type RichMenu, type SimState } from "./api";

/** The user's rich menu: the uploaded image with its tap areas, labelled from each area's action. */
export function RichMenuPanel({
  userId,
  state,
  onAction,
  version,
}: {
  userId: string;
  state: SimState;
  onAction: (a: Action) => void;
  version: number;
}) {
  const [menu, setMenu] = useState<RichMenu | null>(null);
  const [open, setOpen] = useState(true);
  useEffect(() => {
    api
      .richMenu(userId)
      .then((r) => setMenu(r.richMenu))
      .catch(() => setMenu(null));
  }, [userId, version]);
  if (!menu) return null;
  const tap = (a: Action) => {
    if (a.type === "richmenuswitch" && a.richMenuAliasId) {
      const target = state.richMenus.find((m) => m.richMenuId === state.aliases[a.richMenuAliasId as string]);
      if (target) setMenu(target);
      return;
    }
    onAction(a);
  };
  const { width, height } = menu.size;
  return (
    <div class="richmenu">
      {open && (
        <div class="rm-image" style={{ aspectRatio: `${width} / ${height}` }}>
          <img src={`/sandbox/api/richmenus/${menu.richMenuId}/image`} alt="" />
          {menu.areas.map((a, i) => (
            <button
              key={i}
              type="button"
              class="rm-area"
              data-testid="richmenu-area"
              style={{
                left: `${(a.bounds.x / width) * 100}%`,
                top: `${(a.bounds.y / height) * 100}%`,
                width: `${(a.bounds.width / width) * 100}%`,
                height: `${(a.bounds.height / height) * 100}%`,
              }}
              onClick={() => tap(a.action)}
            >
              {a.action.label ?? a.action.type}
            </button>
          ))}
        </div>
      )}
      <button
        type="button"
        class="rm-bar"
        onClick={() => setOpen(!open)}
        aria-expanded={open}
        data-testid="richmenu-toggle"
      >
        {menu.chatBarText} {open ? "▾" : "▴"}
      </button>
    </div>
  );
}
