import { api } from "../../api";
import { fmtMoney, fmtNumber, t, useLang } from "../../i18n";
import { Icon, type IconName } from "../../ui/icons";
import { Link } from "../../ui/kit";
import { useData } from "../../use-data";
import { tl } from "./links-messages";
import { tp } from "./pickup-messages";
import { StaffShell } from "./shell";

/** 門市工作台: who I am, today's figures at a glance, and the three jobs. */
export default function StaffHome() {
  useLang();
  return (
    <StaffShell section="staffHome" title={t("staff.title")}>
      {(me) => (
        <>
          <section class="staff-hello">
            <p class="eyebrow">{me.store?.name ?? ""}</p>
            <h2>{t("staff.hello", { name: me.name })}</h2>
          </section>
          {me.store ? <TodayStrip /> : null}
          <nav class="tiles" aria-label={t("staff.title")}>
            <Tile
              to="/staff/scan"
              icon="scan"
              title={t("staff.scanMember")}
              hint={t("staff.scanMemberHint")}
            />
            <Tile to="/staff/pickups" icon="box" title={tp("pickup.tile")} hint={tp("pickup.tileHint")} />
            <Tile to="/staff/links" icon="link" title={tl("links.tile")} hint={tl("links.tileHint")} />
            <Tile to="/staff/qr" icon="qr" title={t("staff.myQr")} hint={t("staff.myQrHint")} />
            <Tile to="/staff/today" icon="chart" title={t("staff.today")} hint={t("staff.todayHint")} />
          </nav>
        </>
      )}
    </StaffShell>
  );
}

function TodayStrip() {
  const today = useData(() => api("get", "/api/staff/today"), []);
  const d = today.data;
  if (!d) return null;
  return (
    <section class="stats-strip" aria-label={t("staff.today")}>
      <div>
        <strong>{fmtNumber(d.me.membersBound)}</strong>
        <span>{t("today.members")}</span>
      </div>
      <div>
        <strong>{fmtNumber(d.me.purchases)}</strong>
        <span>{t("today.purchases")}</span>
      </div>
      <div>
        <strong>{fmtMoney(d.me.paid)}</strong>
        <span>{t("today.sales")}</span>
      </div>
    </section>
  );
}

function Tile(props: { to: string; icon: IconName; title: string; hint: string }) {
  return (
    <Link to={props.to} class="tile">
      <span class="tile-icon">
        <Icon name={props.icon} size={26} />
      </span>
      <span class="grow">
        <strong>{props.title}</strong>
        <span class="muted small">{props.hint}</span>
      </span>
      <Icon name="chevron" />
    </Link>
  );
}
