import { useState } from "preact/hooks";
import { api } from "../../api";
import { fmtNumber, t, useLang } from "../../i18n";
import { navigate } from "../../nav";
import { ErrorBox, Notice, Spinner } from "../../ui/kit";
import { useData, useOnReopen } from "../../use-data";
import { type Pickup, PickupCard, TABS, type Tab, tabOf } from "./pickup-card";
import { tp } from "./pickup-messages";
import { StaffShell } from "./shell";
import "./pickups.css";

/**
 * 待取貨 (線上買門市取): my store's paid online orders to pick up, by state — 待備貨 / 備貨中 /
 * 可取貨 / 逾期未取 (ready longer than the brand's days, flagged) — each with its next step:
 * 開始備貨 → 通知取貨 (the customer's LINE message) → 完成取貨 (their card or pickup code).
 * After a step the page follows the order to its new tab and says what happened.
 */
export default function StaffPickupsPage(props: { query: URLSearchParams }) {
  useLang();
  const list = useData(() => api("get", "/api/staff/pickups"), []);
  useOnReopen(list.reload);
  const asked = props.query.get("tab") as Tab | null;
  const tab: Tab = asked && TABS.includes(asked) ? asked : "waiting";
  const [status, setStatus] = useState<string | null>(null);
  const show = (to: Tab) =>
    navigate(`/staff/pickups${to === "waiting" ? "" : `?tab=${to}`}`, { replace: true });
  const done = (p: Pickup, step: "preparing" | "ready" | "picked-up") => {
    setStatus(
      tp(step === "preparing" ? "pickup.prepared" : step === "ready" ? "pickup.notified" : "pickup.done", {
        id: p.orderId,
      }),
    );
    list.reload();
    if (step !== "picked-up") show(tabOf(p));
  };
  const d = list.data;
  const count = (s: Tab) =>
    !d
      ? 0
      : s === "ready"
        ? d.counts.ready - d.counts.overdue
        : s === "overdue"
          ? d.counts.overdue
          : d.counts[s];
  const shown = d ? d.pickups.filter((p) => tabOf(p) === tab) : [];
  return (
    <StaffShell section="staffPickups" title={tp("pickup.title")}>
      {(me) =>
        !me.store ? (
          <Notice icon="lock" tone="warn" title={t("staff.noStore")} />
        ) : (
          <>
            <p class="eyebrow">{me.store.name}</p>
            <div class="segmented pickup-tabs" role="tablist" aria-label={tp("pickup.tabs")}>
              {TABS.map((s) => (
                <button
                  key={s}
                  type="button"
                  role="tab"
                  aria-selected={s === tab}
                  class={`seg${s === tab ? " active" : ""}${s === "overdue" && count(s) > 0 ? " alarm" : ""}`}
                  data-testid={`pickup-tab-${s}`}
                  onClick={() => show(s)}
                >
                  <span>{tp(`pickup.tab.${s}`)}</span>
                  {d ? (
                    <span class="seg-count" data-testid={`pickup-count-${s}`}>
                      {fmtNumber(count(s))}
                    </span>
                  ) : null}
                </button>
              ))}
            </div>
            {status ? (
              <p class="pickup-status" role="status" data-testid="pickup-status">
                {status}
              </p>
            ) : null}
            <div role="tabpanel">
              {list.error ? <ErrorBox message={t("app.error")} onRetry={list.reload} /> : null}
              {!d && !list.error ? <Spinner /> : null}
              {d && shown.length === 0 ? <p class="empty">{tp(`pickup.empty.${tab}`)}</p> : null}
              <ul class="pickup-list">
                {shown.map((p) => (
                  <PickupCard
                    key={`${p.id}-${p.pickupState}`}
                    p={p}
                    overdueDays={d?.overdueDays ?? 7}
                    onDone={done}
                    onStale={list.reload}
                  />
                ))}
              </ul>
            </div>
          </>
        )
      }
    </StaffShell>
  );
}
