/**
 * The server side of the browser tests, and their life cycle. Chromium starts once per file; each
 * test gets a server of its own (a real app on a fresh database, started in well under a second)
 * and makes what it needs through the HTTP API and the LINE emulator's sandbox API, so any test
 * runs alone and in any order. Contexts a test opens are closed after it, before its server.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, BrowserContext, BrowserContextOptions, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, beforeEach } from "vitest";
import { CONSENT_VERSION } from "../../worker/src/features/members/registration";
import { type NodeApp, startNodeApp } from "../../worker/src/hosts/node-server";
import { silentLogger } from "../../worker/src/lib/log";
import { startTestApp, type TestApp } from "../../worker/test/harness";
import { ManualClock } from "../../worker/test/manual-clock";
import type { DemoStore } from "../../worker/test/member-kit";
import { liffUrlToLocal } from "../src/sandbox/liff-url";
import { launch } from "./browser";

export const PHONE = { width: 390, height: 844 };
export const DESKTOP = { width: 1366, height: 900 };

type Language = "zh-TW" | "en";

export interface Server {
  readonly url: string;
  readonly app: NodeApp;
  readonly clock: ManualClock;
  /** The LINE emulator's sandbox API (users, chats, SMS inboxes): GET, or POST with a body. */
  control<T = unknown>(path: string, body?: unknown): Promise<T>;
  /** The API with the admin token: GET, or POST (another method if named) with a body. */
  admin<T = unknown>(path: string, body?: unknown, method?: string): Promise<T>;
  /** An ID token for the simulated LINE user, from the emulator. */
  idToken(userId: string): Promise<string>;
  /** The API as a simulated LINE user (an ID token from the emulator). */
  as<T = unknown>(userId: string, path: string, body?: unknown, method?: string): Promise<T>;
  /** Let background work finish (event processing and sends). */
  settle(): Promise<void>;
  /** A simulated LINE user who has not added the OA. */
  user(displayName: string, language?: Language): Promise<string>;
  /** A simulated LINE user who added the OA (the follow handled). */
  friend(displayName: string, language?: Language): Promise<string>;
  /** A message typed in the OA's 1:1 chat, as the LINE emulator delivers it. */
  say(userId: string, text: string): Promise<void>;
  store(code: string): Promise<DemoStore>;
  /** A friend who joined the store's staff record `staffCode` with its invite. */
  clerk(displayName: string, staffCode?: string, storeCode?: string): Promise<string>;
  /** The user's member card as the API has it (a LIFF visit makes a guest member). */
  memberOf(userId: string): Promise<{ id: string; memberCode: string }>;
  /** The user registered with a name and phone, current consent given. */
  register(userId: string, name: string, phone: string, extra?: Record<string, unknown>): Promise<void>;
  close(): Promise<void>;
}

async function call<T>(url: string, method: string, headers: Record<string, string>, body?: unknown) {
  const res = await fetch(url, {
    method,
    headers: { "content-type": "application/json", ...headers },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (!res.ok) throw new Error(`${method} ${new URL(url).pathname}: ${res.status} ${await res.text()}`);
  return (res.status === 204 ? undefined : await res.json()) as T;
}

function server(app: NodeApp, clock: ManualClock, lineUrl: string, close: () => Promise<void>): Server {
  const methodOf = (body: unknown, method?: string) => method ?? (body === undefined ? "GET" : "POST");
  const s: Server = {
    url: app.url,
    app,
    clock,
    control: (path, body) => call(`${lineUrl}/sandbox/api${path}`, methodOf(body), {}, body),
    admin: (path, body, method) =>
      call(
        `${app.url}${path}`,
        methodOf(body, method),
        { authorization: `Bearer ${app.config.adminToken}` },
        body,
      ),
    idToken: async (userId) =>
      (await s.control<{ idToken: string }>(`/users/${userId}/id-token`, {})).idToken,
    as: async (userId, path, body, method) => {
      const authorization = `Bearer ${await s.idToken(userId)}`;
      return call(`${app.url}${path}`, methodOf(body, method), { authorization }, body);
    },
    settle: async () => {
      await app.idle();
      await app.idle();
    },
    user: async (displayName, language = "zh-TW") =>
      (await s.control<{ userId: string }>("/users", { displayName, language })).userId,
    friend: async (displayName, language) => {
      const userId = await s.user(displayName, language);
      await s.control(`/users/${userId}/follow`, {});
      await s.settle();
      return userId;
    },
    say: async (userId, text) => {
      await s.control("/messages", {
        chat: { type: "user", userId },
        from: userId,
        message: { type: "text", text },
      });
      await s.settle();
    },
    store: async (code) => {
      const { stores } = await s.admin<{ stores: DemoStore[] }>("/api/admin/stores");
      const store = stores.find((x) => x.code === code);
      if (!store) throw new Error(`no demo store ${code}`);
      return store;
    },
    clerk: async (displayName, staffCode = "S001", storeCode = "TPE01") => {
      const staffId = (await s.store(storeCode)).staff.find((x) => x.code === staffCode)?.id;
      if (!staffId) throw new Error(`no staff ${staffCode} at ${storeCode}`);
      const { token } = await s.admin<{ token: string }>(`/api/admin/staff/${staffId}/invite`, {});
      const userId = await s.friend(displayName);
      await s.as(userId, "/api/staff/join", { token });
      return userId;
    },
    memberOf: async (userId) =>
      (await s.as<{ member: { id: string; memberCode: string } }>(userId, "/api/me")).member,
    register: async (userId, name, phone, extra = {}) => {
      const consent = { version: CONSENT_VERSION, accepted: true };
      await s.as(userId, "/api/me/profile", { name, phone, consent, ...extra }, "PUT");
    },
    close,
  };
  return s;
}

/** The app in sandbox mode (its own LINE emulator at /sandbox), on a manual clock, without timers. */
export async function sandboxApp(opts: { start: string; demo?: boolean }): Promise<Server> {
  const dir = mkdtempSync(join(tmpdir(), "omo-browser-"));
  const clock = new ManualClock(opts.start);
  const app = await startNodeApp({
    env: {
      DATABASE_URL: `file:${join(dir, "omo.db")}`,
      DEMO_DATA: String(opts.demo ?? true),
      LOG_LEVEL: "silent",
    },
    port: 0,
    clock,
    log: silentLogger,
    timers: false,
  });
  return server(app, clock, app.url, async () => {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  });
}

/** The test harness's app: LINE played by a separate emulator, deterministic ids, the demo data. */
export async function harnessApp(): Promise<Server & { t: TestApp }> {
  const t = await startTestApp({ demo: true });
  return Object.assign(
    server(t.app, t.clock, t.line.url, () => t.close()),
    { t },
  );
}

export interface Suite<S extends Server> {
  /** This test's server. */
  readonly server: S;
  readonly browser: Browser;
  /** A context closed after the test; a wait that fails names its element well before the test's timeout. */
  context(opts?: BrowserContextOptions): Promise<BrowserContext>;
  /** A page in a context of its own. */
  page(opts?: BrowserContextOptions): Promise<Page>;
  /** A phone-sized page (touch, 2× pixels) in a context of its own. */
  phone(locale?: string, viewport?: { width: number; height: number }): Promise<Page>;
}

/**
 * Registers the hooks: Chromium for the file, a server for each test (`start`). `pageClock`, when
 * given, pins every context's clock to that time of the test's server.
 */
export function browserSuite<S extends Server>(
  start: () => Promise<S>,
  opts: { pageClock?: (s: S) => Date } = {},
): Suite<S> {
  let browser: Browser | undefined;
  let current: S | undefined;
  const contexts: BrowserContext[] = [];
  beforeAll(async () => {
    browser = await launch();
  }, 60_000);
  beforeEach(async () => {
    current = await start();
  }, 60_000);
  afterEach(async () => {
    for (const c of contexts.splice(0)) await c.close();
    await current?.close();
    current = undefined;
  });
  afterAll(async () => {
    await browser?.close();
  });
  const suite: Suite<S> = {
    get server() {
      if (!current) throw new Error("no server outside a test");
      return current;
    },
    get browser() {
      if (!browser) throw new Error("Chromium did not start");
      return browser;
    },
    async context(o = {}) {
      const ctx = await suite.browser.newContext(o);
      contexts.push(ctx);
      ctx.setDefaultTimeout(15_000);
      if (opts.pageClock) await ctx.clock.setFixedTime(opts.pageClock(suite.server));
      return ctx;
    },
    async page(o) {
      return (await suite.context(o)).newPage();
    },
    phone: (locale = "zh-TW", viewport = PHONE) =>
      suite.page({ viewport, locale, deviceScaleFactor: 2, hasTouch: true }),
  };
  return suite;
}

/** Signs the console in with a token through a `#token=` link; the console opens on its first page. */
export async function consoleSignIn(page: Page, url: string, token: string): Promise<void> {
  await page.goto(`${url}/console/#token=${encodeURIComponent(token)}`);
  await page.getByTestId("signed-in-as").waitFor();
}

/** Opens a LIFF link (https://liff.line.me/{liffId}/…) as the simulator does: as this simulated user. */
export const openLiff = (s: Server, page: Page, liffUrl: string, userId: string) =>
  page.goto(`${s.url}${liffUrlToLocal(liffUrl, userId)}`);

/** A LIFF page (`/member`, `/staff/scan`, …) as this simulated user. */
export const openAs = (s: Server, page: Page, path: string, userId: string) =>
  page.goto(`${s.url}/liff${path}${path.includes("?") ? "&" : "?"}sandboxUser=${encodeURIComponent(userId)}`);
