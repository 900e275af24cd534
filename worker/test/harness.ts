import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SANDBOX_SMS_ACCOUNT_SID, SANDBOX_SMS_AUTH_TOKEN } from "../src/adapters/sms-config";
import { type NodeApp, startNodeApp } from "../src/hosts/node-server";
import { silentLogger } from "../src/lib/log";
import { signBody } from "../src/line/signature";
import type { Ids } from "../src/ports/ids";
import type { LineEmulator } from "../src/sandbox/emulator";
import { startLineEmulator } from "../src/sandbox/emulator/server";
import { ManualClock } from "./manual-clock";
import { sequentialIds } from "./sequential-ids";

export const TEST_SECRET = "test-channel-secret-0123456789abcdef";
export const TEST_ACCESS_TOKEN = "test-access-token";
export const TEST_ADMIN_TOKEN = "test-admin-token-0123456789";
export const TEST_LOGIN_CHANNEL = "2000000001";

export interface TestApp {
  app: NodeApp;
  clock: ManualClock;
  /** The LINE emulator on 127.0.0.1 playing LINE for this app. */
  line: { url: string; emulator: LineEmulator; control(path: string, init?: RequestInit): Promise<Response> };
  dbFile: string;
  post(body: string, headers?: Record<string, string>): Promise<Response>;
  webhook(body: string): Promise<Response>;
  admin(path: string, init?: RequestInit): Promise<Response>;
  /** Let background work finish (event processing and sends). */
  settle(): Promise<void>;
  /** Stops the app but keeps the database and LINE (a "crash"); start() brings up a new app on it. */
  restart(opts?: { paused?: boolean }): Promise<void>;
  close(): Promise<void>;
}

/**
 * A real app on a temp libSQL file, a real LINE emulator as its LINE (127.0.0.1), a manual clock
 * shared by both, deterministic ids, and no timers: tests move time and sweep by hand.
 */
export async function startTestApp(
  opts: {
    env?: Record<string, string>;
    demo?: boolean;
    paused?: boolean;
    /** Wall-clock time and the host's own retry timers, as in production (bounded tests only). */
    realTime?: boolean;
    /** Jitter for backoff (default: a fixed 0.5, so retries are predictable). */
    random?: () => number;
  } = {},
): Promise<TestApp> {
  const dir = mkdtempSync(join(tmpdir(), "omo-test-"));
  const dbFile = join(dir, "omo.db");
  const clock = opts.realTime ? new WallClock() : new ManualClock("2026-11-24T02:00:00.000Z");
  let appUrl = "";
  const line = await startLineEmulator({
    channelAccessToken: TEST_ACCESS_TOKEN,
    channelSecret: TEST_SECRET,
    loginChannelId: TEST_LOGIN_CHANNEL,
    clock,
    ids: sequentialIds(),
    deliver: async (body, signature) => {
      const res = await fetch(`${appUrl}/webhook`, {
        method: "POST",
        body,
        headers: { "content-type": "application/json", "x-line-signature": signature },
      });
      return { status: res.status };
    },
  });
  const env = {
    DATABASE_URL: `file:${dbFile}`,
    LINE_CHANNEL_SECRET: TEST_SECRET,
    LINE_CHANNEL_ACCESS_TOKEN: TEST_ACCESS_TOKEN,
    LINE_API_BASE_URL: line.url,
    LINE_LOGIN_CHANNEL_ID: TEST_LOGIN_CHANNEL,
    LINE_LOGIN_JWKS_URL: `${line.url}/oauth2/v2.1/certs`,
    LIFF_ID: "2000000001-test",
    ADMIN_TOKEN: TEST_ADMIN_TOKEN,
    APP_SECRET: "test-app-secret-0123456789",
    DEMO_DATA: opts.demo ? "true" : "false",
    LOG_LEVEL: "silent",
    // SMS through the real Twilio adapter to the emulator's stand-in (its inboxes: /sandbox/api/sms).
    SMS_PROVIDER: "twilio",
    SMS_API_BASE_URL: line.url,
    TWILIO_ACCOUNT_SID: SANDBOX_SMS_ACCOUNT_SID,
    TWILIO_AUTH_TOKEN: SANDBOX_SMS_AUTH_TOKEN,
    SMS_FROM: "OMO Demo",
    ...opts.env,
  };
  let boots = 0;
  const boot = (paused = false) =>
    startNodeApp({
      env,
      port: 0,
      clock,
      ids: testIds(++boots, opts.random),
      log: silentLogger,
      timers: opts.realTime ?? false,
      paused,
    });
  let app = await boot(opts.paused);
  appUrl = app.url;

  const t: TestApp = {
    get app() {
      return app;
    },
    clock,
    dbFile,
    line: {
      url: line.url,
      emulator: line.emulator,
      control: (path, init) => fetch(`${line.url}/sandbox/api${path}`, init),
    },
    post: (body, headers = {}) =>
      fetch(`${app.url}/webhook`, {
        method: "POST",
        body,
        headers: { "content-type": "application/json", ...headers },
      }),
    webhook: async (body) => t.post(body, { "x-line-signature": await signBody(TEST_SECRET, body) }),
    admin: (path, init = {}) =>
      fetch(`${app.url}${path}`, {
        ...init,
        headers: {
          authorization: `Bearer ${TEST_ADMIN_TOKEN}`,
          "content-type": "application/json",
          ...(init.headers ?? {}),
        },
      }),
    settle: async () => {
      await app.idle();
      await app.idle();
    },
    restart: async (o = {}) => {
      await app.close();
      app = await boot(o.paused);
      appUrl = app.url;
    },
    close: async () => {
      await app.close();
      await line.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return t;
}

/** The real time, for tests that let the host's timers fire: it cannot be moved by hand. */
class WallClock extends ManualClock {
  override now(): Date {
    return new Date();
  }
  override set(): void {
    throw new Error("a real-time test cannot set the clock");
  }
  override advance(): void {
    throw new Error("a real-time test cannot move the clock");
  }
}

/** Readable, unique across restarts, with a fixed jitter so backoff is predictable. */
function testIds(boot: number, random: () => number = () => 0.5): Ids {
  let n = 0;
  return {
    id: (prefix) => `${prefix}_b${boot}_${String(++n).padStart(5, "0")}`,
    uuid: () => crypto.randomUUID(),
    random,
  };
}
