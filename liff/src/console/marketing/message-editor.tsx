/**
 * A broadcast's messages, one card each: a text (with variables to insert where the cursor is),
 * an image URL, or a Flex card as JSON checked as it is typed (the line and column of a mistake).
 *
 * Test ids: message-card (data-index, data-kind), message-kind (data-value), message-text,
 * message-url, message-alt, message-json, json-status (data-ok), insert-variable (data-value),
 * add-message, remove-message, message-error (data-field).
 */
import { useRef } from "preact/hooks";
import { Icon } from "../ui";
import type { MarketingStrings } from "./i18n";
import { jsonProblemText } from "./message-words";
import {
  emptyMessage,
  FLEX_TEMPLATE,
  type MessageDraft,
  type MessageKind,
  parseFlex,
  VARIABLES,
} from "./messages";

const KINDS: MessageKind[] = ["text", "image", "flex"];

export function MessagesEditor(props: {
  m: MarketingStrings;
  messages: MessageDraft[];
  max: number;
  /** Index → field → message. */
  errors: Map<number, Map<string, string>>;
  onChange: (messages: MessageDraft[]) => void;
}) {
  const { m, messages } = props;
  const set = (i: number, d: MessageDraft) => props.onChange(messages.map((x, k) => (k === i ? d : x)));
  return (
    <div class="msg-list">
      {messages.map((d, i) => (
        <MessageCard
          key={i}
          m={m}
          index={i}
          draft={d}
          errors={props.errors.get(i)}
          onChange={(x) => set(i, x)}
          onRemove={
            messages.length > 1 ? () => props.onChange(messages.filter((_, k) => k !== i)) : undefined
          }
          onUp={
            i > 0
              ? () => {
                  const next = [...messages];
                  [next[i - 1], next[i]] = [next[i] as MessageDraft, next[i - 1] as MessageDraft];
                  props.onChange(next);
                }
              : undefined
          }
        />
      ))}
      {messages.length < props.max && (
        <button
          type="button"
          class="btn btn-secondary btn-sm msg-add"
          data-testid="add-message"
          onClick={() => props.onChange([...messages, emptyMessage("text")])}
        >
          <Icon name="plus" size={14} />
          {m.addMessage}
        </button>
      )}
    </div>
  );
}

function MessageCard(props: {
  m: MarketingStrings;
  index: number;
  draft: MessageDraft;
  errors: Map<string, string> | undefined;
  onChange: (d: MessageDraft) => void;
  onRemove: (() => void) | undefined;
  onUp: (() => void) | undefined;
}) {
  const { m, draft: d, index: i } = props;
  const text = useRef<HTMLTextAreaElement>(null);
  const id = `msg-${i}`;
  const err = (f: string) => props.errors?.get(f);
  const errEl = (f: string) =>
    err(f) ? (
      <p class="field-error" id={`${id}-${f}-error`} data-testid="message-error" data-field={f}>
        {err(f)}
      </p>
    ) : null;
  const aria = (f: string, hint?: string) => ({
    "aria-invalid": err(f) ? true : undefined,
    "aria-describedby": [err(f) ? `${id}-${f}-error` : "", hint ?? ""].filter(Boolean).join(" ") || undefined,
  });
  const insert = (v: string) => {
    if (d.kind !== "text") return;
    const el = text.current;
    const at = el?.selectionStart ?? d.text.length;
    const end = el?.selectionEnd ?? at;
    props.onChange({ ...d, text: d.text.slice(0, at) + v + d.text.slice(end) });
    requestAnimationFrame(() => {
      el?.focus();
      el?.setSelectionRange(at + v.length, at + v.length);
    });
  };
  const flex = d.kind === "flex" ? parseFlex(d.json) : null;
  return (
    <fieldset
      class={`msg-card${props.errors?.size ? " reply-invalid" : ""}`}
      data-testid="message-card"
      data-index={i}
      data-kind={d.kind}
    >
      <legend class="visually-hidden">{m.messageN(i + 1)}</legend>
      <div class="reply-head">
        <span class="reply-n" aria-hidden="true">
          {m.messageN(i + 1)}
        </span>
        <fieldset class="seg msg-kinds">
          <legend class="visually-hidden">{`${m.messageN(i + 1)} ${m.kindLabel}`}</legend>
          {KINDS.map((k) => (
            <button
              key={k}
              type="button"
              class="seg-btn"
              aria-pressed={d.kind === k}
              data-testid="message-kind"
              data-value={k}
              onClick={() => d.kind !== k && props.onChange(emptyMessage(k))}
            >
              {m.kinds[k]}
            </button>
          ))}
        </fieldset>
        <span class="push-end" />
        {props.onUp && (
          <button
            type="button"
            class="btn btn-ghost btn-sm"
            aria-label={m.moveUp(i + 1)}
            title={m.moveUp(i + 1)}
            onClick={props.onUp}
          >
            ↑
          </button>
        )}
        {props.onRemove && (
          <button
            type="button"
            class="btn btn-icon"
            aria-label={m.removeMessage(i + 1)}
            title={m.removeMessage(i + 1)}
            data-testid="remove-message"
            onClick={props.onRemove}
          >
            <Icon name="trash" size={16} />
          </button>
        )}
      </div>
      {d.kind === "text" && (
        <div class="field">
          <div class="label-row">
            <label class="field-label" for={`${id}-text`}>
              {m.textLabel}
            </label>
            <span class="vars">
              <span class="hint inline">{m.variables}</span>
              {VARIABLES.map((v) => (
                <button
                  key={v}
                  type="button"
                  class="var-chip"
                  data-testid="insert-variable"
                  data-value={v}
                  onClick={() => insert(v)}
                >
                  {v}
                </button>
              ))}
            </span>
          </div>
          <textarea
            ref={text}
            id={`${id}-text`}
            class="input textarea"
            rows={3}
            maxLength={5000}
            placeholder={m.textPlaceholder}
            data-testid="message-text"
            value={d.text}
            {...aria("text")}
            onInput={(e) => props.onChange({ ...d, text: e.currentTarget.value })}
          />
          <span class="hint counter">{d.text.length.toLocaleString("en-US")} / 5,000</span>
          {errEl("text")}
        </div>
      )}
      {d.kind === "image" && (
        <div class="field">
          <label class="field-label" for={`${id}-url`}>
            {m.imageUrl}
          </label>
          <input
            id={`${id}-url`}
            class="input"
            inputMode="url"
            placeholder="https://"
            data-testid="message-url"
            value={d.url}
            {...aria("url", `${id}-url-hint`)}
            onInput={(e) => props.onChange({ ...d, url: e.currentTarget.value })}
          />
          <p class="hint" id={`${id}-url-hint`}>
            {m.imageUrlHint}
          </p>
          {errEl("url")}
        </div>
      )}
      {d.kind === "flex" && (
        <>
          <div class="field">
            <label class="field-label" for={`${id}-alt`}>
              {m.altText}
            </label>
            <input
              id={`${id}-alt`}
              class="input"
              maxLength={400}
              placeholder={m.altPlaceholder}
              data-testid="message-alt"
              value={d.altText}
              {...aria("altText")}
              onInput={(e) => props.onChange({ ...d, altText: e.currentTarget.value })}
            />
            {errEl("altText")}
          </div>
          <div class="field">
            <div class="label-row">
              <label class="field-label" for={`${id}-json`}>
                {m.flexJson}
              </label>
              <button
                type="button"
                class="btn btn-ghost btn-sm"
                onClick={() => props.onChange({ ...d, json: FLEX_TEMPLATE })}
              >
                {m.flexTemplate}
              </button>
            </div>
            <textarea
              id={`${id}-json`}
              class="input textarea mono json-box"
              rows={10}
              spellcheck={false}
              data-testid="message-json"
              value={d.json}
              {...aria("json", `${id}-json-status`)}
              onInput={(e) => props.onChange({ ...d, json: e.currentTarget.value })}
            />
            <p
              id={`${id}-json-status`}
              class={flex && "contents" in flex ? "status-ok" : "field-error"}
              data-testid="json-status"
              data-ok={flex && "contents" in flex ? "true" : "false"}
              aria-live="polite"
            >
              {flex && "contents" in flex
                ? `✓ ${m.flexOk}`
                : flex && "error" in flex
                  ? jsonProblemText(m, flex.error)
                  : ""}
            </p>
            {err("json") && !(flex && "error" in flex) && errEl("json")}
          </div>
        </>
      )}
    </fieldset>
  );
}
