import { type CsvValue, toCsv } from "../../../lib/csv";

/**
 * A report (or campaign results) as one CSV table: a `section` column naming what each row is,
 * then the union of the sections' columns. Every top-level field but `range` is a section — an
 * object one row, an array a row per item — and an item's own arrays of objects (its `series`)
 * follow as `<field>.<name>` rows carrying the item's labels (its text fields: ids, names).
 * Nested objects become dotted columns (`byChannel.store`), arrays of numbers indexed ones
 * (`ci95.0`, `ci95.1`); booleans are `yes` / `no`.
 */
type Row = Record<string, unknown>;

const isObject = (v: unknown): v is Row => v !== null && typeof v === "object" && !Array.isArray(v);
const isTable = (v: unknown): v is Row[] => Array.isArray(v) && v.every(isObject);

function flatten(value: unknown, prefix: string, out: Map<string, CsvValue>): void {
  if (value === null || value === undefined) out.set(prefix, null);
  else if (typeof value === "boolean") out.set(prefix, value ? "yes" : "no");
  else if (typeof value === "number" || typeof value === "string") out.set(prefix, value);
  else if (isTable(value)) return;
  else if (Array.isArray(value)) for (const [i, v] of value.entries()) flatten(v, `${prefix}.${i}`, out);
  else for (const [k, v] of Object.entries(value as Row)) flatten(v, prefix ? `${prefix}.${k}` : k, out);
}

/** The sections of a report, in field order (range left out: it is in the file's name). */
export function sectionsOf(report: Row): Array<{ section: string; rows: Row[] }> {
  return Object.entries(report).flatMap(([field, value]) => {
    if (field === "range") return [];
    if (!isTable(value)) return isObject(value) ? [{ section: field, rows: [value] }] : [];
    const nested = [...new Set(value.flatMap((item) => Object.keys(item).filter((k) => isTable(item[k]))))];
    const labels = (item: Row) =>
      Object.fromEntries(Object.entries(item).filter(([, v]) => v === null || typeof v === "string"));
    return [
      { section: field, rows: value },
      ...nested.map((n) => ({
        section: `${field}.${n}`,
        rows: value.flatMap((item) =>
          ((item[n] ?? []) as Row[]).map((point) => ({ ...labels(item), ...point })),
        ),
      })),
    ];
  });
}

export function reportCsv(report: object): string {
  const header: string[] = ["section"];
  const seen = new Set(header);
  const rows = sectionsOf(report as Row).flatMap((s) =>
    s.rows.map((row) => {
      const cells = new Map<string, CsvValue>([["section", s.section]]);
      flatten(row, "", cells);
      for (const k of cells.keys())
        if (!seen.has(k)) {
          seen.add(k);
          header.push(k);
        }
      return cells;
    }),
  );
  return toCsv(
    header,
    rows.map((cells) => header.map((h) => cells.get(h) ?? null)),
  );
}
