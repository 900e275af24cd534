import { useState } from "preact/hooks";
import { apiErrorText } from "../../../i18n/error-text";
import { api } from "../../api";
import { lang, useLang } from "../../i18n";
import { platformReady } from "../../platform";
import { Icon } from "../../ui/icons";
import { Button } from "../../ui/kit";
import type { Coupon } from "./coupon-view";
import { cardDate, giftCard } from "./gift-card";
import { tg } from "./gift-messages";
import "./gift.css";

type Outcome =
  | { kind: "sent" | "cancelled" }
  | { kind: "copy"; url: string; until: string }
  | { kind: "failed"; text: string };

/**
 * 轉贈 under an unused, transferable coupon: makes a gift link, then `liff.shareTargetPicker`
 * with a card carrying it; where LINE cannot share, the link to copy. A share not sent takes the
 * link back, so the coupon is shown as given only when a friend got it.
 */
export function GiftControl(props: { coupon: Coupon; onChanged: () => void }) {
  useLang();
  const c = props.coupon;
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [copied, setCopied] = useState(false);

  const give = async () => {
    setBusy(true);
    setOutcome(null);
    setCopied(false);
    try {
      const g = await api("post", "/api/me/coupons/{code}/gift", { path: { code: c.code } });
      const until = cardDate(g.expiresAt);
      const shared = await (await platformReady).share([giftCard(c, g.url, until)]);
      if (shared === "unavailable") setOutcome({ kind: "copy", url: g.url, until });
      else {
        if (shared === "cancelled")
          await api("delete", "/api/me/coupons/{code}/gift", { path: { code: c.code } });
        setOutcome({ kind: shared });
      }
      props.onChanged();
    } catch (e) {
      setOutcome({ kind: "failed", text: apiErrorText(e, lang()) });
    } finally {
      setBusy(false);
    }
  };
  const copy = async (url: string) => {
    await navigator.clipboard?.writeText(url).catch(() => undefined);
    setCopied(true);
  };

  return (
    <div class="gift-control" data-testid="gift-control">
      {c.gift ? (
        <p class="notice-inline" data-testid="gift-pending">
          <Icon name="gift" size={18} /> {tg("gift.pending", { date: cardDate(c.gift.expiresAt) })}
        </p>
      ) : null}
      <Button kind="secondary" block={false} onClick={give} busy={busy} testid="gift-button">
        <Icon name="gift" size={18} />{" "}
        {busy ? tg("gift.making") : c.gift ? tg("gift.again") : tg("gift.give")}
        <span class="sr-only">{tg("gift.giveLabel", { name: c.name })}</span>
      </Button>
      {outcome?.kind === "sent" || outcome?.kind === "cancelled" ? (
        <p class="small muted" role="status" data-testid="gift-outcome">
          {tg(outcome.kind === "sent" ? "gift.sent" : "gift.cancelled")}
        </p>
      ) : null}
      {outcome?.kind === "failed" ? (
        <p class="alert" role="alert" data-testid="gift-outcome">
          {outcome.text}
        </p>
      ) : null}
      {outcome?.kind === "copy" ? (
        <div class="online-use" data-testid="gift-copy">
          <strong>{tg("gift.copyTitle")}</strong>
          <p class="small">{tg("gift.copyBody", { date: outcome.until })}</p>
          <div class="copy-row">
            <code>{outcome.url}</code>
            <Button kind="ghost" block={false} onClick={() => copy(outcome.url)}>
              <Icon name="copy" size={18} /> {copied ? tg("gift.copied") : tg("gift.copy")}
            </Button>
          </div>
        </div>
      ) : null}
    </div>
  );
}
