/** Small building blocks of the console: chips, dialogs, toasts, icons, a text field. */
import type { ComponentChildren } from "preact";
import { useEffect, useRef } from "preact/hooks";

export type Tone = "green" | "amber" | "red" | "blue" | "gray" | "violet";

export function Chip(props: { tone: Tone; children: ComponentChildren; testId?: string; title?: string }) {
  return (
    <span class={`chip chip-${props.tone}`} data-testid={props.testId} title={props.title}>
      {props.children}
    </span>
  );
}

const SALE_TONE: Record<string, Tone> = { draft: "gray", open: "green", closed: "violet" };
export const saleTone = (status: string): Tone => SALE_TONE[status] ?? "gray";

const ORDER_TONE: Record<string, Tone> = {
  cart: "amber",
  confirmed: "blue",
  paid: "green",
  picked_up: "violet",
  cancelled: "gray",
  expired: "gray",
  // e-shop orders
  created: "amber",
  fulfilled: "violet",
  refunded: "gray",
};
export const orderTone = (status: string): Tone => ORDER_TONE[status] ?? "gray";

const OUTCOME_TONE: Record<string, Tone> = {
  ordered: "green",
  waitlisted: "amber",
  cancelled: "gray",
  ask: "blue",
  rejected: "red",
  ignored: "gray",
  duplicate: "gray",
};
export const outcomeTone = (outcome: string): Tone => OUTCOME_TONE[outcome] ?? "gray";

/**
 * A native <dialog> shown modally while `open`: on opening, focus goes to the first element
 * matching `focus` (if any); on closing, back to what had it before.
 */
export function useModal(open: boolean, focus?: string) {
  const ref = useRef<HTMLDialogElement>(null);
  const opener = useRef<Element | null>(null);
  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (open && !d.open) {
      opener.current = document.activeElement;
      d.showModal();
      if (focus) d.querySelector<HTMLElement>(focus)?.focus();
    } else if (!open && d.open) {
      d.close();
      (opener.current as HTMLElement | null)?.focus?.();
    }
  }, [open]);
  return ref;
}

/**
 * A modal confirmation on the native <dialog>: focus moves into it (the safe choice first),
 * Escape and the cancel button close it, focus returns to what opened it.
 */
export function ConfirmDialog(props: {
  open: boolean;
  title: string;
  body: string;
  confirm: string;
  cancel: string;
  danger?: boolean;
  busy?: boolean;
  onConfirm: () => void;
  onClose: () => void;
  /** More than the body: e.g. an option that goes with the confirmation. */
  children?: ComponentChildren;
}) {
  const ref = useModal(props.open, "[data-autofocus]");
  return (
    <dialog
      ref={ref}
      class="dialog"
      aria-labelledby="dialog-title"
      aria-describedby="dialog-body"
      data-testid="confirm-dialog"
      onCancel={(e) => {
        e.preventDefault();
        props.onClose();
      }}
    >
      <h2 id="dialog-title">{props.title}</h2>
      <p id="dialog-body">{props.body}</p>
      {props.children}
      <div class="dialog-actions">
        <button type="button" class="btn btn-secondary" data-autofocus onClick={props.onClose}>
          {props.cancel}
        </button>
        <button
          type="button"
          class={`btn ${props.danger ? "btn-danger" : "btn-primary"}`}
          disabled={props.busy}
          data-testid="confirm-ok"
          onClick={props.onConfirm}
        >
          {props.confirm}
        </button>
      </div>
    </dialog>
  );
}

export interface Toast {
  id: number;
  text: string;
  tone: "ok" | "error";
}

/** Toasts in a polite live region (errors assertive), bottom right, gone after a few seconds. */
export function Toasts(props: { toasts: Toast[]; onDismiss: (id: number) => void; dismissLabel: string }) {
  return (
    <div class="toasts" aria-live="polite" data-testid="toasts">
      {props.toasts.map((t) => (
        <div
          key={t.id}
          class={`toast toast-${t.tone}`}
          role={t.tone === "error" ? "alert" : "status"}
          data-testid="toast"
        >
          <span>{t.text}</span>
          <button
            type="button"
            class="toast-x"
            aria-label={props.dismissLabel}
            onClick={() => props.onDismiss(t.id)}
          >
            ×
          </button>
        </div>
      ))}
    </div>
  );
}

const PATHS: Record<string, string> = {
  live: "M4 8.5a8.5 8.5 0 0 1 0 7M20 8.5a8.5 8.5 0 0 1 0 7M7.5 10.5a4 4 0 0 1 0 3M16.5 10.5a4 4 0 0 1 0 3M12 12h.01",
  plus: "M12 5v14M5 12h14",
  back: "M15 18l-6-6 6-6",
  refresh: "M20 11a8 8 0 1 0-2.3 5.7M20 4v7h-7",
  download: "M12 4v11M7 10l5 5 5-5M5 20h14",
  copy: "M9 9h10v10H9zM5 15V5h10",
  play: "M8 5v14l11-7z",
  stop: "M7 7h10v10H7z",
  out: "M15 12H4M8 8l-4 4 4 4M13 4h6v16h-6",
  globe:
    "M12 3a9 9 0 1 0 0 18 9 9 0 0 0 0-18zM3 12h18M12 3c2.5 2.5 3.5 5.5 3.5 9s-1 6.5-3.5 9c-2.5-2.5-3.5-5.5-3.5-9s1-6.5 3.5-9z",
  trash: "M5 7h14M10 7V4h4v3M7 7l1 13h8l1-13",
  key: "M14 10a4 4 0 1 1-1.2-2.8L21 15v3h-3v-2h-2v-2h-2.2",
  chat: "M4 5h16v11H9l-5 4z",
  box: "M4 8l8-4 8 4v8l-8 4-8-4zM4 8l8 4 8-4M12 12v8",
  // the support pages
  inbox: "M4 13l2.5-8h11L20 13v6H4zM4 13h5l1 2h4l1-2h5",
  tag: "M4 4h8l8 8-8 8-8-8zM8.5 8.5h.01",
  book: "M5 5a2 2 0 0 1 2-2h12v16H7a2 2 0 0 0-2 2zM5 5v16M9 7h6",
  chart: "M4 20V4M4 20h16M8 16v-5M12 16V8M16 16v-3",
  sliders: "M4 6h10M18 6h2M4 12h4M12 12h8M4 18h12M14 4v4M8 10v4M16 16v4",
  search: "M11 4a7 7 0 1 0 0 14 7 7 0 0 0 0-14zM20 20l-4-4",
  clock: "M12 3a9 9 0 1 0 0 18 9 9 0 0 0 0-18zM12 7v5l3 2",
  user: "M12 4a4 4 0 1 0 0 8 4 4 0 0 0 0-8zM4 20c1.5-4 4.5-6 8-6s6.5 2 8 6",
  check: "M5 12l5 5 9-10",
  edit: "M4 20h4L19 9l-4-4L4 16zM13.5 6.5l4 4",
  send: "M4 12l16-8-6 16-3-7zM11 13l9-9",
  sparkle:
    "M12 3l1.8 5.2L19 10l-5.2 1.8L12 17l-1.8-5.2L5 10l5.2-1.8zM19 16l.8 2.2L22 19l-2.2.8L19 22l-.8-2.2L16 19l2.2-.8z",
  shield: "M12 3l8 3v6c0 4.5-3.4 8.3-8 9-4.6-.7-8-4.5-8-9V6zM9 12l2 2 4-4",
  bot: "M6 8h12a2 2 0 0 1 2 2v8a2 2 0 0 1-2 2H6a2 2 0 0 1-2-2v-8a2 2 0 0 1 2-2zM12 4v4M9 13v2M15 13v2",
  headset: "M4 14v-2a8 8 0 0 1 16 0v2M4 14h3v5H4zM17 14h3v5h-3zM20 19c0 1.5-2 2-5 2h-2",
  image: "M4 5h16v14H4zM4 16l5-5 4 4 3-3 4 4M15 9h.01",
  card: "M4 5h16v14H4zM4 10h16M8 15h4",
  x: "M6 6l12 12M18 6L6 18",
  store:
    "M4 9l1.5-5h13L20 9M4 9h16v2a2.5 2.5 0 0 1-5 0 2.5 2.5 0 0 1-6 0 2.5 2.5 0 0 1-5 0zM5 12v8h14v-8M10 20v-5h4v5",
  star: "M12 3l2.7 5.6 6.1.9-4.4 4.3 1 6.1-5.4-2.9-5.4 2.9 1-6.1L3.2 9.5l6.1-.9z",
  list: "M8 6h12M8 12h12M8 18h12M4 6h.01M4 12h.01M4 18h.01",
  flask: "M9 3h6M10 3v6l-5 9a2 2 0 0 0 2 3h10a2 2 0 0 0 2-3l-5-9V3M7.5 15h9",
  qr: "M4 4h6v6H4zM14 4h6v6h-6zM4 14h6v6H4zM14 14h2v2h-2zM18 14h2v2h-2zM14 18h2v2h-2zM18 18h2v2h-2zM16 16h2v2h-2z",
  printer: "M7 9V3h10v6M7 17H4v-6a2 2 0 0 1 2-2h12a2 2 0 0 1 2 2v6h-3M7 14h10v7H7z",
};

/** A 20 px stroke icon, decorative (the control next to it carries the name). */
export function Icon(props: { name: keyof typeof PATHS | string; size?: number }) {
  const s = props.size ?? 18;
  return (
    <svg
      class="icon"
      width={s}
      height={s}
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      stroke-width="2"
      stroke-linecap="round"
      stroke-linejoin="round"
      aria-hidden="true"
      focusable="false"
    >
      <path d={PATHS[props.name] ?? ""} />
    </svg>
  );
}

/** The brand mark: a green tile with "+1". */
export function BrandMark() {
  return (
    <svg class="brand-mark" width="28" height="28" viewBox="0 0 28 28" aria-hidden="true" focusable="false">
      <rect width="28" height="28" rx="7" fill="#0B6E4F" />
      <path d="M7 14h7M10.5 10.5v7" stroke="#fff" stroke-width="2.4" stroke-linecap="round" />
      <path d="M17.5 10.2l2.2-1.2v10" stroke="#fff" stroke-width="2.4" stroke-linecap="round" fill="none" />
    </svg>
  );
}

/**
 * A labelled one-line text field that keeps what was typed; its error (if any) under it, tied to
 * it by `aria-describedby`, the field marked invalid. Typing clears the error (`onInput`).
 */
export function TextField(props: {
  id: string;
  label: string;
  value: string;
  error: string;
  onInput: (value: string) => void;
  maxLength?: number;
  placeholder?: string;
  inputMode?: "text" | "decimal" | "numeric";
  testId?: string;
  errorTestId?: string;
}) {
  const errorId = `${props.id}-error`;
  return (
    <div class="field">
      <label class="field-label" for={props.id}>
        {props.label}
      </label>
      <input
        id={props.id}
        class="input"
        maxLength={props.maxLength}
        placeholder={props.placeholder}
        inputMode={props.inputMode}
        data-testid={props.testId}
        value={props.value}
        aria-invalid={props.error ? true : undefined}
        aria-describedby={props.error ? errorId : undefined}
        onInput={(e) => props.onInput(e.currentTarget.value)}
      />
      {props.error && (
        <p class="field-error" id={errorId} data-testid={props.errorTestId}>
          {props.error}
        </p>
      )}
    </div>
  );
}
