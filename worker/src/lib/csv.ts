/**
 * CSV for spreadsheets (Excel, Numbers, Google Sheets, LibreOffice). Text that a spreadsheet
 * would read as a formula — starting with `=`, `+`, `-`, `@`, a tab or a carriage return — is
 * prefixed with `'` (OWASP, "CSV Injection"), so a buyer named `=HYPERLINK(…)` stays a name.
 * Numbers are ours, not typed by anyone, and stay numbers (a refund of -100 is not text).
 */
export type CsvValue = string | number | null | undefined;

const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

/** One cell: neutralised if it could be a formula, quoted when it holds `"`, `,` or a line break. */
export function csvCell(value: CsvValue): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : "";
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * A whole file: a header row, then the rows, CRLF line ends (RFC 4180) and a UTF-8 byte order
 * mark so Excel opens Chinese text correctly.
 */
export function toCsv(header: readonly string[], rows: ReadonlyArray<readonly CsvValue[]>): string {
  const lines = [header, ...rows].map((r) => r.map(csvCell).join(","));
  return `\uFEFF${lines.join("\r\n")}\r\n`;
}

/**
 * Reads CSV as spreadsheets save it (RFC 4180: quoted cells with `""`, CRLF or LF, a UTF-8 BOM,
 * `;` never a separator), into rows of cells; blank lines are left out. A cell this module
 * wrote formula-safe (`'=…`) is read back as written, apostrophe and all.
 */
export function readCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  const endRow = () => {
    row.push(cell);
    if (row.length > 1 || row[0] !== "") rows.push(row);
    row = [];
    cell = "";
  };
  const src = text.replace(/^\uFEFF/, "");
  for (let i = 0; i < src.length; i++) {
    const ch = src[i];
    if (quoted) {
      if (ch === '"' && src[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"' && cell === "") quoted = true;
    else if (ch === ",") {
      row.push(cell);
      cell = "";
    } else if (ch === "\n") endRow();
    else if (ch === "\r") {
      if (src[i + 1] === "\n") i++;
      endRow();
    } else cell += ch;
  }
  if (cell !== "" || row.length > 0) endRow();
  return rows;
}
