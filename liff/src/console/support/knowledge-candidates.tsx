/**
 * 待審常見問題: answers agents wrote themselves and sent at least twice, with the customers'
 * questions they answered. Each is added to the FAQ through a small form (question required,
 * prefilled with the first customer's words; answer, other ways to ask and tags editable) or
 * dismissed for good. A candidate someone else decided meanwhile (409) is said so, and the list
 * reloaded.
 *
 * Test ids: candidates (data-count), no-candidates, candidate (data-id), candidate-answer,
 * candidate-uses, candidate-question, accept-candidate, dismiss-candidate, accept-form,
 * accept-question, accept-answer, accept-variants, accept-tags, accept-submit.
 */
import { useState } from "preact/hooks";
import { ApiError } from "../api";
import { dateTime } from "../format";
import type { Ctx } from "../nav";
import { ConfirmDialog, Icon, useModal } from "../ui";
import type { KnowledgeCandidate, KnowledgeEntry } from "./api";
import { EntryFields } from "./knowledge-fields";
import { errorText, issuesByField, useSupport } from "./shared";

export function Candidates(props: {
  ctx: Ctx;
  candidates: KnowledgeCandidate[] | null;
  error: string;
  /** Reload the candidates and the entries (after one was decided, here or elsewhere). */
  reload: () => Promise<void>;
  onAccepted: (e: KnowledgeEntry) => void;
}) {
  const { ctx, candidates } = props;
  const { s, sapi } = useSupport(ctx);
  const [accepting, setAccepting] = useState<KnowledgeCandidate | null>(null);
  const [dismissing, setDismissing] = useState<KnowledgeCandidate | null>(null);
  const [busy, setBusy] = useState(false);

  /** Someone decided it first: say so and show the list as it is now. */
  const gone = async () => {
    ctx.toast(s.candidateGone, "error");
    await props.reload();
  };

  const dismiss = async (c: KnowledgeCandidate) => {
    setBusy(true);
    try {
      await sapi.dismissCandidate(c.id);
      ctx.toast(s.candidateDismissed);
      await props.reload();
    } catch (e) {
      if (e instanceof ApiError && e.status === 409) await gone();
      else ctx.toast(errorText(e, ctx.lang), "error");
    } finally {
      setBusy(false);
      setDismissing(null);
    }
  };

  return (
    <section
      class="kb-cands"
      aria-labelledby="candidates-heading"
      data-testid="candidates"
      data-count={candidates?.length ?? 0}
    >
      <div class="kb-cands-head">
        <h2 id="candidates-heading" class="visually-hidden">
          {s.candidatesTab}
        </h2>
        <p class="hint">{s.candidatesLead}</p>
      </div>
      {props.error && (
        <p class="banner banner-error" role="alert">
          {props.error}
        </p>
      )}
      {!candidates && !props.error && <p class="empty">{s.loading}</p>}
      {candidates?.length === 0 && (
        <div class="card empty kb-empty" data-testid="no-candidates">
          <span class="empty-icon" aria-hidden="true">
            <Icon name="check" size={28} />
          </span>
          <p class="empty-title">{s.kbNoCandidates}</p>
          <p>{s.kbNoCandidatesLead}</p>
        </div>
      )}
      <ul class="kb-cand-list">
        {(candidates ?? []).map((c) => (
          <li key={c.id} class="card kb-cand" data-testid="candidate" data-id={c.id}>
            <div class="kb-cand-top">
              <span class="chip chip-green" data-testid="candidate-uses">
                {s.candidateUses(c.uses)}
              </span>
              <span class="hint">
                {s.candidateWhen(dateTime(c.firstUsedAt, ctx.lang), dateTime(c.lastUsedAt, ctx.lang))}
              </span>
            </div>
            <div class="kb-cand-body">
              <div>
                <h3 class="kb-section-title">{s.candidateAnswer}</h3>
                <p class="kb-cand-answer" data-testid="candidate-answer">
                  {c.answer}
                </p>
              </div>
              <div>
                <h3 class="kb-section-title">{s.candidateQuestions(c.questions.length)}</h3>
                {c.questions.length === 0 ? (
                  <p class="hint">{s.candidateNoQuestions}</p>
                ) : (
                  <ul class="kb-cand-questions">
                    {c.questions.map((q, i) => (
                      <li key={i} data-testid="candidate-question">
                        {q}
                      </li>
                    ))}
                  </ul>
                )}
              </div>
            </div>
            <div class="kb-cand-actions">
              <button
                type="button"
                class="btn btn-secondary btn-sm"
                data-testid="dismiss-candidate"
                disabled={busy}
                onClick={() => setDismissing(c)}
              >
                {s.dismiss}
              </button>
              <button
                type="button"
                class="btn btn-primary btn-sm"
                data-testid="accept-candidate"
                disabled={busy}
                onClick={() => setAccepting(c)}
              >
                <Icon name="plus" size={14} />
                {s.addToFaq}
              </button>
            </div>
          </li>
        ))}
      </ul>
      <AcceptDialog
        ctx={ctx}
        candidate={accepting}
        onClose={() => setAccepting(null)}
        onGone={async () => {
          setAccepting(null);
          await gone();
        }}
        onAccepted={async (entry) => {
          setAccepting(null);
          ctx.toast(s.candidateAccepted);
          props.onAccepted(entry);
          await props.reload();
        }}
      />
      <ConfirmDialog
        open={dismissing !== null}
        title={s.dismissTitle}
        body={s.dismissBody}
        confirm={s.dismiss}
        cancel={s.cancel}
        busy={busy}
        onConfirm={() => dismissing && void dismiss(dismissing)}
        onClose={() => setDismissing(null)}
      />
    </section>
  );
}

interface AcceptForm {
  question: string;
  answer: string;
  variants: string[];
  tags: string[];
}

const prefill = (c: KnowledgeCandidate | null): AcceptForm => ({
  question: c?.questions[0] ?? "",
  answer: c?.answer ?? "",
  variants: [...new Set(c?.questions ?? [])].slice(0, 30),
  tags: [],
});

interface AcceptProps {
  ctx: Ctx;
  candidate: KnowledgeCandidate | null;
  onClose: () => void;
  onGone: () => Promise<void>;
  onAccepted: (e: KnowledgeEntry) => Promise<void>;
}

/** The candidate as a new FAQ entry: a modal form on the native <dialog>. */
function AcceptDialog(props: AcceptProps) {
  const ref = useModal(props.candidate !== null, "#accept-question");
  return (
    <dialog
      ref={ref}
      class="dialog kb-dialog"
      aria-labelledby="accept-title"
      data-testid="accept-form"
      onCancel={(e) => {
        e.preventDefault();
        props.onClose();
      }}
    >
      {props.candidate && <AcceptFields key={props.candidate.id} {...props} candidate={props.candidate} />}
    </dialog>
  );
}

/** Starts from the candidate's own words each time one is opened. */
function AcceptFields(props: AcceptProps & { candidate: KnowledgeCandidate }) {
  const { ctx, candidate } = props;
  const { s, sapi } = useSupport(ctx);
  const [form, setForm] = useState<AcceptForm>(() => prefill(candidate));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const set = (f: Partial<AcceptForm>) => {
    setForm({ ...form, ...f });
    setErrors(Object.fromEntries(Object.entries(errors).filter(([k]) => !(k in f))));
  };

  const submit = async () => {
    const local: Record<string, string> = {};
    if (!form.question.trim()) local.question = s.required;
    if (!form.answer.trim()) local.answer = s.required;
    if (Object.keys(local).length) {
      setErrors(local);
      return;
    }
    setBusy(true);
    try {
      const entry = await sapi.acceptCandidate(candidate.id, {
        question: form.question,
        variants: form.variants,
        tags: form.tags,
        ...(form.answer.trim() === candidate.answer ? {} : { answer: form.answer }),
      });
      await props.onAccepted(entry);
    } catch (e) {
      if (e instanceof ApiError && e.status === 409) await props.onGone();
      else if (e instanceof ApiError && e.status === 400) setErrors(issuesByField(e, ctx.t, ctx.lang));
      else setErrors({ form: errorText(e, ctx.lang) });
    } finally {
      setBusy(false);
    }
  };

  const err = (k: string) => errors[k];
  return (
    <form
      class="stack"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <div>
        <h2 id="accept-title">{s.addToFaq}</h2>
        <p>{s.acceptLead}</p>
      </div>
      <EntryFields prefix="accept" s={s} form={form} set={set} err={err} />
      {err("form") && (
        <p class="banner banner-error" role="alert">
          {err("form")}
        </p>
      )}
      <div class="dialog-actions">
        <button type="button" class="btn btn-secondary" onClick={props.onClose}>
          {s.cancel}
        </button>
        <button type="submit" class="btn btn-primary" data-testid="accept-submit" disabled={busy}>
          {busy ? s.saving : s.addToFaq}
        </button>
      </div>
    </form>
  );
}
