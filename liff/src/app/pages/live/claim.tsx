import { useMemo, useState } from "preact/hooks";
import { ApiError, api } from "../../api";
import { config } from "../../config";
import { t, useLang } from "../../i18n";
import { navigate } from "../../nav";
import { Button, ErrorBox, Notice, Page, TopBar } from "../../ui/kit";
import { useData } from "../../use-data";
import { saleOfClaim } from "./format";
import { LiveIcon } from "./live-icons";
import { tl } from "./messages";
import "./live.css";

type Problem = "invalid" | "expired" | "taken";

/**
 * 綁定直播訂單 (`/live/claim?t=…`, the link a seller sends a buyer from Facebook, YouTube…): says
 * what will happen, claims the orders for this LINE account, then opens that sale's checkout.
 */
export default function LiveClaimPage(props: { query: URLSearchParams }) {
  useLang();
  const token = props.query.get("t") ?? "";
  const saleId = useMemo(() => saleOfClaim(token), [token]);
  // The sale's name, to show which live this is; the token itself is checked when claimed.
  const sale = useData(
    () =>
      saleId
        ? api("get", "/api/me/lives/{id}/cart", { path: { id: saleId } }).then(
            (c) => c.sale,
            () => null,
          )
        : Promise.resolve(null),
    [saleId],
  );
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<Problem | null>(token.length >= 10 ? null : "invalid");
  const [failed, setFailed] = useState(false);

  const claim = async () => {
    setBusy(true);
    setFailed(false);
    try {
      const r = await api("post", "/api/me/lives/claims", { body: { token } });
      navigate(`/live/${encodeURIComponent(r.saleId)}?claimed=1`, { replace: true });
    } catch (e) {
      if (e instanceof ApiError && e.status === 409) setProblem("taken");
      else if (e instanceof ApiError && e.code === "CLAIM_EXPIRED") setProblem("expired");
      else if (e instanceof ApiError && e.status === 400) setProblem("invalid");
      else setFailed(true);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div class="shell">
      <TopBar title={tl("claim.title")} />
      <Page testid="live-claim">
        {problem ? (
          <Notice
            icon="alert"
            tone="warn"
            title={tl(`claim.${problem}`)}
            body={tl(`claim.${problem}Body`)}
            testid="claim-refused"
          >
            <Button to="/member" kind="secondary">
              {t("bind.toCard")}
            </Button>
          </Notice>
        ) : (
          <>
            <section class="claim-hero" aria-labelledby="claim-lead">
              <span class="claim-icon" aria-hidden="true">
                <LiveIcon name="link" size={30} />
              </span>
              <p class="live-brand">{config.brand}</p>
              <h2 id="claim-lead">{tl("claim.lead")}</h2>
              {sale.data ? (
                <p class="claim-sale" data-testid="claim-sale">
                  <span class={sale.data.status === "open" ? "live-pill on" : "live-pill"}>LIVE</span>{" "}
                  {sale.data.title}
                </p>
              ) : null}
            </section>
            <section class="panel">
              <ol class="claim-steps">
                <li class="claim-step">{tl("claim.step1")}</li>
                <li class="claim-step">{tl("claim.step2")}</li>
                <li class="claim-step">{tl("claim.step3")}</li>
              </ol>
              <p class="muted small">{tl("claim.once")}</p>
              {failed ? <ErrorBox message={t("app.error")} /> : null}
              <Button onClick={claim} busy={busy} testid="claim-confirm">
                {busy ? tl("claim.working") : tl("claim.confirm")}
              </Button>
            </section>
          </>
        )}
      </Page>
    </div>
  );
}
