import type { MiddlewareHandler } from "hono";
import { DOCS_SCRIPT, DOCS_STYLE } from "./docs-page";
import type { AppEnv } from "./hono";

/**
 * The HTML pages the app serves, each with the Content-Security-Policy it works under. Scripts
 * and styles come from our own origin only (Vite emits files, never inline code; the LIFF config
 * is a `<script type="application/json">` block, which is data, not script).
 */
export type PageKind = "liff" | "console" | "sandbox" | "docs" | "other";

type Directives = Record<string, string[]>;

const BASE: Directives = {
  "default-src": ["'self'"],
  "script-src": ["'self'"],
  "style-src": ["'self'"],
  "img-src": ["'self'", "data:", "blob:"],
  "font-src": ["'self'"],
  "connect-src": ["'self'"],
  "media-src": ["'self'"],
  "object-src": ["'none'"],
  "base-uri": ["'none'"],
  "form-action": ["'self'"],
  // Nothing of ours is meant to be framed: LIFF runs as the top page of LINE's in-app browser,
  // and the console must never be (clickjacking).
  "frame-ancestors": ["'none'"],
};

/**
 * What the LIFF SDK (@line/liff 2.x) reaches in LINE: its server API (`api.line.me`), the
 * client extensions and LINE's alert component it loads as scripts from `static.line-scdn.net`,
 * and translations from `liffsdk.line-scdn.net`. Logins are navigations (`access.line.me`), not
 * requests. No `'unsafe-eval'`: the SDK only evaluates code for `liff.subWindow` in a browser
 * outside LINE (scanCodeV2 there), which then fails and the scan page offers typing the code.
 */
const LIFF: Directives = {
  ...BASE,
  "script-src": ["'self'", "https://static.line-scdn.net"],
  "style-src": ["'self'", "https://static.line-scdn.net"],
  "connect-src": ["'self'", "https://api.line.me", "https://liffsdk.line-scdn.net"],
  // Profile pictures in LINE's own components.
  "img-src": ["'self'", "data:", "blob:", "https://profile.line-scdn.net", "https://static.line-scdn.net"],
};

/** The console and the simulator show what messages carry: images and videos from any https host. */
const MEDIA_FROM_MESSAGES: Directives = {
  "img-src": ["'self'", "data:", "blob:", "https:"],
  "media-src": ["'self'", "blob:", "https:"],
};

const POLICIES: Record<Exclude<PageKind, "docs">, Directives> = {
  liff: LIFF,
  console: { ...BASE, ...MEDIA_FROM_MESSAGES },
  sandbox: { ...BASE, ...MEDIA_FROM_MESSAGES },
  other: BASE,
};

export function serializeCsp(d: Directives): string {
  return Object.entries(d)
    .map(([k, v]) => `${k} ${v.join(" ")}`)
    .join("; ");
}

/** The policy of a page kind (the docs page adds the hashes of its inline script and style). */
export function pagePolicy(kind: Exclude<PageKind, "docs">): string {
  return serializeCsp(POLICIES[kind]);
}

async function sha256Base64(text: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  let bin = "";
  for (const b of new Uint8Array(digest)) bin += String.fromCharCode(b);
  return btoa(bin);
}

let docsPolicy: Promise<string> | undefined;
/** `/docs` is one self-contained page: its inline script and style are allowed by hash only. */
export function docsPagePolicy(): Promise<string> {
  docsPolicy ??= Promise.all([sha256Base64(DOCS_SCRIPT), sha256Base64(DOCS_STYLE)]).then(([js, css]) =>
    serializeCsp({
      ...BASE,
      "script-src": ["'self'", `'sha256-${js}'`],
      "style-src": ["'self'", `'sha256-${css}'`],
    }),
  );
  return docsPolicy;
}

export function pageKind(path: string): PageKind {
  const under = (p: string) => path === p || path.startsWith(`${p}/`);
  if (under("/liff") || under("/app")) return "liff";
  if (under("/console")) return "console";
  if (under("/sandbox")) return "sandbox";
  if (path === "/docs") return "docs";
  return "other";
}

/** Powerful features no page of ours uses (the staff scanner is LINE's own window, not our page). */
export const PERMISSIONS_POLICY =
  "camera=(), microphone=(), geolocation=(), payment=(), usb=(), serial=(), midi=()";

/** Headers every response gets, whatever its type. */
export const COMMON_HEADERS: Record<string, string> = {
  "x-content-type-options": "nosniff",
  // Console links carry the admin token in the fragment; nothing leaks a URL to another site.
  "referrer-policy": "no-referrer",
};

/** Headers every HTML page gets besides its CSP. */
export const PAGE_HEADERS: Record<string, string> = {
  "x-frame-options": "DENY",
  "permissions-policy": PERMISSIONS_POLICY,
};

/** Anything else (JSON, CSV, SVG, files) opened as a document can run nothing and be framed by no one. */
export const NON_PAGE_CSP = "default-src 'none'; frame-ancestors 'none'";

/**
 * `liff/public/_headers` (Vite copies it to `liff/dist`): the same headers for what Workers'
 * `[assets]` serves before the Worker runs — the built pages `/console/` and `/app/`, and the
 * files under `/assets/`. Rules must not repeat a header (Cloudflare joins repeats with a comma).
 */
export function renderHeadersFile(): string {
  const block = (path: string, headers: Record<string, string>) =>
    [path, ...Object.entries(headers).map(([k, v]) => `  ${k}: ${v}`)].join("\n");
  const page = (kind: "console" | "liff") => ({
    "content-security-policy": pagePolicy(kind),
    ...PAGE_HEADERS,
    ...(kind === "liff" ? {} : { "cross-origin-opener-policy": "same-origin" }),
  });
  return `${[
    "# Generated from worker/src/lib/security-headers.ts (renderHeadersFile); its test keeps them equal.",
    block("/*", COMMON_HEADERS),
    block("/assets/*", { "content-security-policy": NON_PAGE_CSP }),
    block("/console/*", page("console")),
    block("/app/*", page("liff")),
  ].join("\n")}\n`;
}

/**
 * Security headers on every response, set after the handler so they cover routes, the error
 * handler, the LIFF page and static files served through the app (Node). On Workers the
 * `[assets]` binding answers files before the Worker runs: `liff/public/_headers` gives them the
 * same headers (see its test).
 */
export function securityHeaders(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    await next();
    const type = c.res.headers.get("content-type") ?? "";
    const html = type.startsWith("text/html");
    const set: Record<string, string> = { ...COMMON_HEADERS };
    if (html) {
      const kind = pageKind(c.req.path);
      Object.assign(set, PAGE_HEADERS, {
        "content-security-policy": kind === "docs" ? await docsPagePolicy() : pagePolicy(kind),
      });
      // Not on LIFF pages: the SDK talks to LINE's windows it opens (window.opener, postMessage).
      if (kind !== "liff") set["cross-origin-opener-policy"] = "same-origin";
    } else if (!c.res.headers.has("content-security-policy")) {
      set["content-security-policy"] = NON_PAGE_CSP;
    }
    if (c.var.deps?.config.publicUrl.startsWith("https://")) {
      set["strict-transport-security"] = "max-age=31536000";
    }
    try {
      for (const [k, v] of Object.entries(set)) c.res.headers.set(k, v);
    } catch {
      // Immutable headers (a response passed through from fetch): copy once, then set.
      c.res = new Response(c.res.body, c.res);
      for (const [k, v] of Object.entries(set)) c.res.headers.set(k, v);
    }
  };
}
