import { api } from "../../api";
import { config } from "../../config";
import { fmtDate, t, useLang } from "../../i18n";
import { Qr } from "../../ui/codes";
import { Button, ErrorBox, Link, Spinner } from "../../ui/kit";
import { useData } from "../../use-data";

/** The binding QR as an A5 poster for the counter (print it from the browser). */
export default function StaffQrPrint(props: { query: URLSearchParams }) {
  useLang();
  const personal = props.query.get("kind") === "personal";
  const qr = useData(() => api("get", "/api/staff/binding-qr"), []);
  if (qr.error) return <ErrorBox message={t("app.error")} onRetry={qr.reload} />;
  if (!qr.data) return <Spinner />;
  const link = personal ? qr.data.personalLink : qr.data.storeLink;
  return (
    <div class="print-page">
      <div class="print-toolbar">
        <Link to={`/staff/qr${personal ? "?kind=personal" : ""}`} class="link-btn">
          {t("app.back")}
        </Link>
        <Button block={false} onClick={() => window.print()}>
          {t("qr.printNow")}
        </Button>
      </div>
      <article class="poster" data-testid="poster">
        <header class="poster-head">
          <span class="poster-brand">{config.brand}</span>
          <span class="poster-store">{qr.data.store?.name}</span>
        </header>
        <h1 class="poster-title">{t("qr.posterTitle")}</h1>
        <p class="poster-body">{t("qr.posterBody", { brand: config.brand })}</p>
        <div class="poster-qr">
          <Qr value={link.url} label={t("qr.scanToJoin")} class="qr" />
        </div>
        {personal ? <p class="poster-staff">{t("qr.staffCredit", { name: qr.data.staff.name })}</p> : null}
        <p class="poster-perks">{t("qr.posterPerks")}</p>
        <footer class="poster-foot">{t("qr.validUntil", { date: fmtDate(link.expiresAt) })}</footer>
      </article>
    </div>
  );
}
