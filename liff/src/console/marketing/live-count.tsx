/**
 * The builder's live count: the rows as a rule (problems found here first), counted by
 * `POST /api/segments/preview` a moment after the last change; a refusal naming a path
 * (`details.field: rule.all.0.op`) is put on that row.
 *
 * Test ids: live-count (data-state: idle | counting | ready | incomplete | refused), live-count-n,
 * live-sample.
 */
import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import { ApiError } from "../../api/error";
import type { Ctx } from "../nav";
import type { Preview } from "./api";
import type { MarketingStrings } from "./i18n";
import { MembersTable } from "./members";
import type { RowMessages } from "./rule-builder";
import { type Catalogue, type GroupRow, type Problem, rowAt, toRule, withoutPath } from "./rule-model";
import { errorText, type Lookups, useMarketing } from "./shared";

const DEBOUNCE_MS = 350;
const EMPTY: ReadonlyMap<string, string> = new Map();

export interface Draft {
  /** The rule to save; null while a row has a problem. */
  rule: unknown | null;
  messages: RowMessages;
  /** Each row's path in the rule (to place a refusal made on saving). */
  paths: ReadonlyMap<string, string>;
  preview: Preview | null;
  state: "idle" | "counting" | "ready" | "incomplete" | "refused";
  error: string;
}

const problemText = (m: MarketingStrings, p: Problem) =>
  p === "required"
    ? m.required
    : p === "notInteger"
      ? m.notInteger
      : p === "emptyGroup"
        ? m.emptyGroup
        : m.loAboveHi;

/**
 * The rows' rule and its live count. `strict`: every problem shown (after a save was tried);
 * otherwise an empty value is only noted in the count (a row just added is not an error yet).
 */
export function useDraft(ctx: Ctx, root: GroupRow, catalogue: Catalogue | null, strict: boolean): Draft {
  const { m, mapi } = useMarketing(ctx);
  const built = useMemo(() => (catalogue ? toRule(root, catalogue) : null), [root, catalogue]);
  const [preview, setPreview] = useState<Preview | null>(null);
  const [state, setState] = useState<Draft["state"]>("idle");
  const [refusal, setRefusal] = useState<{ key: string; part: string; text: string } | null>(null);
  const [error, setError] = useState("");
  const seq = useRef(0);
  const ruleJson = built && built.errors.length === 0 ? JSON.stringify(built.rule) : null;

  useEffect(() => {
    const n = ++seq.current;
    setRefusal(null);
    setError("");
    if (!built) return;
    if (!ruleJson) {
      setState("incomplete");
      return;
    }
    setState("counting");
    const timer = setTimeout(() => {
      mapi.preview(JSON.parse(ruleJson)).then(
        (p) => {
          if (n !== seq.current) return;
          setPreview(p);
          setState("ready");
        },
        (e: unknown) => {
          if (n !== seq.current) return;
          const field =
            e instanceof ApiError ? (e.details as { field?: unknown } | undefined)?.field : undefined;
          const at = typeof field === "string" ? rowAt(field, built.paths) : null;
          if (e instanceof ApiError && e.status === 400 && at) {
            setRefusal({ ...at, text: withoutPath(e.message) });
            setState("refused");
          } else {
            setError(errorText(e, ctx.lang));
            setState("idle");
          }
        },
      );
    }, DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [ruleJson, mapi]);

  const messages = useMemo(() => {
    const out: RowMessages = new Map();
    const put = (key: string, part: string, text: string) => {
      const row = out.get(key) ?? new Map<string, string>();
      if (!row.has(part)) row.set(part, text);
      out.set(key, row);
    };
    for (const e of built?.errors ?? [])
      if (strict || e.problem !== "required") put(e.key, e.part, problemText(m, e.problem));
    if (refusal) put(refusal.key, refusal.part, refusal.text);
    return out;
  }, [built, refusal, strict, m]);

  const paths = built?.paths ?? EMPTY;
  return { rule: ruleJson ? JSON.parse(ruleJson) : null, messages, paths, preview, state, error };
}

/** The count and a sample, beside the builder. */
export function LiveCount(props: { ctx: Ctx; draft: Draft; lookups: Lookups | null; m: MarketingStrings }) {
  const { draft, m } = props;
  const stale = draft.state !== "ready";
  return (
    <section
      class="card card-pad live-count"
      aria-labelledby="live-count-title"
      data-testid="live-count"
      data-state={draft.state}
    >
      <h2 id="live-count-title" class="card-title">
        {m.liveCount}
      </h2>
      <p class="hint">{m.liveCountLead}</p>
      <div
        class={`lc-figure${stale ? " lc-stale" : ""}`}
        aria-live="polite"
        aria-busy={draft.state === "counting"}
      >
        <span class="lc-n" data-testid="live-count-n">
          {draft.preview ? draft.preview.count.toLocaleString("en-US") : "—"}
        </span>
        <span class="lc-unit">{m.matching}</span>
        {draft.state === "counting" && (
          <>
            <span class="spinner" aria-hidden="true" />
            <span class="visually-hidden">{m.counting}</span>
          </>
        )}
      </div>
      {draft.state === "incomplete" && <p class="banner banner-info lc-note">{m.incomplete}</p>}
      {draft.state === "refused" && (
        <p class="banner banner-error lc-note" role="alert">
          {m.ruleRefused}
        </p>
      )}
      {draft.error && (
        <p class="banner banner-error lc-note" role="alert">
          {draft.error}
        </p>
      )}
      {draft.preview && (
        <div class="lc-sample" data-testid="live-sample">
          <h3 class="field-label">{m.sample}</h3>
          {draft.preview.sample.length === 0 ? (
            <p class="hint">{m.noSample}</p>
          ) : (
            <MembersTable ctx={props.ctx} members={draft.preview.sample} lookups={props.lookups} compact />
          )}
        </div>
      )}
    </section>
  );
}
