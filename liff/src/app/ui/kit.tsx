import type { ComponentChildren } from "preact";
import { useEffect, useRef } from "preact/hooks";
import { config } from "../config";
import { lang, setLang, t, useLang } from "../i18n";
import { navigate, onLinkClick } from "../nav";
import { Icon, type IconName } from "./icons";

export function Link(props: { to: string; class?: string; children: ComponentChildren; testid?: string }) {
  return (
    <a
      href={`/liff${props.to}`}
      class={props.class}
      data-testid={props.testid}
      onClick={(e) => onLinkClick(e, props.to)}
    >
      {props.children}
    </a>
  );
}

export function LangToggle() {
  useLang();
  const next = lang() === "zh-TW" ? "en" : "zh-TW";
  return (
    <button
      type="button"
      class="lang-toggle"
      aria-label={t("lang.switchLabel")}
      data-testid="lang-toggle"
      onClick={() => setLang(next, true)}
    >
      {t("lang.switch")}
    </button>
  );
}

/** The top bar: brand (or a back button) and the page's title, which is the page's h1. */
export function TopBar(props: { title: string; back?: string }) {
  useEffect(() => {
    document.title = `${props.title} · ${config.brand}`;
  }, [props.title]);
  return (
    <header class="topbar">
      {props.back ? (
        <Link to={props.back} class="topbar-back">
          <Icon name="back" />
          <span class="sr-only">{t("app.back")}</span>
        </Link>
      ) : (
        <span class="brand-mark" aria-hidden="true">
          {config.brand.slice(0, 1)}
        </span>
      )}
      <h1 class="topbar-title">{props.title}</h1>
      <LangToggle />
    </header>
  );
}

export interface Tab {
  to: string;
  label: string;
  icon: IconName;
  active: boolean;
}

export function TabBar(props: { tabs: Tab[]; label: string }) {
  return (
    <nav class="tabbar" aria-label={props.label}>
      {props.tabs.map((tab) => (
        <Link key={tab.to} to={tab.to} class={tab.active ? "tab active" : "tab"}>
          <Icon name={tab.icon} />
          <span>{tab.label}</span>
        </Link>
      ))}
    </nav>
  );
}

export function Page(props: { children: ComponentChildren; class?: string; testid?: string }) {
  return (
    <main id="main" class={`page ${props.class ?? ""}`} data-testid={props.testid} tabIndex={-1}>
      {props.children}
    </main>
  );
}

export function Button(props: {
  children: ComponentChildren;
  onClick?: (e: MouseEvent) => void;
  kind?: "primary" | "secondary" | "ghost" | "danger";
  type?: "button" | "submit";
  disabled?: boolean;
  busy?: boolean;
  testid?: string;
  block?: boolean;
  to?: string;
}) {
  const cls = `btn btn-${props.kind ?? "primary"}${props.block === false ? "" : " btn-block"}`;
  if (props.to) {
    const to = props.to;
    return (
      <a href={`/liff${to}`} class={cls} data-testid={props.testid} onClick={(e) => onLinkClick(e, to)}>
        {props.children}
      </a>
    );
  }
  return (
    <button
      type={props.type ?? "button"}
      class={cls}
      onClick={props.onClick}
      disabled={props.disabled || props.busy}
      aria-busy={props.busy ? "true" : undefined}
      data-testid={props.testid}
    >
      {props.busy ? <span class="spinner spinner-sm" aria-hidden="true" /> : null}
      {props.children}
    </button>
  );
}

export function Spinner(props: { label?: string }) {
  return (
    <div class="loading" role="status">
      <span class="spinner" aria-hidden="true" />
      <span>{props.label ?? t("app.loading")}</span>
    </div>
  );
}

/** A full-page message: what happened, why, and what to do next. */
export function Notice(props: {
  icon: IconName;
  tone?: "ok" | "warn" | "error" | "info";
  title: string;
  body?: string;
  children?: ComponentChildren;
  testid?: string;
}) {
  return (
    <section class={`notice notice-${props.tone ?? "info"}`} data-testid={props.testid} aria-live="polite">
      <span class="notice-icon">
        <Icon name={props.icon} size={30} />
      </span>
      <h2>{props.title}</h2>
      {props.body ? <p>{props.body}</p> : null}
      {props.children ? <div class="notice-actions">{props.children}</div> : null}
    </section>
  );
}

export function ErrorBox(props: { message: string; onRetry?: () => void }) {
  return (
    <div class="alert" role="alert">
      <Icon name="alert" />
      <span>{props.message}</span>
      {props.onRetry ? (
        <button type="button" class="link-btn" onClick={props.onRetry}>
          {t("app.retry")}
        </button>
      ) : null}
    </div>
  );
}

/** A modal dialog on the native <dialog>: focus moves in, Escape closes. */
export function Dialog(props: {
  open: boolean;
  title: string;
  onClose: () => void;
  children: ComponentChildren;
  testid?: string;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (props.open && !d.open) d.showModal();
    if (!props.open && d.open) d.close();
  }, [props.open]);
  return (
    <dialog
      ref={ref}
      class="dialog"
      aria-labelledby="dialog-title"
      onClose={props.onClose}
      data-testid={props.testid}
    >
      <h2 id="dialog-title">{props.title}</h2>
      {props.children}
    </dialog>
  );
}

export function Toast(props: { message: string | null }) {
  return (
    <div class={props.message ? "toast show" : "toast"} role="status" aria-live="polite">
      {props.message}
    </div>
  );
}

export const go = navigate;
