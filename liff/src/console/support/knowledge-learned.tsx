/**
 * An FAQ entry's learned wordings: customers' messages an agent answered with the entry (its
 * suggestion, edited or not, or its answer sent by hand), matched by retrieval as more ways of
 * asking it. Each is removable at once (`DELETE /api/knowledge/{id}/learned/{learnedId}`), apart
 * from the entry's Save.
 *
 * Test ids: learned-wordings (data-count), learned-item (data-id), learned-text, remove-learned.
 */
import { useState } from "preact/hooks";
import { dateTime } from "../format";
import type { Ctx } from "../nav";
import { Icon } from "../ui";
import type { KnowledgeEntry } from "./api";
import { agentLabel, errorText, useAgents, useSupport } from "./shared";

export function LearnedWordings(props: { ctx: Ctx; entry: KnowledgeEntry; onChanged: () => Promise<void> }) {
  const { ctx, entry } = props;
  const { s, sapi } = useSupport(ctx);
  const { agents } = useAgents(ctx);
  const [busy, setBusy] = useState<string | null>(null);
  const learned = entry.learned;

  const remove = async (learnedId: string) => {
    setBusy(learnedId);
    try {
      await sapi.removeLearned(entry.id, learnedId);
      await props.onChanged();
      ctx.toast(s.learnedRemoved);
    } catch (e) {
      ctx.toast(errorText(e, ctx.lang), "error");
      await props.onChanged().catch(() => {});
    } finally {
      setBusy(null);
    }
  };

  return (
    <section
      class="kb-learned"
      aria-labelledby="learned-title"
      data-testid="learned-wordings"
      data-count={learned.length}
    >
      <h3 id="learned-title" class="kb-section-title">
        <Icon name="sparkle" size={16} />
        {s.learnedTitle(learned.length)}
      </h3>
      <p class="hint">{s.learnedLead}</p>
      {learned.length === 0 ? (
        <p class="kb-learned-empty">{s.noLearned}</p>
      ) : (
        <ul class="kb-learned-list">
          {learned.map((l) => (
            <li key={l.id} class="kb-learned-item" data-testid="learned-item" data-id={l.id}>
              <div class="grow">
                <p class="kb-learned-text" data-testid="learned-text">
                  {l.text}
                </p>
                <p class="kb-learned-meta">
                  {s.learnedBy(
                    agentLabel(l.createdBy, s, { me: ctx.me, agents }),
                    dateTime(l.createdAt, ctx.lang),
                  )}
                </p>
              </div>
              <button
                type="button"
                class="btn btn-icon"
                data-testid="remove-learned"
                aria-label={s.removeLearned(l.text)}
                title={s.removeLearned(l.text)}
                disabled={busy !== null}
                onClick={() => void remove(l.id)}
              >
                <Icon name="trash" size={16} />
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
