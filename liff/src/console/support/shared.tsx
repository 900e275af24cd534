/** Building blocks of the support pages: polling, strings, switches, tag inputs, weekly windows, avatars. */
import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import { apiErrorText } from "../../i18n/error-text";
import type { ApiError } from "../api";
import { zodMessage } from "../form-errors";
import type { Lang, Strings } from "../i18n";
import type { Ctx } from "../nav";
import { Icon } from "../ui";
import { type Agent, type SupportApi, supportApi, type Who, type Window } from "./api";
import { SUPPORT_STRINGS, type SupportStrings } from "./i18n";
import { issueText } from "./wording";

export { dayKey, dayLabel, elapsed, issueText, shortWhen, timeOfDay, windowText } from "./wording";

export function useSupport(ctx: Ctx): { s: SupportStrings; sapi: SupportApi } {
  const sapi = useMemo(() => supportApi(ctx.api), [ctx.api]);
  return { s: SUPPORT_STRINGS[ctx.lang], sapi };
}

/**
 * Runs `load` now and every `ms` while the tab is visible, one call at a time. `current()` tells a
 * call whether its answer still matters (the inputs did not change meanwhile).
 */
export function usePoll(load: (current: () => boolean) => Promise<void>, ms: number, deps: unknown[]) {
  const fn = useRef(load);
  fn.current = load;
  useEffect(() => {
    let alive = true;
    let running = false;
    const run = async () => {
      if (running || !alive) return;
      running = true;
      try {
        await fn.current(() => alive);
      } catch {
        // keep what is shown; the next round tries again
      } finally {
        running = false;
      }
    };
    void run();
    const timer = setInterval(() => document.visibilityState === "visible" && void run(), ms);
    return () => {
      alive = false;
      clearInterval(timer);
    };
  }, deps);
}

/** A refusal in the reader's language: by its code and reason, else the API's message. */
export const errorText = (e: unknown, lang: Lang) => apiErrorText(e, lang);

/** A 400's issues by field path (`pattern`, `replies.0`, `schedule.windows.1`, `variants.2`). */
export function issuesByField(err: ApiError, t: Strings, lang: Lang): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of err.issues) {
    const path = issue.path.replace(/\.\[(\d+)\]/g, ".$1").replace(/\[(\d+)\]/g, ".$1");
    const parts = path.split(".").filter(Boolean);
    const key =
      parts[0] === "replies" && parts[1] !== undefined && /^\d+$/.test(parts[1])
        ? `replies.${parts[1]}`
        : parts[0] === "schedule" && parts[1] === "windows" && parts[2] !== undefined
          ? `schedule.windows.${parts[2]}`
          : parts[0] === "businessHours" && parts[1] !== undefined
            ? `businessHours.${parts[1]}`
            : (parts[0] ?? "form");
    const message = issueText(zodMessage(issue.message, t), lang);
    out[key] = out[key] ? `${out[key]}；${message}` : message;
  }
  if (Object.keys(out).length === 0 && err.message) out.form = err.message;
  return out;
}

export function FieldError(props: { id: string; field: string; message: string | undefined }) {
  if (!props.message) return null;
  return (
    <p class="field-error" id={props.id} data-testid="field-error" data-field={props.field}>
      {props.message}
    </p>
  );
}

/** An on/off switch (a button with role=switch). */
export function Switch(props: {
  checked: boolean;
  label: string;
  onChange: (on: boolean) => void;
  disabled?: boolean;
  testId?: string;
  showLabel?: boolean;
  id?: string;
}) {
  return (
    <button
      type="button"
      role="switch"
      id={props.id}
      class="switch"
      aria-checked={props.checked}
      aria-label={props.showLabel ? undefined : props.label}
      disabled={props.disabled}
      data-testid={props.testId}
      onClick={() => props.onChange(!props.checked)}
    >
      <span class="switch-track" aria-hidden="true">
        <span class="switch-thumb" />
      </span>
      {props.showLabel && <span class="switch-label">{props.label}</span>}
    </button>
  );
}

/** Chips you type: Enter or a comma adds one, Backspace on an empty box removes the last. */
export function TagInput(props: {
  id: string;
  values: string[];
  onChange: (values: string[]) => void;
  placeholder: string;
  removeLabel: (v: string) => string;
  invalid?: boolean;
  describedBy?: string;
  testId?: string;
  max?: number;
}) {
  const [draft, setDraft] = useState("");
  const add = (raw: string) => {
    const v = raw.trim();
    if (!v || props.values.includes(v) || props.values.length >= (props.max ?? 30)) return;
    props.onChange([...props.values, v]);
  };
  return (
    <div class={`tag-input${props.invalid ? " input-invalid" : ""}`} data-testid={props.testId}>
      {props.values.map((v) => (
        <span class="tag-chip" key={v} data-testid="tag-chip">
          {v}
          <button
            type="button"
            class="tag-x"
            aria-label={props.removeLabel(v)}
            onClick={() => props.onChange(props.values.filter((x) => x !== v))}
          >
            ×
          </button>
        </span>
      ))}
      <input
        id={props.id}
        class="tag-field"
        value={draft}
        placeholder={props.values.length ? "" : props.placeholder}
        aria-invalid={props.invalid ? true : undefined}
        aria-describedby={props.describedBy}
        onInput={(e) => {
          const v = e.currentTarget.value;
          if (/[,，、]$/.test(v)) {
            add(v.slice(0, -1));
            setDraft("");
          } else setDraft(v);
        }}
        onKeyDown={(e) => {
          if (e.key === "Enter" && !e.isComposing) {
            e.preventDefault();
            add(draft);
            setDraft("");
          } else if (e.key === "Backspace" && !draft && props.values.length) {
            props.onChange(props.values.slice(0, -1));
          }
        }}
        onBlur={() => {
          add(draft);
          setDraft("");
        }}
      />
    </div>
  );
}

/** Weekly windows (days 1 = Monday … 7 = Sunday, HH:MM to HH:MM) with their errors per row. */
export function WindowsEditor(props: {
  s: SupportStrings;
  idPrefix: string;
  windows: Window[];
  onChange: (w: Window[]) => void;
  errors: Record<string, string>;
  errorKey: (i: number) => string;
}) {
  const { s, windows } = props;
  const set = (i: number, w: Partial<Window>) =>
    props.onChange(windows.map((x, k) => (k === i ? { ...x, ...w } : x)));
  return (
    <div class="windows" data-testid="windows">
      {windows.length === 0 && <p class="hint">{s.noWindows}</p>}
      {windows.map((w, i) => {
        const err = props.errors[props.errorKey(i)];
        const errId = `${props.idPrefix}-w${i}-error`;
        return (
          <div class="window-row" key={i} data-testid="window-row">
            <fieldset class="days">
              <legend class="visually-hidden">{s.windowRow(i + 1, s.windowsLabel)}</legend>
              {s.dayNames.map((d, k) => {
                const day = k + 1;
                const on = w.days.includes(day);
                return (
                  <button
                    key={d}
                    type="button"
                    class="day"
                    aria-pressed={on}
                    aria-label={s.dayFull[k]}
                    data-testid="window-day"
                    onClick={() =>
                      set(i, {
                        days: on ? w.days.filter((x) => x !== day) : [...w.days, day].sort((a, b) => a - b),
                      })
                    }
                  >
                    {d}
                  </button>
                );
              })}
            </fieldset>
            <input
              type="time"
              class={`input time${err ? " input-invalid" : ""}`}
              aria-label={s.windowRow(i + 1, s.windowFrom)}
              value={w.from}
              data-testid="window-from"
              aria-describedby={err ? errId : undefined}
              onInput={(e) => set(i, { from: e.currentTarget.value })}
            />
            <span class="muted" aria-hidden="true">
              –
            </span>
            <input
              type="time"
              class={`input time${err ? " input-invalid" : ""}`}
              aria-label={s.windowRow(i + 1, s.windowTo)}
              value={w.to}
              data-testid="window-to"
              aria-describedby={err ? errId : undefined}
              onInput={(e) => set(i, { to: e.currentTarget.value })}
            />
            <button
              type="button"
              class="btn btn-icon"
              aria-label={s.removeWindow(i + 1)}
              title={s.removeWindow(i + 1)}
              onClick={() => props.onChange(windows.filter((_, k) => k !== i))}
            >
              <Icon name="trash" size={16} />
            </button>
            <FieldError id={errId} field={props.errorKey(i)} message={err} />
          </div>
        );
      })}
      <div>
        <button
          type="button"
          class="btn btn-secondary btn-sm"
          data-testid="add-window"
          onClick={() => props.onChange([...windows, { days: [1, 2, 3, 4, 5], from: "10:00", to: "19:00" }])}
        >
          <Icon name="plus" size={14} />
          {s.addWindow}
        </button>
      </div>
    </div>
  );
}

const AVATAR_COLORS = [
  "#0B6E4F",
  "#1f6feb",
  "#8250df",
  "#bf3989",
  "#9a6700",
  "#0969da",
  "#1a7f37",
  "#b35900",
];
export function Avatar(props: { name: string; size?: "sm" | "lg" }) {
  let h = 0;
  for (const ch of props.name) h = (h * 31 + (ch.codePointAt(0) ?? 0)) >>> 0;
  const initial = [...props.name.trim()][0] ?? "?";
  return (
    <span
      class={`avatar${props.size ? ` avatar-${props.size}` : ""}`}
      style={{ background: AVATAR_COLORS[h % AVATAR_COLORS.length] }}
      aria-hidden="true"
    >
      {initial.toUpperCase()}
    </span>
  );
}

/** A clock that ticks every `ms` (relative times move without a reload). */
export function useNow(ms = 15_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(timer);
  }, [ms]);
  return now;
}

/** Shown when an agent token opens an admin-only page. */
export function AdminOnly({ s }: { s: SupportStrings }) {
  return (
    <div class="page">
      <div class="card card-pad admin-only" data-testid="admin-only">
        <h1 tabIndex={-1}>{s.adminOnly}</h1>
        <p class="lead">{s.adminOnlyLead}</p>
      </div>
    </div>
  );
}

/** The people the console names: who is signed in, and the agents conversations go to. */
export interface People {
  me: Who | null;
  /** Null until the API has answered. */
  agents: Agent[] | null;
}

/** The signed-in person as messages and assignments record them: a staff id, or `admin`. */
export const myId = (me: Who | null): string | null =>
  me?.agent?.id ?? (me?.kind === "admin" ? "admin" : null);

/**
 * An agent by name — 「陳怡君（我）」 for the one signed in, 管理員 for the admin token — or, for
 * someone no longer among the agents (deactivated), the tail of their staff id.
 */
export function agentLabel(id: string, s: SupportStrings, people: People): string {
  const self = id === myId(people.me);
  const name =
    id === "admin"
      ? s.adminName
      : (people.agents?.find((a) => a.id === id)?.name ??
        (self ? people.me?.agent?.name : undefined) ??
        `#${id.slice(id.lastIndexOf("_") + 1)}`);
  return self ? s.selfName(name) : name;
}

/**
 * The agents to assign to, loaded once; `ensure` (called as conversations arrive) asks again when
 * an id shows up that is not among them (someone added since), once per id, or when the first
 * answer failed.
 */
export function useAgents(ctx: Ctx): { agents: Agent[] | null; ensure: (ids: Array<string | null>) => void } {
  const { sapi } = useSupport(ctx);
  const [agents, setAgents] = useState<Agent[] | null>(null);
  const asked = useRef(new Set<string>());
  const loading = useRef(false);
  const load = useRef(async () => {});
  load.current = async () => {
    if (loading.current) return;
    loading.current = true;
    try {
      setAgents((await sapi.agents()).agents);
    } catch {
      // names fall back to ids meanwhile; the next `ensure` asks again
    } finally {
      loading.current = false;
    }
  };
  useEffect(() => {
    void load.current();
  }, [sapi]);
  const ensure = (ids: Array<string | null>) => {
    if (!agents) {
      void load.current(); // the first answer failed (or is on its way: then this does nothing)
      return;
    }
    const unknown = ids.filter(
      (id): id is string =>
        !!id && id !== "admin" && !asked.current.has(id) && !agents.some((a) => a.id === id),
    );
    if (unknown.length === 0) return;
    for (const id of unknown) asked.current.add(id);
    void load.current();
  };
  return { agents, ensure };
}
