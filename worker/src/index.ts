/**
 * The Cloudflare Workers host: the same app, with a D1 binding (`DB`) or Turso (`DATABASE_URL`),
 * webhook events processed by a Queue consumer (`JOBS`) or `waitUntil` when no queue is bound,
 * and a Cron trigger that sweeps for due retries and stranded events.
 */

import type {
  D1Database,
  ExecutionContext,
  MessageBatch,
  Queue,
  ScheduledController,
} from "@cloudflare/workers-types";
import { createClient } from "@libsql/client/web";
import { drizzle as drizzleD1 } from "drizzle-orm/d1";
import { drizzle as drizzleLibsql } from "drizzle-orm/libsql/web";
import { type Db, schema } from "../../db/client";
import { applyMigrations } from "../../db/migrate";
import { migrations } from "../../db/migrations/index.gen";
import { randomIds } from "./adapters/random-ids";
import { systemClock } from "./adapters/system-clock";
import { createApp } from "./app";
import { type Config, ConfigError, loadConfig } from "./config";
import { type AppDeps, D1_LIMITS, type DbLimits, LIBSQL_LIMITS } from "./deps";
import { liffPages } from "./features/members";
import { claimWake } from "./hosts/workers-wake";
import { runJob, runJobs, sweep } from "./jobs";
import { AppError, langOf, renderError, say } from "./lib/errors";
import { createLogger, type Logger } from "./lib/log";
import type { Background, Job } from "./ports/background";
import { createRuntime, type Runtime } from "./runtime";

export interface WorkerEnv {
  DB?: D1Database;
  /** The built front end (wrangler.toml [assets]); files are served before the Worker runs. */
  ASSETS?: { fetch(input: Request | string): Promise<Response> };
  JOBS?: Queue<Job>;
  [key: string]: unknown;
}

interface Isolate {
  config: Config;
  db: Db;
  log: Logger;
  runtime: Runtime;
  migrated: Promise<unknown>;
}

let isolate: Isolate | undefined;

function stringEnv(env: WorkerEnv): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(env)) if (typeof v === "string") out[k] = v;
  return out;
}

/** Config, database, migrations and the runtime are set up once per isolate, reused by every request. */
function setUp(env: WorkerEnv): Isolate {
  if (isolate) return isolate;
  const config = loadConfig(stringEnv(env));
  if (config.sandbox && !stringEnv(env).LINE_API_BASE_URL) {
    throw new ConfigError([
      "LINE_CHANNEL_ACCESS_TOKEN: the Workers host talks to a real LINE channel (or set LINE_API_BASE_URL to a LINE emulator); the sandbox runs on the Node host (npm start)",
    ]);
  }
  let db: Db;
  let limits: DbLimits;
  if (env.DB) {
    db = drizzleD1(env.DB, { schema }) as unknown as Db;
    limits = D1_LIMITS;
  } else if (config.databaseUrl && !config.databaseUrl.startsWith("file:")) {
    const authToken = stringEnv(env).DATABASE_AUTH_TOKEN;
    db = drizzleLibsql(createClient({ url: config.databaseUrl, ...(authToken ? { authToken } : {}) }), {
      schema,
    }) as unknown as Db;
    limits = LIBSQL_LIMITS;
  } else {
    throw new ConfigError([
      "DATABASE_URL: set a libsql:// (Turso) URL, or bind a D1 database as DB in wrangler.toml",
    ]);
  }
  const migrated = applyMigrations(db, migrations).catch((err) => {
    isolate = undefined;
    throw err;
  });
  const log = createLogger((stringEnv(env).LOG_LEVEL as "info" | undefined) ?? "info");
  const runtime = createRuntime(config, { db, dbLimits: limits, clock: systemClock, ids: randomIds, log });
  isolate = { config, db, log, runtime, migrated };
  return isolate;
}

/** The ports for one invocation: the isolate's runtime, with this invocation's background work. */
function buildDeps(env: WorkerEnv, ctx: ExecutionContext): AppDeps {
  const { db, log, runtime } = setUp(env);
  // Jobs go to the queue when one is bound; otherwise they run after the response via waitUntil.
  const background: Background = {
    enqueue(job) {
      if (env.JOBS) ctx.waitUntil(env.JOBS.send(job));
      else
        ctx.waitUntil(
          runJob(jobDeps, job).catch((err) =>
            log.error("job failed", { kind: job.kind, error: String(err) }),
          ),
        );
    },
    // A sweep when the earliest retry falls due (group "+1" confirmations gather for seconds,
    // retries back off): a delayed queue message, or a timer kept alive by waitUntil when no queue
    // is bound and it is soon; anything else is the cron's (every minute). One pending wake-up
    // across isolates (claimWake), not one per invocation.
    wakeAt(at) {
      const now = new Date();
      const ms = Math.max(0, at.getTime() - now.getTime());
      if (!env.JOBS && ms > 25_000) return;
      const delaySeconds = Math.min(43_200, Math.ceil(ms / 1000));
      ctx.waitUntil(
        claimWake(db, at, now)
          .then(async (mine) => {
            if (!mine) return;
            if (env.JOBS) await env.JOBS.send({ kind: "sweep" }, { delaySeconds });
            else await new Promise((resolve) => setTimeout(resolve, ms)).then(() => sweep(jobDeps));
          })
          .catch((err) => log.error("wake-up failed", { error: String(err) })),
      );
    },
  };
  const deps = runtime.deps({ background, instanceId: randomIds.id("inv") });
  const jobDeps = runtime.jobs(deps);
  return deps;
}

let app: ReturnType<typeof createApp> | undefined;

export default {
  async fetch(request: Request, env: WorkerEnv, ctx: ExecutionContext): Promise<Response> {
    try {
      await setUp(env).migrated;
    } catch (err) {
      if (!(err instanceof ConfigError))
        console.error(
          JSON.stringify({
            level: "error",
            msg: "start-up failed",
            error: String(err),
            stack: err instanceof Error ? err.stack : undefined,
          }),
        );
      // A ConfigError names the env var to set, in English, for whoever deploys: said as it is.
      const text =
        err instanceof ConfigError
          ? say(err.message, err.message)
          : say("資料庫尚未就緒，請稍後再試。", "database not ready");
      const lang = langOf(request.headers.get("accept-language"));
      const { status, body } = renderError(new AppError("NOT_READY", text), "", lang);
      return Response.json(body, { status });
    }
    app ??= createApp({
      deps: (c) => buildDeps(c.env as WorkerEnv, c.executionCtx as unknown as ExecutionContext),
      features: setUp(env).runtime.features,
      // LIFF routes (/liff/member, …) are no file: serve the LIFF page from the assets binding.
      assets: liffPages(setUp(env).config, async (url) => {
        const res = await env.ASSETS?.fetch(new URL("/app/", url).toString());
        return res?.ok ? res.text() : undefined;
      }),
    });
    return app.fetch(request, env, ctx as never);
  },

  async queue(batch: MessageBatch<Job>, env: WorkerEnv, ctx: ExecutionContext): Promise<void> {
    await setUp(env).migrated;
    const r = setUp(env).runtime.jobs(buildDeps(env, ctx));
    try {
      await runJobs(
        r,
        batch.messages.map((m) => m.body),
      );
      batch.ackAll();
    } catch {
      // Unfinished events and messages are also found by the Cron sweep; retrying is safe
      // because claims and outbox ids make every job idempotent.
      batch.retryAll();
    }
  },

  async scheduled(_controller: ScheduledController, env: WorkerEnv, ctx: ExecutionContext): Promise<void> {
    await setUp(env).migrated;
    ctx.waitUntil(sweep(setUp(env).runtime.jobs(buildDeps(env, ctx))));
  },
};
