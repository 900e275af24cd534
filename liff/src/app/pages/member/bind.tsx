import { useState } from "preact/hooks";
import { ApiError, api, type Schemas } from "../../api";
import { config } from "../../config";
import { t, useLang } from "../../i18n";
import { navigate } from "../../nav";
import { platformReady } from "../../platform";
import { Icon } from "../../ui/icons";
import { Button, ErrorBox, Notice, Page, Spinner, TopBar } from "../../ui/kit";
import { useData } from "../../use-data";
import { FriendPrompt } from "./shell";

type Target = Schemas["BindingTarget"];

/**
 * The store QR's landing page: shows the store (and staff) being joined, asks consent, binds,
 * then offers registration. Expired or tampered QR codes get an explanation and a way forward.
 */
export default function BindPage(props: { query: URLSearchParams }) {
  useLang();
  const token = props.query.get("t") ?? props.query.get("token") ?? "";
  const preview = useData<Target | null>(
    () => (token ? api("get", "/api/bind/preview", { query: { token } }) : Promise.resolve(null)),
    [token],
  );
  const [consent, setConsent] = useState(false);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ result: "bound" | "kept"; store: string } | null>(null);
  const [error, setError] = useState<unknown>(null);

  const bind = async () => {
    setBusy(true);
    setError(null);
    try {
      const r = await api("post", "/api/bind", { body: { token, consent: true } });
      setResult({ result: r.result, store: r.binding.store.name });
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  const refusal = tokenProblem(token ? (preview.error ?? error) : "missing");
  let body: preact.JSX.Element;
  if (refusal) body = <Refusal kind={refusal} />;
  else if (result)
    body = (
      <>
        <Notice
          icon="check"
          tone="ok"
          testid="bind-done"
          title={result.result === "bound" ? t("bind.done") : t("bind.kept")}
          body={result.result === "bound" ? t("bind.doneBody", { store: result.store }) : t("bind.keptBody")}
        >
          <Button to="/register" testid="bind-register">
            {t("bind.register")}
          </Button>
          <Button to="/member" kind="secondary">
            {t("bind.toCard")}
          </Button>
        </Notice>
        <FriendPrompt />
      </>
    );
  else if (preview.loading) body = <Spinner />;
  else if (preview.error || !preview.data)
    body = <ErrorBox message={t("app.error")} onRetry={preview.reload} />;
  else {
    const p = preview.data;
    body = (
      <>
        <section class="join-hero" data-testid="bind-preview">
          <p class="eyebrow">{t("bind.joining")}</p>
          <h2 class="join-store">
            {config.brand} · {p.store.name}
          </h2>
          <p class="muted small">{p.store.address}</p>
          {p.staff ? <p class="staff-chip">{t("bind.staff", { name: p.staff.name })}</p> : null}
        </section>
        <section class="panel" aria-labelledby="benefits">
          <h2 id="benefits" class="panel-title">
            {t("bind.benefits")}
          </h2>
          <ul class="benefits">
            <li>
              <Icon name="points" /> {t("bind.benefit1")}
            </li>
            <li>
              <Icon name="gift" /> {t("bind.benefit2")}
            </li>
            <li>
              <Icon name="store" /> {t("bind.benefit3")}
            </li>
          </ul>
        </section>
        <section class="panel">
          <details class="terms">
            <summary>{t("bind.terms")}</summary>
            <p class="small">{t("bind.termsBody")}</p>
          </details>
          <label class="check">
            <input
              type="checkbox"
              checked={consent}
              data-testid="bind-consent"
              onChange={(e) => setConsent((e.target as HTMLInputElement).checked)}
            />
            <span>{t("bind.consent")}</span>
          </label>
          {error ? <ErrorBox message={error instanceof ApiError ? error.message : t("app.error")} /> : null}
          <Button onClick={bind} disabled={!consent} busy={busy} testid="bind-submit">
            {busy ? t("bind.joiningNow") : t("bind.join")}
          </Button>
        </section>
      </>
    );
  }
  return (
    <div class="shell">
      <TopBar title={t("bind.title")} />
      <Page testid="bind-page">{body}</Page>
    </div>
  );
}

type Problem = "missing" | "expired" | "invalid" | "revoked";

function tokenProblem(e: unknown): Problem | null {
  if (e === "missing") return "missing";
  if (!(e instanceof ApiError)) return null;
  if (e.code === "BINDING_TOKEN_EXPIRED") return "expired";
  if (e.code === "BINDING_TOKEN_REVOKED") return "revoked";
  if (e.code === "BINDING_TOKEN_INVALID" || (e.status === 400 && e.code === "VALIDATION_FAILED"))
    return "invalid";
  return null;
}

function Refusal({ kind }: { kind: Problem }) {
  const title = kind === "missing" ? t("bind.noToken") : t(`bind.${kind}`);
  const body = kind === "missing" ? t("bind.noTokenBody") : t(`bind.${kind}Body`);
  const rescan = async () => {
    const value = await (await platformReady).scan();
    const m = value ? /\/bind\?(.*)$/.exec(value) : null;
    if (m) navigate(`/bind?${m[1]}`);
  };
  return (
    <Notice
      icon={kind === "expired" ? "alert" : "qr"}
      tone="warn"
      title={title}
      body={body}
      testid="bind-refused"
    >
      <p class="small muted">{t("bind.wayForward")}</p>
      <Button onClick={rescan}>{t("bind.rescan")}</Button>
      <Button to="/member" kind="secondary" testid="refusal-card">
        {t("bind.toCard")}
      </Button>
    </Notice>
  );
}
