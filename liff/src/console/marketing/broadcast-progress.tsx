/** A broadcast's progress: delivered of its recipients as a bar, failures with LINE's reason, who was left out. */
import { dateTime } from "../format";
import type { Ctx } from "../nav";
import type { Broadcast } from "./api";
import { Figure, n } from "./broadcast-draft";
import { progressPercent } from "./broadcasts-page";
import type { MarketingStrings } from "./i18n";

export function Progress({ ctx, m, b }: { ctx: Ctx; m: MarketingStrings; b: Broadcast }) {
  const pct = progressPercent(b);
  return (
    <section class="card card-pad" aria-labelledby="progress-title" data-testid="progress-card">
      <div class="card-head card-head-flat">
        <h2 id="progress-title" class="card-title">
          {m.progressTitle}
        </h2>
        <span class="hint">
          {b.state === "scheduled" && b.startsAt
            ? m.startsAt(dateTime(b.startsAt, ctx.lang))
            : `${m.startedAt} ${dateTime(b.startedAt, ctx.lang)}${b.finishedAt ? ` · ${m.finishedAt} ${dateTime(b.finishedAt, ctx.lang)}` : ""}`}
        </span>
      </div>
      <p class="progress-big">
        <strong>{pct}%</strong> <span>{m.progressLabel(b.sent, b.recipients)}</span>
      </p>
      <div
        class="meter meter-lg"
        role="progressbar"
        aria-label={m.progressTitle}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={pct}
        aria-valuetext={m.progressLabel(b.sent, b.recipients)}
        data-testid="progress-bar"
      >
        <span class={`meter-fill${b.failed ? " meter-mixed" : ""}`} style={{ width: `${pct}%` }} />
      </div>
      <dl class="stats stats-cost mt">
        <div class={`stat${b.failed ? " stat-bad" : ""}`}>
          <dt>{m.failedN}</dt>
          <dd>
            <span class="stat-value" data-testid="progress-failed">
              {n(b.failed)}
            </span>
          </dd>
        </div>
        <Figure label={m.cappedN} value={n(b.capped)} />
        <Figure label={m.excludedN} value={n(b.excluded)} />
        <Figure label={m.holdoutN} value={n(b.holdout)} />
        {b.cancelledRecipients > 0 && <Figure label={m.cancelledN} value={n(b.cancelledRecipients)} />}
      </dl>
      {b.failures.length > 0 && (
        <div class="mt">
          <h3 class="field-label">{m.failures}</h3>
          <ul class="failures">
            {b.failures.map((f) => (
              <li key={f.chunk} data-testid="b-failure">
                <span class="strong">{m.chunkN(f.chunk, f.size)}</span>
                <span class="mono">{f.status ?? "—"}</span>
                <span>{f.reason ?? "—"}</span>
              </li>
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}
