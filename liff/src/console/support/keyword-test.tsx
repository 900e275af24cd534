/**
 * 測試訊息: what the server makes of a message — the normalised text, the rule that answers (the
 * span it matched, highlighted) and the other candidates it beat.
 *
 * Test ids: keyword-test, test-text, test-chat (data-value), test-run, test-normalized,
 * test-answer (data-rule-id), test-no-answer, test-candidate (data-rule-id).
 */
import { useState } from "preact/hooks";
import type { Ctx } from "../nav";
import { Chip, Icon } from "../ui";
import type { KeywordTest } from "./api";
import { supportHref } from "./routes";
import { errorText, useSupport } from "./shared";

export function KeywordTestBox({ ctx }: { ctx: Ctx }) {
  const { s, sapi } = useSupport(ctx);
  const [text, setText] = useState("");
  const [chat, setChat] = useState<"user" | "group">("user");
  const [result, setResult] = useState<KeywordTest | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState("");

  const run = async () => {
    if (!text.trim()) {
      setError(s.required);
      return;
    }
    setBusy(true);
    try {
      setResult(await sapi.testRule(text, chat));
      setError("");
    } catch (e) {
      setError(errorText(e, ctx.lang));
    } finally {
      setBusy(false);
    }
  };

  const answerId = result?.answer?.rule.id;
  const others = (result?.candidates ?? []).filter((c) => c.ruleId !== answerId);
  return (
    <section class="card card-pad test-box" aria-labelledby="test-title" data-testid="keyword-test">
      <div class="test-head">
        <span class="test-icon" aria-hidden="true">
          <Icon name="flask" size={18} />
        </span>
        <div>
          <h2 id="test-title" class="card-title">
            {s.testTitle}
          </h2>
          <p class="hint">{s.testLead}</p>
        </div>
      </div>
      <form
        class="test-form"
        onSubmit={(e) => {
          e.preventDefault();
          void run();
        }}
      >
        <label class="visually-hidden" for="test-text">
          {s.testLabel}
        </label>
        <textarea
          id="test-text"
          class={`input textarea test-text${error ? " input-invalid" : ""}`}
          rows={2}
          maxLength={5000}
          placeholder={s.testPlaceholder}
          data-testid="test-text"
          value={text}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? "test-error" : undefined}
          onInput={(e) => {
            setText(e.currentTarget.value);
            setError("");
          }}
          onKeyDown={(e) => {
            if (e.key === "Enter" && !e.shiftKey && !e.isComposing) {
              e.preventDefault();
              void run();
            }
          }}
        />
        {error && (
          <p class="field-error" id="test-error" role="alert">
            {error}
          </p>
        )}
        <div class="test-row">
          <fieldset class="tabs tabs-sm">
            <legend class="visually-hidden">{s.testChat}</legend>
            {(["user", "group"] as const).map((v) => (
              <button
                key={v}
                type="button"
                class="tab"
                aria-pressed={chat === v}
                data-testid="test-chat"
                data-value={v}
                onClick={() => setChat(v)}
              >
                {s.testChats[v]}
              </button>
            ))}
          </fieldset>
          <button type="submit" class="btn btn-primary btn-sm" data-testid="test-run" disabled={busy}>
            {busy ? s.testing : s.testRun}
          </button>
        </div>
      </form>

      {result && (
        <div class="test-result" aria-live="polite">
          <div class="test-line">
            <span class="field-label">{s.normalized}</span>
            <code class="normalized" data-testid="test-normalized">
              {result.answer ? (
                <>
                  {result.normalizedText.slice(0, result.answer.span[0])}
                  <mark>{result.normalizedText.slice(result.answer.span[0], result.answer.span[1])}</mark>
                  {result.normalizedText.slice(result.answer.span[1])}
                </>
              ) : (
                result.normalizedText
              )}
            </code>
          </div>
          {result.answer ? (
            <div class="test-answer" data-testid="test-answer" data-rule-id={result.answer.rule.id}>
              <p class="field-label">
                <Icon name="check" size={14} /> {s.answeredBy}
              </p>
              <div class="test-rule">
                <Chip tone="green">{s.match[result.answer.rule.match]}</Chip>
                <code class="pattern">{result.answer.rule.pattern}</code>
                <a
                  class="push-end small-link"
                  href={supportHref({ page: "keyword", id: result.answer.rule.id })}
                >
                  {s.openRule}
                </a>
              </div>
              <p class="hint">
                {s.why(
                  s.match[result.answer.rule.match] ?? result.answer.rule.match,
                  result.answer.rule.priority,
                  result.answer.span[0],
                  result.answer.span[1],
                )}
              </p>
              <p class="test-reply">{replyPreview(result.answer.rule.replies[0])}</p>
            </div>
          ) : (
            <p class="banner banner-info" data-testid="test-no-answer">
              {s.noAnswer}
            </p>
          )}
          {result.answer && (
            <div>
              <p class="field-label">{s.candidates}</p>
              {others.length === 0 ? (
                <p class="hint">{s.noCandidates}</p>
              ) : (
                <ul class="cand-list">
                  {others.map((c) => (
                    <li key={c.ruleId} data-testid="test-candidate" data-rule-id={c.ruleId}>
                      <Chip tone="gray">{s.match[c.match] ?? c.match}</Chip>
                      <a class="pattern" href={supportHref({ page: "keyword", id: c.ruleId })}>
                        {c.pattern}
                      </a>
                      <span class="hint push-end">
                        {s.colPriority} {c.priority}
                        {result.answer && c.priority < result.answer.rule.priority
                          ? ` · ${s.lowerPriority}`
                          : ""}
                      </span>
                    </li>
                  ))}
                </ul>
              )}
            </div>
          )}
        </div>
      )}
    </section>
  );
}

/** A one-line reading of a LINE message (text, or the alt text / type of anything else). */
export function replyPreview(m: Record<string, unknown> | undefined): string {
  if (!m) return "";
  if (typeof m.text === "string") return m.text;
  if (typeof m.altText === "string") return m.altText;
  return `[${String(m.type ?? "message")}]`;
}
