/**
 * The seller console: sign in with the admin token, then live sales (list, new sale, the live
 * screen of one sale). Routes live in the hash (`#/sales`, `#/sales/new`, `#/sales/{id}`), so
 * the worker serves one static page. `#token=…` signs in directly and is removed at once.
 *
 * Stable test ids: sign-in-form, token-input, sign-in-error, lang-switch, sign-out, nav-live,
 * sales-table, sale-row (data-sale-id, data-status), new-sale, new-sale-form, … (see each page).
 */
import { useCallback, useEffect, useMemo, useRef, useState } from "preact/hooks";
import { acceptLanguage, applyLang, storedLang } from "../i18n/lang";
import { checkToken, createApi, type Role, type Who } from "./api";
import { BackOfficeNav, BackOfficePage } from "./backoffice/pages";
import { isBackOfficeRoute } from "./backoffice/routes";
import { type Lang, STRINGS } from "./i18n";
import { lazyPage } from "./lazy";
import { MarketingNav, MarketingPage } from "./marketing/pages";
import { isMarketingRoute, marketingSection } from "./marketing/routes";
import { type Ctx, href, parseRoute, type Route } from "./nav";
import { SignIn } from "./sign-in";
import { SignedInAs, SupportNav, SupportPage } from "./support/pages";
import { parseSupportRoute, type SupportRoute, sectionOf } from "./support/routes";
import { BrandMark, Icon, type Toast, Toasts } from "./ui";

// Until every page imports ./nav directly.

const SalesList = lazyPage(() => import("./sales-list").then((m) => m.SalesList));
const NewSalePage = lazyPage(() => import("./new-sale").then((m) => m.NewSalePage));
const SaleView = lazyPage(() => import("./sale-view").then((m) => m.SaleView));

const TOKEN_KEY = "omo-console-token";
const LANG_KEY = "omo-console-lang";
const ROLE_KEY = "omo-console-role";

/** Why the sign-in page is shown, as a message key (so it follows a language switch). */
type SignInError = "" | "tokenMissing" | "tokenInvalid" | "network" | "sessionExpired";

/** A `#token=…` in the address: taken once and removed from the bar (and from history). */
function takeFragmentToken(): string | null {
  const m = /^#token=([^&]+)/.exec(location.hash);
  if (!m?.[1]) return null;
  history.replaceState(null, "", `${location.pathname}${location.search}#/sales`);
  return decodeURIComponent(m[1]);
}

export function App() {
  const [lang, setLang] = useState<Lang>(() => storedLang(LANG_KEY));
  const t = STRINGS[lang];
  const [token, setToken] = useState<string | null>(() => sessionStorage.getItem(TOKEN_KEY));
  const [role, setRole] = useState<Role>(() =>
    sessionStorage.getItem(ROLE_KEY) === "agent" ? "agent" : "admin",
  );
  const [me, setMe] = useState<Who | null>(null);
  const [pending, setPending] = useState<string | null>(takeFragmentToken);
  const [signInError, setSignInError] = useState<SignInError>("");
  const [route, setRoute] = useState<Route>(() => parseRoute(location.hash));
  const [toasts, setToasts] = useState<Toast[]>([]);
  const [freshKey, setFreshKey] = useState<{ saleId: string; key: string } | null>(null);
  const main = useRef<HTMLElement>(null);
  const first = useRef(true);

  useEffect(() => {
    applyLang(lang);
    document.title = t.title;
  }, [lang, t]);

  useEffect(() => {
    // A printed `#token=…` link opened in a tab that already shows the console (the sign-in page
    // included) arrives as a hashchange, not a page load: sign in with it too.
    const onHash = () => {
      const fromLink = takeFragmentToken();
      if (fromLink !== null) setPending(fromLink);
      setRoute(parseRoute(location.hash));
    };
    window.addEventListener("hashchange", onHash);
    return () => window.removeEventListener("hashchange", onHash);
  }, []);

  // A new page: focus its heading (screen readers announce it), except on the first paint. Picking
  // another conversation in the inbox is not a new page (focus stays in the list).
  // Nor is another tab of the reports or of the segments page (focus stays on the tab).
  const pageKey =
    route.page === "inbox" || route.page === "reports" || route.page === "segments"
      ? route.page
      : href(route);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    (main.current?.querySelector<HTMLElement>("h1") ?? main.current)?.focus();
  }, [pageKey]);

  const toast = useCallback((text: string, tone: Toast["tone"] = "ok") => {
    const id = Date.now() + Math.random();
    setToasts((list) => [...list.slice(-3), { id, text, tone }]);
    setTimeout(() => setToasts((list) => list.filter((x) => x.id !== id)), tone === "error" ? 8000 : 4000);
  }, []);

  const signOut = useCallback((message: SignInError = "") => {
    sessionStorage.removeItem(TOKEN_KEY);
    sessionStorage.removeItem(ROLE_KEY);
    setToken(null);
    setMe(null);
    setFreshKey(null);
    setSignInError(message);
  }, []);

  const signIn = useCallback(async (candidate: string): Promise<void> => {
    const value = candidate.trim();
    if (!value) {
      setSignInError("tokenMissing");
      return;
    }
    setSignInError("");
    let who: Who | null;
    try {
      who = await checkToken(value);
    } catch {
      setSignInError("network");
      return;
    }
    if (!who) {
      setSignInError("tokenInvalid");
      return;
    }
    sessionStorage.setItem(TOKEN_KEY, value);
    sessionStorage.setItem(ROLE_KEY, who.kind);
    // An agent starts in the inbox (live sales and keyword rules need the admin token).
    if (who.kind === "agent" && !parseSupportRoute(location.hash.replace(/^#/, "")))
      location.hash = "#/inbox";
    setRole(who.kind);
    setMe(who);
    setToken(value);
  }, []);

  useEffect(() => {
    if (pending === null) return;
    setPending(null);
    void signIn(pending);
  }, [pending, signIn]);

  const api = useMemo(
    () => (token ? createApi(token, () => signOut("sessionExpired")) : null),
    [token, signOut],
  );
  // A reload keeps the token but not who it is: ask again.
  useEffect(() => {
    if (!api || me) return;
    let alive = true;
    api.request<Who>("GET", "/api/inbox/me").then(
      (w) => {
        if (!alive) return;
        setMe(w);
        setRole(w.kind);
        sessionStorage.setItem(ROLE_KEY, w.kind);
      },
      () => {},
    );
    return () => {
      alive = false;
    };
  }, [api]);
  // Files in and out (CSV uploads and exports) with the same token; a 401 signs out.
  const raw = useMemo(
    () =>
      token
        ? async (path: string, init: RequestInit = {}) => {
            const res = await fetch(path, {
              ...init,
              headers: { authorization: `Bearer ${token}`, ...acceptLanguage(), ...(init.headers ?? {}) },
            });
            if (res.status === 401) signOut("sessionExpired");
            return res;
          }
        : undefined,
    [token, signOut],
  );
  const go = useCallback((r: Route) => {
    location.hash = href(r);
  }, []);

  const switchLang = () => {
    const next: Lang = lang === "en" ? "zh-TW" : "en";
    localStorage.setItem(LANG_KEY, next);
    setToasts([]);
    setLang(next);
  };

  const langButton = (
    <button
      type="button"
      class="btn btn-ghost btn-sm"
      data-testid="lang-switch"
      aria-label={t.langLabel}
      lang={lang === "en" ? "zh-Hant-TW" : "en"}
      onClick={switchLang}
    >
      <Icon name="globe" size={16} />
      {t.langName}
    </button>
  );

  if (!api) {
    return (
      <SignIn
        t={t}
        error={signInError ? t[signInError] : ""}
        busy={pending !== null}
        onSubmit={signIn}
        langButton={langButton}
      />
    );
  }

  const ctx: Ctx = { t, lang, api, go, toast, role, me, ...(raw ? { raw } : {}) };
  const marketing = isMarketingRoute(route) ? route : null;
  const backOffice = isBackOfficeRoute(route) ? route : null;
  const section = marketing ? marketingSection(marketing) : backOffice ? "backoffice" : sectionOf(route);
  return (
    <div class="shell">
      <a class="skip" href="#main">
        {t.skip}
      </a>
      <header class="topbar">
        <a
          class="brand"
          href={role === "admin" ? "#/sales" : "#/inbox"}
          aria-label={`${t.product} ${t.consoleName}`}
        >
          <BrandMark />
          <span class="brand-name">{t.product}</span>
          <span class="brand-sep" aria-hidden="true" />
          <span class="brand-sub">{t.consoleName}</span>
        </a>
        <nav class="nav" aria-label={t.navLabel}>
          {role === "admin" && (
            <a
              href="#/sales"
              class="nav-link"
              aria-current={section === "sales" ? "page" : undefined}
              data-testid="nav-live"
            >
              <Icon name="live" size={18} />
              {t.navLive}
            </a>
          )}
          <BackOfficeNav ctx={ctx} section={section} />
          <MarketingNav ctx={ctx} section={section} />
          <SupportNav ctx={ctx} section={section} />
        </nav>
        <div class="topbar-end">
          <SignedInAs ctx={ctx} />
          {langButton}
          <button
            type="button"
            class="btn btn-ghost btn-sm"
            data-testid="sign-out"
            title={t.signOut}
            onClick={() => signOut()}
          >
            <Icon name="out" size={16} />
            <span class="signout-label">{t.signOut}</span>
          </button>
        </div>
      </header>
      <main id="main" ref={main} class={`main${route.page === "inbox" ? " main-flush" : ""}`} tabIndex={-1}>
        {/* The support pages (inbox, keywords, knowledge base, metrics, settings); live sales are the admin's. */}
        {marketing && <MarketingPage ctx={ctx} route={marketing} />}
        {backOffice && <BackOfficePage ctx={ctx} route={backOffice} />}
        {!marketing && !backOffice && section !== "sales" && (
          <SupportPage ctx={ctx} route={route as SupportRoute} />
        )}
        {role === "agent" && section === "sales" && <SupportPage ctx={ctx} route={null} />}
        {role === "admin" && route.page === "sales" && <SalesList ctx={ctx} />}
        {role === "admin" && route.page === "new" && (
          <NewSalePage
            ctx={ctx}
            onCreated={(sale, key) => {
              setFreshKey({ saleId: sale.id, key });
              go({ page: "sale", id: sale.id });
            }}
          />
        )}
        {role === "admin" && route.page === "sale" && (
          <SaleView
            key={route.id}
            ctx={ctx}
            id={route.id}
            ingestKey={freshKey?.saleId === route.id ? freshKey.key : null}
            onKeySaved={() => setFreshKey(null)}
          />
        )}
      </main>
      <Toasts
        toasts={toasts}
        dismissLabel={t.dismiss}
        onDismiss={(id) => setToasts((l) => l.filter((x) => x.id !== id))}
      />
    </div>
  );
}
