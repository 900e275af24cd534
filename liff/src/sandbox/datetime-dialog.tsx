import { useEffect, useRef, useState } from "preact/hooks";
import { datetimeInput, toInputValue } from "./actions";
import type { Action } from "./api";
import type { Strings } from "./i18n";

/** LINE's date/time picker as a native input in a modal; the value goes back as postback params. */
export function DatetimeDialog({
  action,
  t,
  onPick,
  onClose,
}: {
  action: Action;
  t: Strings;
  onPick: (params: Record<string, string>) => void;
  onClose: () => void;
}) {
  const { inputType, param } = datetimeInput(action.mode);
  const ref = useRef<HTMLDialogElement>(null);
  const [value, setValue] = useState(toInputValue(action.initial) ?? "");
  useEffect(() => {
    const d = ref.current;
    if (d && !d.open) d.showModal();
  }, []);
  const title = param === "date" ? t.pickDate : param === "time" ? t.pickTime : t.pickDatetime;
  return (
    <dialog ref={ref} class="dialog" aria-label={title} data-testid="datetime-dialog" onClose={onClose}>
      <form
        method="dialog"
        onSubmit={(e) => {
          e.preventDefault();
          if (!value) return;
          onPick({ [param]: value });
          ref.current?.close();
        }}
      >
        <h2>{action.label ?? title}</h2>
        <label>
          {title}
          <input
            type={inputType}
            value={value}
            min={toInputValue(action.min)}
            max={toInputValue(action.max)}
            required
            data-testid="datetime-input"
            onInput={(e) => setValue((e.currentTarget as HTMLInputElement).value)}
          />
        </label>
        <div class="form-actions">
          <button type="button" class="ghost" onClick={() => ref.current?.close()}>
            {t.cancel}
          </button>
          <button type="submit" class="primary" disabled={!value} data-testid="datetime-ok">
            {t.ok}
          </button>
        </div>
      </form>
    </dialog>
  );
}
