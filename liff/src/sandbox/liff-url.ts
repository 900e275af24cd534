/**
 * LIFF links (`https://liff.line.me/{liffId}/path?query`) open the same app's LIFF pages in the
 * sandbox: `/liff/path?query` on this origin, where the LIFF mock signs in as the simulated user.
 * Other http(s) links open as they are; anything else (tel:, line:) is returned unchanged.
 */
export function liffUrlToLocal(uri: string, userId?: string): string {
  let u: URL;
  try {
    u = new URL(uri);
  } catch {
    return uri;
  }
  if (u.hostname !== "liff.line.me") return uri;
  const [, , ...rest] = u.pathname.split("/");
  const path = rest.join("/");
  const params = new URLSearchParams(u.search);
  if (userId) params.set("sandboxUser", userId);
  const q = params.toString();
  return `/liff/${path}${q ? `?${q}` : ""}`;
}
