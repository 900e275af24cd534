/**
 * The real Worker bundle (`wrangler deploy --dry-run`) in workerd through Miniflare, offline,
 * with a local D1 database, and the LINE emulator on 127.0.0.1 as its LINE.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Miniflare } from "miniflare";
import { systemClock } from "../src/adapters/system-clock";
import { startLineEmulator } from "../src/sandbox/emulator/server";
import { sequentialIds } from "./sequential-ids";

const SECRET = "workerd-channel-secret-0123456789";
const TOKEN = "workerd-access-token";

/** Polls a condition the Worker reaches asynchronously (waitUntil); fails with the last value. */
export async function eventually<T>(read: () => Promise<T>, ok: (v: T) => boolean, what: string): Promise<T> {
  const deadline = Date.now() + 15_000;
  let last = await read();
  while (!ok(last)) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(last)}`);
    await new Promise((r) => setImmediate(r));
    last = await read();
  }
  return last;
}

export interface Workerd {
  mf: Miniflare;
  line: Awaited<ReturnType<typeof startLineEmulator>>;
  close(): Promise<void>;
}

/** Builds the bundle and starts it with the emulator wired both ways (webhooks in, API calls out). */
export async function startWorkerd(): Promise<Workerd> {
  const dir = mkdtempSync(join(tmpdir(), "omo-workerd-"));
  mkdirSync("liff/dist", { recursive: true });
  execFileSync("npx", ["wrangler", "deploy", "--dry-run", "--outdir", dir], {
    env: { ...process.env, WRANGLER_SEND_METRICS: "false", CLOUDFLARE_CF_FETCH_ENABLED: "false" },
    stdio: "pipe",
  });
  let mf: Miniflare | undefined;
  const line = await startLineEmulator({
    channelAccessToken: TOKEN,
    channelSecret: SECRET,
    loginChannelId: "2000000002",
    clock: systemClock,
    ids: sequentialIds(),
    deliver: async (body, signature) => {
      if (!mf) throw new Error("workerd not started");
      const res = await mf.dispatchFetch("http://omo.test/webhook", {
        method: "POST",
        body,
        headers: { "content-type": "application/json", "x-line-signature": signature },
      });
      await res.arrayBuffer();
      return { status: res.status };
    },
  });
  mf = new Miniflare({
    modules: true,
    scriptPath: join(dir, "index.js"),
    modulesRoot: dir,
    compatibilityDate: "2026-04-20",
    compatibilityFlags: ["nodejs_compat"],
    d1Databases: { DB: "omo-test-db" },
    d1Persist: false,
    // wrangler.toml's [assets]: files first, everything else (API, LIFF routes) to the Worker.
    assets: { directory: "liff/dist", binding: "ASSETS", routerConfig: { has_user_worker: true } },
    bindings: {
      LINE_CHANNEL_SECRET: SECRET,
      LINE_CHANNEL_ACCESS_TOKEN: TOKEN,
      LINE_API_BASE_URL: line.url,
      ADMIN_TOKEN: "workerd-admin-token-0123456789",
      LINE_LOGIN_CHANNEL_ID: "2000000002",
      LINE_LOGIN_JWKS_URL: `${line.url}/oauth2/v2.1/certs`,
      APP_SECRET: "workerd-app-secret-0123456789",
      LOG_LEVEL: process.env.WORKERD_LOG_LEVEL ?? "silent",
    },
  });
  await mf.ready;
  const started = mf;
  return {
    mf: started,
    line,
    close: async () => {
      await started.dispose();
      await line.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
