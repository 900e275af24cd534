/** The checkout form's own controls: a labelled text field, and a radio option shown as a card. */

/** A labelled text input with its hint or its error. */
export function TextField(props: {
  id: "name" | "phone" | "address";
  label: string;
  value: string;
  onInput: (v: string) => void;
  error: string | undefined;
  autoComplete: string;
  maxLength: number;
  type?: "text" | "tel";
  hint?: string;
}) {
  const id = `f-${props.id}`;
  const described = props.error ? `${id}-error` : props.hint ? `${id}-hint` : undefined;
  return (
    <div class={props.error ? "field has-error" : "field"}>
      <label for={id}>{props.label}</label>
      <input
        id={id}
        name={props.id}
        inputMode={props.type === "tel" ? "tel" : "text"}
        autoComplete={props.autoComplete}
        maxLength={props.maxLength}
        value={props.value}
        aria-invalid={props.error ? "true" : undefined}
        aria-describedby={described}
        data-testid={`delivery-${props.id}`}
        onInput={(e) => props.onInput((e.target as HTMLInputElement).value)}
      />
      {props.hint && !props.error ? (
        <p class="field-hint" id={`${id}-hint`}>
          {props.hint}
        </p>
      ) : null}
      {props.error ? (
        <p class="field-error" id={`${id}-error`} role="alert">
          {props.error}
        </p>
      ) : null}
    </div>
  );
}

/** A radio option as a card: icon, title, one line of help. */
export function Choice(props: {
  name: string;
  checked: boolean;
  onChange: () => void;
  icon: preact.JSX.Element;
  title: string;
  hint: string;
  disabled?: boolean;
  testid: string;
}) {
  const cls = `option${props.checked ? " selected" : ""}${props.disabled ? " disabled" : ""}`;
  return (
    <label class={cls} data-testid={props.testid}>
      <input
        type="radio"
        name={props.name}
        checked={props.checked}
        disabled={props.disabled}
        onChange={props.onChange}
      />
      <span class="option-icon">{props.icon}</span>
      <span class="option-text">
        <strong>{props.title}</strong>
        <span>{props.hint}</span>
      </span>
    </label>
  );
}
