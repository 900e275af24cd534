/**
 * The support pages' routes, in the hash like the live-sales pages: `#/inbox`, `#/inbox/{id}`,
 * `#/keywords`, `#/keywords/new`, `#/keywords/{id}`, `#/knowledge`, `#/knowledge/{id|new}`,
 * `#/knowledge/candidates` (the candidate entries), `#/metrics`, `#/settings`.
 */
export type SupportRoute =
  | { page: "inbox"; id: string | null }
  | { page: "keywords" }
  | { page: "keyword"; id: string | null }
  | { page: "knowledge"; id: string | null }
  | { page: "metrics" }
  | { page: "settings" };

export function parseSupportRoute(path: string): SupportRoute | null {
  const [, section, rest] = /^\/([a-z]+)(?:\/([^/?#]+))?$/.exec(path) ?? [];
  const id = rest ? decodeURIComponent(rest) : null;
  switch (section) {
    case "inbox":
      return { page: "inbox", id };
    case "keywords":
      if (!id) return { page: "keywords" };
      return { page: "keyword", id: id === "new" ? null : id };
    case "knowledge":
      return { page: "knowledge", id };
    case "metrics":
      return { page: "metrics" };
    case "settings":
      return { page: "settings" };
    default:
      return null;
  }
}

const enc = encodeURIComponent;

export function supportHref(r: SupportRoute): string {
  switch (r.page) {
    case "inbox":
      return r.id ? `#/inbox/${enc(r.id)}` : "#/inbox";
    case "keywords":
      return "#/keywords";
    case "keyword":
      return `#/keywords/${r.id ? enc(r.id) : "new"}`;
    case "knowledge":
      return r.id ? `#/knowledge/${enc(r.id)}` : "#/knowledge";
    case "metrics":
      return "#/metrics";
    case "settings":
      return "#/settings";
  }
}

/** The nav section a route belongs to (a new conversation or rule is not a new page). */
export const sectionOf = (r: { page: string }): string =>
  r.page === "new" || r.page === "sale" ? "sales" : r.page === "keyword" ? "keywords" : r.page;
