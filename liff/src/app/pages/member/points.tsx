import { useEffect, useRef, useState } from "preact/hooks";
import { api, type Schemas } from "../../api";
import { fmtDateTime, fmtMoney, fmtNumber, t, useLang } from "../../i18n";
import { Icon } from "../../ui/icons";
import { ErrorBox, Page, Spinner } from "../../ui/kit";
import { readCache } from "../../use-data";
import { MemberShell } from "./shell";

type Entry = Schemas["PointEntry"];
const PAGE = 20;

/** 點數紀錄: newest first, the next page loads as the end of the list scrolls into view. */
export default function PointsPage() {
  useLang();
  const [entries, setEntries] = useState<Entry[]>([]);
  const [cursor, setCursor] = useState<string | null | undefined>(undefined); // undefined: first page
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState(false);
  const [balance, setBalance] = useState<number | undefined>(readCache<{ points: number }>("card")?.points);
  const sentinel = useRef<HTMLDivElement>(null);
  const done = cursor === null;

  const loadMore = async () => {
    if (busy || done) return;
    setBusy(true);
    setError(false);
    try {
      const page = await api("get", "/api/me/points", {
        query: { limit: PAGE, ...(cursor ? { before: cursor } : {}) },
      });
      setEntries((prev) => [...prev, ...page.entries]);
      setCursor(page.nextCursor);
    } catch {
      setError(true);
    } finally {
      setBusy(false);
    }
  };

  useEffect(() => {
    api("get", "/api/me/card")
      .then((c) => setBalance(c.points))
      .catch(() => undefined);
  }, []);
  useEffect(() => {
    const el = sentinel.current;
    if (!el || done || error) return;
    const io = new IntersectionObserver((items) => {
      if (items.some((i) => i.isIntersecting)) void loadMore();
    });
    io.observe(el);
    return () => io.disconnect();
  }, [cursor, busy, error]);

  return (
    <MemberShell section="points" title={t("points.title")}>
      <Page testid="points-page">
        <section class="balance-banner">
          <span>{t("points.balance")}</span>
          <strong data-testid="points-balance">{balance === undefined ? "—" : fmtNumber(balance)}</strong>
          <span>{t("card.pointsUnit")}</span>
        </section>
        {entries.length === 0 && done ? <p class="empty">{t("points.empty")}</p> : null}
        <ul class="list" aria-label={t("points.title")}>
          {entries.map((e) => (
            <li key={e.id} class="list-row" data-testid="point-entry">
              <span class={`entry-icon kind-${e.kind}`} aria-hidden="true">
                <Icon name={e.points >= 0 ? "points" : "coupon"} size={20} />
              </span>
              <span class="grow">
                <strong>{t(`points.kind.${e.kind}` as "points.kind.earn")}</strong>
                <span class="muted small" data-testid="point-entry-meta">
                  {fmtDateTime(e.createdAt)}
                  {e.channel ? ` · ${t(`points.channel.${e.channel}` as "points.channel.store")}` : ""}
                  {e.refundedAmount !== null ? (
                    <span data-testid="point-entry-refund">
                      {" · "}
                      {t("points.refunded", { amount: fmtMoney(e.refundedAmount) })}
                    </span>
                  ) : null}
                </span>
              </span>
              <span class={e.points >= 0 ? "amount plus" : "amount minus"}>
                {e.points >= 0 ? "+" : "−"}
                {fmtNumber(Math.abs(e.points))}
              </span>
            </li>
          ))}
        </ul>
        {error ? <ErrorBox message={t("app.error")} onRetry={loadMore} /> : null}
        {busy ? <Spinner label={t("points.more")} /> : null}
        {done && entries.length > 0 ? <p class="list-end">{t("points.end")}</p> : null}
        <div ref={sentinel} class="sentinel" aria-hidden="true" />
      </Page>
    </MemberShell>
  );
}
