/** The marketing sections in the top bar (admin only), and which page a marketing route shows. */
import "./nav.css";
import { lazyPage } from "../lazy";
import type { Ctx } from "../nav";
import { Icon } from "../ui";
import { type MarketingRoute, marketingHref } from "./routes";

// Each page is its own chunk, fetched when first opened (the reports one carries Chart.js).
const SegmentsPage = lazyPage(() => import("./segments-page").then((m) => m.SegmentsPage));
const SegmentEditor = lazyPage(() => import("./segment-editor").then((m) => m.SegmentEditor));
const TagRuleEditor = lazyPage(() => import("./tag-rule-editor").then((m) => m.TagRuleEditor));
const BroadcastsPage = lazyPage(() => import("./broadcasts-page").then((m) => m.BroadcastsPage));
const BroadcastCompose = lazyPage(() => import("./broadcast-compose").then((m) => m.BroadcastCompose));
const BroadcastView = lazyPage(() => import("./broadcast-view").then((m) => m.BroadcastView));
const ReportsPage = lazyPage(() => import("./reports-page").then((m) => m.ReportsPage));

const SECTIONS = [
  { section: "segments", route: { page: "segments", view: "list" }, icon: "user", label: "navSegments" },
  { section: "broadcasts", route: { page: "broadcasts" }, icon: "send", label: "navBroadcasts" },
  { section: "reports", route: { page: "reports", tab: "members" }, icon: "chart", label: "navReports" },
] as const;

export function MarketingNav({ ctx, section }: { ctx: Ctx; section: string }) {
  if (ctx.role !== "admin") return null;
  return (
    <>
      {SECTIONS.map((x) => (
        <a
          key={x.section}
          href={marketingHref(x.route)}
          class="nav-link"
          aria-current={section === x.section ? "page" : undefined}
          data-testid={`nav-${x.section}`}
        >
          <Icon name={x.icon} size={18} />
          {ctx.t[x.label]}
        </a>
      ))}
    </>
  );
}

export function MarketingPage({ ctx, route }: { ctx: Ctx; route: MarketingRoute }) {
  if (ctx.role !== "admin")
    return (
      <div class="page">
        <div class="card card-pad admin-only" data-testid="admin-only">
          <h1 tabIndex={-1}>{ctx.t.marketingAdminOnly}</h1>
          <p class="lead">{ctx.t.marketingAdminOnlyLead}</p>
        </div>
      </div>
    );
  switch (route.page) {
    case "segments":
      return <SegmentsPage ctx={ctx} view={route.view} />;
    case "segment":
      return <SegmentEditor key={route.id ?? "new"} ctx={ctx} id={route.id} />;
    case "tagRule":
      return <TagRuleEditor key={route.id ?? "new"} ctx={ctx} id={route.id} />;
    case "broadcasts":
      return <BroadcastsPage ctx={ctx} />;
    case "broadcast":
      return route.id ? (
        <BroadcastView key={route.id} ctx={ctx} id={route.id} />
      ) : (
        <BroadcastCompose ctx={ctx} />
      );
    case "reports":
      return <ReportsPage ctx={ctx} tab={route.tab} />;
  }
}
