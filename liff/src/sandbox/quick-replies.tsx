import { actionLabel, isSupported } from "./actions";
import type { Action } from "./api";
import type { Strings } from "./i18n";
import type { QuickReplyItem } from "./view-model";

/** Quick reply chips above the input, for the latest bot message that carries them. */
export function QuickReplies({
  items,
  onTap,
  t,
}: {
  items: QuickReplyItem[];
  onTap: (a: Action) => void;
  t: Strings;
}) {
  if (items.length === 0) return null;
  return (
    <div class="quick-replies">
      {items.map((q, i) => {
        const ok = isSupported(q.action);
        return (
          <button
            key={i}
            type="button"
            class="chip"
            data-testid="quick-reply"
            data-action={q.action.type}
            disabled={!ok}
            title={ok ? undefined : t.unsupported}
            onClick={() => onTap(q.action)}
          >
            {q.imageUrl && <img src={q.imageUrl} alt="" />}
            {actionLabel(q.action)}
          </button>
        );
      })}
    </div>
  );
}
