/**
 * 建議回覆成效: per source (LLM, retrieval, the agent's own words) — suggested, accepted, edited,
 * rejected (with a reason), ignored (left unused when the agent wrote their own reply), acceptance
 * rate, mean edit distance, replies and time to first response — as cards and two small
 * inline-SVG bar charts (each described in words for screen readers), with what each outcome means.
 *
 * Test ids: metrics-page, metric-card (data-source), metric-suggested, metric-accepted,
 * metric-edited, metric-rejected, metric-ignored, metric-rate, metric-edit-distance,
 * metric-replies, metric-response, outcomes-chart, outcome-help (data-outcome), response-chart.
 */
import { useState } from "preact/hooks";
import { count } from "../format";
import type { Ctx } from "../nav";
import { Icon } from "../ui";
import type { SourceMetrics } from "./api";
import type { SupportStrings } from "./i18n";
import { errorText, usePoll, useSupport } from "./shared";

const COLORS = {
  accepted: "#12805c",
  edited: "#3b7ddd",
  rejected: "#d1433a",
  ignored: "#6b7785",
  pending: "#cfd5dc",
};
type Outcome = keyof typeof COLORS;
const OUTCOMES: Outcome[] = ["accepted", "edited", "rejected", "ignored", "pending"];
const outcomeLabel = (s: SupportStrings, o: Outcome) =>
  ({
    accepted: s.acceptedN,
    edited: s.editedN,
    rejected: s.rejectedN,
    ignored: s.ignoredN,
    pending: s.pendingN,
  })[o];
/** Suggestions nobody has decided on yet. */
const pendingOf = (m: SourceMetrics) =>
  Math.max(0, m.suggested - m.accepted - m.edited - m.rejected - m.ignored);
const SOURCE_ICON: Record<string, string> = { llm: "sparkle", retrieval: "book", none: "headset" };

export function MetricsPage({ ctx }: { ctx: Ctx }) {
  const { s, sapi } = useSupport(ctx);
  const [data, setData] = useState<SourceMetrics[] | null>(null);
  const [error, setError] = useState("");
  const [version, setVersion] = useState(0);

  usePoll(
    async (current) => {
      try {
        const r = await sapi.metrics();
        if (!current()) return;
        setData(r.sources);
        setError("");
      } catch (e) {
        if (current()) setError(errorText(e, ctx.lang));
      }
    },
    30_000,
    [sapi, version],
  );

  return (
    <div class="page" data-testid="metrics-page">
      <div class="page-head">
        <div>
          <h1 tabIndex={-1}>{s.metricsTitle}</h1>
          <p class="lead">{s.metricsLead}</p>
        </div>
        <div class="page-actions">
          <button type="button" class="btn btn-secondary" onClick={() => setVersion((v) => v + 1)}>
            <Icon name="refresh" size={16} />
            {s.refresh}
          </button>
        </div>
      </div>
      {error && (
        <p class="banner banner-error" role="alert">
          {error}
        </p>
      )}
      {!data && !error && <p class="empty">{s.loading}</p>}
      {data && (
        <>
          <div class="metric-cards">
            {data.map((m) => (
              <MetricCard key={m.source} s={s} m={m} />
            ))}
          </div>
          <div class="chart-grid">
            <section class="card card-pad" aria-labelledby="outcomes-title">
              <div class="card-head-flat">
                <h2 id="outcomes-title" class="card-title">
                  {s.outcomesChart}
                </h2>
                <Legend s={s} />
              </div>
              <OutcomesChart s={s} data={data.filter((m) => m.source !== "none")} />
              <OutcomeHelp s={s} />
            </section>
            <section class="card card-pad" aria-labelledby="response-title">
              <div class="card-head-flat">
                <h2 id="response-title" class="card-title">
                  {s.responseChart}
                </h2>
                <span class="legend">
                  <span class="legend-item">
                    <span class="swatch" style={{ background: "#0b6e4f" }} />
                    {s.meanResponse}
                  </span>
                  <span class="legend-item">
                    <span class="swatch" style={{ background: "#8cc9b0" }} />
                    {s.medianResponse}
                  </span>
                </span>
              </div>
              <ResponseChart s={s} data={data} />
            </section>
          </div>
        </>
      )}
    </div>
  );
}

function MetricCard({ s, m }: { s: SupportStrings; m: SourceMetrics }) {
  const own = m.source === "none";
  const rate = m.acceptanceRate;
  return (
    <section class={`card metric-card metric-${m.source}`} data-testid="metric-card" data-source={m.source}>
      <div class="metric-head">
        <span class={`metric-icon metric-icon-${m.source}`} aria-hidden="true">
          <Icon name={SOURCE_ICON[m.source] ?? "chart"} size={18} />
        </span>
        <h2 class="card-title">{s.sources[m.source]}</h2>
      </div>
      {!own ? (
        <div class="metric-hero">
          <span class="metric-big" data-testid="metric-rate">
            {rate === null ? "—" : `${Math.round(rate * 100)}%`}
          </span>
          <span class="metric-big-label">
            {s.acceptance}
            <span class="hint"> {s.acceptanceHint}</span>
          </span>
          <span class="rate-bar" aria-hidden="true">
            <span class="rate-fill" style={{ width: `${Math.round((rate ?? 0) * 100)}%` }} />
          </span>
        </div>
      ) : (
        <div class="metric-hero">
          <span class="metric-big" data-testid="metric-replies-big">
            {count(m.replies)}
          </span>
          <span class="metric-big-label">{s.replies}</span>
        </div>
      )}
      <dl class="metric-list">
        {!own && (
          <>
            <Row label={s.suggested} value={count(m.suggested)} testId="metric-suggested" />
            <Row
              label={s.acceptedN}
              value={count(m.accepted)}
              testId="metric-accepted"
              dot={COLORS.accepted}
            />
            <Row label={s.editedN} value={count(m.edited)} testId="metric-edited" dot={COLORS.edited} />
            <Row
              label={s.rejectedN}
              value={count(m.rejected)}
              testId="metric-rejected"
              dot={COLORS.rejected}
              help={s.outcomeHelp.rejected}
            />
            <Row
              label={s.ignoredN}
              value={count(m.ignored)}
              testId="metric-ignored"
              dot={COLORS.ignored}
              help={s.outcomeHelp.ignored}
            />
            <Row
              label={s.meanEdit}
              value={m.meanEditDistance === null ? "—" : s.editUnit(m.meanEditDistance.toFixed(1))}
              testId="metric-edit-distance"
            />
            <Row label={s.replies} value={count(m.replies)} testId="metric-replies" />
          </>
        )}
        <Row
          label={s.meanResponse}
          value={m.meanResponseMs === null ? "—" : s.duration(m.meanResponseMs)}
          testId="metric-response"
        />
        <Row
          label={s.medianResponse}
          value={m.medianResponseMs === null ? "—" : s.duration(m.medianResponseMs)}
          testId="metric-median-response"
        />
      </dl>
    </section>
  );
}

function Row(props: { label: string; value: string; testId: string; dot?: string; help?: string }) {
  return (
    <div class="metric-row" title={props.help}>
      <dt>
        {props.dot && <span class="swatch" style={{ background: props.dot }} aria-hidden="true" />}
        {props.label}
      </dt>
      <dd data-testid={props.testId}>{props.value}</dd>
    </div>
  );
}

function Legend({ s }: { s: SupportStrings }) {
  return (
    <span class="legend">
      {OUTCOMES.map((o) => (
        <span class="legend-item" key={o}>
          <span class="swatch" style={{ background: COLORS[o] }} />
          {outcomeLabel(s, o)}
        </span>
      ))}
    </span>
  );
}

/** What each outcome means — above all, ignored (no reply used it) as against rejected (a reason given). */
function OutcomeHelp({ s }: { s: SupportStrings }) {
  return (
    <div class="outcome-help">
      <h3 class="outcome-help-title">{s.outcomesTitle}</h3>
      <dl>
        {OUTCOMES.map((o) => (
          <div class="outcome-help-row" key={o} data-testid="outcome-help" data-outcome={o}>
            <dt>
              <span class="swatch" style={{ background: COLORS[o] }} aria-hidden="true" />
              {outcomeLabel(s, o)}
            </dt>
            <dd>{s.outcomeHelp[o]}</dd>
          </div>
        ))}
      </dl>
    </div>
  );
}

const W = 560;
const LABEL_W = 120;
const BAR_H = 26;
const GAP = 22;

/** One stacked bar per source: accepted, edited, rejected, ignored, undecided. */
function OutcomesChart({ s, data }: { s: SupportStrings; data: SourceMetrics[] }) {
  const max = Math.max(1, ...data.map((m) => m.suggested));
  const h = data.length * (BAR_H + GAP) + 8;
  const scale = (n: number) => (n / max) * (W - LABEL_W - 48);
  const alt = s.chartAlt(
    data
      .map(
        (m) =>
          `${s.sourceShort[m.source]} ${s.suggested} ${m.suggested}, ${s.acceptedN} ${m.accepted}, ${s.editedN} ${m.edited}, ${s.rejectedN} ${m.rejected}, ${s.ignoredN} ${m.ignored}, ${s.pendingN} ${pendingOf(m)}`,
      )
      .join("；"),
  );
  return (
    <figure class="chart" data-testid="outcomes-chart">
      <svg viewBox={`0 0 ${W} ${h}`} role="img" aria-label={alt} class="chart-svg">
        {data.map((m, i) => {
          const y = 4 + i * (BAR_H + GAP);
          const counts: Record<Outcome, number> = {
            accepted: m.accepted,
            edited: m.edited,
            rejected: m.rejected,
            ignored: m.ignored,
            pending: pendingOf(m),
          };
          const parts = OUTCOMES.map((o) => [counts[o], COLORS[o], o] as const);
          let x = LABEL_W;
          return (
            <g key={m.source}>
              <text x={0} y={y + BAR_H / 2 + 5} class="chart-label">
                {s.sourceShort[m.source]}
              </text>
              <rect x={LABEL_W} y={y} width={W - LABEL_W - 48} height={BAR_H} rx={5} fill="#f1f3f5" />
              {parts.map(([n, color, key]) => {
                if (n <= 0) return null;
                const w = scale(n);
                const rect = (
                  <g key={key}>
                    <rect x={x} y={y} width={w} height={BAR_H} fill={color} data-part={key} />
                    {w > 18 && (
                      <text
                        x={x + w / 2}
                        y={y + BAR_H / 2 + 4.5}
                        class={`chart-in${key === "pending" ? " chart-in-light" : ""}`}
                        text-anchor="middle"
                      >
                        {n}
                      </text>
                    )}
                  </g>
                );
                x += w;
                return rect;
              })}
              <text x={W - 40} y={y + BAR_H / 2 + 5} class="chart-total">
                {m.suggested}
              </text>
            </g>
          );
        })}
      </svg>
      {data.every((m) => m.suggested === 0) && <figcaption class="hint">{s.noData}</figcaption>}
    </figure>
  );
}

/** Mean and median time to first response per source, as paired bars. */
function ResponseChart({ s, data }: { s: SupportStrings; data: SourceMetrics[] }) {
  const max = Math.max(1, ...data.flatMap((m) => [m.meanResponseMs ?? 0, m.medianResponseMs ?? 0]));
  const row = 2 * 14 + 4 + GAP;
  const h = data.length * row + 8;
  const scale = (n: number) => (n / max) * (W - LABEL_W - 90);
  const alt = s.responseAlt(
    data
      .map(
        (m) =>
          `${s.sourceShort[m.source]} ${s.meanResponse} ${m.meanResponseMs === null ? "—" : s.duration(m.meanResponseMs)}`,
      )
      .join("；"),
  );
  return (
    <figure class="chart" data-testid="response-chart">
      <svg viewBox={`0 0 ${W} ${h}`} role="img" aria-label={alt} class="chart-svg">
        {data.map((m, i) => {
          const y = 4 + i * row;
          const bars: Array<[number | null, string]> = [
            [m.meanResponseMs, "#0b6e4f"],
            [m.medianResponseMs, "#8cc9b0"],
          ];
          return (
            <g key={m.source}>
              <text x={0} y={y + 19} class="chart-label">
                {s.sourceShort[m.source]}
              </text>
              {bars.map(([v, color], k) => (
                <g key={color}>
                  <rect
                    x={LABEL_W}
                    y={y + k * 18}
                    width={Math.max(v ? 3 : 0, scale(v ?? 0))}
                    height={14}
                    rx={3}
                    fill={color}
                  />
                  <text x={LABEL_W + scale(v ?? 0) + 8} y={y + k * 18 + 11.5} class="chart-value">
                    {v === null ? "—" : s.duration(v)}
                  </text>
                </g>
              ))}
            </g>
          );
        })}
      </svg>
    </figure>
  );
}
