import { actionLabel, isSupported } from "./actions";
import type { Action } from "./api";
import type { Strings } from "./i18n";

/** A template / quick-reply style action button; unsupported actions are disabled with a tooltip. */
export function ActionButton({
  action,
  onAction,
  t,
  class: cls,
  testid,
}: {
  action: Action;
  onAction: (a: Action) => void;
  t: Strings;
  class: string;
  testid: string;
}) {
  const ok = isSupported(action);
  return (
    <button
      type="button"
      class={cls}
      data-testid={testid}
      data-action={action.type}
      disabled={!ok}
      title={ok ? (action.type === "uri" ? action.uri : undefined) : `${t.unsupported} (${action.type})`}
      onClick={() => onAction(action)}
    >
      {actionLabel(action)}
    </button>
  );
}
