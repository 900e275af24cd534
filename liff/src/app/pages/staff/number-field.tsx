import "./staff-forms.css";

/**
 * A money or points field of the staff pages: the limits in the hint, the value as understood
 * when it was typed differently (`１，２００` → ＝ NT$1,200), and a refusal under the field with
 * `aria-invalid` (the form focuses it). Typed text is never changed. Checked on submit, not on
 * blur: a message appearing as the field loses focus would move the button being tapped.
 */
export function NumberField(props: {
  id: string;
  label: string;
  value: string;
  onInput: (text: string) => void;
  hint: string;
  /** The value as understood, shown when it was written other than as plain digits. */
  readAs?: string | null;
  error?: string | undefined;
  testid: string;
  big?: boolean;
  placeholder?: string;
}) {
  const { id, error } = props;
  const described = [`${id}-hint`, props.readAs && !error ? `${id}-read` : null, error ? `${id}-error` : null]
    .filter(Boolean)
    .join(" ");
  return (
    <div class={error ? "field has-error" : "field"}>
      <label for={id}>{props.label}</label>
      <input
        id={id}
        class={props.big ? "input-amount" : undefined}
        inputMode="numeric"
        autoComplete="off"
        enterKeyHint="done"
        placeholder={props.placeholder}
        value={props.value}
        aria-invalid={error ? "true" : undefined}
        aria-describedby={described}
        data-testid={props.testid}
        onInput={(e) => props.onInput((e.target as HTMLInputElement).value)}
      />
      {props.readAs && !error ? (
        <p class="field-hint read-as" id={`${id}-read`} data-testid={`${props.testid}-read`}>
          {props.readAs}
        </p>
      ) : null}
      {error ? (
        <p class="field-error" id={`${id}-error`} role="alert" data-testid={`${props.testid}-error`}>
          {error}
        </p>
      ) : null}
      <p class="field-hint" id={`${id}-hint`} data-testid={`${props.testid}-hint`}>
        {props.hint}
      </p>
    </div>
  );
}
