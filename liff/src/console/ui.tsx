/** Small building blocks of the console: chips, dialogs, toasts, icons. */
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
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const opener = useRef<Element | null>(null);
  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (props.open && !d.open) {
      opener.current = document.activeElement;
      d.showModal();
      d.querySelector<HTMLButtonElement>("[data-autofocus]")?.focus();
    } else if (!props.open && d.open) {
      d.close();
      (opener.current as HTMLElement | null)?.focus?.();
    }
  }, [props.open]);
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
