/** The support sections in the top bar, and which page a support route shows. */
import "./support.css";
import { lazyPage } from "../lazy";
import type { Ctx } from "../nav";
import { Icon } from "../ui";
import type { SupportRoute } from "./routes";
import { AdminOnly, Avatar, useSupport } from "./shared";

// Each page is its own chunk, fetched when first opened.
const InboxPage = lazyPage(() => import("./inbox-page").then((m) => m.InboxPage));
const KeywordEditor = lazyPage(() => import("./keyword-editor").then((m) => m.KeywordEditor));
const KeywordsPage = lazyPage(() => import("./keywords-page").then((m) => m.KeywordsPage));
const KnowledgePage = lazyPage(() => import("./knowledge-page").then((m) => m.KnowledgePage));
const MetricsPage = lazyPage(() => import("./metrics-page").then((m) => m.MetricsPage));
const SettingsPage = lazyPage(() => import("./settings-page").then((m) => m.SettingsPage));

const SECTIONS = [
  { section: "inbox", href: "#/inbox", icon: "inbox", label: "navInbox", admin: false },
  { section: "keywords", href: "#/keywords", icon: "tag", label: "navKeywords", admin: true },
  { section: "knowledge", href: "#/knowledge", icon: "book", label: "navKnowledge", admin: false },
  { section: "metrics", href: "#/metrics", icon: "chart", label: "navMetrics", admin: false },
  { section: "settings", href: "#/settings", icon: "sliders", label: "navSettings", admin: false },
] as const;

export function SupportNav({ ctx, section }: { ctx: Ctx; section: string }) {
  const { s } = useSupport(ctx);
  return (
    <>
      {SECTIONS.filter((x) => !x.admin || ctx.role === "admin").map((x) => (
        <a
          key={x.section}
          href={x.href}
          class="nav-link"
          aria-current={section === x.section ? "page" : undefined}
          data-testid={`nav-${x.section}`}
        >
          <Icon name={x.icon} size={18} />
          {s[x.label]}
        </a>
      ))}
    </>
  );
}

/**
 * Who the console is signed in as (`GET /api/inbox/me`), at the end of the top bar: the agent's
 * name and role, or the admin token. Test id: signed-in-as (data-kind).
 */
export function SignedInAs({ ctx }: { ctx: Ctx }) {
  const { s } = useSupport(ctx);
  const me = ctx.me;
  if (!me) return null;
  const name = me.agent?.name ?? s.adminName;
  const role = me.agent ? `${s.roles[me.agent.role] ?? me.agent.role} · ${me.agent.code}` : s.adminToken;
  return (
    <span class="who" data-testid="signed-in-as" data-kind={me.kind} title={s.signedInAs(name, role)}>
      {me.agent ? (
        <Avatar name={me.agent.name} size="sm" />
      ) : (
        <span class="who-icon" aria-hidden="true">
          <Icon name="shield" size={15} />
        </span>
      )}
      <span class="who-text">
        <span class="visually-hidden">{s.signedInLabel} </span>
        <span class="who-name" data-testid="signed-in-name">
          {name}
        </span>
        <span class="who-role">{role}</span>
      </span>
    </span>
  );
}

/** A support route's page; null (an admin-only page opened with an agent token) says so. */
export function SupportPage({ ctx, route }: { ctx: Ctx; route: SupportRoute | null }) {
  const { s } = useSupport(ctx);
  if (!route || (ctx.role !== "admin" && (route.page === "keywords" || route.page === "keyword")))
    return <AdminOnly s={s} />;
  switch (route.page) {
    case "inbox":
      return <InboxPage ctx={ctx} id={route.id} />;
    case "keywords":
      return <KeywordsPage ctx={ctx} />;
    case "keyword":
      return <KeywordEditor key={route.id ?? "new"} ctx={ctx} id={route.id} />;
    case "knowledge":
      return <KnowledgePage ctx={ctx} id={route.id} />;
    case "metrics":
      return <MetricsPage ctx={ctx} />;
    case "settings":
      return <SettingsPage ctx={ctx} />;
  }
}
