import type { MiddlewareHandler } from "hono";
import type { Config } from "../../config";

/** What the LIFF pages need before anything else: which LIFF app to init, and whether LINE is emulated. */
export interface LiffClientConfig {
  liffId: string;
  sandbox: boolean;
  brand: string;
  timeZone: string;
}

export function liffClientConfig(config: Config): LiffClientConfig {
  return {
    liffId: config.line.liffId,
    sandbox: config.sandbox,
    brand: config.brand.name,
    timeZone: config.brand.timeZone,
  };
}

const PLACEHOLDER = /<script id="omo-config" type="application\/json">[^<]*<\/script>/;

/**
 * The LIFF index.html with the config inlined, so the first paint needs no extra request. JSON is
 * escaped for a `<script>` element (no `<`, so no `</script>` can close it early).
 */
export function renderLiffPage(html: string, config: Config): string {
  const json = JSON.stringify(liffClientConfig(config)).replace(/</g, "\\u003c");
  return html.replace(PLACEHOLDER, `<script id="omo-config" type="application/json">${json}</script>`);
}

/** A LIFF route (`/liff`, `/liff/member`, `/liff/staff/scan`, …), not a file. */
export function isLiffRoute(path: string): boolean {
  return (path === "/liff" || path.startsWith("/liff/")) && !/\.[a-z0-9]+$/i.test(path);
}

/**
 * Serves the LIFF single-page app for every LIFF route (the client routes by path). `load`
 * reads the built `app/index.html`: from disk on Node, from the assets binding on Workers.
 */
export function liffPages(
  config: Config,
  load: (url: string) => Promise<string | undefined>,
): MiddlewareHandler {
  return async (c, next) => {
    if ((c.req.method !== "GET" && c.req.method !== "HEAD") || !isLiffRoute(c.req.path)) return next();
    const html = await load(c.req.url);
    if (html === undefined) return next();
    return c.html(renderLiffPage(html, config), 200, { "cache-control": "no-cache" });
  };
}
