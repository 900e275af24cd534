/**
 * LIFF links open the same app's LIFF pages in the sandbox: `https://liff.line.me/{liffId}/path?q`
 * (and the older `line://app/{liffId}/…`, `https://line.me/R/app/{liffId}/…` forms) become
 * `/liff/path?q` on this origin, where the LIFF mock signs in as the simulated user (`sandboxUser`,
 * added when a user id is given). Other links are returned unchanged.
 */
export function liffUrlToLocal(uri: string, userId?: string): string {
  let u: URL;
  try {
    u = new URL(uri);
  } catch {
    return uri;
  }
  let rest: string[];
  const segments = u.pathname.split("/").slice(1); // [liffId, ...path] after the prefix
  if (u.protocol === "https:" && u.hostname === "liff.line.me") rest = segments.slice(1);
  else if (u.protocol === "https:" && u.hostname === "line.me" && u.pathname.startsWith("/R/app/"))
    rest = segments.slice(3);
  else if (u.protocol === "line:" && u.hostname === "app") rest = segments.slice(1);
  else return uri;
  const params = new URLSearchParams(u.search);
  if (userId) params.set("sandboxUser", userId);
  const q = params.toString();
  return `/liff/${rest.join("/")}${q ? `?${q}` : ""}${u.hash}`;
}
