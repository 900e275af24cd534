import { useCallback, useEffect, useState } from "preact/hooks";
import { apiErrorText } from "../i18n/error-text";
import type { SaleList, SaleStatus, SaleSummary } from "./api";
import { count, dateTime, money } from "./format";
import { type Ctx, href } from "./nav";
import { Chip, Icon, saleTone } from "./ui";

const FILTERS: Array<SaleStatus | undefined> = [undefined, "open", "draft", "closed"];

/** 直播銷售: every sale with its status and figures; refreshed every 15 s while visible. */
export function SalesList({ ctx }: { ctx: Ctx }) {
  const { t, lang, api } = ctx;
  const [status, setStatus] = useState<SaleStatus | undefined>();
  const [data, setData] = useState<SaleList | null>(null);
  const [error, setError] = useState("");
  const [more, setMore] = useState(false);

  const load = useCallback(async () => {
    try {
      setData(await api.listSales({ status }));
      setError("");
    } catch (e) {
      setError(apiErrorText(e, lang));
    }
  }, [api, status, lang]);

  useEffect(() => {
    setData(null);
    void load();
    const timer = setInterval(() => document.visibilityState === "visible" && void load(), 15_000);
    return () => clearInterval(timer);
  }, [load]);

  const loadMore = async () => {
    if (!data?.nextCursor) return;
    setMore(true);
    try {
      const next = await api.listSales({ status, before: data.nextCursor });
      setData({ sales: [...data.sales, ...next.sales], nextCursor: next.nextCursor });
    } catch (e) {
      ctx.toast(apiErrorText(e, lang), "error");
    } finally {
      setMore(false);
    }
  };

  return (
    <div class="page">
      <div class="page-head">
        <div>
          <h1 tabIndex={-1}>{t.salesTitle}</h1>
          <p class="lead">{t.salesLead}</p>
        </div>
        <div class="page-actions">
          <a class="btn btn-primary" href={href({ page: "new" })} data-testid="new-sale">
            <Icon name="plus" size={16} />
            {t.newSale}
          </a>
        </div>
      </div>

      <section class="card" aria-labelledby="sales-heading">
        <h2 id="sales-heading" class="visually-hidden">
          {t.salesTitle}
        </h2>
        <div class="card-toolbar">
          <fieldset class="tabs">
            <legend class="visually-hidden">{t.filterLabel}</legend>
            {FILTERS.map((f) => (
              <button
                key={f ?? "all"}
                type="button"
                class="tab"
                aria-pressed={status === f}
                data-testid="sales-filter"
                onClick={() => setStatus(f)}
              >
                {f ? t.saleStatus[f] : t.filterAll}
              </button>
            ))}
          </fieldset>
          <button type="button" class="btn btn-ghost btn-sm" onClick={() => void load()}>
            <Icon name="refresh" size={16} />
            {t.refresh}
          </button>
        </div>
        {error && (
          <p class="banner banner-error" role="alert">
            {error}
          </p>
        )}
        {!data && !error && <p class="empty">{t.loading}</p>}
        {data && data.sales.length === 0 && (
          <div class="empty" data-testid="no-sales">
            {status ? (
              <p>{t.noSalesFiltered}</p>
            ) : (
              <>
                <p class="empty-title">{t.noSales}</p>
                <p>{t.noSalesLead}</p>
              </>
            )}
          </div>
        )}
        {data && data.sales.length > 0 && (
          <div class="table-wrap">
            <table class="table" data-testid="sales-table">
              <thead>
                <tr>
                  <th scope="col">{t.colSale}</th>
                  <th scope="col">{t.colStatus}</th>
                  <th scope="col">{t.colDate}</th>
                  <th scope="col" class="w-progress">
                    {t.colProgress}
                  </th>
                  <th scope="col" class="num">
                    {t.colWaitlist}
                  </th>
                  <th scope="col" class="num">
                    {t.colOrders}
                  </th>
                  <th scope="col" class="num">
                    {t.colRevenue}
                  </th>
                </tr>
              </thead>
              <tbody>
                {data.sales.map((s) => (
                  <SaleRow key={s.id} ctx={ctx} sale={s} />
                ))}
              </tbody>
            </table>
          </div>
        )}
        {data?.nextCursor && (
          <div class="card-foot">
            <button type="button" class="btn btn-secondary" disabled={more} onClick={loadMore}>
              {more ? t.loading : t.loadMore}
            </button>
          </div>
        )}
      </section>
    </div>
  );
}

function SaleRow({ ctx, sale: s }: { ctx: Ctx; sale: SaleSummary }) {
  const { t, lang } = ctx;
  const pct = s.units.stock > 0 ? Math.min(100, (s.units.ordered / s.units.stock) * 100) : 0;
  return (
    <tr
      class="row-link"
      data-testid="sale-row"
      data-sale-id={s.id}
      data-status={s.status}
      onClick={(e) => {
        if ((e.target as HTMLElement).closest("a")) return;
        ctx.go({ page: "sale", id: s.id });
      }}
    >
      <td>
        <a class="row-title" href={href({ page: "sale", id: s.id })}>
          {s.title}
        </a>
        <div class="sub">
          {t.productsN(s.products)}
          {s.featuredCode && (
            <>
              {" · "}
              {t.featuredBadge} {s.featuredCode}
            </>
          )}
        </div>
      </td>
      <td>
        <Chip tone={saleTone(s.status)} testId="sale-status">
          {s.status === "open" && <span class="dot" aria-hidden="true" />}
          {t.saleStatus[s.status]}
        </Chip>
      </td>
      <td class="nowrap">{dateTime(s.openedAt ?? s.createdAt, lang)}</td>
      <td>
        <div class="progress-cell">
          <span class="progress-text">
            <strong>{count(s.units.ordered)}</strong> / {count(s.units.stock)}
          </span>
          <span class="meter" aria-hidden="true">
            <span class={`meter-fill${pct >= 100 ? " meter-full" : ""}`} style={{ width: `${pct}%` }} />
          </span>
        </div>
      </td>
      <td class="num">{s.units.waitlisted > 0 ? count(s.units.waitlisted) : "—"}</td>
      <td class="num">{count(s.orders.total)}</td>
      <td class="num strong">{money(s.revenue)}</td>
    </tr>
  );
}
