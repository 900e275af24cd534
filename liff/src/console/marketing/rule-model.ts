/**
 * The segment builder's model, pure: a rule of the API (`{ all | any: […] }`, `{ not: … }`,
 * conditions `{ field, op, value, days?, channel?, store? }`) as a tree of rows the form edits —
 * every value kept as typed (strings) — and back, with the path of each row in the rule so a
 * refusal naming `rule.all.0.op` finds its row, and the rows' own problems found before sending.
 */

/** What a field of `GET /api/segments/fields` says about itself. */
export interface FieldInfo {
  field: string;
  ops: string[];
  kind: string;
  values?: string[] | undefined;
  options: string[];
  zh: string;
}
export type Catalogue = ReadonlyMap<string, FieldInfo>;

export interface CondRow {
  type: "cond";
  key: string;
  field: string;
  op: string;
  /** One value (text, number, date, enum, id, "true"/"false"); a typed list (in / hasAny) as typed. */
  value: string;
  /** in / notIn / hasAny of a field with choices: the picked ones. */
  values: string[];
  /** between. */
  lo: string;
  hi: string;
  days: string;
  channel: string;
  store: string;
}
export type GroupMode = "all" | "any" | "not";
export interface GroupRow {
  type: "group";
  key: string;
  mode: GroupMode;
  children: RowNode[];
}
export type RowNode = CondRow | GroupRow;

export const LIST_OPS = new Set(["in", "notIn", "hasAny"]);
export const NO_VALUE_OPS = new Set(["exists", "notExists"]);
export const DAYS_OPS = new Set(["within", "notWithin"]);

/** How a row takes its value: nothing, a list, a pair, or one. */
export const shapeOf = (op: string): "none" | "list" | "pair" | "one" =>
  NO_VALUE_OPS.has(op) ? "none" : LIST_OPS.has(op) ? "list" : op === "between" ? "pair" : "one";

/** Fields whose values are picked from a list (enum, a store or staff id, a month), not typed. */
export const usesChoices = (f: Pick<FieldInfo, "field" | "kind"> | undefined) =>
  f !== undefined && (f.kind === "enum" || f.kind === "id" || f.field === "birthdayMonth");

/** A typed list (tags, SKUs): split on commas (also full-width ones and 、), blanks left out. */
export const splitList = (typed: string) =>
  typed
    .split(/[,，、\n]/)
    .map((x) => x.trim())
    .filter(Boolean);

export type KeyGen = () => string;
export function keyGen(prefix = "r"): KeyGen {
  let n = 0;
  return () => `${prefix}${++n}`;
}

const isObj = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === "object" && !Array.isArray(v);
const str = (v: unknown): string =>
  v === undefined || v === null ? "" : typeof v === "string" ? v : String(v);

export function emptyCond(key: string, field: FieldInfo | undefined): CondRow {
  const row: CondRow = {
    type: "cond",
    key,
    field: field?.field ?? "",
    op: field?.ops[0] ?? "eq",
    value: "",
    values: [],
    lo: "",
    hi: "",
    days: "",
    channel: "",
    store: "",
  };
  return withDefaults(row, field);
}

/** A select's value starts on its first choice (an enum or a yes/no); typed values start empty. */
function withDefaults(row: CondRow, field: FieldInfo | undefined): CondRow {
  if (!field || row.value || shapeOf(row.op) !== "one") return row;
  if (field.kind === "boolean") return { ...row, value: "true" };
  if (field.kind === "enum" && field.values?.[0]) return { ...row, value: field.values[0] };
  return row;
}

/**
 * The row after another field is picked: its op kept when the new field takes it, and what was
 * typed kept when the two fields take the same kind of value (a number stays a number).
 */
export function changeField(row: CondRow, from: FieldInfo | undefined, to: FieldInfo): CondRow {
  const op = to.ops.includes(row.op) ? row.op : (to.ops[0] ?? "eq");
  const keep = from !== undefined && from.kind === to.kind && to.kind !== "enum" && to.kind !== "id";
  const base: CondRow = keep
    ? { ...row, field: to.field }
    : { ...emptyCond(row.key, undefined), field: to.field, op: row.op };
  if (!to.options.includes("days")) base.days = "";
  if (!to.options.includes("channel")) base.channel = "";
  if (!to.options.includes("store")) base.store = "";
  return withDefaults(op === base.op ? base : changeOp(base, op, to), to);
}

/** The row after another op is picked: what was typed carried over to the new shape. */
export function changeOp(row: CondRow, op: string, field: FieldInfo | undefined): CondRow {
  const from = shapeOf(row.op);
  const to = shapeOf(op);
  const next = { ...row, op };
  const first =
    from === "list"
      ? usesChoices(field)
        ? (row.values[0] ?? "")
        : row.value
      : from === "pair"
        ? row.lo
        : row.value;
  // A date compared (after/before) and a date within N days are not the same kind of value.
  const dateSwitch = field?.kind === "date" && DAYS_OPS.has(op) !== DAYS_OPS.has(row.op);
  if (to === "list" && from !== "list") {
    next.values = first && !dateSwitch && usesChoices(field) ? [first] : [];
    if (!usesChoices(field)) next.value = first;
  }
  if (to === "pair" && from !== "pair") next.lo = first;
  if (to === "one" && from !== "one") next.value = first;
  if (to === "one" && dateSwitch) next.value = "";
  return withDefaults(next, field);
}

/** A rule from the API as rows: the root is always a group (all / any). */
export function fromRule(rule: unknown, key: KeyGen): GroupRow {
  const node = fromNode(rule, key);
  if (node.type === "group" && node.mode !== "not") return node;
  return { type: "group", key: key(), mode: "all", children: [node] };
}

function fromNode(input: unknown, key: KeyGen): RowNode {
  if (isObj(input)) {
    for (const mode of ["all", "any"] as const)
      if (Array.isArray(input[mode]))
        return {
          type: "group",
          key: key(),
          mode,
          children: (input[mode] as unknown[]).map((x) => fromNode(x, key)),
        };
    if ("not" in input) {
      const inner = input.not;
      const children =
        isObj(inner) && Array.isArray(inner.any)
          ? (inner.any as unknown[]).map((x) => fromNode(x, key))
          : [fromNode(inner, key)];
      return { type: "group", key: key(), mode: "not", children };
    }
  }
  const c = isObj(input) ? input : {};
  const op = str(c.op) || "eq";
  const v = c.value;
  const shape = shapeOf(op);
  return {
    type: "cond",
    key: key(),
    field: str(c.field),
    op,
    value: shape === "one" ? str(v) : shape === "list" && Array.isArray(v) ? v.map(str).join(", ") : "",
    values: shape === "list" && Array.isArray(v) ? v.map(str) : [],
    lo: shape === "pair" && Array.isArray(v) ? str(v[0]) : "",
    hi: shape === "pair" && Array.isArray(v) ? str(v[1]) : "",
    days: str(c.days),
    channel: str(c.channel),
    store: str(c.store),
  };
}

/** A row's part a problem is about: `value` (or `lo` / `hi` of a pair), `days`, …; "" the row itself. */
export type Part = "" | "field" | "op" | "value" | "days" | "channel" | "store";
export type Problem = "required" | "notInteger" | "emptyGroup" | "loAboveHi";
export interface RowError {
  key: string;
  part: Part;
  problem: Problem;
}

/**
 * A whole number as typed: digits, an optional minus, thousands commas, full-width digits; null
 * when it is not one (the field keeps what was typed and says so).
 */
export function parseWhole(typed: string): number | null {
  const s = typed
    .normalize("NFKC")
    .trim()
    .replace(/^NT\$\s*/i, "");
  if (!/^-?(\d+|\d{1,3}(,\d{3})+)$/.test(s)) return null;
  const n = Number(s.replace(/,/g, ""));
  return Number.isSafeInteger(n) ? n : null;
}

/** The rows as the API's rule, each row's path, and what is wrong before it is sent. */
export function toRule(
  root: GroupRow,
  catalogue: Catalogue,
): { rule: unknown; paths: Map<string, string>; errors: RowError[] } {
  const paths = new Map<string, string>();
  const errors: RowError[] = [];
  const node = (n: RowNode, path: string): unknown => {
    paths.set(path, n.key);
    if (n.type === "group") {
      if (n.children.length === 0) errors.push({ key: n.key, part: "", problem: "emptyGroup" });
      if (n.mode === "not") {
        if (n.children.length === 1) return { not: node(n.children[0] as RowNode, `${path}.not`) };
        return { not: { any: n.children.map((c, i) => node(c, `${path}.not.any.${i}`)) } };
      }
      return { [n.mode]: n.children.map((c, i) => node(c, `${path}.${n.mode}.${i}`)) };
    }
    return condition(n, catalogue.get(n.field), errors);
  };
  const rule = node(root, "rule");
  return { rule, paths, errors };
}

function condition(row: CondRow, field: FieldInfo | undefined, errors: RowError[]) {
  const fail = (part: Part, problem: Problem) => errors.push({ key: row.key, part, problem });
  if (!row.field) fail("field", "required");
  const kind = field?.kind ?? "text";
  const one = (typed: string): unknown => {
    const t = typed.trim();
    if (kind === "number" || DAYS_OPS.has(row.op)) return parseWhole(t);
    if (kind === "boolean") return t === "true";
    return t;
  };
  const bad = (typed: string, v: unknown) =>
    typed.trim() === "" ? "required" : v === null ? "notInteger" : null;
  const out: Record<string, unknown> = { field: row.field, op: row.op };
  const shape = shapeOf(row.op);
  if (shape === "one") {
    const v = one(row.value);
    const problem = bad(row.value, v);
    if (problem) fail("value", problem);
    out.value = v;
  } else if (shape === "list") {
    const vs = usesChoices(field) ? row.values.filter(Boolean) : splitList(row.value);
    const parsed = vs.map(one);
    if (vs.length === 0) fail("value", "required");
    else if (parsed.some((v) => v === null)) fail("value", "notInteger");
    out.value = parsed;
  } else if (shape === "pair") {
    const lo = one(row.lo);
    const hi = one(row.hi);
    const problem = bad(row.lo, lo) ?? bad(row.hi, hi);
    if (problem) fail("value", problem);
    else if ((lo as number) > (hi as number)) fail("value", "loAboveHi");
    out.value = [lo, hi];
  }
  const options = field?.options ?? [];
  if (options.includes("days") && row.days.trim()) {
    const d = parseWhole(row.days);
    if (d === null) fail("days", "notInteger");
    out.days = d;
  }
  if (options.includes("channel") && row.channel) out.channel = row.channel;
  if (options.includes("store") && row.store) out.store = row.store;
  return out;
}

/**
 * The row (and its part) a refusal's `details.field` names: the longest path of a row that the
 * field starts with, the rest its part (`rule.all.0.op` → the first row's op).
 */
export function rowAt(field: string, paths: ReadonlyMap<string, string>): { key: string; part: Part } | null {
  const parts = field.split(".");
  for (let n = parts.length; n > 0; n--) {
    const key = paths.get(parts.slice(0, n).join("."));
    if (key === undefined) continue;
    const rest = parts[n] ?? "";
    const part =
      (["field", "op", "value", "days", "channel", "store"] as const).find((p) => p === rest) ?? "";
    return { key, part };
  }
  return null;
}

/** The server's sentence without the path it appends (`…（rule.all.0.op）` / `… (at rule.all.0.op).`). */
export const withoutPath = (message: string): string =>
  message.replace(/\s*（rule[^）]*）\s*$/, "").replace(/\s*\(at rule[^)]*\)\.?\s*$/, "");

/** Counts a tree's conditions (the API allows 40). */
export const countConditions = (n: RowNode): number =>
  n.type === "cond" ? 1 : n.children.reduce((a, c) => a + countConditions(c), 0);

/** The tree with one node replaced (by key), removed (null), or changed by `f`. */
export function mapNode(root: GroupRow, key: string, f: (n: RowNode) => RowNode | null): GroupRow {
  const walk = (n: RowNode): RowNode | null => {
    if (n.key === key) return f(n);
    if (n.type === "cond") return n;
    return { ...n, children: n.children.map(walk).filter((c): c is RowNode => c !== null) };
  };
  return (walk(root) as GroupRow | null) ?? { ...root, children: [] };
}
