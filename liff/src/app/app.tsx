import type { ComponentType } from "preact";
import { useEffect, useState } from "preact/hooks";
import { t, useLang } from "./i18n";
import { navigate, useRoute } from "./nav";
import CardPage from "./pages/member/card";
import { matchPath } from "./route";
import { Button, Notice, Page, Spinner, TopBar } from "./ui/kit";

type PageProps = { query: URLSearchParams; params: Record<string, string> };
type Loader = () => Promise<{ default: ComponentType<PageProps> }>;

/**
 * Every LIFF path, including those the chat's Flex cards and rich menus link to
 * (/member, /coupons, /register, /bind?t=…, /member/gift?t=…, /staff/join?t=…, /live/{saleId}, /live/claim?t=…). The card is in the main chunk for
 * the fastest first paint; other pages load when opened.
 */
const ROUTES: Array<[string, Loader | { page: ComponentType<PageProps> }]> = [
  ["/member", { page: CardPage }],
  ["/card", { page: CardPage }],
  ["/member/points", () => import("./pages/member/points")],
  ["/points", () => import("./pages/member/points")],
  ["/member/coupons", () => import("./pages/member/coupons")],
  ["/coupons", () => import("./pages/member/coupons")],
  ["/member/coupons/:code", () => import("./pages/member/coupon-detail")],
  ["/member/gift", () => import("./pages/member/gift")],
  ["/member/profile", () => import("./pages/member/profile")],
  ["/profile", () => import("./pages/member/profile")],
  [
    "/register",
    () =>
      import("./pages/member/profile").then((m) => ({
        default: (p: PageProps) => <m.default register {...p} />,
      })),
  ],
  ["/bind", () => import("./pages/member/bind")],
  ["/staff", () => import("./pages/staff/home")],
  ["/staff/qr", () => import("./pages/staff/qr")],
  ["/staff/qr/print", () => import("./pages/staff/qr-print")],
  ["/staff/scan", () => import("./pages/staff/scan")],
  ["/staff/today", () => import("./pages/staff/today")],
  ["/staff/pickups", () => import("./pages/staff/pickups")],
  ["/staff/links", () => import("./pages/staff/links")],
  ["/staff/join", () => import("./pages/staff/join")],
  ["/live/claim", () => import("./pages/live/claim")],
  ["/live/:saleId", () => import("./pages/live/checkout")],
];

const loaded = new Map<Loader, ComponentType<PageProps>>();

function Lazy(props: { load: Loader } & PageProps) {
  const [C, setC] = useState<ComponentType<PageProps> | undefined>(() => loaded.get(props.load));
  useEffect(() => {
    if (loaded.has(props.load)) return setC(() => loaded.get(props.load));
    let live = true;
    props.load().then((m) => {
      loaded.set(props.load, m.default);
      if (live) setC(() => m.default);
    });
    return () => {
      live = false;
    };
  }, [props.load]);
  return C ? <C query={props.query} params={props.params} /> : <Spinner />;
}

export function App() {
  useLang();
  const route = useRoute();
  useEffect(() => {
    if (route.path === "/")
      navigate(`/member${route.query.size ? `?${route.query}` : ""}`, { replace: true });
  }, [route.path, route.query]);
  for (const [pattern, page] of ROUTES) {
    const params = matchPath(pattern, route.path);
    if (!params) continue;
    if (typeof page !== "function") return <page.page query={route.query} params={params} />;
    return <Lazy key={pattern} load={page} query={route.query} params={params} />;
  }
  if (route.path === "/") return <Spinner />;
  return (
    <div class="shell">
      <TopBar title={t("app.notFound")} />
      <Page>
        <Notice icon="alert" title={t("app.notFound")} body={t("app.notFoundHint")}>
          <Button to="/member">{t("app.home")}</Button>
        </Notice>
      </Page>
    </div>
  );
}
