/**
 * What the store pages share: the API's types, a dialog that shows something once (a key, an
 * invite, a poster) with a close button, a read-only value with a copy button, and a QR code.
 */
import type { ComponentChildren } from "preact";
import { useState } from "preact/hooks";
import { Qr } from "../../app/ui/codes";
import type { Ctx } from "../nav";
import { useModal } from "../ui";
import type { Schemas } from "./shared";
import { STORE_TEXT, type StoreText } from "./store-strings";

export type Store = Schemas["Store"];
export type Staff = Schemas["Staff"];
export type StoreDetail = Schemas["StoreDetail"];
export type PosKey = Schemas["PosKey"];

export const useStoreText = (ctx: Ctx): StoreText => STORE_TEXT[ctx.lang];

/** A modal that shows a result (closed by its button or Escape); focus returns where it was. */
export function InfoDialog(props: {
  open: boolean;
  title: string;
  testId: string;
  close: string;
  onClose: () => void;
  wide?: boolean;
  actions?: ComponentChildren;
  children: ComponentChildren;
}) {
  const ref = useModal(props.open);
  return (
    <dialog
      ref={ref}
      class={`dialog bo-dialog${props.wide ? " bo-dialog-wide" : ""}`}
      aria-labelledby={`${props.testId}-title`}
      data-testid={props.testId}
      onCancel={(e) => {
        e.preventDefault();
        props.onClose();
      }}
    >
      <h2 id={`${props.testId}-title`}>{props.title}</h2>
      {props.children}
      <div class="dialog-actions">
        {props.actions}
        <button
          type="button"
          class="btn btn-primary"
          data-testid={`${props.testId}-close`}
          onClick={props.onClose}
        >
          {props.close}
        </button>
      </div>
    </dialog>
  );
}

/** A value to hand on (a key, a link): read-only, selected on focus, with a copy button. */
export function CopyValue(props: { id: string; label: string; value: string; s: StoreText; testId: string }) {
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(props.value);
      setCopied(true);
    } catch {
      (document.getElementById(props.id) as HTMLInputElement | null)?.select();
    }
  };
  return (
    <div class="field">
      <label class="field-label" for={props.id}>
        {props.label}
      </label>
      <div class="bo-copy">
        <input
          id={props.id}
          class="input mono"
          readOnly
          value={props.value}
          data-testid={props.testId}
          onFocus={(e) => e.currentTarget.select()}
        />
        <button type="button" class="btn btn-secondary" onClick={() => void copy()}>
          {copied ? props.s.copied : props.s.copy}
        </button>
      </div>
    </div>
  );
}

export const QrCode = Qr;
