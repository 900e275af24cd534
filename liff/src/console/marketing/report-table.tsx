/** A report's table: the numbers in their units, right-aligned, a total row when the figures add up. */
import type { Lang } from "../i18n";
import { formatValue, type TableSpec } from "./report-shape";

export function ReportTable(props: { table: TableSpec; lang: Lang; caption?: string; compact?: boolean }) {
  const { table: t, lang } = props;
  const cell = (
    row: Record<string, string | number | null>,
    key: string,
    unit: TableSpec["columns"][number]["unit"],
  ) => {
    const v = row[key];
    return typeof v === "number" || v === null
      ? formatValue(v, unit === "text" ? "count" : unit, lang)
      : (v ?? "");
  };
  return (
    <div class={`table-wrap${props.compact ? " report-table-scroll" : ""}`}>
      <table
        class={`table report-table${props.compact ? " table-compact" : ""}`}
        data-testid="report-table"
        data-table-id={t.id}
      >
        {props.caption && <caption class="visually-hidden">{props.caption}</caption>}
        <thead>
          <tr>
            {t.columns.map((c, i) => (
              <th key={c.key} scope="col" class={i > 0 && c.unit !== "text" ? "num" : undefined}>
                {c.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {t.rows.map((row, r) => (
            <tr key={r} data-testid="report-row">
              {t.columns.map((c, i) =>
                i === 0 ? (
                  <th key={c.key} scope="row">
                    {cell(row, c.key, c.unit)}
                  </th>
                ) : (
                  <td
                    key={c.key}
                    class={c.unit !== "text" ? "num" : undefined}
                    data-key={c.key}
                    data-value={row[c.key] ?? ""}
                  >
                    {cell(row, c.key, c.unit)}
                  </td>
                ),
              )}
            </tr>
          ))}
        </tbody>
        {t.total && (
          <tfoot>
            <tr class="total-row">
              {t.columns.map((c, i) =>
                i === 0 ? (
                  <th key={c.key} scope="row">
                    {t.total?.[c.key] ?? ""}
                  </th>
                ) : (
                  <td key={c.key} class="num" data-key={c.key} data-value={t.total?.[c.key] ?? ""}>
                    {cell(t.total ?? {}, c.key, c.unit)}
                  </td>
                ),
              )}
            </tr>
          </tfoot>
        )}
      </table>
    </div>
  );
}
