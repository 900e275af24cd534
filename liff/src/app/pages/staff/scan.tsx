import { useMemo, useRef, useState } from "preact/hooks";
import { ApiError, api, type Schemas } from "../../api";
import { fmtDate, fmtMoney, fmtNumber, t, useLang } from "../../i18n";
import { platformReady } from "../../platform";
import { groupCode } from "../../ui/codes";
import { Icon } from "../../ui/icons";
import { Button, ErrorBox, Notice } from "../../ui/kit";
import { useData } from "../../use-data";
import { apiRefusal, parseWhole } from "../../whole-number";
import { couponValue } from "../member/coupon-view";
import { ts, wholeMessage } from "./messages";
import { NumberField } from "./number-field";
import { PurchaseForm, requestId } from "./purchase-form";
import { RefundForm } from "./refund";
import { StaffShell } from "./shell";

type Member = Schemas["MemberSummary"];
type Purchase = Schemas["StorePurchase"];
type Step =
  | { kind: "idle" }
  | { kind: "member"; member: Member }
  | { kind: "purchase"; member: Member }
  | { kind: "purchased"; member: Member; purchase: Purchase }
  | { kind: "refund"; member: Member; purchase: Purchase }
  | { kind: "coupon"; code: string; member?: Member };

/**
 * A code as typed or scanned: full-width characters as ASCII and the group separators of a
 * printed card (spaces, hyphens), which are part of no code, left out. The page then shows the
 * member or the coupon it found.
 */
export const normalCode = (s: string) => s.normalize("NFKC").replace(/[\s-]/g, "");
const isMemberCode = (s: string) => /^\d{12,20}$/.test(normalCode(s));

/** Scan a member card (or a coupon) → summary → record a purchase (and refund it) or redeem a coupon. */
export default function StaffScanPage() {
  useLang();
  const [step, setStep] = useState<Step>({ kind: "idle" });
  return (
    <StaffShell section="staffScan" title={t("scan.title")}>
      {(me) =>
        !me.store ? (
          <Notice icon="lock" tone="warn" title={t("staff.noStore")} />
        ) : step.kind === "idle" ? (
          <ScanStart
            onMember={(m) => setStep({ kind: "member", member: m })}
            onCoupon={(code) => setStep({ kind: "coupon", code })}
          />
        ) : step.kind === "member" ? (
          <MemberView
            member={step.member}
            onRecord={() => setStep({ kind: "purchase", member: step.member })}
            onRedeem={(code) => setStep({ kind: "coupon", code, member: step.member })}
            onDone={() => setStep({ kind: "idle" })}
          />
        ) : step.kind === "purchase" ? (
          <PurchaseForm
            member={step.member}
            maxAmount={me.limits.maxAmount}
            onBack={() => setStep({ kind: "member", member: step.member })}
            onDone={(purchase) => setStep({ kind: "purchased", member: step.member, purchase })}
          />
        ) : step.kind === "purchased" ? (
          <Notice
            icon="check"
            tone="ok"
            testid="purchase-done"
            title={t("purchase.done")}
            body={t("purchase.doneBody", {
              paid: fmtMoney(step.purchase.paid),
              points: fmtNumber(step.purchase.pointsEarned),
            })}
          >
            <Button onClick={() => setStep({ kind: "idle" })} testid="scan-next">
              {t("scan.again")}
            </Button>
            <Button
              kind="secondary"
              onClick={() => setStep({ kind: "refund", member: step.member, purchase: step.purchase })}
              testid="refund-open"
            >
              {ts("refund.open")}
            </Button>
          </Notice>
        ) : step.kind === "refund" ? (
          <RefundForm
            purchase={{
              id: step.purchase.id,
              paid: step.purchase.paid,
              pointsEarned: step.purchase.pointsEarned,
              memberCode: step.member.memberCode,
              refunded: 0,
            }}
            onClose={(refunded) =>
              setStep(
                refunded
                  ? { kind: "idle" }
                  : { kind: "purchased", member: step.member, purchase: step.purchase },
              )
            }
          />
        ) : (
          <RedeemView
            code={step.code}
            maxAmount={me.limits.maxAmount}
            onDone={() => setStep({ kind: "idle" })}
          />
        )
      }
    </StaffShell>
  );
}

function ScanStart(props: { onMember: (m: Member) => void; onCoupon: (code: string) => void }) {
  const [code, setCode] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const lookup = async (raw: string) => {
    const value = normalCode(raw);
    if (!value) return;
    setError(null);
    if (!isMemberCode(value)) return props.onCoupon(value.toUpperCase());
    setBusy(true);
    try {
      props.onMember(await api("get", "/api/staff/members/{code}", { path: { code: value } }));
    } catch (e) {
      setError(e instanceof ApiError && e.status === 404 ? t("scan.notFound") : t("app.error"));
    } finally {
      setBusy(false);
    }
  };
  const scan = async () => {
    const value = await (await platformReady).scan();
    if (value) await lookup(value);
    else {
      setError(t("scan.unavailable"));
      document.getElementById("scan-code")?.focus();
    }
  };
  return (
    <>
      <section class="scan-hero">
        <button type="button" class="scan-button" onClick={scan} data-testid="scan-button">
          <Icon name="scan" size={44} />
          <span>{t("scan.button")}</span>
        </button>
      </section>
      <form
        class="panel form"
        onSubmit={(e) => {
          e.preventDefault();
          void lookup(code);
        }}
      >
        <label for="scan-code" class="panel-title">
          {t("scan.manual")}
        </label>
        <div class="input-row">
          <input
            id="scan-code"
            inputMode="text"
            autoComplete="off"
            autoCapitalize="characters"
            placeholder="1234 5678 9012 3456"
            aria-label={t("scan.codeLabel")}
            value={code}
            data-testid="scan-input"
            onInput={(e) => setCode((e.target as HTMLInputElement).value)}
          />
          <Button type="submit" block={false} busy={busy} testid="scan-lookup">
            {t("scan.lookup")}
          </Button>
        </div>
        {error ? <ErrorBox message={error} /> : null}
      </form>
    </>
  );
}

function MemberView(props: {
  member: Member;
  onRecord: () => void;
  onRedeem: (code: string) => void;
  onDone: () => void;
}) {
  const m = props.member;
  return (
    <>
      <section class="member-summary" data-testid="member-summary">
        <div class="avatar" aria-hidden="true">
          {(m.displayName ?? "?").slice(0, 1)}
        </div>
        <div class="grow">
          <h2>{m.displayName ?? "—"}</h2>
          <p class="muted small">
            {groupCode(m.memberCode)} · {m.status === "guest" ? t("member.guest") : (m.homeStore ?? "")}
          </p>
        </div>
        <div class="summary-points">
          <strong data-testid="summary-points">{fmtNumber(m.points)}</strong>
          <span class="small">{t("member.points")}</span>
        </div>
      </section>
      <Button onClick={props.onRecord} testid="record-purchase">
        {t("member.record")}
      </Button>
      <section class="panel" aria-labelledby="mc">
        <h2 id="mc" class="panel-title">
          {t("member.coupons")}
        </h2>
        {m.coupons.length === 0 ? <p class="muted small">{t("member.noCoupons")}</p> : null}
        <ul class="list">
          {m.coupons.map((c) => (
            <li key={c.code} class="list-row">
              <span class="grow">
                <strong>{c.name}</strong>
                <span class="muted small">
                  {couponValue(c)} · {t("coupons.until", { date: fmtDate(c.expiresAt) })}
                </span>
              </span>
              <Button
                kind="secondary"
                block={false}
                onClick={() => props.onRedeem(c.code)}
                testid="redeem-open"
              >
                {t("member.redeem")}
              </Button>
            </li>
          ))}
        </ul>
      </section>
      <Button kind="ghost" onClick={props.onDone}>
        {t("scan.again")}
      </Button>
    </>
  );
}
/**
 * 核銷: the coupon as the server knows it (name, value, minimum spend), then one confirm. A coupon
 * with a minimum spend asks for the amount of the purchase it is used on, refused below it.
 */
function RedeemView(props: { code: string; maxAmount: number; onDone: () => void }) {
  const id = useMemo(requestId, []);
  const info = useData(
    () => api("get", "/api/staff/coupons/{code}", { path: { code: props.code } }),
    [props.code],
  );
  const [busy, setBusy] = useState(false);
  const sending = useRef(false);
  const [done, setDone] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [amountText, setAmountText] = useState("");
  const [amountError, setAmountError] = useState<string | undefined>(undefined);
  // Asked by the server when the look-up did not say (or not yet) that there is a minimum.
  const [askedMin, setAskedMin] = useState(0);
  const c = info.data;
  // Said before the confirm: a coupon already used, expired, void or for online use only.
  const unusable = !c
    ? null
    : c.status === "redeemed"
      ? "ALREADY_REDEEMED"
      : c.status === "expired"
        ? "EXPIRED"
        : c.status === "voided"
          ? "VOIDED"
          : c.channel === "online"
            ? "WRONG_CHANNEL"
            : null;
  const minSpend = c?.status === "issued" && c.minSpend > 0 ? c.minSpend : askedMin;
  const amountR = parseWhole(amountText, { min: 1, max: props.maxAmount });
  const focusAmount = () => requestAnimationFrame(() => document.getElementById("r-redeem-amount")?.focus());
  const amountMessage = (): string | undefined =>
    !amountR.ok
      ? wholeMessage("money", amountR)
      : amountR.value < minSpend
        ? ts("redeem.err.minSpend", { min: fmtMoney(minSpend) })
        : undefined;

  const redeem = async () => {
    if (sending.current) return;
    const local = minSpend > 0 ? amountMessage() : undefined;
    if (local) {
      setAmountError(local);
      return focusAmount();
    }
    sending.current = true;
    setBusy(true);
    setError(null);
    try {
      const r = await api("post", "/api/staff/coupons/redeem", {
        body: {
          code: props.code,
          requestId: id,
          ...(minSpend > 0 && amountR.ok ? { amount: amountR.value } : {}),
        },
      });
      setDone(r.name);
    } catch (e) {
      const d = (e instanceof ApiError ? e.details : undefined) as { minSpend?: unknown } | undefined;
      const field = e instanceof ApiError ? apiRefusal(e.details) : null;
      const reason =
        e instanceof ApiError ? (e.reason ?? (e.status === 404 ? "NOT_FOUND" : undefined)) : undefined;
      if (reason === "AMOUNT_REQUIRED" || reason === "MIN_SPEND_NOT_MET") {
        const min = typeof d?.minSpend === "number" ? d.minSpend : minSpend;
        setAskedMin(min);
        setAmountError(
          reason === "AMOUNT_REQUIRED"
            ? wholeMessage("money", { reason: "EMPTY", min: 1, max: props.maxAmount })
            : ts("redeem.err.minSpend", { min: fmtMoney(min) }),
        );
        focusAmount();
      } else if (field?.field === "amount") {
        setAmountError(wholeMessage("money", field));
        focusAmount();
      } else
        setError(
          reason
            ? t(`redeem.${reason}` as "redeem.EXPIRED")
            : e instanceof ApiError
              ? e.message
              : t("app.error"),
        );
    } finally {
      sending.current = false;
      setBusy(false);
    }
  };
  if (done)
    return (
      <Notice icon="check" tone="ok" title={t("redeem.done", { name: done })} testid="redeem-done">
        <Button onClick={props.onDone} testid="scan-next">
          {t("scan.again")}
        </Button>
      </Notice>
    );
  return (
    <section class="panel redeem form" data-testid="redeem-view">
      <h2 class="panel-title">{t("redeem.title")}</h2>
      {c ? (
        <div class="redeem-coupon" data-testid="redeem-coupon">
          <strong>{c.name}</strong>
          <span class="small">
            {ts("redeem.value", {
              value: couponValue(c),
              min:
                c.minSpend > 0 ? t("coupons.minSpend", { amount: fmtMoney(c.minSpend) }) : t("coupons.noMin"),
            })}
          </span>
          <span class="small" data-testid="redeem-channel">
            {t(`coupons.channel.${c.channel}` as "coupons.channel.both")}
          </span>
          <span class="small muted">{ts("redeem.until", { date: fmtDate(c.expiresAt) })}</span>
          {unusable ? (
            <span class="small redeem-unusable" data-testid="redeem-unusable">
              {t(`redeem.${unusable}` as "redeem.EXPIRED")}
            </span>
          ) : null}
        </div>
      ) : null}
      <p class="code-text">{props.code}</p>
      {minSpend > 0 ? (
        <NumberField
          id="r-redeem-amount"
          label={ts("redeem.amount")}
          value={amountText}
          big
          onInput={(v) => {
            setAmountText(v);
            setAmountError(undefined);
          }}
          hint={ts("redeem.amountHint", { min: fmtMoney(minSpend), max: fmtMoney(props.maxAmount) })}
          readAs={
            amountR.ok && amountR.readAs ? ts("input.readAs", { value: fmtMoney(amountR.value) }) : null
          }
          error={amountError}
          testid="redeem-amount"
        />
      ) : null}
      {error ? (
        <div data-testid="redeem-error">
          <ErrorBox message={error} />
        </div>
      ) : null}
      <Button onClick={redeem} busy={busy} disabled={!!error || !!unusable} testid="redeem-confirm">
        {busy ? t("redeem.working") : t("redeem.confirm")}
      </Button>
      <Button kind="ghost" onClick={props.onDone}>
        {t("scan.again")}
      </Button>
    </section>
  );
}
