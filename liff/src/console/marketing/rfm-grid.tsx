/**
 * The RFM grid (`GET /api/marketing/rfm`): R 5 → 1 down, FM 1 → 5 across, each cell its group's
 * colour, deeper the more members it holds; the 11 groups with their sizes beside it; recompute
 * on demand. Picking a cell or a group lists its members (a preview of `rfmGroup eq <code>`).
 *
 * Test ids: rfm-panel, rfm-grid, rfm-cell (data-r, data-fm, data-group, data-size), rfm-group
 * (data-code, data-size), rfm-recompute, rfm-members (data-code), rfm-members-count,
 * rfm-to-segment.
 */
import { useEffect, useRef, useState } from "preact/hooks";
import { dateTime } from "../format";
import type { Ctx } from "../nav";
import { Icon } from "../ui";
import type { Preview, RfmGrid } from "./api";
import { MembersTable } from "./members";
import { marketingHref } from "./routes";
import { errorText, handoff, type Lookups, useLookups, useMarketing } from "./shared";

/** A cell's depth of colour: 0.12 for an empty cell up to 1 for the largest. */
export const heat = (size: number, max: number) => (max <= 0 ? 0.12 : 0.12 + 0.88 * Math.sqrt(size / max));

export function RfmPanel({ ctx }: { ctx: Ctx }) {
  const { m, mapi } = useMarketing(ctx);
  const { lookups } = useLookups(ctx);
  const [grid, setGrid] = useState<RfmGrid | null>(null);
  const [error, setError] = useState("");
  const [busy, setBusy] = useState(false);
  const [picked, setPicked] = useState<string | null>(null);

  // Only the latest request's answer is shown: the first load may answer after a recompute's.
  const seq = useRef(0);
  const load = () => {
    const mine = ++seq.current;
    return mapi.rfm().then(
      (g) => {
        if (mine !== seq.current) return;
        setGrid(g);
        setError("");
      },
      (e) => mine === seq.current && setError(errorText(e, ctx.lang)),
    );
  };
  useEffect(() => {
    void load();
  }, [mapi]);

  const recompute = async () => {
    setBusy(true);
    try {
      const r = await mapi.recomputeRfm();
      await load();
      ctx.toast(m.recomputed(r.scored));
    } catch (e) {
      ctx.toast(errorText(e, ctx.lang), "error");
    } finally {
      setBusy(false);
    }
  };

  const name = (code: string) => {
    const g = grid?.groups.find((x) => x.code === code);
    return g ? (ctx.lang === "en" ? g.en : g.zh) : code;
  };
  const max = Math.max(0, ...(grid?.cells ?? []).map((c) => c.size));
  const total = (grid?.scored ?? 0) + (grid?.unscored ?? 0);
  return (
    <div class="rfm-layout" data-testid="rfm-panel">
      <section class="card card-pad" aria-labelledby="rfm-title">
        <div class="card-head-flat card-head">
          <div>
            <h2 id="rfm-title" class="card-title">
              {m.rfmTitle}
            </h2>
            <p class="hint">{grid ? m.rfmLead(grid.windowDays) : m.loading}</p>
          </div>
          <button
            type="button"
            class="btn btn-secondary btn-sm"
            data-testid="rfm-recompute"
            disabled={busy}
            onClick={() => void recompute()}
          >
            <Icon name="refresh" size={16} />
            {busy ? m.recomputing : m.recompute}
          </button>
        </div>
        {error && (
          <p class="banner banner-error" role="alert">
            {error}
          </p>
        )}
        {grid && (
          <>
            <div class="rfm-stats">
              <span>
                {m.scored} <strong>{grid.scored.toLocaleString("en-US")}</strong>
              </span>
              <span>
                {m.unscored} <strong>{grid.unscored.toLocaleString("en-US")}</strong>
              </span>
              <span class="muted">
                {grid.computedAt ? m.computedAt(dateTime(grid.computedAt, ctx.lang)) : m.neverComputed}
              </span>
            </div>
            <div class="rfm-wrap">
              <div class="rfm-yaxis" aria-hidden="true">
                <span>{m.rHigh}</span>
                <span class="rfm-axis-name">{m.rAxis}</span>
                <span>{m.rLow}</span>
              </div>
              <div class="rfm-grid-box">
                <table class="rfm-grid" data-testid="rfm-grid">
                  <caption class="visually-hidden">{`${m.rAxis} × ${m.fmAxis}`}</caption>
                  <thead>
                    <tr>
                      <td />
                      {[1, 2, 3, 4, 5].map((fm) => (
                        <th key={fm} scope="col">
                          FM{fm}
                        </th>
                      ))}
                    </tr>
                  </thead>
                  <tbody>
                    {[5, 4, 3, 2, 1].map((r) => (
                      <tr key={r}>
                        <th scope="row">R{r}</th>
                        {[1, 2, 3, 4, 5].map((fm) => {
                          const cell = grid.cells.find((c) => c.r === r && c.fm === fm);
                          if (!cell) return <td key={fm} />;
                          const h = heat(cell.size, max);
                          return (
                            <td key={fm}>
                              <button
                                type="button"
                                class={`rfm-cell rfm-${cell.group}${cell.size === 0 ? " rfm-empty" : ""}${h > 0.55 ? " rfm-deep" : ""}${picked === cell.group ? " rfm-picked" : ""}`}
                                style={{ "--heat": `${Math.round(h * 100)}%` }}
                                aria-pressed={picked === cell.group}
                                aria-label={m.cellLabel(name(cell.group), r, fm, m.people(cell.size))}
                                data-testid="rfm-cell"
                                data-r={r}
                                data-fm={fm}
                                data-group={cell.group}
                                data-size={cell.size}
                                onClick={() => setPicked(cell.group)}
                              >
                                <span class="rfm-cell-n">{cell.size.toLocaleString("en-US")}</span>
                                <span class="rfm-cell-g">{name(cell.group)}</span>
                              </button>
                            </td>
                          );
                        })}
                      </tr>
                    ))}
                  </tbody>
                </table>
                <p class="rfm-xname" aria-hidden="true">
                  {m.fmLow} ← {m.fmAxis} → {m.fmHigh}
                </p>
              </div>
            </div>
          </>
        )}
      </section>
      <div class="stack">
        {grid && (
          <section class="card card-pad" aria-labelledby="rfm-groups-title">
            <h2 id="rfm-groups-title" class="card-title">
              {m.groupsTitle}
            </h2>
            <ul class="rfm-groups">
              {grid.groups.map((g) => (
                <li key={g.code}>
                  <button
                    type="button"
                    class="rfm-group"
                    aria-pressed={picked === g.code}
                    data-testid="rfm-group"
                    data-code={g.code}
                    data-size={g.size}
                    onClick={() => setPicked(g.code)}
                  >
                    <span class={`rfm-dot rfm-${g.code}`} aria-hidden="true" />
                    <span class="grow">{ctx.lang === "en" ? g.en : g.zh}</span>
                    <span class="rfm-bar" aria-hidden="true">
                      <span
                        class={`rfm-bar-fill rfm-${g.code}`}
                        style={{ width: `${total ? (100 * g.size) / total : 0}%` }}
                      />
                    </span>
                    <strong class="num">{g.size.toLocaleString("en-US")}</strong>
                  </button>
                </li>
              ))}
            </ul>
          </section>
        )}
        {picked ? (
          <GroupMembers key={picked} ctx={ctx} code={picked} name={name(picked)} lookups={lookups} />
        ) : (
          grid && <p class="card card-pad hint">{m.pickGroup}</p>
        )}
      </div>
    </div>
  );
}

function GroupMembers(props: { ctx: Ctx; code: string; name: string; lookups: Lookups | null }) {
  const { ctx } = props;
  const { m, mapi } = useMarketing(ctx);
  const [preview, setPreview] = useState<Preview | null>(null);
  const [error, setError] = useState("");
  const rule = { all: [{ field: "rfmGroup", op: "eq", value: props.code }] };
  useEffect(() => {
    mapi.preview(rule).then(setPreview, (e) => setError(errorText(e, ctx.lang)));
  }, [props.code]);
  return (
    <section
      class="card"
      aria-labelledby="rfm-members-title"
      data-testid="rfm-members"
      data-code={props.code}
    >
      <div class="card-head card-head-wrap">
        <div>
          <h2 id="rfm-members-title" class="card-title">
            {m.groupMembers(props.name)}
          </h2>
          <p class="hint" data-testid="rfm-members-count" data-count={preview?.count ?? ""}>
            {preview ? m.people(preview.count) : m.loading}
          </p>
        </div>
        <a
          class="btn btn-secondary btn-sm push-end"
          href={marketingHref({ page: "segment", id: null })}
          data-testid="rfm-to-segment"
          onClick={() => {
            handoff.rule = rule;
            handoff.name = `RFM：${props.name}`;
          }}
        >
          <Icon name="plus" size={14} />
          {m.newSegment}
        </a>
      </div>
      {error && (
        <p class="banner banner-error" role="alert">
          {error}
        </p>
      )}
      {preview && preview.sample.length === 0 && <p class="empty">{m.noSample}</p>}
      {preview && preview.sample.length > 0 && (
        <MembersTable ctx={ctx} members={preview.sample} lookups={props.lookups} compact />
      )}
    </section>
  );
}
