import { useMemo, useRef, useState } from "preact/hooks";
import { ApiError, api, type Schemas } from "../../api";
import { fmtMoney, fmtNumber, fmtTime, lang, t } from "../../i18n";
import { groupCode } from "../../ui/codes";
import { Button, Dialog, ErrorBox, Notice } from "../../ui/kit";
import { apiRefusal, parseWhole, type WholeRefusal } from "../../whole-number";
import { ts, wholeMessage } from "./messages";
import { NumberField } from "./number-field";
import { requestId } from "./purchase-form";
import "./refund.css";
import { apiErrorText } from "../../../i18n/error-text";

type Refund = Schemas["Refund"];

/** The purchase being refunded, as the page knows it (just recorded, or a row of today's list). */
export interface RefundTarget {
  id: string;
  paid: number;
  pointsEarned: number;
  memberCode: string | null;
  at?: string;
  /** Already refunded, when known (today's list does not say yet). */
  refunded?: number;
}

/** A card code in groups of four; today's list masks it (…9722), which stays as it is. */
const showCode = (code: string) => (/^\d+$/.test(code) ? groupCode(code) : code);

/** round(earned × amount / paid): what the server reverses for a first refund (a preview only). */
export const pointsBack = (earned: number, amount: number, paid: number) =>
  paid > 0 ? Math.floor((2 * earned * amount + paid) / (2 * paid)) : 0;

/**
 * 退款: full (all not yet refunded) or part of a purchase, with a reason, confirmed in a dialog.
 * One refund id is made when the form opens, so a double tap or a retry after a lost answer is
 * one refund (the server replays it). The result says what went back: money, points, shortfall.
 */
export function RefundForm(props: { purchase: RefundTarget; onClose: (refunded: boolean) => void }) {
  const p = props.purchase;
  const refundId = useMemo(requestId, []);
  const [left, setLeft] = useState(p.paid - (p.refunded ?? 0));
  const [mode, setMode] = useState<"full" | "partial">("full");
  const [amountText, setAmountText] = useState("");
  const [reason, setReason] = useState("");
  const [amountError, setAmountError] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<Refund | null>(null);
  const sending = useRef(false);
  // Strictly read: `12.5` or `-100` is refused, never taken as 125 or 100.
  const amountR = parseWhole(amountText, { min: 1, max: left });
  const amount = amountR.ok ? amountR.value : 0;
  const known = p.refunded !== undefined;
  const money = mode === "full" ? left : amount;
  const points = pointsBack(p.pointsEarned, money, p.paid);
  /** Out of range (or empty) says the range; a value that is not a whole number says that. */
  const amountMessage = (r: { reason: WholeRefusal; min: number; max: number }) =>
    r.reason === "EMPTY" || r.reason === "TOO_SMALL" || r.reason === "TOO_LARGE"
      ? ts("refund.err.amount", { max: fmtMoney(left) })
      : wholeMessage("money", r);

  const review = (e: Event) => {
    e.preventDefault();
    setError(null);
    if (mode === "partial" && !amountR.ok) {
      setAmountError(amountMessage(amountR));
      document.getElementById("r-amount")?.focus();
      return;
    }
    setAmountError(null);
    setConfirming(true);
  };

  const refund = async () => {
    if (sending.current) return;
    sending.current = true;
    setBusy(true);
    try {
      const r = await api("post", "/api/staff/purchases/{id}/refund", {
        path: { id: p.id },
        body: {
          refundId,
          ...(mode === "partial" ? { amount } : {}),
          ...(reason.trim() ? { reason: reason.trim() } : {}),
        },
      });
      setDone(r);
      setConfirming(false);
    } catch (err) {
      setConfirming(false);
      const reason = err instanceof ApiError ? err.reason : undefined;
      const field = err instanceof ApiError ? apiRefusal(err.details) : null;
      if (field?.field === "amount") {
        setMode("partial");
        setAmountError(amountMessage(field));
      } else if (reason === "ALREADY_REFUNDED") {
        setLeft(0);
        setError(ts("refund.err.ALREADY_REFUNDED"));
      } else if (reason === "MORE_THAN_PAID" && err instanceof ApiError) {
        const refundable = (err.details as { refundable?: unknown } | undefined)?.refundable;
        const now = typeof refundable === "number" ? refundable : left;
        setLeft(now);
        setMode("partial");
        setAmountError(ts("refund.err.MORE_THAN_PAID", { amount: fmtMoney(now) }));
      } else if (err instanceof ApiError && err.status === 403) setError(ts("refund.err.forbidden"));
      else if (err instanceof ApiError && err.status === 404) setError(ts("refund.err.notFound"));
      else if (err instanceof ApiError && err.status < 500) setError(apiErrorText(err, lang()));
      else setError(t("app.error")); // the same refund id goes again on retry: still one refund
    } finally {
      sending.current = false;
      setBusy(false);
    }
  };

  if (done) return <RefundDone refund={done} onClose={() => props.onClose(true)} />;
  return (
    <form class="panel form refund" onSubmit={review} noValidate data-testid="refund-form">
      <h2 class="panel-title">{ts("refund.title")}</h2>
      <div class="refund-purchase">
        <strong>{ts("refund.purchase", { paid: fmtMoney(p.paid) })}</strong>
        <span class="muted small">
          {[p.at ? fmtTime(p.at) : null, p.memberCode ? showCode(p.memberCode) : null]
            .filter(Boolean)
            .join(" · ")}
        </span>
        <span class="muted small">{ts("refund.earned", { n: fmtNumber(p.pointsEarned) })}</span>
      </div>
      <fieldset class="field">
        <legend>{ts("refund.mode")}</legend>
        <label class="radio">
          <input
            type="radio"
            name="refund-mode"
            checked={mode === "full"}
            onChange={() => setMode("full")}
            data-testid="refund-full"
          />
          <span>
            <strong>{ts("refund.full")}</strong>
            <span class="muted small block">
              {left <= 0
                ? ts("refund.nothingLeft")
                : known
                  ? ts("refund.fullHint", { amount: fmtMoney(left) })
                  : ts("refund.fullHintUnknown", { amount: fmtMoney(left) })}
            </span>
          </span>
        </label>
        <label class="radio">
          <input
            type="radio"
            name="refund-mode"
            checked={mode === "partial"}
            onChange={() => {
              setMode("partial");
              requestAnimationFrame(() => document.getElementById("r-amount")?.focus());
            }}
            data-testid="refund-partial"
          />
          <span>
            <strong>{ts("refund.partial")}</strong>
            <span class="muted small block">{ts("refund.partialHint")}</span>
          </span>
        </label>
      </fieldset>
      {mode === "partial" ? (
        <NumberField
          id="r-amount"
          label={ts("refund.amount")}
          value={amountText}
          big
          onInput={(v) => {
            setAmountText(v);
            setAmountError(null);
          }}
          hint={ts("refund.amountHint", { amount: fmtMoney(left) })}
          readAs={
            amountR.ok && amountR.readAs ? ts("input.readAs", { value: fmtMoney(amountR.value) }) : null
          }
          error={amountError ?? undefined}
          testid="refund-amount"
        />
      ) : null}
      <div class="field">
        <label for="r-reason">{ts("refund.reason")}</label>
        <input
          id="r-reason"
          maxLength={200}
          autoComplete="off"
          value={reason}
          aria-describedby="r-reason-hint"
          data-testid="refund-reason"
          onInput={(e) => setReason((e.target as HTMLInputElement).value)}
        />
        <div class="chips">
          {(["return", "faulty", "mistake"] as const).map((k) => {
            const text = ts(`refund.reason.${k}`);
            return (
              <button
                key={k}
                type="button"
                class={reason === text ? "chip on" : "chip"}
                aria-pressed={reason === text}
                onClick={() => setReason(text)}
              >
                {text}
              </button>
            );
          })}
        </div>
        <p class="field-hint" id="r-reason-hint">
          {ts("refund.reasonHint")}
        </p>
      </div>
      <p class="refund-note small">{ts("refund.note")}</p>
      {error ? (
        <div data-testid="refund-error">
          <ErrorBox message={error} />
        </div>
      ) : null}
      <Button type="submit" kind="danger" disabled={left <= 0} testid="refund-submit">
        {ts("refund.submit")}
      </Button>
      <Button kind="ghost" onClick={() => props.onClose(false)} testid="refund-cancel">
        {ts("refund.cancel")}
      </Button>

      <Dialog
        open={confirming}
        title={
          mode === "full" && !known
            ? ts("refund.confirmTitleFull")
            : ts("refund.confirmTitle", { amount: fmtMoney(money) })
        }
        onClose={() => !busy && setConfirming(false)}
        testid="refund-dialog"
      >
        <dl class="summary">
          <div>
            <dt>{ts("refund.confirmAmount")}</dt>
            <dd data-testid="refund-confirm-amount">
              {mode === "full" && !known ? ts("refund.confirmAmountFull") : fmtMoney(money)}
            </dd>
          </div>
          <div>
            <dt>{ts("refund.confirmPoints")}</dt>
            <dd>
              {p.pointsEarned <= 0
                ? ts("refund.confirmNoPoints")
                : mode === "full" && !known
                  ? ts("refund.confirmPointsUpTo", { n: fmtNumber(points) })
                  : ts("refund.confirmPointsAbout", { n: fmtNumber(points) })}
            </dd>
          </div>
          {reason.trim() ? (
            <div>
              <dt>{ts("refund.confirmReason")}</dt>
              <dd>{reason.trim()}</dd>
            </div>
          ) : null}
        </dl>
        <div class="dialog-actions">
          <Button kind="secondary" disabled={busy} onClick={() => setConfirming(false)}>
            {ts("refund.cancel")}
          </Button>
          <Button kind="danger" busy={busy} onClick={refund} testid="refund-confirm">
            {busy ? ts("refund.working") : ts("refund.confirm")}
          </Button>
        </div>
      </Dialog>
    </form>
  );
}

/** What the refund did: money back, points taken back, and any points the member had already spent. */
function RefundDone(props: { refund: Refund; onClose: () => void }) {
  const r = props.refund;
  const amount = fmtMoney(r.amount);
  return (
    <Notice
      icon="check"
      tone="ok"
      title={ts("refund.done", { amount })}
      body={ts("refund.doneBody", { amount })}
      testid="refund-done"
    >
      <dl class="summary refund-result">
        <div>
          <dt>{ts("refund.money")}</dt>
          <dd data-testid="refund-money">{amount}</dd>
        </div>
        <div>
          <dt>{ts("refund.pointsReversed")}</dt>
          <dd data-testid="refund-points">−{ts("refund.pointsUnit", { n: fmtNumber(r.pointsReversed) })}</dd>
        </div>
        {r.pointsShortfall > 0 ? (
          <div class="shortfall">
            <dt>{ts("refund.shortfall")}</dt>
            <dd data-testid="refund-shortfall">
              {ts("refund.pointsUnit", { n: fmtNumber(r.pointsShortfall) })}
            </dd>
          </div>
        ) : null}
        <div class="refund-sum">
          <dt>{ts("refund.total")}</dt>
          <dd data-testid="refund-total">
            {ts("refund.totalOf", {
              refunded: fmtMoney(r.purchase.refunded),
              paid: fmtMoney(r.purchase.paid),
            })}
          </dd>
        </div>
      </dl>
      {r.pointsShortfall > 0 ? (
        <p class="refund-note small" data-testid="refund-shortfall-note">
          {ts("refund.shortfallNote", { n: fmtNumber(r.pointsShortfall) })}
        </p>
      ) : null}
      <Button onClick={props.onClose} testid="refund-finish">
        {ts("refund.finish")}
      </Button>
    </Notice>
  );
}
