import { useEffect, useState } from "preact/hooks";
import { ApiError, api, type Schemas } from "../../api";
import { config } from "../../config";
import { type MessageKey, t } from "../../i18n";
import { Button } from "../../ui/kit";
import { samePhone } from "./validate";

type Profile = Schemas["Profile"];

/** The server's refusals (details.reason) as the member reads them, with the wait when there is one. */
function refusal(err: unknown): { text: string; waitSeconds?: number } {
  if (!(err instanceof ApiError)) return { text: t("app.error") };
  const d = (err.details ?? {}) as { attemptsLeft?: number; retryAfterSeconds?: number };
  const wait = d.retryAfterSeconds;
  const by: Record<string, MessageKey> = {
    TOO_MANY_ATTEMPTS: "phone.err.tooManyTries",
    CODE_EXPIRED: "phone.err.expired",
    CODE_USED: "phone.err.used",
    NO_CODE: "phone.err.noCode",
    PHONE_CHANGED: "phone.err.phoneChanged",
    SMS_NOT_CONFIGURED: "phone.err.notConfigured",
    SMS_REJECTED: "phone.err.rejected",
    NOT_REGISTERED: "profile.err.phone",
  };
  switch (err.reason) {
    case "WRONG_CODE":
      return { text: t("phone.err.wrong", { n: d.attemptsLeft ?? 0 }) };
    case "SEND_TOO_SOON":
      return { text: t("phone.err.tooSoon", { s: wait ?? 60 }), ...(wait ? { waitSeconds: wait } : {}) };
    case "TOO_MANY_SENDS":
      return {
        text: t("phone.err.tooManySends", { m: Math.ceil((wait ?? 60) / 60) }),
        ...(wait ? { waitSeconds: wait } : {}),
      };
    default: {
      const key = err.reason ? by[err.reason] : undefined;
      if (key) return { text: t(key) };
      if (err.code === "SMS_SEND_FAILED")
        return { text: t("phone.err.sendFailed"), ...(wait ? { waitSeconds: wait } : {}) };
      return { text: err.message || t("app.error") };
    }
  }
}

/** Seconds left until `until` (ms), ticking once a second while there are any. */
function useCountdown(until: number): number {
  const [, tick] = useState(0);
  const left = Math.max(0, Math.ceil((until - Date.now()) / 1000));
  useEffect(() => {
    if (left <= 0) return;
    // Wake when the shown second changes.
    const id = setTimeout(() => tick((n) => n + 1), (until - Date.now()) % 1000 || 1000);
    return () => clearTimeout(id);
  }, [until, left]);
  return left;
}

/**
 * Under the phone field: 已驗證 / 未驗證 for the saved number and, while unverified, 驗證手機 →
 * a code by SMS → the code field. A number typed but not saved yet is verified after saving.
 */
export function PhoneVerification(props: {
  profile: Profile;
  typed: string;
  registering: boolean;
  onVerified: (message: string) => void;
}) {
  const p = props.profile;
  const saved = !props.registering && samePhone(props.typed, p.phone);
  if (!saved) {
    return (
      <p class="field-hint" data-testid="phone-save-first">
        {p.phone && p.phoneVerified && !props.registering ? `${t("phone.changeClears")} ` : ""}
        {t("phone.saveFirst")}
      </p>
    );
  }
  return (
    <div class="phone-verify" data-testid="phone-verification">
      <p class="phone-status">
        <span
          class={p.phoneVerified ? "phone-badge is-verified" : "phone-badge is-unverified"}
          data-testid="phone-status"
          data-verified={p.phoneVerified ? "true" : "false"}
        >
          {p.phoneVerified ? `✓ ${t("phone.verified")}` : t("phone.unverified")}
        </span>
      </p>
      {p.phoneVerified ? null : <CodeFlow onVerified={props.onVerified} />}
    </div>
  );
}

function CodeFlow(props: { onVerified: (message: string) => void }) {
  const [sentTo, setSentTo] = useState<string | null>(null);
  const [code, setCode] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<"send" | "confirm" | null>(null);
  const [resendAt, setResendAt] = useState(0);
  const wait = useCountdown(resendAt);

  const send = async () => {
    setBusy("send");
    setError(null);
    try {
      const r = await api("post", "/api/me/phone/verification");
      setSentTo(r.sentTo);
      setCode("");
      setResendAt(Date.now() + r.resendInSeconds * 1000);
      setTimeout(() => document.getElementById("f-phone-code")?.focus(), 0);
    } catch (err) {
      if (err instanceof ApiError && err.reason === "ALREADY_VERIFIED")
        return props.onVerified(t("phone.done"));
      const r = refusal(err);
      setError(r.text);
      if (r.waitSeconds) setResendAt(Date.now() + r.waitSeconds * 1000);
    } finally {
      setBusy(null);
    }
  };
  const confirm = async () => {
    if (!/^\d{6}$/.test(code)) {
      setError(t("phone.err.format"));
      document.getElementById("f-phone-code")?.focus();
      return;
    }
    setBusy("confirm");
    setError(null);
    try {
      await api("post", "/api/me/phone/verification/confirm", { body: { code } });
      props.onVerified(t("phone.done"));
    } catch (err) {
      if (err instanceof ApiError && err.reason === "ALREADY_VERIFIED")
        return props.onVerified(t("phone.done"));
      setError(refusal(err).text);
      document.getElementById("f-phone-code")?.focus();
    } finally {
      setBusy(null);
    }
  };

  const errorLine = error ? (
    <p class="field-error" id="f-phone-code-error" role="alert" data-testid="phone-error">
      {error}
    </p>
  ) : null;
  if (!sentTo) {
    return (
      <>
        <p class="field-hint">{t("phone.why")}</p>
        <Button
          kind="secondary"
          busy={busy === "send"}
          disabled={wait > 0}
          onClick={send}
          testid="phone-verify"
        >
          {busy === "send"
            ? t("phone.sending")
            : wait > 0
              ? t("phone.resendIn", { s: wait })
              : t("phone.verify")}
        </Button>
        {errorLine}
        {config.sandbox ? <p class="field-hint">{t("phone.sandbox")}</p> : null}
      </>
    );
  }
  return (
    <div class={error ? "field has-error phone-code" : "field phone-code"}>
      <p class="small" data-testid="phone-sent" aria-live="polite">
        {t("phone.sentTo", { phone: sentTo })}
      </p>
      <label for="f-phone-code">{t("phone.code")}</label>
      <div class="input-row">
        <input
          id="f-phone-code"
          name="one-time-code"
          inputMode="numeric"
          autoComplete="one-time-code"
          value={code}
          aria-invalid={error ? "true" : undefined}
          aria-describedby={error ? "f-phone-code-error" : "f-phone-code-hint"}
          data-testid="phone-code"
          onInput={(e) => setCode((e.target as HTMLInputElement).value)}
          onKeyDown={(e) => {
            // Inside the profile form: Enter confirms the code, it does not save the profile.
            if (e.key === "Enter") {
              e.preventDefault();
              void confirm();
            }
          }}
        />
        <Button block={false} busy={busy === "confirm"} onClick={confirm} testid="phone-confirm">
          {t("phone.confirm")}
        </Button>
      </div>
      {error ? (
        errorLine
      ) : (
        <p class="field-hint" id="f-phone-code-hint">
          {t("phone.codeHint")}
        </p>
      )}
      <button
        type="button"
        class="link-btn phone-resend"
        disabled={wait > 0 || busy !== null}
        onClick={send}
        data-testid="phone-resend"
      >
        {wait > 0 ? t("phone.resendIn", { s: wait }) : t("phone.resend")}
      </button>
      {config.sandbox ? <p class="field-hint">{t("phone.sandbox")}</p> : null}
    </div>
  );
}
