/**
 * Where a LIFF page is: the path after `/liff` and its query. LINE opens
 * `https://liff.line.me/{liffId}/bind?t=…` as the endpoint URL with `?liff.state=%2Fbind%3Ft%3D…`
 * before `liff.init()` redirects; reading `liff.state` here renders the right page at once.
 */
export interface Route {
  path: string;
  query: URLSearchParams;
}

export const BASE = "/liff";

export function routeFrom(pathname: string, search: string): Route {
  const query = new URLSearchParams(search);
  let path = pathname.startsWith(BASE) ? pathname.slice(BASE.length) : pathname;
  const state = query.get("liff.state");
  if (state) {
    query.delete("liff.state");
    const inner = new URL(state.startsWith("/") ? state : `/${state}`, "http://x");
    if (inner.pathname !== "/") path = `${path.replace(/\/$/, "")}${inner.pathname}`;
    inner.searchParams.forEach((v, k) => {
      query.set(k, v);
    });
  }
  path = `/${path.replace(/^\/+|\/+$/g, "")}`;
  return { path, query };
}

/** `/member/coupons/:code` against `/member/coupons/ABC` → `{ code: "ABC" }`; no match → null. */
export function matchPath(pattern: string, path: string): Record<string, string> | null {
  const p = pattern.split("/").filter(Boolean);
  const s = path.split("/").filter(Boolean);
  if (p.length !== s.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < p.length; i++) {
    const want = p[i] as string;
    const got = s[i] as string;
    if (want.startsWith(":")) params[want.slice(1)] = decodeURIComponent(got);
    else if (want !== got) return null;
  }
  return params;
}
