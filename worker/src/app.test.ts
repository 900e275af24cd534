import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../test/harness";
import { ConfigError, loadConfig } from "./config";

describe("app", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ demo: true });
  });
  afterAll(() => t.close());

  it("GET /healthz is ok once migrated", async () => {
    const res = await fetch(`${t.app.url}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ ok: true });
  });

  it("GET /openapi.json describes the JSON APIs, and /docs renders it offline", async () => {
    const doc = (await (await fetch(`${t.app.url}/openapi.json`)).json()) as {
      openapi: string;
      paths: Record<string, unknown>;
    };
    expect(doc.openapi).toBe("3.1.0");
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        "/webhook",
        "/api/admin/outbox",
        "/api/admin/outbox/{id}/retry",
        "/api/admin/outbox/stats",
        "/api/admin/events",
      ]),
    );
    const docs = await fetch(`${t.app.url}/docs`);
    expect(docs.status).toBe(200);
    const html = await docs.text();
    expect(html).toContain("/openapi.json");
    expect(html).not.toMatch(/https?:\/\/(cdn|unpkg|jsdelivr)/);
  });

  it("unknown routes and bad input use the one error shape", async () => {
    const res = await fetch(`${t.app.url}/api/nope`);
    expect(res.status).toBe(404);
    const body = (await res.json()) as { error: { code: string; message: string; requestId: string } };
    expect(body.error.code).toBe("NOT_FOUND");
    expect(body.error.requestId).toBe(res.headers.get("x-request-id"));
    const bad = await t.admin("/api/admin/outbox?limit=0");
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { code: string } }).error.code).toBe("VALIDATION_FAILED");
  });

  it("seeds the demo brand once, however often it starts", async () => {
    const count = async (table: string) =>
      Number((await t.app.deps.db.all<{ n: number }>(sql.raw(`SELECT count(*) AS n FROM ${table}`)))[0]?.n);
    const before = {
      stores: await count("stores"),
      staff: await count("staff"),
      kb: await count("knowledge_entries"),
      kw: await count("keyword_rules"),
    };
    expect(before.stores).toBe(3);
    expect(before.kw).toBeGreaterThan(0);
    await t.restart();
    expect({
      stores: await count("stores"),
      staff: await count("staff"),
      kb: await count("knowledge_entries"),
      kw: await count("keyword_rules"),
    }).toEqual(before);
  });
});

describe("loadConfig", () => {
  it("no access token means sandbox mode, with the emulator as LINE", () => {
    const c = loadConfig({}, "http://127.0.0.1:8787");
    expect(c.sandbox).toBe(true);
    expect(c.line.apiBaseUrl).toBe("http://127.0.0.1:8787");
    expect(c.line.jwksUrl).toBe("http://127.0.0.1:8787/oauth2/v2.1/certs");
    expect(c.databaseUrl).toBe("file:./data/omo.db");
  });

  it("a real channel needs its secret, and says where to find it", () => {
    expect(() => loadConfig({ LINE_CHANNEL_ACCESS_TOKEN: "t" })).toThrow(ConfigError);
    try {
      loadConfig({ LINE_CHANNEL_ACCESS_TOKEN: "t" });
    } catch (err) {
      expect((err as ConfigError).message).toMatch(/LINE_CHANNEL_SECRET.*Basic settings/);
    }
  });

  it("starts with only the contract's variables in production, warning about optional ones", () => {
    const c = loadConfig({
      NODE_ENV: "production",
      LINE_CHANNEL_SECRET: "s",
      LINE_CHANNEL_ACCESS_TOKEN: "t",
      LINE_LOGIN_CHANNEL_ID: "123",
      LIFF_ID: "123-AbCdEfGh",
      ADMIN_TOKEN: "a-long-admin-token-123456",
    });
    expect(c.sandbox).toBe(false);
    expect(c.line.apiBaseUrl).toBe("https://api.line.me");
    expect(c.warnings.join(" ")).toMatch(/APP_SECRET/);
  });

  it("rejects malformed values with the variable's name", () => {
    expect(() => loadConfig({ PORT: "eighty" })).toThrow(/PORT/);
    expect(() => loadConfig({ LINE_API_BASE_URL: "ftp://x" })).toThrow(/LINE_API_BASE_URL/);
    expect(() =>
      loadConfig({
        NODE_ENV: "production",
        LINE_CHANNEL_SECRET: "s",
        LINE_CHANNEL_ACCESS_TOKEN: "t",
        ADMIN_TOKEN: "short",
      }),
    ).toThrow(/ADMIN_TOKEN/);
  });
});
