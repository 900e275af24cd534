import { useState } from "preact/hooks";
import { api } from "../../api";
import { config } from "../../config";
import { OpenAsShopper } from "../../dev/open-as-shopper";
import { fmtDate, t, useLang } from "../../i18n";
import { Qr } from "../../ui/codes";
import { Icon } from "../../ui/icons";
import { Button, ErrorBox, Notice, Spinner } from "../../ui/kit";
import { useData } from "../../use-data";
import { StaffShell } from "./shell";

type Kind = "store" | "personal";

/** 我的綁定 QR: the store's QR and my own (credits me), big enough to scan across a counter. */
export default function StaffQrPage(props: { query: URLSearchParams }) {
  useLang();
  const [kind, setKind] = useState<Kind>(props.query.get("kind") === "personal" ? "personal" : "store");
  const [full, setFull] = useState(false);
  const qr = useData(() => api("get", "/api/staff/binding-qr"), []);
  return (
    <StaffShell section="staffQr" title={t("qr.title")}>
      {(me) =>
        !me.store ? (
          <Notice icon="lock" tone="warn" title={t("staff.noStore")} />
        ) : qr.error ? (
          <ErrorBox message={t("app.error")} onRetry={qr.reload} />
        ) : !qr.data ? (
          <Spinner />
        ) : (
          <>
            <div class="segmented" role="tablist" aria-label={t("qr.title")}>
              {(["store", "personal"] as const).map((k) => (
                <button
                  key={k}
                  type="button"
                  role="tab"
                  aria-selected={k === kind}
                  class={k === kind ? "seg active" : "seg"}
                  data-testid={`qr-tab-${k}`}
                  onClick={() => setKind(k)}
                >
                  {t(`qr.${k}`)}
                </button>
              ))}
            </div>
            {(() => {
              const link = kind === "store" ? qr.data.storeLink : qr.data.personalLink;
              return (
                <section
                  class={full ? "qr-stage fullscreen" : "qr-stage"}
                  data-testid="binding-qr"
                  data-url={link.url}
                >
                  <p class="qr-brand">{config.brand}</p>
                  <h2 class="qr-store">{qr.data.store?.name}</h2>
                  <Qr value={link.url} label={t("qr.scanToJoin")} class="qr qr-big" />
                  <p class="qr-cta">{t("qr.scanToJoin")}</p>
                  {kind === "personal" ? (
                    <p class="staff-chip">{t("qr.staffCredit", { name: qr.data.staff.name })}</p>
                  ) : null}
                  <p class="muted small">{t("qr.validUntil", { date: fmtDate(link.expiresAt) })}</p>
                  {full ? (
                    <Button kind="secondary" block={false} onClick={() => setFull(false)}>
                      {t("qr.exitFullscreen")}
                    </Button>
                  ) : null}
                </section>
              );
            })()}
            <div class="button-row">
              <Button kind="secondary" onClick={() => setFull(true)} testid="qr-fullscreen">
                <Icon name="expand" size={18} /> {t("qr.fullscreen")}
              </Button>
              <Button kind="secondary" to={`/staff/qr/print?kind=${kind}`} testid="qr-print">
                <Icon name="print" size={18} /> {t("qr.print")}
              </Button>
            </div>
            {config.sandbox ? (
              <OpenAsShopper
                url={(kind === "store" ? qr.data.storeLink : qr.data.personalLink).url}
                self={sessionStorage.getItem("omo.sandboxUser")}
              />
            ) : null}
          </>
        )
      }
    </StaffShell>
  );
}
