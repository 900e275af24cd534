import { useEffect, useState } from "preact/hooks";
import { ApiError, api, type Schemas } from "../../api";
import { config } from "../../config";
import { t, useLang } from "../../i18n";
import { navigate } from "../../nav";
import { Button, Dialog, ErrorBox, Notice, Page, Spinner, Toast } from "../../ui/kit";
import { clearCache, useData } from "../../use-data";
import { PhoneVerification } from "./phone-verify";
import { MemberShell } from "./shell";
import { birthdayProblem, localToday, looksLikeEmail, looksLikePhone } from "./validate";

type Profile = Schemas["Profile"];
type Field = "name" | "phone" | "birthday" | "email" | "consent";

const BIRTHDAY_ERRORS = {
  invalid: "profile.err.birthdayInvalid",
  future: "profile.err.birthdayFuture",
  old: "profile.err.birthdayOld",
} as const;

/**
 * 會員註冊 / 我的資料: the brand's fields (name, mobile, birthday, email), consent to the current
 * terms, stopping marketing messages, and "delete my data" behind a confirmation.
 */
export default function ProfilePage(props: { register?: boolean; query?: URLSearchParams }) {
  useLang();
  const profile = useData(() => api("get", "/api/me/profile"), []);
  const [deleted, setDeleted] = useState(false);
  const registering = props.register || profile.data?.status === "guest";
  const title = registering ? t("profile.registerTitle") : t("profile.title");
  return (
    <MemberShell section="profile" title={title}>
      <Page testid="profile-page">
        {deleted ? (
          <Notice
            icon="check"
            tone="ok"
            title={t("profile.deleted")}
            body={t("profile.deletedBody")}
            testid="deleted"
          />
        ) : profile.loading && !profile.data ? (
          <Spinner />
        ) : profile.error || !profile.data ? (
          <ErrorBox message={t("app.error")} onRetry={profile.reload} />
        ) : (
          <>
            <ProfileForm profile={profile.data} registering={registering} onSaved={profile.reload} />
            {profile.data.status === "member" ? (
              <Privacy profile={profile.data} onChanged={profile.reload} onDeleted={() => setDeleted(true)} />
            ) : null}
          </>
        )}
      </Page>
    </MemberShell>
  );
}

function ProfileForm(props: { profile: Profile; registering: boolean; onSaved: () => void }) {
  const p = props.profile;
  const [name, setName] = useState(p.name ?? "");
  const [phone, setPhone] = useState(p.phone ? p.phone.replace(/^\+886/, "0") : "");
  const [birthday, setBirthday] = useState(p.birthday ?? "");
  const [email, setEmail] = useState(p.email ?? "");
  const [consent, setConsent] = useState(p.consent.version === p.consent.current);
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [toast, setToast] = useState<string | null>(null);
  useEffect(() => {
    if (!toast) return;
    const id = setTimeout(() => setToast(null), 2500);
    return () => clearTimeout(id);
  }, [toast]);

  // What is typed clears that field's error; the next save checks again.
  const clear = (f: Field) =>
    setErrors((all) =>
      all[f] ? (Object.fromEntries(Object.entries(all).filter(([k]) => k !== f)) as typeof all) : all,
    );
  const submit = async (e: Event) => {
    e.preventDefault();
    const errs: Partial<Record<Field, string>> = {};
    if (!name.trim()) errs.name = t("profile.err.name");
    if (!looksLikePhone(phone)) errs.phone = t("profile.err.phone");
    const bday = birthday ? birthdayProblem(birthday, localToday(new Date(), config.timeZone)) : null;
    if (bday) errs.birthday = t(BIRTHDAY_ERRORS[bday]);
    if (email.trim() && !looksLikeEmail(email)) errs.email = t("profile.err.email");
    if (!consent) errs.consent = t("profile.err.consent");
    setErrors(errs);
    setFailure(null);
    const first = Object.keys(errs)[0];
    if (first) {
      document.getElementById(`f-${first}`)?.focus();
      return;
    }
    setBusy(true);
    try {
      await api("put", "/api/me/profile", {
        body: {
          name: name.trim(),
          phone: phone.trim(),
          ...(birthday ? { birthday } : {}),
          ...(email.trim() ? { email: email.trim() } : {}),
          consent: { version: p.consent.current, accepted: true },
        },
      });
      if (props.registering) {
        navigate("/member?registered=1");
        return;
      }
      setToast(t("profile.saved"));
      props.onSaved();
    } catch (err) {
      const details =
        err instanceof ApiError
          ? (err.details as { field?: string; reason?: string } | undefined)
          : undefined;
      if (details?.field === "phone") setErrors({ phone: t("profile.err.phone") });
      else if (details?.field === "birthday")
        setErrors({
          birthday: t(
            details.reason === "BIRTHDAY_IN_FUTURE"
              ? BIRTHDAY_ERRORS.future
              : details.reason === "BIRTHDAY_TOO_OLD"
                ? BIRTHDAY_ERRORS.old
                : BIRTHDAY_ERRORS.invalid,
          ),
        });
      else if (err instanceof ApiError && err.code === "CONFLICT") setFailure(t("profile.err.terms"));
      else setFailure(err instanceof ApiError ? err.message : t("app.error"));
    } finally {
      setBusy(false);
    }
  };

  const field = (
    id: Field,
    label: string,
    input: preact.JSX.Element,
    opts: { required?: boolean; hint?: string; after?: preact.JSX.Element } = {},
  ) => {
    const err = errors[id];
    return (
      <div class={err ? "field has-error" : "field"}>
        <label for={`f-${id}`}>
          {label}{" "}
          <span class="muted small">{opts.required ? t("profile.required") : t("profile.optional")}</span>
        </label>
        {input}
        {opts.hint && !err ? (
          <p class="field-hint" id={`f-${id}-hint`}>
            {opts.hint}
          </p>
        ) : null}
        {err ? (
          <p class="field-error" id={`f-${id}-error`} role="alert">
            {err}
          </p>
        ) : null}
        {opts.after}
      </div>
    );
  };
  const describedBy = (id: Field) => (errors[id] ? `f-${id}-error` : `f-${id}-hint`);

  return (
    <form class="panel form" onSubmit={submit} noValidate data-testid="profile-form">
      {props.registering ? <p class="muted">{t("profile.intro")}</p> : null}
      {field(
        "name",
        t("profile.name"),
        <input
          id="f-name"
          name="name"
          autoComplete="name"
          maxLength={40}
          value={name}
          aria-invalid={errors.name ? "true" : undefined}
          aria-describedby={describedBy("name")}
          onInput={(e) => {
            setName((e.target as HTMLInputElement).value);
            clear("name");
          }}
        />,
        { required: true },
      )}
      {field(
        "phone",
        t("profile.phone"),
        <input
          id="f-phone"
          name="phone"
          type="tel"
          inputMode="tel"
          autoComplete="tel"
          maxLength={30}
          value={phone}
          aria-invalid={errors.phone ? "true" : undefined}
          aria-describedby={describedBy("phone")}
          onInput={(e) => {
            setPhone((e.target as HTMLInputElement).value);
            clear("phone");
          }}
        />,
        {
          required: true,
          hint: t("profile.phoneHint"),
          after: (
            <PhoneVerification
              profile={p}
              typed={phone}
              registering={props.registering}
              onVerified={(message) => {
                setToast(message);
                props.onSaved();
              }}
            />
          ),
        },
      )}
      {field(
        "birthday",
        t("profile.birthday"),
        <input
          id="f-birthday"
          name="birthday"
          type="date"
          autoComplete="bday"
          min="1900-01-01"
          max={localToday(new Date(), config.timeZone)}
          value={birthday}
          aria-invalid={errors.birthday ? "true" : undefined}
          aria-describedby={errors.birthday ? "f-birthday-error" : undefined}
          onInput={(e) => {
            setBirthday((e.target as HTMLInputElement).value);
            clear("birthday");
          }}
        />,
      )}
      {field(
        "email",
        t("profile.email"),
        <input
          id="f-email"
          name="email"
          type="email"
          inputMode="email"
          autoComplete="email"
          maxLength={120}
          value={email}
          aria-invalid={errors.email ? "true" : undefined}
          aria-describedby={describedBy("email")}
          onInput={(e) => {
            setEmail((e.target as HTMLInputElement).value);
            clear("email");
          }}
        />,
      )}
      <label class={errors.consent ? "check has-error" : "check"}>
        <input
          id="f-consent"
          type="checkbox"
          checked={consent}
          data-testid="profile-consent"
          onChange={(e) => {
            setConsent((e.target as HTMLInputElement).checked);
            clear("consent");
          }}
        />
        <span>{t("profile.consent", { version: p.consent.current })}</span>
      </label>
      {errors.consent ? (
        <p class="field-error" role="alert">
          {errors.consent}
        </p>
      ) : null}
      {failure ? <ErrorBox message={failure} /> : null}
      <Button type="submit" busy={busy} testid="profile-submit">
        {busy ? t("profile.saving") : props.registering ? t("profile.register") : t("profile.save")}
      </Button>
      <Toast message={toast} />
    </form>
  );
}

function Privacy(props: { profile: Profile; onChanged: () => void; onDeleted: () => void }) {
  const [open, setOpen] = useState(false);
  const [sure, setSure] = useState(false);
  const [busy, setBusy] = useState<"withdraw" | "delete" | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const withdraw = async () => {
    setBusy("withdraw");
    try {
      await api("post", "/api/me/consent/withdraw");
      props.onChanged();
    } catch {
      setFailure(t("app.error"));
    } finally {
      setBusy(null);
    }
  };
  const remove = async () => {
    setBusy("delete");
    try {
      await api("delete", "/api/me", { body: { confirm: "DELETE" } });
      clearCache();
      setOpen(false);
      props.onDeleted();
    } catch {
      setFailure(t("app.error"));
    } finally {
      setBusy(null);
    }
  };
  return (
    <section class="panel" aria-labelledby="privacy">
      <h2 id="privacy" class="panel-title">
        {t("profile.privacy")}
      </h2>
      <div class="row-between">
        <span>{t("profile.marketing")}</span>
        {props.profile.consent.marketingOptOut ? (
          <span class="muted small" data-testid="opted-out">
            {t("profile.withdrawn")}
          </span>
        ) : (
          <Button kind="ghost" block={false} busy={busy === "withdraw"} onClick={withdraw} testid="withdraw">
            {t("profile.withdraw")}
          </Button>
        )}
      </div>
      {failure ? <ErrorBox message={failure} /> : null}
      <Button kind="danger" onClick={() => setOpen(true)} testid="delete-open">
        {t("profile.delete")}
      </Button>
      <Dialog
        open={open}
        title={t("profile.deleteTitle")}
        onClose={() => setOpen(false)}
        testid="delete-dialog"
      >
        <p class="small">{t("profile.deleteBody")}</p>
        <label class="check">
          <input
            type="checkbox"
            checked={sure}
            onChange={(e) => setSure((e.target as HTMLInputElement).checked)}
          />
          <span>{t("profile.deleteConfirm")}</span>
        </label>
        <div class="dialog-actions">
          <Button kind="secondary" onClick={() => setOpen(false)}>
            {t("profile.cancel")}
          </Button>
          <Button
            kind="danger"
            disabled={!sure}
            busy={busy === "delete"}
            onClick={remove}
            testid="delete-confirm"
          >
            {t("profile.deleteButton")}
          </Button>
        </div>
      </Dialog>
    </section>
  );
}
