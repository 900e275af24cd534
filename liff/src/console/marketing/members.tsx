/**
 * Members as a segment lists them (name, code, tier, home store, points, RFM group), each with a
 * "why" that opens the scores behind their RFM group (`GET /api/marketing/members/{id}/rfm`).
 *
 * Test ids: members-table, member-row (data-member-id), rfm-why, why-dialog, why-r, why-f, why-m.
 */
import { useEffect, useRef, useState } from "preact/hooks";
import { dateTime, money } from "../format";
import type { Ctx } from "../nav";
import { Chip, type Tone } from "../ui";
import type { MemberRfm, SegmentMember } from "./api";
import { errorText, type Lookups, rfmName, storeName, useMarketing } from "./shared";

const TIER_TONE: Record<string, Tone> = { regular: "gray", gold: "amber", platinum: "violet" };

export const memberName = (x: Pick<SegmentMember, "name" | "displayName" | "memberCode">) =>
  x.name ?? x.displayName ?? x.memberCode;

export function MembersTable(props: {
  ctx: Ctx;
  members: SegmentMember[];
  lookups: Lookups | null;
  compact?: boolean;
}) {
  const { m } = useMarketing(props.ctx);
  const [why, setWhy] = useState<SegmentMember | null>(null);
  const { lang } = props.ctx;
  return (
    <div class="table-wrap">
      <table
        class={`table members-table${props.compact ? " table-compact" : ""}`}
        data-testid="members-table"
      >
        <thead>
          <tr>
            <th scope="col">{m.colMember}</th>
            <th scope="col">{m.colTier}</th>
            {!props.compact && <th scope="col">{m.colStore}</th>}
            {!props.compact && (
              <th scope="col" class="num">
                {m.colPoints}
              </th>
            )}
            <th scope="col">{m.colRfm}</th>
          </tr>
        </thead>
        <tbody>
          {props.members.map((x) => (
            <tr key={x.memberId} data-testid="member-row" data-member-id={x.memberId}>
              <td>
                <div class="strong">{memberName(x)}</div>
                <div class="sub mono">{x.memberCode}</div>
              </td>
              <td>
                <Chip tone={TIER_TONE[x.tier] ?? "gray"}>{m.tiers[x.tier] ?? x.tier}</Chip>
              </td>
              {!props.compact && <td>{storeName(props.lookups, x.homeStoreId) || m.none}</td>}
              {!props.compact && <td class="num">{x.points.toLocaleString("en-US")}</td>}
              <td>
                <span class="rfm-cell">
                  <span class={`rfm-dot rfm-${x.rfmGroup ?? "none"}`} aria-hidden="true" />
                  {rfmName(props.lookups, m, lang, x.rfmGroup)}
                  <button
                    type="button"
                    class="btn btn-ghost btn-sm why-btn"
                    data-testid="rfm-why"
                    aria-label={m.whyLabel(memberName(x))}
                    onClick={() => setWhy(x)}
                  >
                    {m.why}
                  </button>
                </span>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {why && <WhyDialog ctx={props.ctx} member={why} lookups={props.lookups} onClose={() => setWhy(null)} />}
    </div>
  );
}

/** The member's R, F, M (and I) scores with the values behind them, in a modal dialog. */
function WhyDialog(props: { ctx: Ctx; member: SegmentMember; lookups: Lookups | null; onClose: () => void }) {
  const { m, mapi } = useMarketing(props.ctx);
  const { lang } = props.ctx;
  const ref = useRef<HTMLDialogElement>(null);
  const [rfm, setRfm] = useState<MemberRfm | null>(null);
  const [error, setError] = useState("");
  useEffect(() => {
    const opener = document.activeElement as HTMLElement | null;
    ref.current?.showModal();
    mapi.memberRfm(props.member.memberId).then(setRfm, (e) => setError(errorText(e, lang)));
    return () => opener?.focus?.();
  }, []);
  const close = () => {
    ref.current?.close();
    props.onClose();
  };
  const s = rfm?.scores;
  const v = rfm?.values;
  const rows: Array<[string, string, number | undefined, string]> = v
    ? [
        ["r", m.recency, s?.r, m.daysAgo(v.recencyDays)],
        ["f", m.frequency, s?.f, `${v.frequency.toLocaleString("en-US")} ${m.times}`],
        ["m", m.monetary, s?.m, money(v.monetary)],
        [
          "i",
          m.interactions,
          s?.i,
          `${v.interactions.toLocaleString("en-US")}（${m.inWindow(rfm?.interactionDays ?? 0)}）`,
        ],
      ]
    : [];
  return (
    <dialog
      ref={ref}
      class="dialog why-dialog"
      aria-labelledby="why-title"
      data-testid="why-dialog"
      onCancel={(e) => {
        e.preventDefault();
        close();
      }}
    >
      <h2 id="why-title">{m.whyTitle}</h2>
      <p class="why-who">
        <strong>{memberName(props.member)}</strong>
        <span class="mono muted"> {props.member.memberCode}</span>
      </p>
      {error && (
        <p class="banner banner-error" role="alert">
          {error}
        </p>
      )}
      {!rfm && !error && <p class="muted">{m.loading}</p>}
      {rfm && (
        <>
          <p class="why-group">
            <span class={`rfm-dot rfm-${rfm.group?.code ?? "none"}`} aria-hidden="true" />
            {rfm.group
              ? lang === "en"
                ? rfm.group.en
                : rfm.group.zh
              : rfmName(props.lookups, m, lang, null)}
            {s && (
              <span class="muted">
                {" "}
                · R {s.r} · FM {s.fm}
              </span>
            )}
          </p>
          {v ? (
            <table class="table why-table">
              <thead>
                <tr>
                  <th scope="col" />
                  <th scope="col">{m.inWindow(rfm.windowDays)}</th>
                  <th scope="col" class="num">
                    {m.score}
                  </th>
                </tr>
              </thead>
              <tbody>
                {rows.map(([k, label, score, value]) => (
                  <tr key={k}>
                    <th scope="row">{label}</th>
                    <td data-testid={`why-${k}`}>{value}</td>
                    <td class="num">
                      <span class="score-pips" role="img" aria-label={`${score ?? "—"} / 5`}>
                        {[1, 2, 3, 4, 5].map((n) => (
                          <span key={n} class={`pip${score !== undefined && n <= score ? " pip-on" : ""}`} />
                        ))}
                      </span>
                      <span class="strong"> {score ?? "—"}</span>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : (
            <p class="hint">{m.notScored(rfm.windowDays)}</p>
          )}
          <p class="hint">
            {rfm.computedAt ? m.computedAt(dateTime(rfm.computedAt, lang)) : m.neverComputed}
          </p>
        </>
      )}
      <div class="dialog-actions">
        <button type="button" class="btn btn-secondary" onClick={close}>
          {m.close}
        </button>
      </div>
    </dialog>
  );
}
