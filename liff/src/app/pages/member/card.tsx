import { useCallback, useEffect, useState } from "preact/hooks";
import { api, type Schemas } from "../../api";
import { config } from "../../config";
import { fmtDate, fmtMoney, fmtNumber, t, useLang } from "../../i18n";
import { Barcode, groupCode, Qr } from "../../ui/codes";
import { Icon } from "../../ui/icons";
import { Button, ErrorBox, Link, Page, Spinner } from "../../ui/kit";
import { readCache, useData, useOnReopen, writeCache } from "../../use-data";
import { FriendPrompt, MemberShell } from "./shell";

type Card = Schemas["MemberCard"];

/**
 * 會員卡: the code as QR and barcode for the counter, tier and progress, points and points
 * expiring soon. Paints the last card from localStorage at once, then refreshes (also when the
 * LIFF window is reopened).
 */
export default function CardPage(props: { query?: URLSearchParams }) {
  useLang();
  const [cached] = useState(() => readCache<Card>("card"));
  const card = useData(() => api("get", "/api/me/card"), [], cached);
  const refresh = useCallback(() => card.reload(), [card.reload]);
  useOnReopen(refresh);
  useEffect(() => {
    if (card.data && !card.loading && !card.error) writeCache("card", card.data);
  }, [card.data, card.loading, card.error]);

  const c = card.data;
  return (
    <MemberShell section="card" title={t("card.title")}>
      <Page testid="card-page">
        {props.query?.get("registered") ? (
          <p class="success-banner" role="status" data-testid="registered">
            <Icon name="check" /> {t("profile.registered")}
          </p>
        ) : null}
        {!c && card.loading ? <Spinner /> : null}
        {!c && card.error ? <ErrorBox message={t("app.error")} onRetry={card.reload} /> : null}
        {c && card.error ? <p class="stale">{t("app.offline")}</p> : null}
        {c ? <CardView card={c} /> : null}
        <FriendPrompt />
      </Page>
    </MemberShell>
  );
}

function CardView({ card }: { card: Card }) {
  const tierName = t(`tier.${card.tier.code}` as "tier.gold");
  const next = card.tier.next;
  const progress = next ? Math.min(100, Math.round((card.tier.spend / next.threshold) * 100)) : 100;
  return (
    <>
      <section class={`member-card tier-${card.tier.code}`} aria-label={t("card.title")}>
        <div class="mc-top">
          <span class="mc-brand">{config.brand}</span>
          <span class="tier-chip" data-testid="tier">
            {tierName}
          </span>
        </div>
        <p class="mc-name">{card.name ?? t("card.memberSince")}</p>
        <div class="mc-points">
          <span class="mc-points-label">{t("card.points")}</span>
          <strong data-testid="points">{fmtNumber(card.points)}</strong>
          <span class="mc-unit">{t("card.pointsUnit")}</span>
        </div>
        <p class="mc-store">
          <Icon name="store" size={16} /> {card.homeStore ?? t("card.noStore")}
        </p>
      </section>

      <section class="panel scan-panel" aria-labelledby="scan-title">
        <h2 id="scan-title" class="panel-title">
          {t("card.showAtCounter")}
        </h2>
        <Qr value={card.memberCode} label={t("card.qrLabel")} class="qr qr-card" />
        <Barcode value={card.memberCode} label={t("card.barcodeLabel")} height={76} />
        <p class="code-text">
          <span class="sr-only">{t("card.code")} </span>
          <span data-testid="member-code">{groupCode(card.memberCode)}</span>
        </p>
        <p class="hint">
          <Icon name="sun" size={18} /> {t("card.brightness")}
        </p>
      </section>

      {card.status === "guest" ? (
        <section class="panel cta-panel">
          <Icon name="gift" size={28} class="icon cta-icon" />
          <div>
            <h2 class="panel-title">{t("card.guestTitle")}</h2>
            <p class="muted">{t("card.guestBody")}</p>
          </div>
          <Button to="/register" testid="go-register">
            {t("card.register")}
          </Button>
        </section>
      ) : null}

      <section class="panel" aria-labelledby="tier-title">
        <div class="row-between">
          <h2 id="tier-title" class="panel-title">
            {tierName}
          </h2>
          <span class="muted small">{t("card.tierSpend", { amount: fmtMoney(card.tier.spend) })}</span>
        </div>
        <div
          class="progress"
          role="progressbar"
          aria-valuemin={0}
          aria-valuemax={100}
          aria-valuenow={progress}
          aria-label={tierName}
        >
          <span style={{ width: `${progress}%` }} />
        </div>
        <p class="small">
          {next
            ? t("card.tierProgress", {
                amount: fmtMoney(next.remaining),
                tier: t(`tier.${next.code}` as "tier.gold"),
              })
            : t("card.tierTop")}
        </p>
      </section>

      <section class="panel quick-links">
        <Link to="/member/points" class="quick-link">
          <Icon name="points" />
          <span>
            <strong>{t("points.title")}</strong>
            <span class={card.expiringSoon.points > 0 ? "warn small" : "muted small"} data-testid="expiring">
              {card.expiringSoon.points > 0 && card.expiringSoon.firstAt
                ? t("card.expiring", {
                    points: fmtNumber(card.expiringSoon.points),
                    date: fmtDate(card.expiringSoon.firstAt),
                  })
                : t("card.noneExpiring")}
            </span>
          </span>
          <Icon name="chevron" />
        </Link>
        <Link to="/member/coupons" class="quick-link">
          <Icon name="coupon" />
          <span>
            <strong>{t("coupons.title")}</strong>
          </span>
          <Icon name="chevron" />
        </Link>
      </section>
      {!card.homeStore ? <p class="hint center">{t("card.bindHint")}</p> : null}
    </>
  );
}
