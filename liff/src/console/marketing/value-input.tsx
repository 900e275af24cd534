/**
 * A condition's value, fit for its field and op: a select or checkboxes for choices (tiers,
 * stores, staff, RFM groups, months), yes/no, a date, a number of days, NT$ amounts and counts
 * as text kept exactly as typed (the model says what is wrong), a pair for `between`.
 */
import type { Lang } from "../i18n";
import type { MarketingStrings } from "./i18n";
import { type CondRow, DAYS_OPS, type FieldInfo, shapeOf, usesChoices } from "./rule-model";
import { choicesOf, type Lookups } from "./shared";

export interface ValueProps {
  row: CondRow;
  field: FieldInfo | undefined;
  lookups: Lookups | null;
  m: MarketingStrings;
  lang: Lang;
  /** Names the row for screen readers: "條件 2". */
  label: string;
  id: string;
  invalid: boolean;
  describedBy: string | undefined;
  onChange: (patch: Partial<CondRow>) => void;
}

export function ValueInput(p: ValueProps) {
  const { row, field, m } = p;
  const shape = shapeOf(row.op);
  if (shape === "none") return null;
  const aria = {
    "aria-invalid": p.invalid ? true : undefined,
    "aria-describedby": p.describedBy,
  } as const;
  const choices = usesChoices(field) ? choicesOf(field, p.lookups, m, p.lang) : null;
  if (shape === "list" && choices) {
    return (
      <fieldset class="rb-checks" data-testid="rule-values" {...aria}>
        <legend class="visually-hidden">{`${p.label} ${m.valueLabel}（${m.valuesHint}）`}</legend>
        {choices.map((c) => (
          <label key={c.value} class="rb-check">
            <input
              type="checkbox"
              checked={row.values.includes(c.value)}
              onChange={(e) =>
                p.onChange({
                  values: e.currentTarget.checked
                    ? [...row.values, c.value]
                    : row.values.filter((v) => v !== c.value),
                })
              }
            />
            {c.label}
          </label>
        ))}
      </fieldset>
    );
  }
  if (shape === "pair") {
    return (
      <span class="rb-pair">
        <Typed
          {...p}
          value={row.lo}
          label={`${p.label} ${m.fromLabel}`}
          id={`${p.id}-lo`}
          onValue={(lo) => p.onChange({ lo })}
          aria={aria}
        />
        <span aria-hidden="true">~</span>
        <Typed
          {...p}
          value={row.hi}
          label={`${p.label} ${m.toLabel}`}
          id={`${p.id}-hi`}
          onValue={(hi) => p.onChange({ hi })}
          aria={aria}
        />
      </span>
    );
  }
  if (shape === "one" && (choices || field?.kind === "boolean")) {
    const list = choices ?? [
      { value: "true", label: m.yes },
      { value: "false", label: m.no },
    ];
    return (
      <select
        id={p.id}
        class="input input-sm rb-value"
        aria-label={`${p.label} ${m.valueLabel}`}
        data-testid="rule-value"
        value={row.value}
        {...aria}
        onChange={(e) => p.onChange({ value: e.currentTarget.value })}
      >
        {!list.some((c) => c.value === row.value) && <option value={row.value}>{row.value || m.pick}</option>}
        {list.map((c) => (
          <option key={c.value} value={c.value}>
            {c.label}
          </option>
        ))}
      </select>
    );
  }
  if (field?.kind === "date" && !DAYS_OPS.has(row.op)) {
    return (
      <input
        id={p.id}
        type="date"
        class="input input-sm rb-value"
        aria-label={`${p.label} ${m.valueLabel}`}
        data-testid="rule-value"
        value={row.value}
        {...aria}
        onInput={(e) => p.onChange({ value: e.currentTarget.value })}
      />
    );
  }
  return (
    <Typed
      {...p}
      value={row.value}
      label={`${p.label} ${m.valueLabel}`}
      id={p.id}
      list={shape === "list"}
      onValue={(value) => p.onChange({ value })}
      aria={aria}
    />
  );
}

/** A typed value: NT$ before an amount, its unit after a count; text as typed, never rewritten. */
function Typed(
  p: ValueProps & {
    value: string;
    onValue: (v: string) => void;
    list?: boolean;
    aria: Record<string, unknown>;
  },
) {
  const { field, m, row } = p;
  const numeric = field?.kind === "number" || DAYS_OPS.has(row.op);
  const unit = DAYS_OPS.has(row.op) ? m.daysUnit : field ? (m.units[field.field] ?? "") : "";
  const placeholder = p.list
    ? field?.field === "bought"
      ? "SKU-001, SKU-002"
      : m.textListHint
    : field?.field === "bought"
      ? "SKU"
      : "";
  return (
    <span class={`rb-typed${numeric ? " rb-num" : ""}${p.list ? " rb-list-input" : ""}`}>
      {field?.field === "spend" && (
        <span class="rb-affix" aria-hidden="true">
          NT$
        </span>
      )}
      <input
        id={p.id}
        class={`input input-sm${numeric ? " num" : ""}`}
        inputMode={numeric ? "numeric" : undefined}
        aria-label={p.label}
        data-testid="rule-value"
        placeholder={placeholder}
        value={p.value}
        {...p.aria}
        onInput={(e) => p.onValue(e.currentTarget.value)}
      />
      {unit && (
        <span class="rb-affix" aria-hidden="true">
          {unit}
        </span>
      )}
    </span>
  );
}
