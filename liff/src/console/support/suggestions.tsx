/**
 * 建議回覆: each pending suggestion with its source (LLM, or retrieval with its FAQ entry and
 * score) and the agent's choices — send as is, edit in the composer, reject with a reason —
 * plus regenerate. While the customer's latest message is still being prepared, says so.
 *
 * Test ids: suggestions, suggestions-preparing, no-suggestions, regenerate, suggestion
 * (data-id, data-source), suggestion-source, suggestion-ref, suggestion-text, accept-suggestion,
 * edit-suggestion, reject-suggestion, reject-form, reject-reason (chips), reject-other,
 * reject-confirm.
 */
import { useEffect, useRef, useState } from "preact/hooks";
import type { Ctx } from "../nav";
import { Icon } from "../ui";
import type { Suggestion } from "./api";
import type { SupportStrings } from "./i18n";
import { supportHref } from "./routes";
import { useSupport } from "./shared";

export function SuggestionsBox(props: {
  ctx: Ctx;
  suggestions: Suggestion[];
  preparing: boolean;
  canRegenerate: boolean;
  faq: Map<string, string>;
  busy: string | null;
  editingId: string | null;
  onAccept: (s: Suggestion) => void;
  onEdit: (s: Suggestion) => void;
  onReject: (s: Suggestion, reason: string) => Promise<void>;
  onRegenerate: () => Promise<void>;
}) {
  const { s } = useSupport(props.ctx);
  const list = props.suggestions;
  return (
    <section class="assist-card" aria-labelledby="sug-title" data-testid="suggestions">
      <div class="assist-head">
        <Icon name="sparkle" size={16} />
        <h2 id="sug-title" class="card-title">
          {s.suggestionsTitle}
        </h2>
        {list.length > 0 && <span class="count-badge">{list.length}</span>}
        {props.canRegenerate && (
          <button
            type="button"
            class="btn btn-ghost btn-sm push-end"
            data-testid="regenerate"
            disabled={props.busy !== null || props.preparing}
            onClick={() => void props.onRegenerate()}
          >
            <Icon name="refresh" size={14} />
            {props.busy === "regenerate" ? s.regenerating : s.regenerate}
          </button>
        )}
      </div>
      {props.preparing && list.length === 0 ? (
        <div class="sug-preparing" data-testid="suggestions-preparing" role="status">
          <span class="spinner" aria-hidden="true" />
          <div>
            <p class="strong">{s.preparing}</p>
            <p class="hint">{s.preparingLead}</p>
          </div>
        </div>
      ) : list.length === 0 ? (
        <div class="sug-empty" data-testid="no-suggestions">
          <p class="strong">{s.noSuggestions}</p>
          <p class="hint">{s.noSuggestionsLead}</p>
        </div>
      ) : (
        <ol class="sug-list">
          {list.map((sug, i) => (
            <SuggestionCard
              key={sug.id}
              {...props}
              s={s}
              sug={sug}
              n={i + 1}
              editing={props.editingId === sug.id}
            />
          ))}
        </ol>
      )}
      <p class="sug-foot">
        <Icon name="shield" size={13} />
        {s.nothingAutoSends}
      </p>
    </section>
  );
}

function SuggestionCard(props: {
  s: SupportStrings;
  sug: Suggestion;
  n: number;
  editing: boolean;
  faq: Map<string, string>;
  busy: string | null;
  onAccept: (s: Suggestion) => void;
  onEdit: (s: Suggestion) => void;
  onReject: (s: Suggestion, reason: string) => Promise<void>;
}) {
  const { s, sug, n } = props;
  const [rejecting, setRejecting] = useState(false);
  const [reason, setReason] = useState("");
  const [other, setOther] = useState("");
  const [error, setError] = useState("");
  const ref = refOf(sug, props.faq, s);
  const chips = useRef<HTMLDivElement>(null);
  // The reason form takes focus when it opens (its first reason).
  useEffect(() => {
    if (rejecting) chips.current?.querySelector<HTMLButtonElement>("button")?.focus();
  }, [rejecting]);
  const busy = props.busy !== null;
  const formId = `reject-${sug.id}`;
  return (
    <li
      class={`sug${props.editing ? " sug-editing" : ""}`}
      data-testid="suggestion"
      data-id={sug.id}
      data-source={sug.source}
    >
      <div class="sug-head">
        <span class={`src src-${sug.source}`} data-testid="suggestion-source">
          <Icon name={sug.source === "llm" ? "sparkle" : "book"} size={12} />
          {sug.source === "llm" ? s.sourceLlm : s.sourceRetrieval}
        </span>
        {ref && (
          <span class="sug-ref" data-testid="suggestion-ref" title={sug.sourceRef ?? ""}>
            {ref.href ? <a href={ref.href}>{ref.text}</a> : ref.text}
          </span>
        )}
        {sug.score !== null && sug.source === "retrieval" && sug.sourceRef !== "template:holding" && (
          <span class="sug-score" data-testid="suggestion-score">
            {s.score(sug.score.toFixed(2))}
          </span>
        )}
        {props.editing && <span class="editing-tag">{s.editingBadge}</span>}
      </div>
      <p class="sug-text" data-testid="suggestion-text">
        {sug.text}
      </p>
      {!rejecting ? (
        <div class="sug-actions">
          <button
            type="button"
            class="btn btn-primary btn-sm"
            data-testid="accept-suggestion"
            aria-label={s.acceptLabel(n)}
            disabled={busy}
            onClick={() => props.onAccept(sug)}
          >
            <Icon name="send" size={13} />
            {props.busy === `accept:${sug.id}` ? s.sending : s.accept}
          </button>
          <button
            type="button"
            class="btn btn-secondary btn-sm"
            data-testid="edit-suggestion"
            aria-label={s.editLabel(n)}
            disabled={busy}
            onClick={() => props.onEdit(sug)}
          >
            <Icon name="edit" size={13} />
            {s.edit}
          </button>
          <button
            type="button"
            class="btn btn-ghost-danger btn-sm push-end"
            data-testid="reject-suggestion"
            aria-label={s.rejectLabel(n)}
            disabled={busy}
            onClick={() => setRejecting(true)}
          >
            {s.reject}
          </button>
        </div>
      ) : (
        <form
          class="reject-form"
          data-testid="reject-form"
          aria-labelledby={`${formId}-title`}
          onKeyDown={(e) => {
            if (e.key === "Escape") {
              e.preventDefault();
              setRejecting(false);
              setError("");
            }
          }}
          onSubmit={async (e) => {
            e.preventDefault();
            const why = (other.trim() || reason).trim();
            if (!why) {
              setError(s.rejectNeedsReason);
              return;
            }
            await props.onReject(sug, why);
          }}
        >
          <p class="field-label" id={`${formId}-title`}>
            {s.rejectTitle}
          </p>
          <div class="reason-chips" ref={chips}>
            {s.rejectReasons.map((r) => (
              <button
                type="button"
                key={r}
                class="reason-chip"
                aria-pressed={reason === r && !other.trim()}
                data-testid="reject-reason"
                onClick={() => {
                  setReason(r);
                  setOther("");
                  setError("");
                }}
              >
                {r}
              </button>
            ))}
          </div>
          <label class="visually-hidden" for={`${formId}-other`}>
            {s.rejectPlaceholder}
          </label>
          <input
            id={`${formId}-other`}
            class="input input-sm"
            maxLength={300}
            placeholder={s.rejectPlaceholder}
            data-testid="reject-other"
            value={other}
            onInput={(e) => {
              setOther(e.currentTarget.value);
              setError("");
            }}
          />
          {error && (
            <p class="field-error" role="alert">
              {error}
            </p>
          )}
          <div class="sug-actions">
            <button type="submit" class="btn btn-danger btn-sm" data-testid="reject-confirm" disabled={busy}>
              {s.rejectConfirm}
            </button>
            <button
              type="button"
              class="btn btn-ghost btn-sm"
              onClick={() => {
                setRejecting(false);
                setError("");
              }}
            >
              {s.cancel}
            </button>
          </div>
        </form>
      )}
    </li>
  );
}

function refOf(
  sug: Suggestion,
  faq: Map<string, string>,
  s: SupportStrings,
): { text: string; href?: string } | null {
  const ref = sug.sourceRef;
  if (!ref) return null;
  if (ref.startsWith("faq:")) {
    const id = ref.slice(4);
    return { text: s.refFaq(faq.get(id) ?? id), href: supportHref({ page: "knowledge", id }) };
  }
  if (ref.startsWith("reply:")) return { text: s.refReply };
  if (ref === "template:holding") return { text: s.refHolding };
  if (ref.startsWith("llm:")) return { text: s.refModel(ref.slice(4)) };
  return { text: ref };
}
