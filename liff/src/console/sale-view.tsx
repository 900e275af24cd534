import { useCallback, useEffect, useMemo, useState } from "preact/hooks";
import { apiErrorText } from "../i18n/error-text";
import { ApiError, type MessageCost, type Order, type Sale, type Store } from "./api";
import { CommentsFeed, Rehearse } from "./comments";
import { count, money } from "./format";
import type { Strings } from "./i18n";
import { type Ctx, href } from "./nav";
import { OrdersTable } from "./orders";
import { TallyGrid, useTallyStream } from "./tally";
import { Chip, ConfirmDialog, Icon, saleTone } from "./ui";

const ORDERS_POLL_MS = 5000;
const REVENUE = new Set(["confirmed", "paid", "picked_up"]);

/** The seller's live screen: open/close, the tally as it moves, comments, orders, message cost. */
export function SaleView(props: { ctx: Ctx; id: string; ingestKey: string | null; onKeySaved: () => void }) {
  const { ctx, id } = props;
  const { t, lang, api } = ctx;
  const [sale, setSale] = useState<Sale | null>(null);
  const [error, setError] = useState("");
  const [orders, setOrders] = useState<Order[] | null>(null);
  const [cost, setCost] = useState<MessageCost | null>(null);
  const [stores, setStores] = useState<Map<string, Store>>(new Map());
  const [confirming, setConfirming] = useState<"open" | "close" | null>(null);
  const [busy, setBusy] = useState(false);
  const tally = useTallyStream(id, async () => (await api.tally(id)).products);

  useEffect(() => {
    api
      .sale(id)
      .then(setSale, (e: Error) =>
        setError(e instanceof ApiError && e.status === 404 ? t.notFound : apiErrorText(e, lang)),
      );
    api.stores().then(
      (r) => setStores(new Map(r.stores.map((s) => [s.id, s]))),
      () => {},
    );
  }, [api, id]);

  const loadOrders = useCallback(async () => {
    try {
      const [o, m] = await Promise.all([api.orders(id), api.messages(id)]);
      setOrders(o.orders);
      setCost(m);
    } catch {
      // the next poll tries again
    }
  }, [api, id]);

  useEffect(() => {
    void loadOrders();
    const timer = setInterval(
      () => document.visibilityState === "visible" && void loadOrders(),
      ORDERS_POLL_MS,
    );
    return () => clearInterval(timer);
  }, [loadOrders]);
  useEffect(() => {
    if (tally.version > 0) void loadOrders();
  }, [tally.version, loadOrders]);

  const setStatus = async (action: "open" | "close") => {
    setBusy(true);
    try {
      setSale(await api.setStatus(id, action));
    } catch (e) {
      ctx.toast(apiErrorText(e, lang), "error");
    } finally {
      setBusy(false);
      setConfirming(null);
    }
  };

  const totals = useMemo(() => {
    const rows = tally.rows ?? [];
    const sum = (f: (r: (typeof rows)[number]) => number) => rows.reduce((s, r) => s + f(r), 0);
    const live = (orders ?? []).filter((o) => o.status !== "cancelled" && o.status !== "expired");
    return {
      ordered: sum((r) => r.ordered),
      stock: sum((r) => r.stock),
      remaining: sum((r) => r.remaining),
      waitlisted: sum((r) => r.waitlisted),
      value: sum((r) => r.ordered * r.price),
      orders: live.length,
      revenue: (orders ?? []).filter((o) => REVENUE.has(o.status)).reduce((s, o) => s + o.total, 0),
    };
  }, [tally.rows, orders]);

  if (error) {
    return (
      <div class="page">
        <a class="crumb" href={href({ page: "sales" })}>
          <Icon name="back" size={16} />
          {t.allSales}
        </a>
        <h1 tabIndex={-1}>{t.error}</h1>
        <p class="banner banner-error" role="alert" data-testid="sale-error">
          {error}
        </p>
      </div>
    );
  }
  if (!sale) return <p class="page empty">{t.loading}</p>;

  return (
    <div class="page page-wide" data-testid="sale-view" data-sale-id={sale.id} data-status={sale.status}>
      <a class="crumb" href={href({ page: "sales" })}>
        <Icon name="back" size={16} />
        {t.allSales}
      </a>
      <div class="page-head">
        <div class="title-row">
          <h1 tabIndex={-1} data-testid="sale-title">
            {sale.title}
          </h1>
          <Chip tone={saleTone(sale.status)} testId="sale-status">
            {sale.status === "open" && <span class="dot" aria-hidden="true" />}
            {t.saleStatus[sale.status]}
          </Chip>
          <span
            class={`stream ${tally.connected ? "stream-on" : "stream-off"}`}
            data-testid="stream-status"
            data-connected={tally.connected ? "true" : "false"}
            role="status"
          >
            <span class="stream-dot" aria-hidden="true" />
            {tally.connected ? t.live : t.reconnecting}
          </span>
        </div>
        <div class="page-actions">
          {sale.status === "draft" && (
            <button
              type="button"
              class="btn btn-primary"
              data-testid="open-sale"
              disabled={busy}
              onClick={() => setConfirming("open")}
            >
              <Icon name="play" size={16} />
              {t.open}
            </button>
          )}
          {sale.status === "open" && (
            <button
              type="button"
              class="btn btn-danger"
              data-testid="close-sale"
              disabled={busy}
              onClick={() => setConfirming("close")}
            >
              <Icon name="stop" size={16} />
              {t.close}
            </button>
          )}
        </div>
      </div>

      {props.ingestKey && (
        <IngestKey t={t} saleId={sale.id} value={props.ingestKey} onDone={props.onKeySaved} />
      )}
      {sale.status !== "open" && (
        <p class="banner banner-info" data-testid="status-hint">
          {sale.status === "draft" ? t.draftHint : t.closedHint}
        </p>
      )}

      <dl class="stats" data-testid="stats">
        <Stat
          label={t.statOrdered}
          value={t.units(totals.ordered)}
          sub={t.inStock(totals.stock)}
          testId="stat-ordered"
        />
        <Stat label={t.statRemaining} value={t.units(totals.remaining)} testId="stat-remaining" />
        <Stat
          label={t.statWaitlisted}
          value={t.units(totals.waitlisted)}
          testId="stat-waitlisted"
          warn={totals.waitlisted > 0}
        />
        <Stat label={t.statOrderedValue} value={money(totals.value)} testId="stat-value" />
        <Stat label={t.statOrders} value={count(totals.orders)} testId="stat-orders" />
        <Stat
          label={t.statRevenue}
          value={money(totals.revenue)}
          sub={t.statRevenueHint}
          testId="stat-revenue"
        />
        <MessageStat t={t} cost={cost} />
      </dl>

      <div class="live-grid">
        <section class="card card-pad tally-card" aria-labelledby="tally-title">
          <div class="card-head card-head-flat">
            <h2 id="tally-title" class="card-title">
              {t.tallyTitle}
            </h2>
            <span class="hint">{t.tallyLead}</span>
          </div>
          {tally.rows ? (
            <TallyGrid t={t} rows={tally.rows} sale={sale} changed={tally.changed} />
          ) : (
            <p class="empty">{t.loading}</p>
          )}
        </section>
        <div class="side">
          <CommentsFeed ctx={ctx} saleId={sale.id} version={tally.version} />
          {sale.status === "open" && (
            <Rehearse ctx={ctx} saleId={sale.id} onPosted={() => void loadOrders()} />
          )}
        </div>
      </div>

      <OrdersTable
        ctx={ctx}
        saleId={sale.id}
        orders={orders}
        stores={stores}
        onChanged={() => void loadOrders()}
      />

      <ConfirmDialog
        open={confirming !== null}
        title={confirming === "close" ? t.closeConfirmTitle : t.openConfirmTitle}
        body={confirming === "close" ? t.closeConfirm : t.openConfirm}
        confirm={confirming === "close" ? t.close : t.open}
        cancel={t.cancel}
        danger={confirming === "close"}
        busy={busy}
        onConfirm={() => confirming && void setStatus(confirming)}
        onClose={() => setConfirming(null)}
      />
    </div>
  );
}

function Stat(props: { label: string; value: string; sub?: string; testId: string; warn?: boolean }) {
  return (
    <div class={`stat${props.warn ? " stat-warn" : ""}`} data-testid={props.testId}>
      <dt>{props.label}</dt>
      <dd>
        <span class="stat-value">{props.value}</span>
        {props.sub && <span class="stat-sub">{props.sub}</span>}
      </dd>
    </div>
  );
}

function MessageStat({ t, cost }: { t: Strings; cost: MessageCost | null }) {
  return (
    <div class="stat" data-testid="stat-messages">
      <dt>{t.messagesTitle}</dt>
      <dd>
        <span class="stat-value stat-split">
          <span title={t.messagesFree}>
            <span class="stat-key">{t.messagesFree}</span> {cost ? count(cost.free) : "—"}
          </span>
          <span title={t.messagesCounted}>
            <span class="stat-key">{t.messagesCounted}</span> {cost ? count(cost.countedRequests) : "—"}
          </span>
        </span>
        {cost && (
          <span class="stat-sub">
            {t.messagesRecipients(cost.countedRecipients)}
            {cost.queued > 0 ? ` · ${t.messagesQueued(cost.queued)}` : ""}
            {cost.failed > 0 ? ` · ${t.messagesFailed(cost.failed)}` : ""}
          </span>
        )}
      </dd>
    </div>
  );
}

/** The ingestion key, shown once after the sale is made, with a copy button. */
function IngestKey(props: { t: Strings; saleId: string; value: string; onDone: () => void }) {
  const { t } = props;
  const [copied, setCopied] = useState<"" | "ok" | "fail">("");
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(props.value);
      setCopied("ok");
    } catch {
      const input = document.getElementById("ingest-key") as HTMLInputElement | null;
      input?.select();
      setCopied("fail");
    }
  };
  return (
    <section class="callout" aria-labelledby="key-title" data-testid="ingest-key-callout">
      <div class="callout-icon" aria-hidden="true">
        <Icon name="key" size={20} />
      </div>
      <div class="grow">
        <h2 id="key-title" class="callout-title">
          {t.createdTitle} · {t.keyTitle}
        </h2>
        <p class="hint">{t.keyLead.replace("{id}", props.saleId)}</p>
        <div class="key-row">
          <label class="visually-hidden" for="ingest-key">
            {t.keyLabel}
          </label>
          <input
            id="ingest-key"
            class="input mono"
            readOnly
            value={props.value}
            data-testid="ingest-key"
            onFocus={(e) => e.currentTarget.select()}
          />
          <button type="button" class="btn btn-secondary" data-testid="copy-key" onClick={copy}>
            <Icon name="copy" size={16} />
            {copied === "ok" ? t.copied : t.copy}
          </button>
          <button type="button" class="btn btn-primary" data-testid="key-done" onClick={props.onDone}>
            {t.keyDone}
          </button>
        </div>
        {copied === "fail" && <p class="field-error">{t.copyFailed}</p>}
        {copied === "ok" && (
          <p class="visually-hidden" role="status">
            {t.copied}
          </p>
        )}
      </div>
    </section>
  );
}
