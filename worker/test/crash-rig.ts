/**
 * A production omo-line in its own process (the real `worker/src/node.ts`, as `npm start` runs it)
 * that a test can kill -9 at a chosen moment: its LINE is the emulator in the test process, reached
 * through a proxy that can hold LINE's answers and kill the app after LINE accepted a call but
 * before the app heard back — the window in which a crash used to send an answer twice.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { systemClock } from "../src/adapters/system-clock";
import { type RunningLineEmulator, startLineEmulator } from "../src/sandbox/emulator/server";
import { TEST_ACCESS_TOKEN, TEST_ADMIN_TOKEN, TEST_LOGIN_CHANNEL, TEST_SECRET } from "./harness";
import { sequentialIds } from "./sequential-ids";

/** What the proxy does with a Messaging API call LINE (the emulator) answered 2xx. */
export type Hold = (path: string, body: string) => boolean;

export interface CrashRig {
  line: RunningLineEmulator & { control(path: string, init?: RequestInit): Promise<Response> };
  /** The app's libSQL file (kept across restarts), for a test to seed or read directly. */
  dbFile: string;
  admin(path: string, init?: RequestInit): Promise<Response>;
  /** Starts (or restarts) the app on the same database. */
  start(): Promise<void>;
  /**
   * From now on, calls to paths `hold` picks are relayed to LINE, and LINE's 2xx answer is held
   * back; once `count` are held (and the app has answered `deliveries` webhooks in all) the app
   * is killed with SIGKILL, never having heard them.
   */
  killAfterAccepted(hold: Hold, count: number, deliveries: number): Promise<void>;
  /** Resolves once the app has nothing queued or sending (bounded: throws after `limitMs`). */
  quiet(limitMs: number): Promise<void>;
  /** Webhook deliveries the app answered 200. */
  delivered(): number;
  close(): Promise<void>;
}

const ROOT = new URL("../../", import.meta.url).pathname;

/**
 * `lineLagMs`: LINE's clock runs this far behind the app's, so webhooks arrive that old (a backlog,
 * a redelivery): their reply tokens are too old to use and the app pushes its answers.
 */
export async function startCrashRig(opts: { lineLagMs?: number } = {}): Promise<CrashRig> {
  const lag = opts.lineLagMs ?? 0;
  const dir = mkdtempSync(join(tmpdir(), "omo-crash-"));
  let appUrl = "";
  let delivered = 0;
  const line = await startLineEmulator({
    channelAccessToken: TEST_ACCESS_TOKEN,
    channelSecret: TEST_SECRET,
    loginChannelId: TEST_LOGIN_CHANNEL,
    clock: lag ? { now: () => new Date(Date.now() - lag) } : systemClock,
    ids: sequentialIds(),
    deliver: async (body, signature) => {
      const res = await fetch(`${appUrl}/webhook`, {
        method: "POST",
        body,
        headers: { "content-type": "application/json", "x-line-signature": signature },
      });
      if (res.status === 200) delivered += 1;
      maybeKill();
      return { status: res.status };
    },
  });

  let child: ChildProcess | undefined;
  let exited: Promise<void> = Promise.resolve();
  let hold: Hold | undefined;
  let holdCount = 0;
  let waitDeliveries = 0;
  const held: ServerResponse[] = [];
  let killed: (() => void) | undefined;

  const kill = () => {
    child?.kill("SIGKILL");
    hold = undefined;
    // The app is gone: its sockets would answer nothing now; free them.
    for (const res of held.splice(0)) res.destroy();
    killed?.();
  };

  const maybeKill = () => {
    if (hold && held.length >= holdCount && delivered >= waitDeliveries) kill();
  };

  const proxy: Server = createServer(async (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const path = req.url ?? "/";
    const headers = new Headers();
    for (const [k, v] of Object.entries(req.headers)) {
      if (typeof v === "string" && k !== "host" && k !== "content-length" && k !== "connection")
        headers.set(k, v);
    }
    const sent = Buffer.concat(chunks);
    const upstream = await fetch(`${line.url}${path}`, {
      method: req.method ?? "GET",
      headers,
      ...(chunks.length ? { body: sent } : {}),
    });
    const body = Buffer.from(await upstream.arrayBuffer());
    if (hold && upstream.status < 300 && hold(path, sent.toString())) {
      held.push(res);
      maybeKill();
      return;
    }
    res.writeHead(upstream.status, Object.fromEntries(upstream.headers));
    res.end(body);
  });
  await new Promise<void>((resolve) => proxy.listen(0, "127.0.0.1", resolve));
  const proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;

  const start = async () => {
    const port = await freePort();
    const proc = spawn(process.execPath, ["--import", "tsx", "worker/src/node.ts"], {
      cwd: ROOT,
      stdio: ["ignore", "pipe", "pipe"],
      env: {
        PATH: process.env.PATH ?? "",
        NODE_ENV: "production",
        HOST: "127.0.0.1",
        PORT: String(port),
        DATABASE_URL: `file:${join(dir, "omo.db")}`,
        LINE_CHANNEL_SECRET: TEST_SECRET,
        LINE_CHANNEL_ACCESS_TOKEN: TEST_ACCESS_TOKEN,
        LINE_API_BASE_URL: proxyUrl,
        LINE_LOGIN_CHANNEL_ID: TEST_LOGIN_CHANNEL,
        LINE_LOGIN_JWKS_URL: `${line.url}/oauth2/v2.1/certs`,
        LIFF_ID: "2000000001-test",
        ADMIN_TOKEN: TEST_ADMIN_TOKEN,
        APP_SECRET: "test-app-secret-0123456789",
        LOG_LEVEL: "silent",
      },
    });
    child = proc;
    exited = new Promise((resolve) => proc.once("exit", () => resolve()));
    let output = "";
    await new Promise<void>((resolve, reject) => {
      const onData = (d: Buffer) => {
        output += d.toString();
        if (output.includes("omo-line is running on")) {
          proc.stdout?.off("data", onData);
          resolve();
        }
      };
      proc.stdout?.on("data", onData);
      proc.stderr?.on("data", (d: Buffer) => {
        output += d.toString();
      });
      proc.once("exit", (code) =>
        reject(new Error(`the app exited (${code}) before it was ready:\n${output}`)),
      );
    });
    appUrl = `http://127.0.0.1:${port}`;
  };

  return {
    dbFile: join(dir, "omo.db"),
    line: Object.assign(line, {
      control: (path: string, init?: RequestInit) => fetch(`${line.url}/sandbox/api${path}`, init),
    }),
    admin: (path, init = {}) =>
      fetch(`${appUrl}${path}`, {
        ...init,
        headers: {
          authorization: `Bearer ${TEST_ADMIN_TOKEN}`,
          "content-type": "application/json",
          ...(init.headers ?? {}),
        },
      }),
    start,
    killAfterAccepted: (h, count, deliveries) => {
      hold = h;
      holdCount = count;
      waitDeliveries = deliveries;
      return new Promise<void>((resolve) => {
        killed = () => {
          killed = undefined;
          void exited.then(resolve);
        };
      });
    },
    quiet: async (limitMs) => {
      const until = Date.now() + limitMs;
      for (;;) {
        const res = await fetch(`${appUrl}/api/admin/outbox/stats`, {
          headers: { authorization: `Bearer ${TEST_ADMIN_TOKEN}` },
        });
        const { byState } = (await res.json()) as { byState: Record<string, number> };
        if (!byState.queued && !byState.sending) return;
        if (Date.now() > until) throw new Error(`still busy after ${limitMs} ms: ${JSON.stringify(byState)}`);
        // Wait for the app's next change: ask again once LINE has seen another request.
        await new Promise<void>((resolve) => {
          const timer = setTimeout(done, 200);
          const off = line.emulator.on(done);
          function done() {
            clearTimeout(timer);
            off();
            resolve();
          }
        });
      }
    },
    delivered: () => delivered,
    close: async () => {
      child?.kill("SIGKILL");
      await exited;
      for (const res of held.splice(0)) res.destroy();
      await new Promise<void>((resolve) => {
        proxy.close(() => resolve());
        proxy.closeAllConnections();
      });
      await line.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((resolve) => s.listen(0, "127.0.0.1", resolve));
  const { port } = s.address() as AddressInfo;
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return port;
}
