import { useState } from "preact/hooks";
import { fmtDate, useLang } from "../../i18n";
import { platformReady, type ShareMessage } from "../../platform";
import { Qr } from "../../ui/codes";
import { Icon } from "../../ui/icons";
import { Button } from "../../ui/kit";
import { tl } from "./links-messages";

type Shared = "sent" | "cancelled" | "unavailable";

/**
 * A link made: the address to 複製, 分享 with `liff.shareTargetPicker` (as the member's coupon
 * gift does; where LINE cannot share, copying is left) and its QR for the customer to scan.
 */
export function LinkResult(props: {
  url: string;
  expiresAt: string;
  title: string;
  card: ShareMessage;
  testid: string;
}) {
  useLang();
  const [copied, setCopied] = useState(false);
  const [shared, setShared] = useState<Shared | null>(null);
  const [sharing, setSharing] = useState(false);
  const copy = async () => {
    await navigator.clipboard?.writeText(props.url).catch(() => undefined);
    setCopied(true);
  };
  const share = async () => {
    setSharing(true);
    try {
      setShared(await (await platformReady).share([props.card]));
    } finally {
      setSharing(false);
    }
  };
  return (
    <section class="panel link-result" data-testid={props.testid} data-url={props.url}>
      <div class="link-result-head">
        <Icon name="check" size={20} />
        <strong>{props.title}</strong>
      </div>
      <div class="link-url">
        <code data-testid={`${props.testid}-url`}>{props.url}</code>
      </div>
      <p class="muted small">{tl("links.validUntil", { date: fmtDate(props.expiresAt) })}</p>
      <div class="button-row">
        <Button kind="secondary" onClick={copy} testid={`${props.testid}-copy`}>
          <Icon name="copy" size={18} /> {copied ? tl("links.copied") : tl("links.copy")}
        </Button>
        {shared === "unavailable" ? null : (
          <Button kind="secondary" onClick={share} busy={sharing} testid={`${props.testid}-share`}>
            <Icon name="chat" size={18} /> {tl("links.share")}
          </Button>
        )}
      </div>
      {shared ? (
        <p class="small muted" role="status" data-testid={`${props.testid}-shared`}>
          {tl(
            shared === "sent"
              ? "links.shared"
              : shared === "cancelled"
                ? "links.shareCancelled"
                : "links.shareUnavailable",
          )}
        </p>
      ) : null}
      <figure class="link-qr">
        <Qr value={props.url} label={tl("links.qrLabel")} class="qr qr-link" />
        <figcaption class="muted small">{tl("links.qr")}</figcaption>
      </figure>
    </section>
  );
}
