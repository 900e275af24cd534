/**
 * The back office's routes (admin only), in the hash like the others: `#/members` (search),
 * `#/members/{id}`, `#/coupons` (templates), `#/coupons/{id|new}`, `#/stores` (stores and staff),
 * `#/stores/{id}`, `#/loyalty` (earn rules, tiers, expiry, birthday and welcome coupons),
 * `#/audit` (the audit log). Ids are prefixed (`mem_…`, `tpl_…`, `sto_…`), so `new` never names one.
 */
export type BackOfficeRoute =
  | { page: "members" }
  | { page: "member"; id: string }
  | { page: "coupons" }
  | { page: "couponTemplate"; id: string | null }
  | { page: "stores" }
  | { page: "store"; id: string }
  | { page: "loyalty" }
  | { page: "audit" };

export type BackOfficeTab = "members" | "coupons" | "stores" | "loyalty" | "audit";

const PAGES = new Set([
  "members",
  "member",
  "coupons",
  "couponTemplate",
  "stores",
  "store",
  "loyalty",
  "audit",
]);

export const isBackOfficeRoute = (r: { page: string }): r is BackOfficeRoute => PAGES.has(r.page);

export function parseBackOfficeRoute(path: string): BackOfficeRoute | null {
  const [, section, rest] = /^\/([a-z-]+)(?:\/([^/?#]+))?$/.exec(path) ?? [];
  const id = rest ? decodeURIComponent(rest) : null;
  switch (section) {
    case "members":
      return id ? { page: "member", id } : { page: "members" };
    case "coupons":
      return id ? { page: "couponTemplate", id: id === "new" ? null : id } : { page: "coupons" };
    case "stores":
      return id ? { page: "store", id } : { page: "stores" };
    case "loyalty":
      return { page: "loyalty" };
    case "audit":
      return { page: "audit" };
    default:
      return null;
  }
}

const enc = encodeURIComponent;

export function backOfficeHref(r: BackOfficeRoute): string {
  switch (r.page) {
    case "members":
      return "#/members";
    case "member":
      return `#/members/${enc(r.id)}`;
    case "coupons":
      return "#/coupons";
    case "couponTemplate":
      return `#/coupons/${r.id ? enc(r.id) : "new"}`;
    case "stores":
      return "#/stores";
    case "store":
      return `#/stores/${enc(r.id)}`;
    case "loyalty":
      return "#/loyalty";
    case "audit":
      return "#/audit";
  }
}

/** The back-office tab a route belongs to. */
export function backOfficeTab(r: BackOfficeRoute): BackOfficeTab {
  if (r.page === "member") return "members";
  if (r.page === "couponTemplate") return "coupons";
  if (r.page === "store") return "stores";
  return r.page;
}
