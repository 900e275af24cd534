/**
 * A broadcast's results (`GET /api/broadcasts/{id}/results`): recipients and holdout side by side
 * (members, buyers, conversion, revenue, revenue per member, coupon use), the uplift of conversion
 * and of revenue per member with their 95 % intervals, the incremental revenue, and whether the
 * attribution window is still open.
 *
 * Test ids: results-card, results-table, r-recipients-<metric>, r-holdout-<metric>, uplift-conv,
 * uplift-rpm, incremental, window (data-open), results-csv.
 */
import { useEffect, useState } from "preact/hooks";
import { ApiError } from "../../api/error";
import { dateTime, money } from "../format";
import type { Ctx } from "../nav";
import { Chip, Icon } from "../ui";
import { type Broadcast, type CampaignResults, type GroupResults, saveBlob } from "./api";
import { errorText, useMarketing } from "./shared";

/** A rate as a percentage with one decimal (0.1234 → "12.3%"); null as a dash. */
export const pct = (x: number | null | undefined) =>
  x === null || x === undefined ? "—" : `${(x * 100).toFixed(1)}%`;
/** A difference of rates in percentage points, signed. */
export const pp = (x: number | null | undefined, unit: string) =>
  x === null || x === undefined ? "—" : `${x >= 0 ? "+" : "−"}${Math.abs(x * 100).toFixed(1)} ${unit}`;
/** Money, signed. */
export const signedMoney = (x: number | null | undefined) =>
  x === null || x === undefined ? "—" : `${x >= 0 ? "+" : "−"}${money(Math.abs(x))}`;

export function BroadcastResults({ ctx, b }: { ctx: Ctx; b: Broadcast }) {
  const { m, mapi } = useMarketing(ctx);
  const [r, setR] = useState<CampaignResults | null>(null);
  const [note, setNote] = useState("");
  const load = () =>
    mapi.results(b.id).then(
      (x) => {
        setR(x);
        setNote("");
      },
      (e) => setNote(e instanceof ApiError && e.status === 409 ? m.notSentYet : errorText(e, ctx.lang)),
    );
  useEffect(() => {
    void load();
  }, [b.id, b.state]);

  const csv = async () => {
    try {
      saveBlob(await mapi.resultsCsv(b.id), `results-${b.id}.csv`);
    } catch (e) {
      ctx.toast(errorText(e, ctx.lang), "error");
    }
  };
  const rows: Array<[string, string, (g: GroupResults) => string]> = [
    ["members", m.members, (g) => g.members.toLocaleString("en-US")],
    ["purchasers", m.purchasers, (g) => g.purchasers.toLocaleString("en-US")],
    ["conversion", m.conversion, (g) => pct(g.conversionRate)],
    ["revenue", m.revenue, (g) => money(g.revenue)],
    ["rpm", m.revenuePerMember, (g) => (g.revenuePerMember === null ? "—" : money(g.revenuePerMember))],
    [
      "coupons",
      m.couponsUsed,
      (g) => (g.campaignCouponRedemptions ?? g.couponRedemptions).toLocaleString("en-US"),
    ],
  ];
  const u = r?.uplift;
  const ci = (x: [number, number] | null, f: (v: number) => string) => (x ? m.ci(f(x[0]), f(x[1])) : m.noCi);
  return (
    <section class="card card-pad" aria-labelledby="results-title" data-testid="results-card">
      <div class="card-head card-head-flat">
        <div>
          <h2 id="results-title" class="card-title">
            {m.resultsTitle}
          </h2>
          <p class="hint">{m.resultsLead(b.attributionDays)}</p>
        </div>
        {r && (
          <span class="push-end results-tools">
            <span data-testid="window" data-open={r.window.open ? "true" : "false"}>
              <Chip tone={r.window.open ? "blue" : "gray"}>
                {r.window.open
                  ? m.windowOpen(dateTime(r.window.to, ctx.lang))
                  : m.windowClosed(dateTime(r.window.to, ctx.lang))}
              </Chip>
            </span>
            <button
              type="button"
              class="btn btn-secondary btn-sm"
              data-testid="results-csv"
              onClick={() => void csv()}
            >
              <Icon name="download" size={14} />
              {m.resultsCsv}
            </button>
          </span>
        )}
      </div>
      {note && <p class="banner banner-info">{note}</p>}
      {r && u && (
        <>
          <table class="table results-table" data-testid="results-table">
            <thead>
              <tr>
                <th scope="col">
                  <span class="visually-hidden">{m.colName}</span>
                </th>
                <th scope="col" class="num">
                  <span class="swatch swatch-recipients" aria-hidden="true" /> {m.groupRecipients}
                </th>
                <th scope="col" class="num">
                  <span class="swatch swatch-holdout" aria-hidden="true" /> {m.groupHoldout}
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map(([k, label, f]) => (
                <tr key={k}>
                  <th scope="row">{label}</th>
                  <td class="num strong" data-testid={`r-recipients-${k}`}>
                    {f(r.recipients)}
                  </td>
                  <td class="num" data-testid={`r-holdout-${k}`}>
                    {f(r.holdout)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <dl class="uplift">
            <div class="uplift-tile">
              <dt>{m.upliftConv}</dt>
              <dd>
                <span class="uplift-n" data-testid="uplift-conv">
                  {pp(u.conversionRate.difference, m.pp)}
                </span>
                <span class="hint">{ci(u.conversionRate.ci95, (v) => pp(v, m.pp))}</span>
              </dd>
            </div>
            <div class="uplift-tile">
              <dt>{m.upliftRpm}</dt>
              <dd>
                <span class="uplift-n" data-testid="uplift-rpm">
                  {signedMoney(u.revenuePerMember.difference)}
                </span>
                <span class="hint">{ci(u.revenuePerMember.ci95, signedMoney)}</span>
              </dd>
            </div>
            <div class="uplift-tile">
              <dt>{m.incremental}</dt>
              <dd>
                <span class="uplift-n" data-testid="incremental">
                  {signedMoney(u.incrementalRevenue)}
                </span>
                <span class={u.significant ? "status-ok" : "hint"}>
                  {u.significant
                    ? m.significant
                    : u.conversionRate.ci95 || u.revenuePerMember.ci95
                      ? m.notSignificant
                      : m.noCi}
                </span>
              </dd>
            </div>
          </dl>
        </>
      )}
    </section>
  );
}
