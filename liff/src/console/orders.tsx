import { useState } from "preact/hooks";
import { apiErrorText } from "../i18n/error-text";
import type { Order, OrderStatus, Store } from "./api";
import { dateTime, money, shortId } from "./format";
import type { Ctx } from "./nav";
import { Chip, ConfirmDialog, Icon, orderTone } from "./ui";

const STATUSES: OrderStatus[] = ["cart", "confirmed", "paid", "picked_up", "cancelled", "expired"];
type Action = "paid" | "picked_up" | "cancelled";

/** Which changes the server allows from which status (worker/src/features/live/orders.ts). */
const ALLOWED: Record<Action, OrderStatus[]> = {
  paid: ["confirmed"],
  picked_up: ["confirmed", "paid"],
  cancelled: ["cart", "confirmed"],
};

/** 訂單: filter by status, mark paid / picked up, cancel behind a confirmation, picking list. */
export function OrdersTable(props: {
  ctx: Ctx;
  saleId: string;
  orders: Order[] | null;
  stores: Map<string, Store>;
  onChanged: () => void;
}) {
  const { ctx, orders } = props;
  const { t, lang, api } = ctx;
  const [filter, setFilter] = useState<OrderStatus | "all">("all");
  const [busy, setBusy] = useState<string | null>(null);
  const [cancelling, setCancelling] = useState<Order | null>(null);

  const act = async (order: Order, to: Action) => {
    setBusy(order.id);
    try {
      await api.setOrderStatus(props.saleId, order.id, to);
      ctx.toast(t.done[to] ?? "");
      props.onChanged();
    } catch (e) {
      ctx.toast(apiErrorText(e, lang), "error");
    } finally {
      setBusy(null);
      setCancelling(null);
    }
  };

  const download = async () => {
    try {
      const blob = await api.pickingCsv(props.saleId);
      const url = URL.createObjectURL(blob);
      const a = document.createElement("a");
      a.href = url;
      a.download = `picking-${props.saleId}.csv`;
      document.body.appendChild(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (e) {
      ctx.toast(apiErrorText(e, lang), "error");
    }
  };

  const counts = new Map<string, number>();
  for (const o of orders ?? []) counts.set(o.status, (counts.get(o.status) ?? 0) + 1);
  const shown = (orders ?? []).filter((o) => filter === "all" || o.status === filter);

  return (
    <section class="card" aria-labelledby="orders-title">
      <div class="card-head card-head-wrap">
        <h2 id="orders-title" class="card-title">
          {t.ordersTitle}
        </h2>
        <fieldset class="tabs">
          <legend class="visually-hidden">{t.filterLabel}</legend>
          <button
            type="button"
            class="tab"
            aria-pressed={filter === "all"}
            data-testid="orders-filter"
            data-status="all"
            onClick={() => setFilter("all")}
          >
            {t.filterAll} <span class="tab-count">{orders?.length ?? 0}</span>
          </button>
          {STATUSES.map((s) => (
            <button
              key={s}
              type="button"
              class="tab"
              aria-pressed={filter === s}
              data-testid="orders-filter"
              data-status={s}
              onClick={() => setFilter(s)}
            >
              {t.orderStatus[s]} <span class="tab-count">{counts.get(s) ?? 0}</span>
            </button>
          ))}
        </fieldset>
        <button
          type="button"
          class="btn btn-secondary btn-sm push-end"
          data-testid="picking-csv"
          title={t.pickingHint}
          onClick={download}
        >
          <Icon name="download" size={16} />
          {t.picking}
        </button>
      </div>
      <div class="table-wrap">
        <table class="table" data-testid="orders-table">
          <thead>
            <tr>
              <th scope="col">{t.colOrder}</th>
              <th scope="col">{t.colBuyer}</th>
              <th scope="col">{t.colItems}</th>
              <th scope="col" class="num">
                {t.colTotal}
              </th>
              <th scope="col">{t.colFulfilment}</th>
              <th scope="col">{t.colStatus}</th>
              <th scope="col" class="actions-col">
                {t.colActions}
              </th>
            </tr>
          </thead>
          <tbody>
            {orders && shown.length === 0 && (
              <tr>
                <td colSpan={7} class="empty">
                  {t.noOrders}
                </td>
              </tr>
            )}
            {shown.map((o) => {
              const store = o.pickupStoreId ? props.stores.get(o.pickupStoreId) : undefined;
              const can = (a: Action) => ALLOWED[a].includes(o.status);
              return (
                <tr key={o.id} data-testid="order-row" data-order-id={o.id} data-status={o.status}>
                  <td class="nowrap">
                    <span class="mono" title={o.id}>
                      #{shortId(o.id)}
                    </span>
                    <div class="sub">{dateTime(o.createdAt, lang)}</div>
                  </td>
                  <td>
                    <div class="strong">{o.buyer.name || "—"}</div>
                    <div class="sub">{t.platform[o.buyer.platform] ?? o.buyer.platform}</div>
                  </td>
                  <td>
                    {o.lines.length === 0 && <span class="muted">—</span>}
                    <ul class="lines">
                      {o.lines.map((l) => (
                        <li key={`${l.code}-${l.variant ?? ""}-${l.status}-${l.position ?? 0}`}>
                          <span class="code-badge code-badge-sm">{l.code}</span> {l.name}
                          {l.variant ? <span class="muted"> {l.variant}</span> : null} ×{l.qty}
                          {l.status === "waitlisted" && (
                            <span class="wait-tag"> {t.waitlistPos(l.position ?? 0)}</span>
                          )}
                        </li>
                      ))}
                    </ul>
                  </td>
                  <td class="num strong">{money(o.total)}</td>
                  <td>
                    {o.fulfilment ? (
                      <>
                        <div>
                          {o.fulfilment === "pickup" ? t.pickup : t.delivery}
                          {store ? ` · ${store.name}` : ""}
                        </div>
                        <div class="sub">
                          {o.paymentMethod ? (t.payment[o.paymentMethod] ?? o.paymentMethod) : ""}
                        </div>
                      </>
                    ) : (
                      <>
                        <div class="muted">{t.notCheckedOut}</div>
                        {o.status === "cart" && (
                          <div class="sub">{t.holdUntil(dateTime(o.expiresAt, lang))}</div>
                        )}
                      </>
                    )}
                  </td>
                  <td>
                    <Chip tone={orderTone(o.status)} testId="order-status">
                      {t.orderStatus[o.status]}
                    </Chip>
                  </td>
                  <td class="actions-col">
                    <div class="row-actions">
                      {can("paid") && (
                        <button
                          type="button"
                          class="btn btn-primary btn-sm"
                          disabled={busy === o.id}
                          data-testid="mark-paid"
                          aria-label={`${t.markPaid} #${shortId(o.id)}`}
                          onClick={() => act(o, "paid")}
                        >
                          {t.markPaid}
                        </button>
                      )}
                      {can("picked_up") && (
                        <button
                          type="button"
                          class="btn btn-secondary btn-sm"
                          disabled={busy === o.id}
                          data-testid="mark-picked-up"
                          aria-label={`${t.markPickedUp} #${shortId(o.id)}`}
                          onClick={() => act(o, "picked_up")}
                        >
                          {t.markPickedUp}
                        </button>
                      )}
                      {can("cancelled") && (
                        <button
                          type="button"
                          class="btn btn-ghost-danger btn-sm"
                          disabled={busy === o.id}
                          data-testid="cancel-order"
                          aria-label={`${t.cancelOrder} #${shortId(o.id)}`}
                          onClick={() => setCancelling(o)}
                        >
                          {t.cancelOrder}
                        </button>
                      )}
                    </div>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <ConfirmDialog
        open={cancelling !== null}
        title={t.cancelTitle}
        body={t.cancelConfirm(cancelling?.buyer.name || "—")}
        confirm={t.doCancel}
        cancel={t.keep}
        danger
        busy={busy !== null}
        onConfirm={() => cancelling && void act(cancelling, "cancelled")}
        onClose={() => setCancelling(null)}
      />
    </section>
  );
}
