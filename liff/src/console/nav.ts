/**
 * What every console page shares, apart from the app shell that renders them: the routes in the
 * hash and the page context. Pages import this, never `app.tsx` (which imports the pages).
 */
import type { Api, Role, Who } from "./api";
import {
  type BackOfficeRoute,
  backOfficeHref,
  isBackOfficeRoute,
  parseBackOfficeRoute,
} from "./backoffice/routes";
import type { Lang, Strings } from "./i18n";
import {
  isMarketingRoute,
  type MarketingRoute,
  marketingHref,
  parseMarketingRoute,
} from "./marketing/routes";
import { parseSupportRoute, type SupportRoute, supportHref } from "./support/routes";
import type { Toast } from "./ui";

export type Route =
  | { page: "sales" }
  | { page: "new" }
  | { page: "sale"; id: string }
  | SupportRoute
  | MarketingRoute
  | BackOfficeRoute;

export function parseRoute(hash: string): Route {
  const path = hash.replace(/^#/, "");
  const support = parseSupportRoute(path);
  if (support) return support;
  const marketing = parseMarketingRoute(path);
  if (marketing) return marketing;
  const backOffice = parseBackOfficeRoute(path);
  if (backOffice) return backOffice;
  if (path === "/sales/new") return { page: "new" };
  const m = /^\/sales\/([^/?#]+)$/.exec(path);
  if (m?.[1]) return { page: "sale", id: decodeURIComponent(m[1]) };
  return { page: "sales" };
}

export const href = (r: Route) =>
  isMarketingRoute(r)
    ? marketingHref(r)
    : isBackOfficeRoute(r)
      ? backOfficeHref(r)
      : r.page === "new"
        ? "#/sales/new"
        : r.page === "sale"
          ? `#/sales/${encodeURIComponent(r.id)}`
          : r.page === "sales"
            ? "#/sales"
            : supportHref(r);

/** What every page gets: strings, the API, navigation and toasts. */
export interface Ctx {
  t: Strings;
  lang: Lang;
  api: Api;
  /** The admin token sees everything; an agent's console token the support pages only. */
  role: Role;
  /** Who is signed in (`GET /api/inbox/me`); null until the API has answered. */
  me: Who | null;
  go: (r: Route) => void;
  toast: (text: string, tone?: Toast["tone"]) => void;
  /**
   * A request with the token that is not JSON in and out (a CSV sent or fetched as a file); the
   * caller reads the response. A 401 signs out as any other call does.
   */
  raw?: (path: string, init?: RequestInit) => Promise<Response>;
}
