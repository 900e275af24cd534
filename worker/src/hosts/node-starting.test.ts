import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, it } from "vitest";
import { silentLogger } from "../lib/log";
import { startNodeApp } from "./node-server";

it("answers 503 NOT_READY in the API's error shape, in the reader's language, until start-up is done", async () => {
  const dir = mkdtempSync(join(tmpdir(), "omo-starting-"));
  const seen: Array<{ status: number; retryAfter: string | null; body: unknown }> = [];
  const ask = async (url: string, path: string, lang?: string) => {
    const res = await fetch(`${url}${path}`, lang ? { headers: { "accept-language": lang } } : {});
    seen.push({ status: res.status, retryAfter: res.headers.get("retry-after"), body: await res.json() });
  };
  const app = await startNodeApp({
    env: { DATABASE_URL: `file:${join(dir, "omo.db")}`, DEMO_DATA: "false", LOG_LEVEL: "silent" },
    port: 0,
    log: silentLogger,
    timers: false,
    onListening: async (url) => {
      await ask(url, "/healthz");
      await ask(url, "/api/me", "en-US,en;q=0.9");
    },
  });
  try {
    expect(seen).toEqual([
      {
        status: 503,
        retryAfter: "1",
        body: {
          error: { code: "NOT_READY", message: "系統啟動中，請稍後再試。", requestId: expect.any(String) },
        },
      },
      {
        status: 503,
        retryAfter: "1",
        body: {
          error: {
            code: "NOT_READY",
            message: "Starting up; try again in a moment.",
            requestId: expect.any(String),
          },
        },
      },
    ]);
    // Once started, the same request is answered by the app.
    expect((await fetch(`${app.url}/healthz`)).status).toBe(200);
  } finally {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
