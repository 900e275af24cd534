/**
 * 報表: the OMO reports (`GET /api/reports/<tab>`), a tab each, over one range (from / to, the
 * presets 7 / 30 / 90 days and 12 months, day / week / month, a store) kept across tabs; each with
 * its headline figures, its charts (Chart.js, in the reports chunk only) with the same numbers
 * as a table below each, and its CSV.
 *
 * Test ids: reports-page, report-tab (data-tab), r-from, r-to, r-preset (data-days | data-months),
 * r-granularity, r-store, r-csv, r-range-error, report (data-tab, data-from, data-to), kpi
 * (data-key, data-value), report-table (data-table-id), report-row.
 */
import { useEffect, useMemo, useState } from "preact/hooks";
import { ApiError } from "../../api/error";
import type { Ctx } from "../nav";
import { Icon } from "../ui";
import { type ReportQuery, type Reports, saveBlob } from "./api";
import { ChartView } from "./chart";
import { formatValue, type ReportView, shapeReport } from "./report-shape";
import { ReportTable } from "./report-table";
import { marketingHref, REPORT_TABS, type ReportTab } from "./routes";
import { errorText, useLookups, useMarketing } from "./shared";

const addDays = (day: string, n: number) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
const addMonths = (day: string, n: number) => {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() + n);
  return d.toISOString().slice(0, 10);
};

/** The range a preset covers, ending on `to` (both days inclusive). */
export function presetRange(to: string, preset: { days: number } | { months: number }) {
  const from = "days" in preset ? addDays(to, -(preset.days - 1)) : addDays(addMonths(to, -preset.months), 1);
  return { from, to };
}

export function ReportsPage({ ctx, tab }: { ctx: Ctx; tab: ReportTab }) {
  const { m, mapi } = useMarketing(ctx);
  const { lookups } = useLookups(ctx);
  // Empty dates: the server's default (the last 30 days to its today), filled in from its answer.
  const [q, setQ] = useState<ReportQuery>({ from: "", to: "", granularity: "day" });
  const [today, setToday] = useState("");
  const [data, setData] = useState<{ tab: ReportTab; report: Reports[ReportTab] } | null>(null);
  const [error, setError] = useState("");
  const [busy, setBusy] = useState(false);
  const rangeError = q.from && q.to && q.from > q.to ? m.fromAfterTo : "";

  useEffect(() => {
    if (rangeError) return;
    let alive = true;
    setBusy(true);
    mapi.report(tab, q).then(
      (report) => {
        if (!alive) return;
        setData({ tab, report });
        setError("");
        if (!q.from || !q.to) {
          setToday((t) => t || report.range.to);
          setQ((x) => ({ ...x, from: report.range.from, to: report.range.to }));
        }
        setBusy(false);
      },
      (e) => {
        if (!alive) return;
        setError(e instanceof ApiError && e.status === 400 ? errorText(e, ctx.lang) : errorText(e, ctx.lang));
        setBusy(false);
      },
    );
    return () => {
      alive = false;
    };
  }, [tab, q.from, q.to, q.granularity, q.storeId, mapi]);

  const view: ReportView | null = useMemo(
    () => (data && data.tab === tab ? shapeReport(tab, data.report, m, ctx.lang) : null),
    [data, tab, m, ctx.lang],
  );
  const preset = (p: { days: number } | { months: number }) => {
    const anchor = today || q.to;
    if (!anchor) return;
    setQ({
      ...q,
      ...presetRange(anchor, p),
      granularity: "months" in p ? "month" : "days" in p && p.days > 31 ? "week" : "day",
    });
  };
  const csv = async () => {
    try {
      saveBlob(await mapi.reportCsv(tab, q), `report-${tab}-${q.from}-${q.to}.csv`);
    } catch (e) {
      ctx.toast(errorText(e, ctx.lang), "error");
    }
  };
  const presets: Array<[string, { days: number } | { months: number }]> = [
    [m.lastNDays(7), { days: 7 }],
    [m.lastNDays(30), { days: 30 }],
    [m.lastNDays(90), { days: 90 }],
    [m.last12Months, { months: 12 }],
  ];
  const isPreset = (p: { days: number } | { months: number }) => {
    const anchor = today || q.to;
    const r = anchor ? presetRange(anchor, p) : null;
    return !!r && r.from === q.from && r.to === q.to;
  };

  return (
    <div class="page page-wide" data-testid="reports-page">
      <div class="page-head">
        <div>
          <h1 tabIndex={-1}>{m.reportsTitle}</h1>
          <p class="lead">{m.reportsLead}</p>
        </div>
        <div class="page-actions">
          <button
            type="button"
            class="btn btn-secondary"
            data-testid="r-csv"
            disabled={!!rangeError}
            onClick={() => void csv()}
          >
            <Icon name="download" size={16} />
            {m.downloadCsv}
          </button>
        </div>
      </div>
      <nav class="page-tabs" aria-label={m.reportTabsLabel}>
        {REPORT_TABS.map((t) => (
          <a
            key={t}
            class="page-tab"
            href={marketingHref({ page: "reports", tab: t })}
            aria-current={t === tab ? "page" : undefined}
            data-testid="report-tab"
            data-tab={t}
          >
            {m.reportTabs[t]}
          </a>
        ))}
      </nav>
      <div class="card report-toolbar">
        <label class="inline-label">
          <span>{m.from}</span>
          <input
            type="date"
            class="input input-sm"
            data-testid="r-from"
            value={q.from}
            max={q.to || undefined}
            aria-invalid={rangeError ? true : undefined}
            aria-describedby={rangeError ? "r-range-error" : undefined}
            onInput={(e) => setQ({ ...q, from: e.currentTarget.value })}
          />
        </label>
        <span class="muted" aria-hidden="true">
          ～
        </span>
        <label class="inline-label">
          <span>{m.to}</span>
          <input
            type="date"
            class="input input-sm"
            data-testid="r-to"
            value={q.to}
            aria-invalid={rangeError ? true : undefined}
            aria-describedby={rangeError ? "r-range-error" : undefined}
            onInput={(e) => setQ({ ...q, to: e.currentTarget.value })}
          />
        </label>
        <fieldset class="tabs report-presets">
          <legend class="visually-hidden">{m.presets}</legend>
          {presets.map(([label, p]) => (
            <button
              key={label}
              type="button"
              class="tab"
              aria-pressed={isPreset(p)}
              data-testid="r-preset"
              data-days={"days" in p ? p.days : undefined}
              data-months={"months" in p ? p.months : undefined}
              onClick={() => preset(p)}
            >
              {label}
            </button>
          ))}
        </fieldset>
        <label class="inline-label">
          <span>{m.granularity}</span>
          <select
            class="input input-sm"
            data-testid="r-granularity"
            value={q.granularity}
            onChange={(e) => setQ({ ...q, granularity: e.currentTarget.value as ReportQuery["granularity"] })}
          >
            {(["day", "week", "month"] as const).map((g) => (
              <option key={g} value={g}>
                {m.granularities[g]}
              </option>
            ))}
          </select>
        </label>
        <label class="inline-label">
          <span>{m.storeFilter}</span>
          <select
            class="input input-sm"
            data-testid="r-store"
            value={q.storeId ?? ""}
            onChange={(e) => {
              const storeId = e.currentTarget.value;
              const { storeId: _, ...rest } = q;
              setQ(storeId ? { ...rest, storeId } : rest);
            }}
          >
            <option value="">{m.allStores}</option>
            {(lookups?.stores ?? []).map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>
        </label>
        {busy && <span class="spinner" aria-hidden="true" />}
      </div>
      {rangeError && (
        <p class="field-error" id="r-range-error" data-testid="r-range-error" role="alert">
          {rangeError}
        </p>
      )}
      {error && (
        <p class="banner banner-error" role="alert">
          {error}
        </p>
      )}
      {view && data && (
        <div
          class="stack"
          data-testid="report"
          data-tab={tab}
          data-from={data.report.range.from}
          data-to={data.report.range.to}
          aria-busy={busy}
        >
          <dl class="kpis">
            {view.kpis.map((k) => (
              <div class="kpi" key={k.key} data-testid="kpi" data-key={k.key} data-value={k.value ?? ""}>
                <dt>{k.label}</dt>
                <dd>{formatValue(k.value, k.unit, ctx.lang)}</dd>
              </div>
            ))}
          </dl>
          {view.note && (
            <p class={`banner ${view.note.ok ? "banner-info" : "banner-error"}`}>{view.note.text}</p>
          )}
          <div class="report-charts">
            {view.charts.map(({ chart, table }) => (
              <section class="card card-pad report-card" key={chart.id} aria-labelledby={`${chart.id}-title`}>
                <h2 id={`${chart.id}-title`} class="card-title">
                  {chart.title}
                </h2>
                {chart.labels.length === 0 || chart.series.length === 0 ? (
                  <p class="empty">{m.noData}</p>
                ) : (
                  <>
                    <ChartView spec={chart} lang={ctx.lang} />
                    <ReportTable
                      table={table}
                      lang={ctx.lang}
                      caption={`${m.chartTableNote}：${chart.title}`}
                      compact
                    />
                  </>
                )}
              </section>
            ))}
          </div>
          {view.tables.map((t) => (
            <section class="card" key={t.id} aria-labelledby={`${t.id}-title`}>
              <div class="card-head">
                <h2 id={`${t.id}-title`} class="card-title">
                  {t.title}
                </h2>
              </div>
              {t.rows.length === 0 ? (
                <p class="empty">{m.noData}</p>
              ) : (
                <ReportTable table={t} lang={ctx.lang} />
              )}
            </section>
          ))}
        </div>
      )}
    </div>
  );
}
