/**
 * Every HTML page answers with its Content-Security-Policy and the other security headers, on
 * the Node host (routes, the LIFF page, static files) and, for what Workers' [assets] serves
 * before the Worker, through `liff/public/_headers` in workerd. Chromium runs the pages under
 * these policies in liff/test/*.browser.test.ts (any violation fails them).
 */
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Miniflare } from "miniflare";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../../test/harness";
import { ManualClock } from "../../test/manual-clock";
import { type NodeApp, startNodeApp } from "../hosts/node-server";
import { silentLogger } from "./log";
import { NON_PAGE_CSP, pageKind, pagePolicy, renderHeadersFile } from "./security-headers";

/** A CSP header as directive → sources. */
function parseCsp(header: string | null): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const part of (header ?? "").split(";")) {
    const [name, ...sources] = part.trim().split(/\s+/);
    if (name) out.set(name, sources);
  }
  return out;
}

function expectPageHeaders(res: Response, path: string) {
  expect(res.headers.get("content-type"), path).toContain("text/html");
  expect(res.headers.get("x-content-type-options"), path).toBe("nosniff");
  expect(res.headers.get("referrer-policy"), path).toBe("no-referrer");
  expect(res.headers.get("x-frame-options"), path).toBe("DENY");
  expect(res.headers.get("permissions-policy"), path).toMatch(/(^|, )camera=\(\)/);
  const csp = parseCsp(res.headers.get("content-security-policy"));
  expect(csp.get("frame-ancestors"), path).toEqual(["'none'"]);
  expect(csp.get("object-src"), path).toEqual(["'none'"]);
  expect(csp.get("base-uri"), path).toEqual(["'none'"]);
  const scripts = csp.get("script-src") ?? [];
  expect(scripts[0], path).toBe("'self'");
  for (const unsafe of ["'unsafe-inline'", "'unsafe-eval'", "*", "https:", "http:", "data:"]) {
    expect(scripts, `${path} script-src`).not.toContain(unsafe);
    expect(csp.get("style-src") ?? [], `${path} style-src`).not.toContain(unsafe);
  }
  return csp;
}

/** The inline `<script>` elements a page would run (JSON data blocks are not script). */
function inlineScripts(html: string): string[] {
  return [...html.matchAll(/<script(\s[^>]*)?>([\s\S]*?)<\/script>/g)]
    .filter(([, attrs = ""]) => !/\ssrc=/.test(attrs) && !/type="application\/json"/.test(attrs))
    .map(([, , body = ""]) => body);
}

const sha256 = (text: string) => `'sha256-${createHash("sha256").update(text).digest("base64")}'`;

describe("security headers (Node host)", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ demo: true });
  });
  afterAll(() => t.close());

  it("every LIFF route, the console and the API docs answer their policy; no inline script runs", async () => {
    for (const path of ["/liff", "/liff/", "/liff/member", "/liff/staff/scan?x=1", "/liff/live/sal_x"]) {
      const res = await fetch(`${t.app.url}${path}`);
      expect(res.status, path).toBe(200);
      const csp = expectPageHeaders(res, path);
      expect(res.headers.get("content-security-policy")).toBe(pagePolicy("liff"));
      // What the LIFF SDK reaches in LINE, and nothing broader.
      expect(csp.get("connect-src")).toEqual([
        "'self'",
        "https://api.line.me",
        "https://liffsdk.line-scdn.net",
      ]);
      expect(csp.get("script-src")).toEqual(["'self'", "https://static.line-scdn.net"]);
      const html = await res.text();
      expect(html).toContain('<script id="omo-config" type="application/json">{');
      expect(inlineScripts(html), path).toEqual([]);
    }
    for (const path of ["/console/", "/console/index.html"]) {
      const res = await fetch(`${t.app.url}${path}`);
      expect(res.status, path).toBe(200);
      const csp = expectPageHeaders(res, path);
      expect(csp.get("script-src")).toEqual(["'self'"]);
      expect(csp.get("connect-src")).toEqual(["'self'"]);
      expect(res.headers.get("cross-origin-opener-policy")).toBe("same-origin");
      expect(inlineScripts(await res.text()), path).toEqual([]);
    }
  });

  it("/docs allows exactly its own inline script and style, by hash", async () => {
    const res = await fetch(`${t.app.url}/docs`);
    const csp = expectPageHeaders(res, "/docs");
    const html = await res.text();
    const scripts = inlineScripts(html);
    expect(scripts).toHaveLength(1);
    expect(csp.get("script-src")).toEqual(["'self'", sha256(scripts[0] ?? "")]);
    const style = /<style>([\s\S]*?)<\/style>/.exec(html)?.[1] ?? "";
    expect(csp.get("style-src")).toEqual(["'self'", sha256(style)]);
  });

  it("JSON, errors, CSV, SVG and static files are nosniff and can run nothing if opened", async () => {
    const html = await (await fetch(`${t.app.url}/console/`)).text();
    const asset = /src="(\/assets\/[^"]+\.js)"/.exec(html)?.[1];
    expect(asset).toBeDefined();
    const responses: Array<[string, Response]> = [
      ["/healthz", await fetch(`${t.app.url}/healthz`)],
      ["/openapi.json", await fetch(`${t.app.url}/openapi.json`)],
      ["401", await fetch(`${t.app.url}/api/me`)],
      ["404", await fetch(`${t.app.url}/api/nothing-here`)],
      ["csv", await t.admin("/api/lives/sal_demo_friday/picking.csv")],
      ["js", await fetch(`${t.app.url}${asset}`)],
    ];
    for (const [name, res] of responses) {
      expect(res.headers.get("x-content-type-options"), name).toBe("nosniff");
      expect(res.headers.get("referrer-policy"), name).toBe("no-referrer");
      expect(res.headers.get("content-security-policy"), name).toBe(NON_PAGE_CSP);
      expect(res.headers.get("content-type"), name).not.toContain("text/html");
    }
    expect(responses.map(([, r]) => r.status)).toEqual([200, 200, 401, 404, 200, 200]);
  });

  it("knows which page a path is", () => {
    expect(pageKind("/liff")).toBe("liff");
    expect(pageKind("/liff/staff/scan")).toBe("liff");
    expect(pageKind("/liffy")).toBe("other");
    expect(pageKind("/console/")).toBe("console");
    expect(pageKind("/sandbox/")).toBe("sandbox");
    expect(pageKind("/docs")).toBe("docs");
    expect(pageKind("/docs/x")).toBe("other");
  });
});

describe("security headers (sandbox)", () => {
  let dir: string;
  let app: NodeApp;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "omo-headers-"));
    app = await startNodeApp({
      env: { DATABASE_URL: `file:${join(dir, "omo.db")}`, DEMO_DATA: "false", LOG_LEVEL: "silent" },
      port: 0,
      clock: new ManualClock("2026-11-24T03:00:00.000Z"),
      log: silentLogger,
      timers: false,
    });
  });
  afterAll(async () => {
    await app?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("the chat simulator and the sandbox's LIFF pages answer their policy", async () => {
    const sim = await fetch(`${app.url}/sandbox/`);
    expect(sim.status).toBe(200);
    const csp = expectPageHeaders(sim, "/sandbox/");
    expect(csp.get("connect-src")).toEqual(["'self'"]);
    expect(sim.headers.get("content-security-policy")).toBe(pagePolicy("sandbox"));
    expect(inlineScripts(await sim.text())).toEqual([]);
    const liff = await fetch(`${app.url}/liff/member`);
    expectPageHeaders(liff, "/liff/member");
    expect(liff.headers.get("content-security-policy")).toBe(pagePolicy("liff"));
    // The emulator's own answers too.
    const state = await fetch(`${app.url}/sandbox/api/state`);
    expect(state.headers.get("x-content-type-options")).toBe("nosniff");
  });
});

describe("security headers on Workers' static assets (liff/public/_headers)", () => {
  let mf: Miniflare;
  beforeAll(async () => {
    mf = new Miniflare({
      modules: true,
      script: 'export default { fetch() { return new Response("from the worker") } }',
      compatibilityDate: "2026-04-20",
      assets: { directory: "liff/dist", binding: "ASSETS", routerConfig: { has_user_worker: true } },
    });
    await mf.ready;
  }, 60_000);
  afterAll(() => mf?.dispose());

  it("is what the middleware sends, and Vite copied it into the build", () => {
    const file = readFileSync("liff/public/_headers", "utf8");
    expect(file, "regenerate liff/public/_headers from renderHeadersFile()").toBe(renderHeadersFile());
    expect(readFileSync("liff/dist/_headers", "utf8")).toBe(file);
  });

  it("the console and the LIFF page files get their policy; scripts get nosniff", async () => {
    for (const [path, kind] of [
      ["/console/", "console"],
      ["/app/", "liff"],
    ] as const) {
      const res = await mf.dispatchFetch(`http://omo.test${path}`);
      expect(res.status, path).toBe(200);
      expectPageHeaders(res as unknown as Response, path);
      expect(res.headers.get("content-security-policy"), path).toBe(pagePolicy(kind));
      await res.arrayBuffer();
    }
    const html = await (await mf.dispatchFetch("http://omo.test/console/")).text();
    const asset = /src="(\/assets\/[^"]+\.js)"/.exec(html)?.[1] ?? "";
    const js = await mf.dispatchFetch(`http://omo.test${asset}`);
    expect(js.status).toBe(200);
    expect(js.headers.get("x-content-type-options")).toBe("nosniff");
    expect(js.headers.get("content-security-policy")).toBe(NON_PAGE_CSP);
    await js.arrayBuffer();
  });
});
