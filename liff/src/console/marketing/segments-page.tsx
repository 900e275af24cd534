/**
 * 分眾: saved segments with their counts, the RFM grid and the tags, as three tabs of one page.
 *
 * Test ids: segments-page, segments-tab (data-view), new-segment, segments-table, segment-row
 * (data-id, data-count), segment-broadcast, no-segments.
 */
import { useEffect, useState } from "preact/hooks";
import { dateTime } from "../format";
import type { Ctx } from "../nav";
import { Icon } from "../ui";
import type { Segment } from "./api";
import { RfmPanel } from "./rfm-grid";
import { marketingHref, type SegmentsView } from "./routes";
import { ruleText } from "./rule-text";
import { errorText, handoff, useLookups, useMarketing } from "./shared";
import { TagsPanel } from "./tags-panel";

export function SegmentsPage({ ctx, view }: { ctx: Ctx; view: SegmentsView }) {
  const { m } = useMarketing(ctx);
  const tabs: Array<[SegmentsView, string, string]> = [
    ["list", m.tabList, "user"],
    ["rfm", m.tabRfm, "chart"],
    ["tags", m.tabTags, "tag"],
  ];
  return (
    <div class="page page-wide" data-testid="segments-page">
      <div class="page-head">
        <div>
          <h1 tabIndex={-1}>{m.segmentsTitle}</h1>
          <p class="lead">{m.segmentsLead}</p>
        </div>
        <div class="page-actions">
          <a
            class="btn btn-primary"
            href={marketingHref({ page: "segment", id: null })}
            data-testid="new-segment"
          >
            <Icon name="plus" size={16} />
            {m.newSegment}
          </a>
        </div>
      </div>
      <nav class="page-tabs" aria-label={m.viewsLabel}>
        {tabs.map(([v, label, icon]) => (
          <a
            key={v}
            class="page-tab"
            href={marketingHref({ page: "segments", view: v })}
            aria-current={view === v ? "page" : undefined}
            data-testid="segments-tab"
            data-view={v}
          >
            <Icon name={icon} size={16} />
            {label}
          </a>
        ))}
      </nav>
      {view === "list" && <SegmentList ctx={ctx} />}
      {view === "rfm" && <RfmPanel ctx={ctx} />}
      {view === "tags" && <TagsPanel ctx={ctx} />}
    </div>
  );
}

function SegmentList({ ctx }: { ctx: Ctx }) {
  const { m, mapi } = useMarketing(ctx);
  const { lookups } = useLookups(ctx);
  const [segments, setSegments] = useState<Segment[] | null>(null);
  const [error, setError] = useState("");
  useEffect(() => {
    mapi.segments().then(
      (r) => setSegments(r.segments),
      (e) => setError(errorText(e, ctx.lang)),
    );
  }, [mapi]);
  return (
    <section class="card" aria-label={m.tabList}>
      {error && (
        <p class="banner banner-error" role="alert">
          {error}
        </p>
      )}
      {!segments && !error && <p class="empty">{m.loading}</p>}
      {segments?.length === 0 && (
        <div class="empty" data-testid="no-segments">
          <p class="empty-title">{m.noSegments}</p>
          <p>{m.noSegmentsLead}</p>
        </div>
      )}
      {segments && segments.length > 0 && (
        <div class="table-wrap">
          <table class="table" data-testid="segments-table">
            <thead>
              <tr>
                <th scope="col">{m.colName}</th>
                <th scope="col">{m.colRule}</th>
                <th scope="col" class="num">
                  {m.colCount}
                </th>
                <th scope="col">{m.colCountedAt}</th>
                <th scope="col" class="actions-col">
                  <span class="visually-hidden">{m.colActions}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {segments.map((s) => (
                <tr key={s.id} data-testid="segment-row" data-id={s.id} data-count={s.count}>
                  <td>
                    <a class="row-title" href={marketingHref({ page: "segment", id: s.id })}>
                      {s.name}
                    </a>
                  </td>
                  <td class="rule-cell">{ruleText(s.rule, lookups?.catalogue, lookups, m, ctx.lang)}</td>
                  <td class="num strong">{s.count.toLocaleString("en-US")}</td>
                  <td class="nowrap muted">{dateTime(s.countedAt, ctx.lang)}</td>
                  <td class="actions-col">
                    <a
                      class="btn btn-secondary btn-sm"
                      href={marketingHref({ page: "broadcast", id: null })}
                      data-testid="segment-broadcast"
                      onClick={() => {
                        handoff.segmentId = s.id;
                      }}
                    >
                      <Icon name="send" size={14} />
                      {m.broadcastTo}
                    </a>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
