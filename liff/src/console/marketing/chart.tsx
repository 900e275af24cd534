/**
 * A ChartSpec drawn by Chart.js 4 on a canvas: only the controllers, elements, scales and plugins
 * the reports use are registered (so the reports chunk carries no more of it). Axis ticks and
 * tooltips speak the page's language and unit (NT$, 人, 點 …); the canvas is an image named by
 * the chart's title, and its numbers are in the table the page puts below it.
 *
 * Test ids: chart (data-chart-id), chart-canvas.
 */
import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  type ChartConfiguration,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
} from "chart.js";
import { useEffect, useRef } from "preact/hooks";
import type { Lang } from "../i18n";
import { type ChartSpec, formatValue } from "./report-shape";

Chart.register(
  BarController,
  BarElement,
  LineController,
  LineElement,
  PointElement,
  CategoryScale,
  LinearScale,
  Tooltip,
  Legend,
);

const FONT =
  'system-ui, -apple-system, "Segoe UI", "PingFang TC", "Noto Sans TC", "Noto Sans CJK TC", "Microsoft JhengHei", sans-serif';

/** Short ticks: NT$1.2萬 / NT$12k rather than NT$12,000 under every gridline. */
export function shortTick(v: number, unit: ChartSpec["unit"], lang: Lang): string {
  const abs = Math.abs(v);
  const money = unit === "money" ? "NT$" : "";
  if (lang !== "en" && abs >= 10_000) return `${money}${+(v / 10_000).toFixed(1)}萬`;
  if (lang === "en" && abs >= 1_000_000) return `${money}${+(v / 1_000_000).toFixed(1)}M`;
  if (lang === "en" && abs >= 1_000) return `${money}${+(v / 1_000).toFixed(1)}k`;
  return `${money}${v.toLocaleString("en-US")}`;
}

export function configOf(spec: ChartSpec, lang: Lang): ChartConfiguration {
  const horizontal = !!spec.horizontal;
  const valueAxis = {
    beginAtZero: true,
    stacked: spec.stacked,
    grid: { color: "#eef0f3" },
    border: { display: false },
    ticks: {
      color: "#5f6b77",
      font: { family: FONT, size: 12 },
      precision: 0,
      maxRotation: 0,
      autoSkip: true,
      callback: (v: string | number) => shortTick(Number(v), spec.unit, lang),
    },
  };
  const labelAxis = {
    stacked: spec.stacked,
    grid: { display: false },
    ticks: { color: "#3d4752", font: { family: FONT, size: 12 }, autoSkip: true, maxRotation: 0 },
  };
  return {
    type: spec.kind,
    data: {
      labels: spec.labels,
      datasets: spec.series.map((s) => ({
        label: s.label,
        data: s.data,
        backgroundColor: spec.kind === "line" ? `${s.color}22` : s.color,
        borderColor: s.color,
        borderWidth: spec.kind === "line" ? 2 : 0,
        borderRadius: spec.kind === "bar" ? 3 : 0,
        pointRadius: spec.labels.length > 40 ? 0 : 3,
        pointHoverRadius: 5,
        tension: 0.25,
        maxBarThickness: 42,
      })),
    },
    options: {
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      indexAxis: horizontal ? "y" : "x",
      interaction: { mode: "index", intersect: false },
      scales: horizontal ? { x: valueAxis, y: labelAxis } : { x: labelAxis, y: valueAxis },
      plugins: {
        legend: {
          display: spec.series.length > 1,
          position: "top",
          align: "end",
          labels: { boxWidth: 12, boxHeight: 12, color: "#3d4752", font: { family: FONT, size: 12 } },
        },
        tooltip: {
          titleFont: { family: FONT },
          bodyFont: { family: FONT },
          callbacks: {
            label: (item) =>
              `${item.dataset.label ?? ""}${lang === "en" ? ": " : "："}${formatValue(Number(item.raw), spec.unit, lang)}`,
          },
        },
      },
    },
  } as ChartConfiguration;
}

export function ChartView({ spec, lang, height = 280 }: { spec: ChartSpec; lang: Lang; height?: number }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const chart = useRef<Chart | null>(null);
  useEffect(() => {
    if (!canvas.current) return;
    chart.current?.destroy();
    chart.current = new Chart(canvas.current, configOf(spec, lang));
  }, [spec, lang]);
  useEffect(() => () => chart.current?.destroy(), []);
  return (
    <div class="chart-box" style={{ height: `${height}px` }} data-testid="chart" data-chart-id={spec.id}>
      <canvas ref={canvas} role="img" aria-label={spec.title} data-testid="chart-canvas" />
    </div>
  );
}
