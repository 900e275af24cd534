import { useState } from "preact/hooks";
import { api, type Schemas } from "../../api";
import { fmtMoney, fmtNumber, fmtTime, t, useLang } from "../../i18n";
import { ErrorBox, Notice, Spinner } from "../../ui/kit";
import { useData, useOnReopen } from "../../use-data";
import { ts } from "./messages";
import { RefundForm, type RefundTarget } from "./refund";
import { StaffShell } from "./shell";

type Today = Schemas["StaffToday"];

/**
 * 今日成績: members bound and purchases recorded, by me and by my store, since midnight (brand
 * zone); a purchase can be refunded from its row until it has been refunded in full.
 */
export default function StaffTodayPage() {
  useLang();
  const today = useData(() => api("get", "/api/staff/today"), []);
  const [refunding, setRefunding] = useState<RefundTarget | null>(null);
  useOnReopen(today.reload);
  const open = (target: RefundTarget | null) => {
    setRefunding(target);
    window.scrollTo(0, 0);
  };
  return (
    <StaffShell section="staffToday" title={t("today.title")}>
      {(me) =>
        !me.store ? (
          <Notice icon="lock" tone="warn" title={t("staff.noStore")} />
        ) : today.error ? (
          <ErrorBox message={t("app.error")} onRetry={today.reload} />
        ) : !today.data ? (
          <Spinner />
        ) : refunding ? (
          <RefundForm
            purchase={refunding}
            onClose={(refunded) => {
              open(null);
              if (refunded) today.reload();
            }}
          />
        ) : (
          <TodayView d={today.data} onRefund={open} />
        )
      }
    </StaffShell>
  );
}

function Totals(props: { title: string; v: Today["me"]; testid: string }) {
  return (
    <section class="panel" aria-label={props.title} data-testid={props.testid}>
      <h2 class="panel-title">{props.title}</h2>
      <div class="stat-grid">
        <div>
          <strong data-testid="stat-members">{fmtNumber(props.v.membersBound)}</strong>
          <span>{t("today.members")}</span>
        </div>
        <div>
          <strong data-testid="stat-purchases">{fmtNumber(props.v.purchases)}</strong>
          <span>{t("today.purchases")}</span>
        </div>
        <div>
          <strong>{fmtMoney(props.v.paid)}</strong>
          <span>{t("today.sales")}</span>
        </div>
        <div>
          <strong>{fmtNumber(props.v.pointsEarned)}</strong>
          <span>{t("today.pointsOut")}</span>
        </div>
      </div>
    </section>
  );
}

function TodayView({ d, onRefund }: { d: Today; onRefund: (p: RefundTarget) => void }) {
  return (
    <>
      <Totals title={t("today.me")} v={d.me} testid="today-me" />
      <Totals title={`${t("today.store")} · ${d.store?.name ?? ""}`} v={d.storeTotals} testid="today-store" />
      <section class="panel" aria-labelledby="tp">
        <h2 id="tp" class="panel-title">
          {t("today.recentPurchases")}
        </h2>
        {d.purchases.length === 0 ? <p class="muted small">{t("today.none")}</p> : null}
        <ul class="list">
          {d.purchases.map((p) => (
            <li key={p.id} class="list-row" data-testid="today-purchase">
              <span class="time">{fmtTime(p.at)}</span>
              <span class="grow">
                <strong>{fmtMoney(p.paid)}</strong>
                {p.refunded > 0 ? (
                  <span class="refund-badge" data-testid="today-refunded">
                    {ts(p.refunded >= p.paid ? "refund.badgeFull" : "refund.badgePart", {
                      amount: fmtMoney(p.refunded),
                    })}
                  </span>
                ) : null}
                <span class="muted small">
                  {p.memberCode ?? "—"} · {p.byMe ? t("today.byMe") : (p.staffName ?? "POS")}
                </span>
              </span>
              <span class="amount plus">+{fmtNumber(p.pointsEarned)}</span>
              {/* Nothing left to refund: no button (the badge says it was refunded in full). */}
              {p.paid > p.refunded ? (
                <button
                  type="button"
                  class="btn btn-secondary btn-row"
                  aria-label={ts("refund.openRow", { paid: fmtMoney(p.paid), time: fmtTime(p.at) })}
                  onClick={() =>
                    onRefund({
                      id: p.id,
                      paid: p.paid,
                      pointsEarned: p.pointsEarned,
                      memberCode: p.memberCode,
                      at: p.at,
                    })
                  }
                  data-testid="today-refund"
                >
                  {ts("refund.open")}
                </button>
              ) : null}
            </li>
          ))}
        </ul>
      </section>
      <section class="panel" aria-labelledby="tm">
        <h2 id="tm" class="panel-title">
          {t("today.recentMembers")}
        </h2>
        {d.members.length === 0 ? <p class="muted small">{t("today.none")}</p> : null}
        <ul class="list">
          {d.members.map((m) => (
            <li key={m.id} class="list-row">
              <span class="time">{fmtTime(m.at)}</span>
              <span class="grow">
                <strong>{m.name ?? "—"}</strong>
                <span class="muted small">{m.byMe ? t("today.byMe") : (m.staffName ?? "")}</span>
              </span>
            </li>
          ))}
        </ul>
      </section>
    </>
  );
}
