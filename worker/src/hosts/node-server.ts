import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import { getRequestListener } from "@hono/node-server";
import { serveStatic } from "@hono/node-server/serve-static";
import { Hono, type MiddlewareHandler } from "hono";
import { applyMigrations } from "../../../db/migrate";
import { migrations } from "../../../db/migrations/index.gen";
import { randomIds } from "../adapters/random-ids";
import { systemClock } from "../adapters/system-clock";
import { createApp } from "../app";
import { type Config, loadConfig } from "../config";
import { type AppDeps, LIBSQL_LIMITS } from "../deps";
import { liffPages } from "../features/members";
import { runJobs, sweep } from "../jobs";
import { AppError, langOf, renderError, say } from "../lib/errors";
import { createLogger, type Logger } from "../lib/log";
import { randomToken } from "../lib/random-token";
import { getOrCreateSetting } from "../lib/settings";
import { EventRecorder, releaseDeadEventClaims } from "../line/event-store";
import { releaseDeadClaims } from "../line/outbox";
import type { Clock } from "../ports/clock";
import type { Ids } from "../ports/ids";
import { createRuntime } from "../runtime";
import { createLineEmulator, type LineEmulator } from "../sandbox/emulator";
import { sandboxGuide } from "../sandbox/guide";
import { demoShop } from "../sandbox/shop";
import { InProcessRunner } from "./in-process-runner";
import { openLibsql } from "./libsql";
import { openLibsqlBatchRunner } from "./libsql-batch";
import { libsqlEventInserter } from "./libsql-events";
import { nodeWebhookHandler } from "./node-webhook";

export interface NodeAppOptions {
  env: Record<string, string | undefined>;
  /** 0 picks a free port (tests). Default: PORT from env, else 8787. */
  port?: number;
  hostname?: string;
  clock?: Clock;
  ids?: Ids;
  log?: Logger;
  /** Retry timers for the background runner; tests turn them off and sweep by hand. */
  timers?: boolean;
  /** Record events but run no background jobs (tests: a crash before processing). */
  paused?: boolean;
  /** Called once the port listens, before start-up work (tests: what a request gets meanwhile). */
  onListening?: (url: string) => Promise<void>;
}

export interface NodeApp {
  url: string;
  config: Config;
  deps: AppDeps;
  runner: InProcessRunner;
  emulator: LineEmulator | undefined;
  /** Wait until background work (event processing, sends) has settled. */
  idle(): Promise<void>;
  sweep(): Promise<{ events: number; messages: number }>;
  close(): Promise<void>;
}

const DIST = fileURLToPath(new URL("../../../liff/dist/", import.meta.url));

/**
 * The Node host: listens first (so the port is known for sandbox URLs), then migrates, seeds,
 * builds the app and starts draining events left unprocessed by a previous run.
 */
export async function startNodeApp(opts: NodeAppOptions): Promise<NodeApp> {
  const log = opts.log ?? createLogger((opts.env.LOG_LEVEL as "info" | undefined) ?? "info");
  const clock = opts.clock ?? systemClock;
  const ids = opts.ids ?? randomIds;
  let handler: ((req: Request) => Response | Promise<Response>) | undefined;
  let webhook: ((req: IncomingMessage, res: ServerResponse) => void) | undefined;

  const preliminary = loadConfig(opts.env);
  // Until start-up is done (see `handler` below) the answer is a 503 NOT_READY in the API's error shape.
  const starting = (req: Request) => {
    const { status, body } = renderError(
      new AppError("NOT_READY", say("系統啟動中，請稍後再試。", "Starting up; try again in a moment.")),
      crypto.randomUUID(),
      langOf(req.headers.get("accept-language")),
    );
    return Response.json(body, { status, headers: { "retry-after": "1" } });
  };
  const viaHono = getRequestListener((req) => (handler ? handler(req) : starting(req)));
  const server = createServer((req, res) => {
    if (webhook && req.method === "POST" && req.url === "/webhook") webhook(req, res);
    else void viaHono(req, res);
  });
  server.keepAliveTimeout = 65_000;
  // Slow or idle clients are cut: headers within 10 s, the whole request within 30 s.
  server.headersTimeout = 10_000;
  server.requestTimeout = 30_000;
  await new Promise<void>((resolve, reject) => {
    server.once("listening", resolve);
    server.once("error", reject);
    server.listen(opts.port ?? preliminary.port, opts.hostname ?? "127.0.0.1");
  });
  const port = (server.address() as AddressInfo).port;
  const origin = `http://127.0.0.1:${port}`;
  await opts.onListening?.(origin);
  const config = loadConfig({ ...opts.env, PORT: String(port) }, origin);

  const runner = new InProcessRunner({
    log,
    timers: opts.timers ?? true,
    paused: opts.paused ?? false,
    now: () => clock.now().getTime(),
  });
  const instanceId = ids.id("run");
  const { client, db } = await openLibsql(config.databaseUrl);
  const file = config.databaseUrl.startsWith("file:") ? config.databaseUrl.slice(5).split("?")[0] : undefined;
  const runtime = createRuntime(config, {
    db,
    dbLimits: LIBSQL_LIMITS,
    ...(file && file !== ":memory:" ? { sqlBatch: openLibsqlBatchRunner(file) } : {}),
    clock,
    ids,
    log,
  });
  const deps = runtime.deps({ background: runner, instanceId });
  const jobDeps = runtime.jobs(deps);
  await applyMigrations(db, migrations);
  if (config.databaseUrl.startsWith("file:")) {
    // This process owns the database file alone: claims left by a previous run (killed, crashed)
    // are void now, so their events and messages go out at once instead of after their leases.
    const events = await releaseDeadEventClaims(db);
    const messages = await releaseDeadClaims(db, clock.now(), instanceId);
    if (events + messages > 0) log.warn("claims of a previous run released", { events, messages });
  }
  // A token this sandbox made for itself may be handed out locally (the printed console link, the
  // guide's); one given in ADMIN_TOKEN is the operator's and never is.
  const sandboxToken = !config.adminToken && config.sandbox;
  if (sandboxToken) {
    config.adminToken = await getOrCreateSetting(db, "sandbox_admin_token", () => randomToken(32));
  }
  runner.attach((jobs) => runJobs(jobDeps, jobs));

  const recorder = new EventRecorder(libsqlEventInserter(client));
  let emulator: LineEmulator | undefined;
  const app = createApp({
    deps,
    features: runtime.features,
    recorder: () => recorder,
    ...(config.sandbox ? { sandbox: sandboxRoutes() } : {}),
    assets: assets(config),
  });

  function sandboxRoutes(): Hono {
    emulator = createLineEmulator({
      channelAccessToken: config.line.channelAccessToken,
      channelSecret: config.line.channelSecret,
      loginChannelId: config.line.loginChannelId,
      botName: config.brand.name,
      clock,
      ids,
      deliver: async (body, signature) => {
        const res = await app.request("/webhook", {
          method: "POST",
          body,
          headers: { "content-type": "application/json", "x-line-signature": signature },
        });
        return { status: res.status };
      },
    });
    // The demo web shop beside the emulator: a client of the e-shop API through this same app.
    const sandbox = new Hono();
    sandbox.route("/", emulator.app);
    const self = (path: string, init?: RequestInit) => Promise.resolve(app.request(path, init));
    sandbox.route("/", demoShop(deps, self));
    sandbox.route("/", sandboxGuide(deps, emulator, self, { consoleToken: sandboxToken }));
    return sandbox;
  }

  // Demo data, and the sandbox's rich menus (through the emulator this server answers for: only
  // its Messaging API is served meanwhile; everything else, webhooks included, still gets 503
  // "starting", so nobody sees half-seeded data).
  handler = (req) =>
    emulator && new URL(req.url).pathname.startsWith("/v2/bot/") ? app.fetch(req) : starting(req);
  await runtime.start(deps, { servesLineEmulator: !!emulator && config.line.apiBaseUrl === origin });
  handler = (req) => app.fetch(req);
  webhook = nodeWebhookHandler(deps, recorder);
  runner.enqueue({ kind: "sweep" });
  // Scheduled work (expiring points, coupons and carts, reminders) as Workers' cron does it:
  // a sweep every minute. Tests turn timers off and sweep by hand.
  const minutely =
    opts.timers === false ? undefined : setInterval(() => runner.enqueue({ kind: "sweep" }), 60_000);
  minutely?.unref?.();

  return {
    url: origin,
    config,
    deps,
    runner,
    emulator,
    idle: () => runner.idle(),
    sweep: () => sweep(jobDeps),
    close: async () => {
      clearInterval(minutely);
      handler = undefined;
      webhook = undefined;
      server.closeAllConnections();
      await runner.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      deps.sqlBatch?.close();
      client.close();
    },
  };
}

/** The built front end (liff/dist): the simulator at /sandbox/, LIFF pages at /liff/…, assets. */
function assets(config: Config): MiddlewareHandler {
  const files = existsSync(DIST) ? serveStatic({ root: DIST }) : undefined;
  // Every LIFF route is the one page (the client routes); read per request so a rebuild shows.
  const pages = liffPages(config, () => readFile(`${DIST}app/index.html`, "utf8").catch(() => undefined));
  return async (c, next) => {
    const path = c.req.path;
    // The chat simulator exists only in sandbox mode; dotfiles and Cloudflare's `_headers` are
    // build metadata, not pages (the Node host sends the same headers itself).
    if (!config.sandbox && (path === "/sandbox" || path.startsWith("/sandbox/"))) return next();
    if (path.split("/").some((part) => part.startsWith("."))) return next();
    if (path === "/_headers") return next();
    if (path === "/" && config.sandbox) return c.redirect("/sandbox/");
    if (path === "/sandbox") return c.redirect("/sandbox/");
    const page = await pages(c, async () => {});
    if (page) return page;
    if (files) return files(c, next);
    await next();
  };
}
