import { useRef, useState } from "preact/hooks";
import { api, type Schemas } from "../../api";
import { fmtDateTime, fmtMoney } from "../../i18n";
import { platformReady } from "../../platform";
import { groupCode } from "../../ui/codes";
import { Icon } from "../../ui/icons";
import { Button, ErrorBox } from "../../ui/kit";
import { pickupRefusal, tp } from "./pickup-messages";

export type Pickup = Schemas["StorePickup"];
type Step = "preparing" | "ready" | "picked-up";

/** As typed or scanned: full-width as ASCII, the spaces and hyphens of a printed code left out. */
const normalCode = (s: string) => s.normalize("NFKC").replace(/[\s-]/g, "");
/** A member card's code (digits); anything else typed is read as the order's pickup code. */
const isMemberCode = (s: string) => /^\d{12,20}$/.test(s);

/**
 * One pickup order: number, customer, items, total, when paid / told; its next step as one button
 * (a double tap sends once). 完成取貨 opens the proof: the member card scanned, or its number or
 * the pickup code typed — a refusal is said under the field and the text stays as typed.
 */
export function PickupCard(props: {
  p: Pickup;
  overdueDays: number;
  onDone: (p: Pickup, step: Step) => void;
  onStale: () => void;
}) {
  const { p } = props;
  const [busy, setBusy] = useState(false);
  const sending = useRef(false);
  const [error, setError] = useState<string | null>(null);
  const [proving, setProving] = useState(false);
  const [code, setCode] = useState("");
  const [codeError, setCodeError] = useState<string | null>(null);
  const fieldId = `pickup-code-${p.id}`;
  const focusField = () => requestAnimationFrame(() => document.getElementById(fieldId)?.focus());

  const run = async (step: Step, proof?: string) => {
    if (sending.current) return;
    sending.current = true;
    setBusy(true);
    setError(null);
    setCodeError(null);
    try {
      const path = { id: p.id };
      const done =
        step === "preparing"
          ? await api("post", "/api/staff/pickups/{id}/preparing", { path, body: {} })
          : step === "ready"
            ? await api("post", "/api/staff/pickups/{id}/ready", { path, body: {} })
            : await api("post", "/api/staff/pickups/{id}/picked-up", {
                path,
                body: proof && isMemberCode(proof) ? { memberCode: proof } : { pickupCode: proof ?? "" },
              });
      props.onDone(done, step);
    } catch (e) {
      const r = pickupRefusal(e);
      if (r.field && step === "picked-up") {
        setCodeError(r.text);
        focusField();
      } else setError(r.text);
      if (r.reload) props.onStale();
    } finally {
      sending.current = false;
      setBusy(false);
    }
  };

  const submitProof = (raw: string) => {
    const value = normalCode(raw);
    if (!value) {
      setCodeError(tp("pickup.err.required"));
      return focusField();
    }
    void run("picked-up", value);
  };
  const scan = async () => {
    const value = await (await platformReady).scan();
    if (value) {
      setCode(value);
      submitProof(value);
    } else {
      setCodeError(tp("pickup.err.scan"));
      focusField();
    }
  };

  const items = p.lines.reduce((n, l) => n + l.quantity, 0);
  return (
    <li
      class={p.overdue ? "panel pickup-card overdue" : "panel pickup-card"}
      data-testid={`pickup-${p.orderId}`}
    >
      <div class="pickup-head">
        <strong class="pickup-no">{tp("pickup.order", { id: p.orderId })}</strong>
        {p.overdue ? (
          <span class="pickup-flag" data-testid="pickup-overdue">
            <Icon name="alert" size={16} />
            {tp("pickup.overdue", { days: props.overdueDays })}
          </span>
        ) : (
          <span class={`pickup-badge state-${p.pickupState}`}>{tp(`pickup.tab.${tabOf(p)}`)}</span>
        )}
      </div>
      <p class="pickup-who">
        {p.member ? (
          <>
            <strong>{p.member.displayName ?? "—"}</strong>
            <span class="muted small">{groupCode(p.member.memberCode)}</span>
          </>
        ) : (
          <span class="muted">{tp("pickup.guest")}</span>
        )}
      </p>
      <ul class="pickup-lines" aria-label={tp("pickup.items", { n: items })}>
        {p.lines.map((l) => (
          <li key={l.sku}>
            <span class="pickup-item">
              {l.name} <span class="muted">×{l.quantity}</span>
            </span>
            <span class="num">{fmtMoney(l.price * l.quantity)}</span>
          </li>
        ))}
        <li class="pickup-total">
          <span class="pickup-item">{tp("pickup.total")}</span>
          <strong class="num">{fmtMoney(p.total)}</strong>
        </li>
      </ul>
      <p class="muted small">
        {p.readyAt
          ? tp("pickup.readyAt", { time: fmtDateTime(p.readyAt) })
          : p.paidAt
            ? tp("pickup.paidAt", { time: fmtDateTime(p.paidAt) })
            : null}
      </p>
      {p.overdue ? (
        <p class="notice-inline">{tp("pickup.overdueHint", { days: props.overdueDays })}</p>
      ) : null}
      {error ? (
        <div data-testid="pickup-error">
          <ErrorBox message={error} />
        </div>
      ) : null}
      {p.pickupState === "waiting" ? (
        <Button onClick={() => run("preparing")} busy={busy} testid="pickup-prepare">
          {busy ? tp("pickup.working") : tp("pickup.prepare")}
        </Button>
      ) : p.pickupState === "preparing" ? (
        <>
          <Button onClick={() => run("ready")} busy={busy} testid="pickup-notify">
            {busy ? tp("pickup.working") : tp("pickup.notify")}
          </Button>
          <p class="muted small">{tp("pickup.notifyHint")}</p>
        </>
      ) : p.pickupState === "ready" && !proving ? (
        <Button
          onClick={() => {
            setProving(true);
            focusField();
          }}
          testid="pickup-complete"
        >
          {tp("pickup.complete")}
        </Button>
      ) : p.pickupState === "ready" ? (
        <form
          class="pickup-proof form"
          onSubmit={(e) => {
            e.preventDefault();
            submitProof(code);
          }}
        >
          <h3 class="panel-title">{tp("pickup.completeTitle")}</h3>
          <Button kind="secondary" onClick={scan} testid="pickup-scan">
            <Icon name="scan" />
            {tp("pickup.scan")}
          </Button>
          <div class={codeError ? "field has-error" : "field"}>
            <label for={fieldId}>{tp("pickup.codeLabel")}</label>
            <input
              id={fieldId}
              autoComplete="off"
              autoCapitalize="characters"
              enterKeyHint="done"
              placeholder="8800 0000 0000 0001"
              value={code}
              aria-invalid={codeError ? "true" : undefined}
              aria-describedby={`${fieldId}-hint${codeError ? ` ${fieldId}-error` : ""}`}
              data-testid="pickup-code"
              onInput={(e) => {
                setCode((e.target as HTMLInputElement).value);
                setCodeError(null);
              }}
            />
            {codeError ? (
              <p class="field-error" id={`${fieldId}-error`} role="alert" data-testid="pickup-code-error">
                {codeError}
              </p>
            ) : null}
            <p class="field-hint" id={`${fieldId}-hint`}>
              {tp("pickup.codeHint")}
            </p>
          </div>
          <Button type="submit" busy={busy} testid="pickup-confirm">
            {busy ? tp("pickup.working") : tp("pickup.confirm")}
          </Button>
          <Button kind="ghost" onClick={() => setProving(false)}>
            {tp("pickup.cancel")}
          </Button>
        </form>
      ) : null}
    </li>
  );
}

export type Tab = "waiting" | "preparing" | "ready" | "overdue";
export const TABS: Tab[] = ["waiting", "preparing", "ready", "overdue"];
/** The tab an order is listed under. */
export const tabOf = (p: Pickup): Tab =>
  p.overdue ? "overdue" : p.pickupState === "picked_up" ? "ready" : p.pickupState;
