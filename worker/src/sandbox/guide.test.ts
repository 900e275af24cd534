import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { startNodeApp } from "../hosts/node-server";
import { silentLogger } from "../lib/log";

/** The sandbox (no LINE token) on a fresh database, with or without an operator's ADMIN_TOKEN. */
async function sandbox(env: Record<string, string> = {}) {
  const dir = mkdtempSync(join(tmpdir(), "omo-guide-"));
  const app = await startNodeApp({
    env: { DATABASE_URL: `file:${join(dir, "omo.db")}`, DEMO_DATA: "false", LOG_LEVEL: "silent", ...env },
    port: 0,
    log: silentLogger,
    timers: false,
  });
  const get = async <T>(path: string) => (await (await fetch(`${app.url}${path}`)).json()) as T;
  return {
    app,
    get,
    close: async () => {
      await app.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

type State = { steps: Record<string, boolean>; links: { console: string } };

describe("sandbox guide", () => {
  it("links the console signed in only with the token the sandbox made itself, never an operator's ADMIN_TOKEN", async () => {
    const own = await sandbox();
    try {
      const s = await own.get<State>("/sandbox/guide/state");
      expect(s.links.console).toBe(`/console/#token=${own.app.config.adminToken}`);
      expect(Object.values(s.steps).every((done) => !done)).toBe(true);
    } finally {
      await own.close();
    }
    const operator = await sandbox({ ADMIN_TOKEN: "operator-admin-token-0123456789abcdef" });
    try {
      const s = await operator.get<State>("/sandbox/guide/state");
      expect(s.links.console).toBe("/console/");
      expect(JSON.stringify(s)).not.toContain("operator-admin-token");
    } finally {
      await operator.close();
    }
  });

  it("refuses a step for a user the emulator does not know, in the API's error shape", async () => {
    const box = await sandbox();
    try {
      const res = await fetch(`${box.app.url}/sandbox/guide/purchase`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ userId: "Unobody" }),
      });
      expect(res.status).toBe(404);
      expect(await res.json()).toEqual({
        error: { code: "NOT_FOUND", message: expect.stringContaining("Unobody") },
      });
    } finally {
      await box.close();
    }
  });
});
