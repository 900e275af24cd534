/**
 * 群發: every broadcast (newest first) with its state and figures — recipients, holdout, how far
 * the send got.
 *
 * Test ids: broadcasts-page, new-broadcast, broadcasts-table, broadcast-row (data-id, data-state),
 * no-broadcasts.
 */
import { useEffect, useState } from "preact/hooks";
import { dateTime } from "../format";
import type { Ctx } from "../nav";
import { Chip, Icon, type Tone } from "../ui";
import type { BroadcastSummary } from "./api";
import { marketingHref } from "./routes";
import { errorText, useMarketing } from "./shared";

export const STATE_TONE: Record<string, Tone> = {
  draft: "gray",
  scheduled: "blue",
  sending: "amber",
  sent: "green",
  cancelled: "gray",
  failed: "red",
};

/** Recipients reached so far, in percent (a broadcast with no recipients is done at once). */
export const progressPercent = (b: Pick<BroadcastSummary, "sent" | "failed" | "recipients">) =>
  b.recipients === 0 ? 100 : Math.min(100, Math.round((100 * (b.sent + b.failed)) / b.recipients));

export function BroadcastsPage({ ctx }: { ctx: Ctx }) {
  const { m, mapi } = useMarketing(ctx);
  const [list, setList] = useState<BroadcastSummary[] | null>(null);
  const [error, setError] = useState("");
  useEffect(() => {
    mapi.broadcasts().then(
      (r) => setList(r.broadcasts),
      (e) => setError(errorText(e, ctx.lang)),
    );
  }, [mapi]);
  const n = (x: number) => x.toLocaleString("en-US");
  return (
    <div class="page page-wide" data-testid="broadcasts-page">
      <div class="page-head">
        <div>
          <h1 tabIndex={-1}>{m.broadcastsTitle}</h1>
          <p class="lead">{m.broadcastsLead}</p>
        </div>
        <div class="page-actions">
          <a
            class="btn btn-primary"
            href={marketingHref({ page: "broadcast", id: null })}
            data-testid="new-broadcast"
          >
            <Icon name="plus" size={16} />
            {m.newBroadcast}
          </a>
        </div>
      </div>
      <section class="card" aria-label={m.broadcastsTitle}>
        {error && (
          <p class="banner banner-error" role="alert">
            {error}
          </p>
        )}
        {!list && !error && <p class="empty">{m.loading}</p>}
        {list?.length === 0 && (
          <div class="empty" data-testid="no-broadcasts">
            <p class="empty-title">{m.noBroadcasts}</p>
            <p>{m.noBroadcastsLead}</p>
          </div>
        )}
        {list && list.length > 0 && (
          <div class="table-wrap">
            <table class="table" data-testid="broadcasts-table">
              <thead>
                <tr>
                  <th scope="col">{m.colName}</th>
                  <th scope="col">{m.colState}</th>
                  <th scope="col" class="num">
                    {m.colRecipients}
                  </th>
                  <th scope="col" class="num">
                    {m.colHoldout}
                  </th>
                  <th scope="col" class="w-progress">
                    {m.colSent}
                  </th>
                  <th scope="col">{m.colCreated}</th>
                </tr>
              </thead>
              <tbody>
                {list.map((b) => {
                  const pct = progressPercent(b);
                  return (
                    <tr key={b.id} data-testid="broadcast-row" data-id={b.id} data-state={b.state}>
                      <td>
                        <a class="row-title" href={marketingHref({ page: "broadcast", id: b.id })}>
                          {b.name}
                        </a>
                        <div class="sub">{m.delivery[b.delivery]}</div>
                      </td>
                      <td>
                        <Chip tone={STATE_TONE[b.state] ?? "gray"}>{m.states[b.state] ?? b.state}</Chip>
                      </td>
                      <td class="num strong">{n(b.recipients)}</td>
                      <td class="num">{n(b.holdout)}</td>
                      <td>
                        {b.state === "draft" ? (
                          <span class="muted">—</span>
                        ) : (
                          <div class="progress-cell">
                            <span class="progress-text">
                              <strong>{n(b.sent)}</strong> / {n(b.recipients)}
                              {b.failed > 0 && (
                                <span class="text-bad">
                                  {" "}
                                  · {m.failedN} {n(b.failed)}
                                </span>
                              )}
                            </span>
                            <span class="meter" aria-hidden="true">
                              <span class="meter-fill" style={{ width: `${pct}%` }} />
                            </span>
                          </div>
                        )}
                      </td>
                      <td class="nowrap muted">{dateTime(b.createdAt, ctx.lang)}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </div>
  );
}
