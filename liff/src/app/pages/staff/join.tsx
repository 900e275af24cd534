import { useState } from "preact/hooks";
import { ApiError, api, type Schemas } from "../../api";
import { t, useLang } from "../../i18n";
import { Button, ErrorBox, Notice, Page, TopBar } from "../../ui/kit";

/** The one-time staff invite (`/staff/join?t=…`): confirm, and this LINE account becomes staff. */
export default function StaffJoinPage(props: { query: URLSearchParams }) {
  useLang();
  const token = props.query.get("t") ?? "";
  const [busy, setBusy] = useState(false);
  const [joined, setJoined] = useState<Schemas["StaffMe"] | null>(null);
  const [error, setError] = useState<"invalid" | "used" | "other" | null>(token ? null : "invalid");
  const join = async () => {
    setBusy(true);
    try {
      setJoined(await api("post", "/api/staff/join", { body: { token } }));
    } catch (e) {
      setError(
        e instanceof ApiError && e.status === 409
          ? "used"
          : e instanceof ApiError && e.status === 400
            ? "invalid"
            : "other",
      );
    } finally {
      setBusy(false);
    }
  };
  return (
    <div class="shell">
      <TopBar title={t("join.title")} />
      <Page testid="staff-join">
        {joined ? (
          <Notice
            icon="check"
            tone="ok"
            title={t("join.done", { name: joined.name })}
            body={t("join.doneBody", { store: joined.store?.name ?? "" })}
            testid="join-done"
          >
            <Button to="/staff" testid="join-start">
              {t("join.start")}
            </Button>
          </Notice>
        ) : error === "invalid" || error === "used" ? (
          <Notice
            icon="alert"
            tone="warn"
            title={error === "used" ? t("join.used") : t("join.invalid")}
            body={t("join.invalidBody")}
            testid="join-refused"
          />
        ) : (
          <Notice icon="store" title={t("join.title")} body={t("join.body")}>
            {error ? <ErrorBox message={t("app.error")} /> : null}
            <Button onClick={join} busy={busy} testid="join-confirm">
              {busy ? t("join.working") : t("join.confirm")}
            </Button>
          </Notice>
        )}
      </Page>
    </div>
  );
}
