import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { count } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  appSettings,
  coupons,
  couponTemplates,
  keywordRules,
  knowledgeEntries,
  liveSales,
  members,
  staff,
  stores,
} from "../../../db/schema";
import { ConfigError, loadConfig } from "../config";
import { silentLogger } from "../lib/log";
import { type NodeApp, startNodeApp } from "./node-server";

/** Everything the contract asks of a production start. */
const PRODUCTION_ENV = {
  NODE_ENV: "production",
  LINE_CHANNEL_SECRET: "prod-channel-secret-0123456789abcdef",
  LINE_CHANNEL_ACCESS_TOKEN: "prod-access-token",
  LINE_LOGIN_CHANNEL_ID: "2000000099",
  LIFF_ID: "2000000099-prodprod",
  ADMIN_TOKEN: "prod-admin-token-0123456789abcdef",
  // Nothing listens here: a production app must not need LINE to start.
  LINE_API_BASE_URL: "http://127.0.0.1:9",
  LOG_LEVEL: "silent",
};
const REQUIRED = [
  "LINE_CHANNEL_SECRET",
  "LINE_CHANNEL_ACCESS_TOKEN",
  "LINE_LOGIN_CHANNEL_ID",
  "LIFF_ID",
  "ADMIN_TOKEN",
] as const;

describe("production start", () => {
  it.each(REQUIRED)("refuses to start without %s, naming it", async (name) => {
    const env: Record<string, string | undefined> = { ...PRODUCTION_ENV, [name]: undefined };
    expect(() => loadConfig(env)).toThrow(ConfigError);
    try {
      loadConfig(env);
    } catch (err) {
      expect((err as ConfigError).problems.map((p) => p.split(":")[0])).toEqual([name]);
    }
    // The host refuses before it listens or touches a database.
    await expect(
      startNodeApp({
        env: { ...env, DATABASE_URL: "file::memory:" },
        port: 0,
        log: silentLogger,
        timers: false,
      }),
    ).rejects.toThrow(name);
  });

  it("refuses with every missing variable at once, not only the first", () => {
    try {
      loadConfig({ NODE_ENV: "production" });
      expect.unreachable();
    } catch (err) {
      expect((err as ConfigError).problems.map((p) => p.split(":")[0])).toEqual([...REQUIRED]);
    }
  });

  it("`npm start`'s entry exits with status 2 and the variable's name on stderr", () => {
    const env = { ...process.env, ...PRODUCTION_ENV, PORT: "8787", LINE_CHANNEL_ACCESS_TOKEN: "" };
    const run = spawnSync(process.execPath, ["--import", "tsx", "worker/src/node.ts"], {
      env,
      encoding: "utf8",
      timeout: 30_000,
    });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain("LINE_CHANNEL_ACCESS_TOKEN: required when NODE_ENV=production");
    expect(run.stdout).not.toContain("admin token");
  });

  it("is never a sandbox and seeds no demo data unless DEMO_DATA=true is set", () => {
    expect(loadConfig(PRODUCTION_ENV)).toMatchObject({ sandbox: false, demoData: false });
    expect(loadConfig({ ...PRODUCTION_ENV, DEMO_DATA: "true" }).demoData).toBe(true);
    // Outside production the demo comes with the sandbox only.
    expect(loadConfig({}).demoData).toBe(true);
    expect(loadConfig({ LINE_CHANNEL_ACCESS_TOKEN: "t", LINE_CHANNEL_SECRET: "s" }).demoData).toBe(false);
  });
});

describe("a production app on a fresh database", () => {
  let app: NodeApp;
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "omo-prod-"));
    app = await startNodeApp({
      env: { ...PRODUCTION_ENV, DATABASE_URL: `file:${join(dir, "omo.db")}` },
      port: 0,
      log: silentLogger,
      timers: false,
    });
  });
  afterAll(async () => {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("has no demo rule, FAQ, store, staff, member, sale, coupon or welcome coupon", async () => {
    const db = app.deps.db;
    const n = async (table: Parameters<typeof db.select>[0] extends never ? never : object) => {
      const [row] = await db.select({ n: count() }).from(table as typeof stores);
      return row?.n ?? -1;
    };
    for (const table of [
      keywordRules,
      knowledgeEntries,
      stores,
      staff,
      members,
      liveSales,
      couponTemplates,
      coupons,
    ]) {
      expect(await n(table)).toBe(0);
    }
    const settings = await db.select().from(appSettings);
    expect(settings.map((s) => s.key)).not.toContain("welcome_coupon_template");
    expect(settings.map((s) => s.key)).not.toContain("sandbox_admin_token");
  });

  it("serves no sandbox page, control API, emulator or ID tokens", async () => {
    for (const path of [
      "/sandbox/",
      "/sandbox",
      "/sandbox/index.html",
      "/sandbox/api/users",
      "/oauth2/v2.1/certs",
      "/.assetsignore",
      "/_headers",
    ]) {
      const res = await fetch(`${app.url}${path}`);
      expect(res.status, path).toBe(404);
    }
    const mint = await fetch(`${app.url}/sandbox/api/users/U1/id-token`, { method: "POST" });
    expect(mint.status).toBe(404);
    const push = await fetch(`${app.url}/v2/bot/message/push`, {
      method: "POST",
      headers: { authorization: "Bearer prod-access-token", "content-type": "application/json" },
      body: JSON.stringify({ to: "U1", messages: [{ type: "text", text: "x" }] }),
    });
    expect(push.status).toBe(404);
    expect((await fetch(`${app.url}/`)).status).toBe(404);
  });

  it("accepts no webhook signed with the public sandbox secret", async () => {
    const { SANDBOX_CHANNEL_SECRET } = await import("../config");
    const { signBody } = await import("../line/signature");
    const body = JSON.stringify({ destination: "U0", events: [] });
    const res = await fetch(`${app.url}/webhook`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "x-line-signature": await signBody(SANDBOX_CHANNEL_SECRET, body),
      },
      body,
    });
    expect(res.status).toBe(401);
  });
});
