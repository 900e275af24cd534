/**
 * The reports' numbers shaped for the page, pure: headline figures, charts (labels, series with
 * their fixed colours — a channel is always the same colour), and the tables beside them holding
 * the same numbers. No Chart.js here: chart.tsx draws a ChartSpec.
 */
import type { Lang } from "../i18n";
import type { MarketingStrings } from "./i18n";

export type Unit = "money" | "people" | "count" | "points" | "messages" | "coupons" | "orders" | "pct";

export const COLORS = {
  store: "#0b6e4f",
  online: "#1e6fd9",
  live: "#e0700b",
  gray: "#9aa3ad",
  green2: "#6bb37e",
  red: "#d1422f",
  violet: "#6134b8",
} as const;
/** One colour per channel, everywhere (門市 green, 線上 blue, 直播 orange). */
export const CHANNEL_COLORS = { store: COLORS.store, online: COLORS.online, live: COLORS.live } as const;
export const STORE_PALETTE = [
  "#0b6e4f",
  "#1e6fd9",
  "#e0700b",
  "#6134b8",
  "#d1422f",
  "#2f9e6e",
  "#8a6e5d",
  "#5b9be6",
];

export interface Series {
  key: string;
  label: string;
  color: string;
  data: number[];
  /** A line drawn over bars (on the same axis). */
  line?: boolean;
}
export interface ChartSpec {
  id: string;
  title: string;
  kind: "bar" | "line";
  stacked: boolean;
  horizontal?: boolean;
  unit: Unit;
  labels: string[];
  series: Series[];
}
export interface Column {
  key: string;
  label: string;
  unit: Unit | "text";
}
export interface TableSpec {
  id: string;
  title: string;
  columns: Column[];
  rows: Array<Record<string, string | number | null>>;
  total?: Record<string, string | number | null>;
}
export interface Kpi {
  key: string;
  label: string;
  value: number | null;
  unit: Unit;
  sub?: string;
}
export interface ReportView {
  kpis: Kpi[];
  /** Each chart with the table of its numbers. */
  charts: Array<{ chart: ChartSpec; table: TableSpec }>;
  tables: TableSpec[];
  note?: { ok: boolean; text: string };
}

const MONTHS_EN = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** A bucket (`YYYY-MM-DD`, its first day) as it reads: 11/24, 11/24 週, 2026/11 — or 24 Nov, w/c 24 Nov, Nov 2026. */
export function bucketLabel(bucket: string, granularity: string, lang: Lang, m: MarketingStrings): string {
  const [y, mo, d] = bucket.split("-").map(Number) as [number, number, number];
  if (granularity === "month") return lang === "en" ? `${MONTHS_EN[mo - 1]} ${y}` : `${y}/${mo}`;
  const day = lang === "en" ? `${d} ${MONTHS_EN[mo - 1]}` : `${mo}/${d}`;
  return granularity === "week" ? m.weekOf(day) : day;
}

/** A number in its unit, in the page's language (for tooltips, tables and figures). */
export function formatValue(v: number | null | undefined, unit: Unit | "text", lang: Lang): string {
  if (v === null || v === undefined) return "—";
  if (unit === "money") return `NT$${Math.round(v).toLocaleString("en-US")}`;
  if (unit === "pct") return `${(v * 100).toFixed(1)}%`;
  const n = Math.round(v).toLocaleString("en-US");
  if (unit === "text" || unit === "count") return n;
  const zh: Record<string, string> = {
    people: "人",
    points: "點",
    messages: "則",
    coupons: "張",
    orders: "筆",
  };
  const en: Record<string, string> = {
    people: "members",
    points: "points",
    messages: "messages",
    coupons: "coupons",
    orders: "orders",
  };
  if (lang !== "en") return `${n} ${zh[unit]}`;
  const word = en[unit] ?? "";
  return `${n} ${Math.round(v) === 1 ? word.replace(/s$/, "") : word}`;
}

/** A chart's own table: a row per label, a column per series, and their total. */
export function tableOf(c: ChartSpec, m: MarketingStrings, first = m.colBucket): TableSpec {
  const rows = c.labels.map((label, i) => ({
    label,
    ...Object.fromEntries(c.series.map((s) => [s.key, s.data[i] ?? 0])),
  }));
  const additive = c.unit !== "pct" && !c.series.some((s) => s.line);
  return {
    id: `${c.id}-table`,
    title: c.title,
    columns: [
      { key: "label", label: first, unit: "text" },
      ...c.series.map((s) => ({ key: s.key, label: s.label, unit: c.unit })),
    ],
    rows,
    ...(additive
      ? {
          total: {
            label: m.totalRow,
            ...Object.fromEntries(c.series.map((s) => [s.key, s.data.reduce((a, x) => a + x, 0)])),
          },
        }
      : {}),
  };
}

export const chartWithTable = (c: ChartSpec, m: MarketingStrings, first?: string) => ({
  chart: c,
  table: tableOf(c, m, first),
});

/** What every report's shaping needs: strings, language, bucket labels, a name or "unattributed". */
export interface ShapeHelp {
  m: MarketingStrings;
  lang: Lang;
  labels: (xs: Array<{ bucket: string }>) => string[];
  nameOr: (x: string | null | undefined) => string;
}
