import type { ReportRange } from "./range";

/**
 * Grouped rows from SQL (a few per bucket × dimension) gathered per key, in the order the keys
 * first come, each group with the labels (ids, names) of its first row.
 */
export function groupRows<R, L extends object>(
  rows: readonly R[],
  key: (row: R) => string | null,
  labels: (row: R) => L,
): Array<L & { rows: R[] }> {
  const out = new Map<string, L & { rows: R[] }>();
  for (const row of rows) {
    const k = key(row) ?? "";
    const group = out.get(k) ?? { ...labels(row), rows: [] };
    out.set(k, group);
    group.rows.push(row);
  }
  return [...out.values()];
}

/** The rows' sums of each metric. */
export function total<R extends Record<K, number>, K extends string>(
  rows: readonly R[],
  metrics: readonly K[],
): Record<K, number> {
  const t = Object.fromEntries(metrics.map((m) => [m, 0])) as Record<K, number>;
  for (const row of rows) for (const m of metrics) t[m] += row[m];
  return t;
}

/** One entry per bucket of the range with the sums of its rows' metrics (0 where none came back). */
export function perBucket<R extends { bucket: string } & Record<K, number>, K extends string>(
  r: ReportRange,
  rows: readonly R[],
  metrics: readonly K[],
): Array<{ bucket: string } & Record<K, number>> {
  const by = new Map<string, R[]>();
  for (const row of rows) by.set(row.bucket, [...(by.get(row.bucket) ?? []), row]);
  return r.buckets.map((b) => ({ bucket: b.bucket, ...total(by.get(b.bucket) ?? [], metrics) }));
}

/** Largest first by `metric`, then by key; nulls (the unattributed) sort by an empty key. */
export const largestFirst =
  <T>(metric: (x: T) => number, key: (x: T) => string | null) =>
  (a: T, b: T) =>
    metric(b) - metric(a) || (key(a) ?? "").localeCompare(key(b) ?? "");
