/**
 * The marketing pages' routes, in the hash like the others: `#/segments` (saved segments),
 * `#/segments/rfm` (the RFM grid), `#/segments/tags` (tags and tag rules), `#/segments/{id|new}`,
 * `#/tag-rules/{id|new}`, `#/broadcasts`, `#/broadcasts/{id|new}`, `#/reports/{tab}`.
 * Segment ids are prefixed (`seg_…`), so `rfm` and `tags` never name one.
 */
export const REPORT_TABS = ["members", "revenue", "coupons", "points", "live", "messages"] as const;
export type ReportTab = (typeof REPORT_TABS)[number];
export type SegmentsView = "list" | "rfm" | "tags";

export type MarketingRoute =
  | { page: "segments"; view: SegmentsView }
  | { page: "segment"; id: string | null }
  | { page: "tagRule"; id: string | null }
  | { page: "broadcasts" }
  | { page: "broadcast"; id: string | null }
  | { page: "reports"; tab: ReportTab };

const PAGES = new Set(["segments", "segment", "tagRule", "broadcasts", "broadcast", "reports"]);

export const isMarketingRoute = (r: { page: string }): r is MarketingRoute => PAGES.has(r.page);

export function parseMarketingRoute(path: string): MarketingRoute | null {
  const [, section, rest] = /^\/([a-z-]+)(?:\/([^/?#]+))?$/.exec(path) ?? [];
  const id = rest ? decodeURIComponent(rest) : null;
  switch (section) {
    case "segments":
      if (!id) return { page: "segments", view: "list" };
      if (id === "rfm" || id === "tags") return { page: "segments", view: id };
      return { page: "segment", id: id === "new" ? null : id };
    case "tag-rules":
      return id ? { page: "tagRule", id: id === "new" ? null : id } : { page: "segments", view: "tags" };
    case "broadcasts":
      return id ? { page: "broadcast", id: id === "new" ? null : id } : { page: "broadcasts" };
    case "reports":
      return {
        page: "reports",
        tab: (REPORT_TABS as readonly string[]).includes(id ?? "") ? (id as ReportTab) : "members",
      };
    default:
      return null;
  }
}

const enc = encodeURIComponent;

export function marketingHref(r: MarketingRoute): string {
  switch (r.page) {
    case "segments":
      return r.view === "list" ? "#/segments" : `#/segments/${r.view}`;
    case "segment":
      return `#/segments/${r.id ? enc(r.id) : "new"}`;
    case "tagRule":
      return `#/tag-rules/${r.id ? enc(r.id) : "new"}`;
    case "broadcasts":
      return "#/broadcasts";
    case "broadcast":
      return `#/broadcasts/${r.id ? enc(r.id) : "new"}`;
    case "reports":
      return `#/reports/${r.tab}`;
  }
}

/** The nav section of a marketing route. */
export function marketingSection(r: MarketingRoute): "segments" | "broadcasts" | "reports" {
  if (r.page === "segments" || r.page === "segment" || r.page === "tagRule") return "segments";
  if (r.page === "broadcasts" || r.page === "broadcast") return "broadcasts";
  return "reports";
}
