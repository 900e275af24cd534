/**
 * The segment builder: nested groups (全部符合 all / 任一符合 any / 排除 not) of condition rows,
 * each field → op → value with the days / channel / store its field takes. Plain native controls,
 * so it is usable by keyboard; each problem sits under its row, tied to its control.
 *
 * Test ids: rule-builder, rule-group (data-key, data-mode), group-mode (data-value), rule-row
 * (data-key, data-index), rule-field, rule-op, rule-value, rule-values, rule-days, rule-channel,
 * rule-store, add-condition, add-group, remove-row, remove-group, row-error (data-part).
 */
import type { Lang } from "../i18n";
import { Icon } from "../ui";
import type { MarketingStrings } from "./i18n";
import {
  type Catalogue,
  type CondRow,
  changeField,
  changeOp,
  emptyCond,
  type GroupMode,
  type GroupRow,
  type KeyGen,
  mapNode,
  type RowNode,
} from "./rule-model";
import { opName } from "./rule-text";
import { fieldName, type Lookups } from "./shared";
import { ValueInput } from "./value-input";

/** Row key → part ("" the row) → message. */
export type RowMessages = Map<string, Map<string, string>>;

/** The fields by what they are about, in the builder's field select. */
const GROUPS: Array<{ zh: string; en: string; fields: string[] }> = [
  {
    zh: "會員資料",
    en: "Member",
    fields: [
      "tier",
      "homeStore",
      "referrerStaff",
      "bindSource",
      "boundAt",
      "registered",
      "birthdayMonth",
      "points",
      "following",
      "marketingConsent",
    ],
  },
  { zh: "消費", en: "Purchases", fields: ["spend", "purchases", "lastPurchaseDays", "bought", "liveOrders"] },
  { zh: "標籤與分群", en: "Tags and groups", fields: ["tag", "rfmGroup"] },
];
const MAX_DEPTH = 5;

export interface BuilderProps {
  root: GroupRow;
  onChange: (root: GroupRow) => void;
  catalogue: Catalogue;
  lookups: Lookups | null;
  m: MarketingStrings;
  lang: Lang;
  messages: RowMessages;
  newKey: KeyGen;
  idPrefix: string;
}

export function RuleBuilder(p: BuilderProps) {
  return (
    <div class="rb" data-testid="rule-builder">
      <Group {...p} group={p.root} depth={1} />
    </div>
  );
}

function Group(p: BuilderProps & { group: GroupRow; depth: number }) {
  const { group, m, depth } = p;
  const isRoot = depth === 1;
  const update = (f: (n: RowNode) => RowNode | null, key = group.key) => p.onChange(mapNode(p.root, key, f));
  const modes: GroupMode[] = isRoot ? ["all", "any"] : ["all", "any", "not"];
  const firstField = p.catalogue.values().next().value;
  const add = (node: RowNode) =>
    update((n) => (n.type === "group" ? { ...n, children: [...n.children, node] } : n));
  const own = p.messages.get(group.key)?.get("");
  const legendId = `${p.idPrefix}-${group.key}-legend`;
  return (
    <fieldset
      class={`rb-group rb-${group.mode}${isRoot ? " rb-root" : ""}`}
      data-testid="rule-group"
      data-key={group.key}
      data-mode={group.mode}
      aria-labelledby={legendId}
    >
      <div class="rb-group-head">
        <span class="rb-legend" id={legendId}>
          {isRoot ? m.root : m.groupMode}
        </span>
        <fieldset class="seg rb-seg">
          <legend class="visually-hidden">{m.groupMode}</legend>
          {modes.map((mode) => (
            <button
              key={mode}
              type="button"
              class={`seg-btn rb-mode-${mode}`}
              aria-pressed={group.mode === mode}
              data-testid="group-mode"
              data-value={mode}
              onClick={() => update((n) => (n.type === "group" ? { ...n, mode } : n))}
            >
              {m.modes[mode]}
            </button>
          ))}
        </fieldset>
        <span class="hint rb-mode-hint">{m.modeHint[group.mode]}</span>
        {!isRoot && (
          <button
            type="button"
            class="btn btn-ghost-danger btn-sm push-end"
            data-testid="remove-group"
            onClick={() => update(() => null)}
          >
            <Icon name="trash" size={14} />
            {m.removeGroup}
          </button>
        )}
      </div>
      {own && (
        <p class="field-error" data-testid="row-error" data-part="">
          {own}
        </p>
      )}
      <ol class="rb-list">
        {group.children.map((child, i) => (
          <li key={child.key} class="rb-item">
            {i > 0 && (
              <span class="rb-joint" aria-hidden="true">
                {group.mode === "any" || group.mode === "not" ? m.or.trim() : m.and.trim()}
              </span>
            )}
            {child.type === "group" ? (
              <Group {...p} group={child} depth={depth + 1} />
            ) : (
              <Condition {...p} row={child} index={i + 1} onRow={(f) => update(f, child.key)} />
            )}
          </li>
        ))}
      </ol>
      <div class="rb-add">
        <button
          type="button"
          class="btn btn-secondary btn-sm"
          data-testid="add-condition"
          onClick={() => add(emptyCond(p.newKey(), firstField))}
        >
          <Icon name="plus" size={14} />
          {m.addCondition}
        </button>
        {depth < MAX_DEPTH && (
          <button
            type="button"
            class="btn btn-ghost btn-sm"
            data-testid="add-group"
            onClick={() =>
              add({
                type: "group",
                key: p.newKey(),
                mode: "any",
                children: [emptyCond(p.newKey(), firstField)],
              })
            }
          >
            <Icon name="plus" size={14} />
            {m.addGroup}
          </button>
        )}
      </div>
    </fieldset>
  );
}

function Condition(
  p: BuilderProps & { row: CondRow; index: number; onRow: (f: (n: RowNode) => RowNode | null) => void },
) {
  const { row, m, lang } = p;
  const field = p.catalogue.get(row.field);
  const errs = p.messages.get(row.key);
  const label = m.condition(p.index);
  const id = `${p.idPrefix}-${row.key}`;
  const errId = (part: string) => `${id}-err-${part || "row"}`;
  const about = (part: string) => (errs?.get(part) ? errId(part) : undefined);
  const set = (patch: Partial<CondRow>) => p.onRow((n) => (n.type === "cond" ? { ...n, ...patch } : n));
  const options = field?.options ?? [];
  const known = new Set(GROUPS.flatMap((g) => g.fields));
  const extra = [...p.catalogue.values()].filter((f) => !known.has(f.field));
  return (
    <div
      class={`rb-row${errs?.size ? " rb-row-invalid" : ""}`}
      data-testid="rule-row"
      data-key={row.key}
      data-index={p.index}
    >
      <div class="rb-controls">
        <select
          id={`${id}-field`}
          class="input input-sm rb-field"
          aria-label={`${label} ${m.fieldLabel}`}
          data-testid="rule-field"
          value={row.field}
          aria-invalid={errs?.get("field") ? true : undefined}
          aria-describedby={about("field")}
          onChange={(e) => {
            const to = p.catalogue.get(e.currentTarget.value);
            if (to) p.onRow((n) => (n.type === "cond" ? changeField(n, field, to) : n));
          }}
        >
          {!field && <option value={row.field}>{row.field || m.pick}</option>}
          {GROUPS.map((g) => (
            <optgroup key={g.en} label={lang === "en" ? g.en : g.zh}>
              {g.fields.map((name) => {
                const f = p.catalogue.get(name);
                return f ? (
                  <option key={name} value={name}>
                    {fieldName(m, f)}
                  </option>
                ) : null;
              })}
            </optgroup>
          ))}
          {extra.map((f) => (
            <option key={f.field} value={f.field}>
              {fieldName(m, f)}
            </option>
          ))}
        </select>
        <select
          id={`${id}-op`}
          class="input input-sm rb-op"
          aria-label={`${label} ${m.opLabel}`}
          data-testid="rule-op"
          value={row.op}
          aria-invalid={errs?.get("op") ? true : undefined}
          aria-describedby={about("op")}
          onChange={(e) => {
            const op = e.currentTarget.value;
            p.onRow((n) => (n.type === "cond" ? changeOp(n, op, field) : n));
          }}
        >
          {!(field?.ops ?? []).includes(row.op) && <option value={row.op}>{row.op}</option>}
          {(field?.ops ?? []).map((op) => (
            <option key={op} value={op}>
              {opName(m, row.field, op)}
            </option>
          ))}
        </select>
        <ValueInput
          row={row}
          field={field}
          lookups={p.lookups}
          m={m}
          lang={lang}
          label={label}
          id={`${id}-value`}
          invalid={!!errs?.get("value")}
          describedBy={about("value")}
          onChange={set}
        />
        {options.includes("days") && (
          <span class="rb-opt">
            <span aria-hidden="true">{m.lastDays}</span>
            <input
              class="input input-sm num rb-days"
              inputMode="numeric"
              aria-label={`${label} ${m.lastDays} N ${m.daysSuffix}（${m.anyTime}：—）`}
              placeholder={m.anyTime}
              data-testid="rule-days"
              value={row.days}
              aria-invalid={errs?.get("days") ? true : undefined}
              aria-describedby={about("days")}
              onInput={(e) => set({ days: e.currentTarget.value })}
            />
            <span aria-hidden="true">{m.daysSuffix}</span>
          </span>
        )}
        {options.includes("channel") && (
          <select
            class="input input-sm rb-channel"
            aria-label={`${label} ${m.channelLabel}`}
            data-testid="rule-channel"
            value={row.channel}
            aria-invalid={errs?.get("channel") ? true : undefined}
            aria-describedby={about("channel")}
            onChange={(e) => set({ channel: e.currentTarget.value })}
          >
            <option value="">{m.anyChannel}</option>
            {(["store", "online", "live"] as const).map((c) => (
              <option key={c} value={c}>
                {m.channels[c]}
              </option>
            ))}
          </select>
        )}
        {options.includes("store") && (
          <select
            class="input input-sm rb-store"
            aria-label={`${label} ${m.storeLabel}`}
            data-testid="rule-store"
            value={row.store}
            aria-invalid={errs?.get("store") ? true : undefined}
            aria-describedby={about("store")}
            onChange={(e) => set({ store: e.currentTarget.value })}
          >
            <option value="">{m.anyStore}</option>
            {(p.lookups?.stores ?? []).map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>
        )}
        <button
          type="button"
          class="btn btn-icon rb-remove"
          aria-label={m.removeCondition(p.index)}
          title={m.removeCondition(p.index)}
          data-testid="remove-row"
          onClick={() => p.onRow(() => null)}
        >
          <Icon name="x" size={16} />
        </button>
      </div>
      {[...(errs?.entries() ?? [])].map(([part, text]) => (
        <p key={part} class="field-error" id={errId(part)} data-testid="row-error" data-part={part}>
          {text}
        </p>
      ))}
    </div>
  );
}
