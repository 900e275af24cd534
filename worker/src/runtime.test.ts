import { HTTPException } from "hono/http-exception";
import { describe, expect, it } from "vitest";
import type { Db } from "../../db/client";
import { ManualClock } from "../test/manual-clock";
import { sequentialIds } from "../test/sequential-ids";
import { loadConfig } from "./config";
import { LIBSQL_LIMITS } from "./deps";
import { AppError, langOf, renderError, say } from "./lib/errors";
import { silentLogger } from "./lib/log";
import { createRuntime } from "./runtime";

const SANDBOX = { DATABASE_URL: "file::memory:", LOG_LEVEL: "silent" };
// Nothing here touches the database: building the runtime and its deps is configuration only.
const platform = {
  db: {} as Db,
  dbLimits: LIBSQL_LIMITS,
  clock: new ManualClock(),
  ids: sequentialIds(),
  log: silentLogger,
};
const invocation = { background: { enqueue() {} }, instanceId: "run_test" };

describe("createRuntime", () => {
  it("chooses the do-nothing model without OPENAI_API_KEY and OPENAI_MODEL, and it refuses to answer", async () => {
    const deps = createRuntime(loadConfig(SANDBOX), platform).deps(invocation);
    expect(deps.llm.model).toBeNull();
    await expect(deps.llm.complete({ system: "s", messages: [] })).rejects.toThrow(/no language model/);
  });

  it("builds the OpenAI adapter once per runtime, named by OPENAI_MODEL", () => {
    const runtime = createRuntime(
      loadConfig({ ...SANDBOX, OPENAI_API_KEY: "sk-test", OPENAI_MODEL: "gpt-test" }),
      platform,
    );
    const a = runtime.deps(invocation);
    const b = runtime.deps({ ...invocation, instanceId: "run_other" });
    expect(a.llm.model).toBe("gpt-test");
    expect(a.llm).toBe(b.llm);
    expect(a.line).toBe(b.line);
    expect(b.instanceId).toBe("run_other");
  });

  it("chooses the do-nothing embeddings without EMBEDDINGS_BASE_URL and EMBEDDINGS_MODEL, else one adapter per runtime", async () => {
    const none = createRuntime(loadConfig(SANDBOX), platform).deps(invocation);
    expect(none.embeddings.model).toBeNull();
    await expect(none.embeddings.embed(["x"])).rejects.toThrow(/no embeddings model/);
    const runtime = createRuntime(
      loadConfig({
        ...SANDBOX,
        EMBEDDINGS_BASE_URL: "http://127.0.0.1:11434/v1",
        EMBEDDINGS_MODEL: "bge-m3",
      }),
      platform,
    );
    const a = runtime.deps(invocation);
    expect(a.embeddings.model).toBe("bge-m3");
    expect(a.embeddings).toBe(runtime.deps({ ...invocation, instanceId: "run_other" }).embeddings);
  });

  it("has an SMS sender only when SMS is configured (the sandbox's emulator counts)", () => {
    expect(createRuntime(loadConfig(SANDBOX), platform).deps(invocation).sms?.describe.provider).toBe(
      "twilio",
    );
    const production = loadConfig({
      ...SANDBOX,
      NODE_ENV: "production",
      LINE_CHANNEL_SECRET: "secret-0123456789abcdef",
      LINE_CHANNEL_ACCESS_TOKEN: "token",
      LINE_LOGIN_CHANNEL_ID: "2000000001",
      LIFF_ID: "2000000001-abc",
      ADMIN_TOKEN: "admin-token-0123456789abcdef",
      PUBLIC_URL: "https://omo.example",
    });
    expect(createRuntime(production, platform).deps(invocation).sms).toBeUndefined();
  });

  it("runs the features' start-up work in feature order, demo data before anything else", () => {
    const names = createRuntime(loadConfig(SANDBOX), platform)
      .features.filter((f) => f.start)
      .map((f) => f.name);
    expect(names).toEqual(["demo", "members"]);
  });
});

describe("renderError", () => {
  it("renders AppError with its details, anything else as INTERNAL with the caller's message", () => {
    const bad = new AppError("INVALID_WEBHOOK", say("內容不正確", "bad"), { path: ["events"] });
    expect(renderError(bad, "r1")).toEqual({
      status: 400,
      body: {
        error: {
          code: "INVALID_WEBHOOK",
          message: "內容不正確",
          requestId: "r1",
          details: { path: ["events"] },
        },
      },
      unexpected: false,
    });
    expect(renderError(new Error("boom"), "r2", "en", say("稍後再試", "try later"))).toEqual({
      status: 500,
      body: { error: { code: "INTERNAL", message: "try later", requestId: "r2" } },
      unexpected: true,
    });
  });

  it("says an AppError in the reader's language only", () => {
    const err = new AppError("NOT_FOUND", say("查無此會員。", "No member has this code."));
    expect(renderError(err, "r", "zh-TW").body.error.message).toBe("查無此會員。");
    expect(renderError(err, "r", "en").body.error.message).toBe("No member has this code.");
    expect(err.message).toBe("No member has this code.");
  });

  it("gives Hono's own refusals their catalogue code by status, 405 a BAD_REQUEST and 403 FORBIDDEN", () => {
    const code = (status: 403 | 405 | 413 | 502) =>
      renderError(new HTTPException(status), "r", "en").body.error.code;
    expect([code(403), code(405), code(413), code(502)]).toEqual([
      "FORBIDDEN",
      "BAD_REQUEST",
      "PAYLOAD_TOO_LARGE",
      "INTERNAL",
    ]);
  });
});

describe("langOf", () => {
  it("reads the most wanted language of Accept-Language: Chinese is zh-TW, any other English", () => {
    expect(langOf(undefined)).toBe("zh-TW");
    expect(langOf("en-US,en;q=0.9")).toBe("en");
    expect(langOf("zh-TW,zh;q=0.9,en;q=0.8")).toBe("zh-TW");
    expect(langOf("ja-JP,en;q=0.5,zh;q=0.4")).toBe("en");
    expect(langOf("zh;q=0.2, en;q=0.8")).toBe("en");
    expect(langOf("fr")).toBe("en");
    expect(langOf("en;q=0, zh-CN")).toBe("zh-TW");
    expect(langOf("*")).toBe("zh-TW");
  });
});
