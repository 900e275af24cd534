/**
 * 會員營運, the back office (admin only): one top-bar link, a row of tabs (members, coupons, stores
 * and staff, points and tiers, the audit log), and the page a back-office route shows. Each page
 * is its own chunk, fetched when first opened.
 *
 * Test ids: nav-backoffice, backoffice-tab (data-tab), admin-only.
 */
import { lazyPage } from "../lazy";
import type { Ctx } from "../nav";
import { Icon } from "../ui";
import { BACK_OFFICE_STRINGS } from "./i18n";
import { type BackOfficeRoute, type BackOfficeTab, backOfficeHref, backOfficeTab } from "./routes";

const MembersPage = lazyPage(() => import("./members-page").then((m) => m.MembersPage));
const MemberPage = lazyPage(() => import("./member-page").then((m) => m.MemberPage));
const CouponsPage = lazyPage(() => import("./coupons-page").then((m) => m.CouponsPage));
const CouponTemplatePage = lazyPage(() => import("./coupon-template-page").then((m) => m.CouponTemplatePage));
const StoresPage = lazyPage(() => import("./stores-page").then((m) => m.StoresPage));
const StorePage = lazyPage(() => import("./store-page").then((m) => m.StorePage));
const LoyaltyPage = lazyPage(() => import("./loyalty-page").then((m) => m.LoyaltyPage));
const AuditPage = lazyPage(() => import("./audit-page").then((m) => m.AuditPage));

const TABS = [
  { tab: "members", route: { page: "members" }, icon: "user", label: "tabMembers" },
  { tab: "coupons", route: { page: "coupons" }, icon: "tag", label: "tabCoupons" },
  { tab: "stores", route: { page: "stores" }, icon: "store", label: "tabStores" },
  { tab: "loyalty", route: { page: "loyalty" }, icon: "star", label: "tabLoyalty" },
  { tab: "audit", route: { page: "audit" }, icon: "list", label: "tabAudit" },
] as const;

export function BackOfficeNav({ ctx, section }: { ctx: Ctx; section: string }) {
  if (ctx.role !== "admin") return null;
  const b = BACK_OFFICE_STRINGS[ctx.lang];
  return (
    <a
      href={backOfficeHref({ page: "members" })}
      class="nav-link"
      aria-current={section === "backoffice" ? "page" : undefined}
      data-testid="nav-backoffice"
    >
      <Icon name="store" size={18} />
      {b.navBackOffice}
    </a>
  );
}

function Tabs({ ctx, current }: { ctx: Ctx; current: BackOfficeTab }) {
  const b = BACK_OFFICE_STRINGS[ctx.lang];
  return (
    <nav class="page-tabs backoffice-tabs" aria-label={b.tabsLabel}>
      {TABS.map((x) => (
        <a
          key={x.tab}
          class="page-tab"
          href={backOfficeHref(x.route)}
          aria-current={current === x.tab ? "page" : undefined}
          data-testid="backoffice-tab"
          data-tab={x.tab}
        >
          <Icon name={x.icon} size={16} />
          {b[x.label]}
        </a>
      ))}
    </nav>
  );
}

export function BackOfficePage({ ctx, route }: { ctx: Ctx; route: BackOfficeRoute }) {
  const b = BACK_OFFICE_STRINGS[ctx.lang];
  if (ctx.role !== "admin")
    return (
      <div class="page">
        <div class="card card-pad admin-only" data-testid="admin-only">
          <h1 tabIndex={-1}>{b.adminOnly}</h1>
          <p class="lead">{b.adminOnlyLead}</p>
        </div>
      </div>
    );
  return (
    <>
      <Tabs ctx={ctx} current={backOfficeTab(route)} />
      <Page ctx={ctx} route={route} />
    </>
  );
}

function Page({ ctx, route }: { ctx: Ctx; route: BackOfficeRoute }) {
  switch (route.page) {
    case "members":
      return <MembersPage ctx={ctx} />;
    case "member":
      return <MemberPage key={route.id} ctx={ctx} id={route.id} />;
    case "coupons":
      return <CouponsPage ctx={ctx} />;
    case "couponTemplate":
      return <CouponTemplatePage key={route.id ?? "new"} ctx={ctx} id={route.id} />;
    case "stores":
      return <StoresPage ctx={ctx} />;
    case "store":
      return <StorePage key={route.id} ctx={ctx} id={route.id} />;
    case "loyalty":
      return <LoyaltyPage ctx={ctx} />;
    case "audit":
      return <AuditPage ctx={ctx} />;
  }
}
