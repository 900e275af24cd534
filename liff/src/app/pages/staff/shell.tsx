import type { ComponentChildren } from "preact";
import { ApiError, api, type Schemas } from "../../api";
import { t, useLang } from "../../i18n";
import { Button, ErrorBox, Notice, Page, Spinner, TabBar, TopBar } from "../../ui/kit";
import { useData } from "../../use-data";
import { tl } from "./links-messages";

export type StaffMe = Schemas["StaffMe"];
type Section = "staffHome" | "staffQr" | "staffScan" | "staffToday" | "staffPickups" | "staffLinks";

let me: Promise<StaffMe> | null = null;
/** Who the staff member is (403 for anyone else); asked once per page load. */
export const staffMe = () => {
  me ??= api("get", "/api/staff/me").catch((e) => {
    me = null;
    throw e;
  });
  return me;
};

/** Staff pages: only for users with the staff role; everyone else gets a clear refusal. */
export function StaffShell(props: {
  section: Section;
  title: string;
  back?: string;
  children: (me: StaffMe) => ComponentChildren;
}) {
  useLang();
  const who = useData(staffMe, []);
  const tab = (to: string, s: Section, icon: "home" | "qr" | "scan" | "chart" | "box" | "link") => ({
    to,
    label: s === "staffLinks" ? tl("links.tab") : t(`nav.${s}` as "nav.staffHome"),
    icon,
    active: props.section === s,
  });
  const refused = who.error instanceof ApiError && who.error.status === 403;
  return (
    <div class={refused ? "shell staff" : "shell staff with-tabs"}>
      <TopBar title={props.title} {...(props.back ? { back: props.back } : {})} />
      <Page testid={refused ? "staff-refused" : `page-${props.section}`}>
        {refused ? (
          <Notice icon="lock" tone="error" title={t("staff.refused")} body={t("staff.refusedBody")}>
            <Button to="/member" kind="secondary">
              {t("app.home")}
            </Button>
          </Notice>
        ) : who.error ? (
          <ErrorBox message={t("app.error")} onRetry={who.reload} />
        ) : !who.data ? (
          <Spinner />
        ) : (
          props.children(who.data)
        )}
      </Page>
      {refused ? null : (
        <TabBar
          label={t("staff.title")}
          tabs={[
            tab("/staff", "staffHome", "home"),
            tab("/staff/scan", "staffScan", "scan"),
            tab("/staff/pickups", "staffPickups", "box"),
            tab("/staff/links", "staffLinks", "link"),
            tab("/staff/qr", "staffQr", "qr"),
            tab("/staff/today", "staffToday", "chart"),
          ]}
        />
      )}
    </div>
  );
}
