import type { ComponentChildren } from "preact";
import { useState } from "preact/hooks";
import type { Strings } from "./i18n";
import { BrandMark } from "./ui";

/** The admin token, checked against the API before it is kept (in this tab only). */
export function SignIn(props: {
  t: Strings;
  error: string;
  busy: boolean;
  onSubmit: (token: string) => Promise<void>;
  langButton: ComponentChildren;
}) {
  const { t } = props;
  const [value, setValue] = useState("");
  const [busy, setBusy] = useState(false);
  const working = busy || props.busy;
  return (
    <div class="signin-page">
      <div class="signin-lang">{props.langButton}</div>
      <main class="signin-card" id="main">
        <div class="signin-brand">
          <BrandMark />
          <span class="brand-name">{t.product}</span>
          <span class="brand-sep" aria-hidden="true" />
          <span class="brand-sub">{t.consoleName}</span>
        </div>
        <h1>{t.signInTitle}</h1>
        <p class="lead">{t.signInLead}</p>
        <form
          data-testid="sign-in-form"
          noValidate
          onSubmit={async (e) => {
            e.preventDefault();
            setBusy(true);
            try {
              await props.onSubmit(value);
            } finally {
              setBusy(false);
            }
          }}
        >
          <label class="field-label" for="token">
            {t.tokenLabel}
          </label>
          <input
            id="token"
            class={`input${props.error ? " input-invalid" : ""}`}
            type="password"
            autoComplete="current-password"
            spellcheck={false}
            data-testid="token-input"
            value={value}
            aria-invalid={props.error ? true : undefined}
            aria-describedby={props.error ? "token-error token-hint" : "token-hint"}
            onInput={(e) => setValue(e.currentTarget.value)}
          />
          {props.error && (
            <p class="field-error" id="token-error" role="alert" data-testid="sign-in-error">
              {props.error}
            </p>
          )}
          <p class="hint" id="token-hint">
            {t.tokenHint}
          </p>
          <button type="submit" class="btn btn-primary btn-block" disabled={working} data-testid="sign-in">
            {working ? t.signingIn : t.signIn}
          </button>
        </form>
      </main>
    </div>
  );
}
