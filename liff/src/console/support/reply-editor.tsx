/**
 * A keyword rule's replies: 1–5 LINE messages. Text messages (with variables and quick-reply
 * buttons) have a form; any other message (image, Flex, template…) is edited as JSON. A preview
 * shows them as the customer will see them in LINE.
 *
 * Test ids: reply (data-kind), reply-kind (data-value), reply-text, reply-json, insert-variable,
 * add-quick-reply, quick-reply, qr-label, qr-text, remove-reply, add-reply, reply-preview.
 */
import { Icon } from "../ui";
import type { LineMessage } from "./api";
import {
  emptyText,
  isObj,
  MAX_QUICK,
  MAX_REPLIES,
  nextKey,
  type QuickDraft,
  type ReplyDraft,
  toDraft,
  toMessage,
  VARIABLES,
} from "./drafts";
import type { SupportStrings } from "./i18n";
import { FieldError } from "./shared";

export function RepliesEditor(props: {
  s: SupportStrings;
  replies: ReplyDraft[];
  onChange: (r: ReplyDraft[]) => void;
  errors: Record<string, string>;
}) {
  const { s, replies } = props;
  const set = (i: number, d: ReplyDraft) => props.onChange(replies.map((x, k) => (k === i ? d : x)));
  return (
    <div class="replies">
      {replies.map((d, i) => {
        const err = props.errors[`replies.${i}`];
        const errId = `reply-${d.key}-error`;
        return (
          <div
            class={`reply-card${err ? " reply-invalid" : ""}`}
            key={d.key}
            data-testid="reply"
            data-kind={d.kind}
          >
            <div class="reply-head">
              <span class="reply-n">{s.replyN(i + 1)}</span>
              <fieldset class="tabs tabs-sm">
                <legend class="visually-hidden">
                  {s.replyN(i + 1)} · {s.replyType}
                </legend>
                {(["text", "json"] as const).map((k) => (
                  <button
                    key={k}
                    type="button"
                    class="tab"
                    aria-pressed={d.kind === k}
                    data-testid="reply-kind"
                    data-value={k}
                    onClick={() => {
                      if (d.kind === k) return;
                      const m = toMessage(d, s);
                      if (k === "json") {
                        if ("message" in m)
                          set(i, { key: d.key, kind: "json", json: JSON.stringify(m.message, null, 2) });
                      } else {
                        const back = "message" in m ? toDraft(m.message) : emptyText();
                        set(
                          i,
                          back.kind === "text" ? { ...back, key: d.key } : { ...emptyText(), key: d.key },
                        );
                      }
                    }}
                  >
                    {s.replyTypes[k]}
                  </button>
                ))}
              </fieldset>
              {replies.length > 1 && (
                <button
                  type="button"
                  class="btn btn-icon push-end"
                  aria-label={s.removeReply(i + 1)}
                  title={s.removeReply(i + 1)}
                  data-testid="remove-reply"
                  onClick={() => props.onChange(replies.filter((_, k) => k !== i))}
                >
                  <Icon name="trash" size={16} />
                </button>
              )}
            </div>
            {d.kind === "text" ? (
              <TextReply
                s={s}
                d={d}
                n={i + 1}
                onChange={(x) => set(i, x)}
                errId={errId}
                err={err}
                field={`replies.${i}`}
              />
            ) : (
              <div class="field">
                <label class="field-label" for={`reply-${d.key}-json`}>
                  {s.jsonLabel}
                </label>
                <textarea
                  id={`reply-${d.key}-json`}
                  class={`input textarea mono json-box${err ? " input-invalid" : ""}`}
                  rows={8}
                  spellcheck={false}
                  data-testid="reply-json"
                  value={d.json}
                  aria-invalid={err ? true : undefined}
                  aria-describedby={err ? `${errId} reply-${d.key}-json-hint` : `reply-${d.key}-json-hint`}
                  onInput={(e) => set(i, { ...d, json: e.currentTarget.value })}
                />
                <p class="hint" id={`reply-${d.key}-json-hint`}>
                  {s.jsonHint}
                </p>
                <FieldError id={errId} field={`replies.${i}`} message={err} />
              </div>
            )}
          </div>
        );
      })}
      {replies.length < MAX_REPLIES && (
        <div>
          <button
            type="button"
            class="btn btn-secondary btn-sm"
            data-testid="add-reply"
            onClick={() => props.onChange([...replies, emptyText()])}
          >
            <Icon name="plus" size={14} />
            {s.addReply}
          </button>
        </div>
      )}
    </div>
  );
}

function TextReply(props: {
  s: SupportStrings;
  d: Extract<ReplyDraft, { kind: "text" }>;
  n: number;
  onChange: (d: ReplyDraft) => void;
  errId: string;
  err: string | undefined;
  field: string;
}) {
  const { s, d } = props;
  const id = `reply-${d.key}-text`;
  const insert = (v: string) => {
    const el = document.getElementById(id) as HTMLTextAreaElement | null;
    const at = el?.selectionStart ?? d.text.length;
    const end = el?.selectionEnd ?? at;
    props.onChange({ ...d, text: d.text.slice(0, at) + v + d.text.slice(end) });
    requestAnimationFrame(() => {
      el?.focus();
      el?.setSelectionRange(at + v.length, at + v.length);
    });
  };
  const setQuick = (k: number, q: Partial<QuickDraft>) =>
    props.onChange({ ...d, quick: d.quick.map((x, j) => (j === k ? { ...x, ...q } : x)) });
  return (
    <>
      <div class="field">
        <div class="label-row">
          <label class="field-label" for={id}>
            {s.replyText}
          </label>
          <span class="vars">
            {VARIABLES.map((v) => (
              <button
                type="button"
                key={v}
                class="var-chip"
                aria-label={s.insertVariable(v)}
                data-testid="insert-variable"
                onClick={() => insert(v)}
              >
                {v}
              </button>
            ))}
          </span>
        </div>
        <textarea
          id={id}
          class={`input textarea${props.err ? " input-invalid" : ""}`}
          rows={3}
          maxLength={5000}
          data-testid="reply-text"
          value={d.text}
          aria-invalid={props.err ? true : undefined}
          aria-describedby={props.err ? props.errId : undefined}
          onInput={(e) => props.onChange({ ...d, text: e.currentTarget.value })}
        />
        <span class="hint counter">{s.chars([...d.text].length, 5000)}</span>
        <FieldError id={props.errId} field={props.field} message={props.err} />
      </div>
      <div class="quick">
        <p class="field-label">
          {s.quickReplies} <span class="hint inline">{s.quickRepliesHint}</span>
        </p>
        {d.quick.map((q, k) => (
          <div class="quick-row" key={q.key} data-testid="quick-reply">
            <input
              class="input input-sm"
              maxLength={20}
              aria-label={s.qrRow(k + 1, s.qrLabel)}
              placeholder={s.qrLabel}
              data-testid="qr-label"
              value={q.label}
              onInput={(e) => setQuick(k, { label: e.currentTarget.value })}
            />
            {q.type === "postback" ? (
              <input
                class="input input-sm mono"
                maxLength={300}
                aria-label={s.qrRow(k + 1, s.qrPostback)}
                placeholder={s.qrPostback}
                value={q.data}
                onInput={(e) => setQuick(k, { data: e.currentTarget.value })}
              />
            ) : (
              <input
                class="input input-sm"
                maxLength={300}
                aria-label={s.qrRow(k + 1, s.qrText)}
                placeholder={s.qrText}
                data-testid="qr-text"
                value={q.text}
                onInput={(e) => setQuick(k, { text: e.currentTarget.value })}
              />
            )}
            <button
              type="button"
              class="btn btn-icon"
              aria-label={s.removeQuickReply(k + 1)}
              title={s.removeQuickReply(k + 1)}
              onClick={() => props.onChange({ ...d, quick: d.quick.filter((_, j) => j !== k) })}
            >
              <Icon name="x" size={15} />
            </button>
          </div>
        ))}
        {d.quick.length < MAX_QUICK && (
          <button
            type="button"
            class="btn btn-ghost btn-sm"
            data-testid="add-quick-reply"
            onClick={() =>
              props.onChange({
                ...d,
                quick: [...d.quick, { key: nextKey(), type: "message", label: "", text: "", data: "" }],
              })
            }
          >
            <Icon name="plus" size={14} />
            {s.addQuickReply}
          </button>
        )}
      </div>
    </>
  );
}

/** The replies as a LINE chat shows them: the OA's bubbles, variables filled with sample values. */
export function RepliesPreview(props: { s: SupportStrings; replies: ReplyDraft[] }) {
  const { s } = props;
  const messages = props.replies.map((d) => toMessage(d, s));
  const lastResult = messages[messages.length - 1];
  const last = lastResult && "message" in lastResult ? lastResult.message : null;
  const quick =
    last && isObj(last.quickReply) && Array.isArray(last.quickReply.items)
      ? (last.quickReply.items as Array<{ action?: { label?: string } }>).map((x) => x.action?.label ?? "")
      : [];
  return (
    <div class="phone" data-testid="reply-preview">
      <div class="phone-bar">
        <Icon name="back" size={14} />
        <span>OMO Demo</span>
      </div>
      <div class="phone-chat">
        {messages.map((m, i) => (
          <div class="p-row" key={i}>
            {i === 0 ? <span class="p-avatar" aria-hidden="true" /> : <span class="p-gap" />}
            {"message" in m ? (
              <PreviewBubble s={s} m={m.message} />
            ) : (
              <div class="p-bubble p-bad">{m.error}</div>
            )}
          </div>
        ))}
      </div>
      {quick.length > 0 && (
        <div class="p-quick">
          {quick.map((q, i) => (
            <span class="p-chip" key={i}>
              {q || "…"}
            </span>
          ))}
        </div>
      )}
    </div>
  );
}

function PreviewBubble({ s, m }: { s: SupportStrings; m: LineMessage }) {
  if (m.type === "text") {
    const text = String(m.text ?? "");
    const parts = text.split(/(\{[a-zA-Z]+\})/g);
    return (
      <div class="p-bubble">
        {text === ""
          ? "…"
          : parts.map((p, i) => {
              const v = /^\{([a-zA-Z]+)\}$/.exec(p)?.[1];
              const sample = v ? s.previewVars[v] : undefined;
              return sample ? (
                <span class="p-var" key={i} title={p}>
                  {sample}
                </span>
              ) : (
                p
              );
            })}
      </div>
    );
  }
  if (m.type === "image" && typeof m.previewImageUrl === "string")
    return <img class="p-image" src={m.previewImageUrl} alt="" />;
  const kind = s.messageKind[String(m.type)] ?? String(m.type ?? "message");
  return (
    <div class="p-bubble p-card">
      <span class="p-kind">
        <Icon name={m.type === "image" ? "image" : "card"} size={13} />
        {kind}
      </span>
      {typeof m.altText === "string" && <span>{m.altText}</span>}
    </div>
  );
}
