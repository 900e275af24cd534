import type { Context, Hono, MiddlewareHandler } from "hono";
import { requestId } from "hono/request-id";
import { isMigrated } from "../../db/migrate";
import { migrations } from "../../db/migrations/index.gen";
import type { AppDeps } from "./deps";
import type { Feature } from "./features";
import { docsPage } from "./lib/docs-page";
import { AppError, langOf, renderError, say } from "./lib/errors";
import { type AppEnv, createRouter } from "./lib/hono";
import { errorMessage } from "./lib/log";
import { securityHeaders } from "./lib/security-headers";
import { lineAdminRoutes } from "./line/admin-routes";
import type { EventRecorder } from "./line/event-store";
import { mountWebhook } from "./line/webhook-route";

export interface AppOptions {
  /** The ports, or a function building them per request (Workers: bindings + executionCtx). */
  deps: AppDeps | ((c: Context<AppEnv>) => AppDeps);
  features: Feature[];
  /** Node: one group-commit recorder per database. Workers: none (each request inserts). */
  recorder?: (deps: AppDeps) => EventRecorder | null;
  /** Sandbox mode: the LINE emulator and simulator, mounted at the root. */
  sandbox?: Hono;
  /** Serves the built front end (Node: files, Workers: the assets binding). */
  assets?: MiddlewareHandler;
}

/** Builds the one Hono app both hosts serve. */
export function createApp(opts: AppOptions) {
  const app = createRouter();
  const resolve = typeof opts.deps === "function" ? opts.deps : () => opts.deps as AppDeps;
  let migrated = false;

  app.use("*", requestId({ headerName: "x-request-id" }));
  app.use("*", securityHeaders());
  app.use("*", async (c, next) => {
    c.set("deps", resolve(c));
    await next();
  });

  app.onError((err, c) => {
    const rid = c.var.requestId ?? "unknown";
    const { status, body, unexpected } = renderError(err, rid, langOf(c.req.header("accept-language")));
    if (unexpected)
      c.var.deps?.log.error("unhandled error", {
        requestId: rid,
        path: c.req.path,
        error: errorMessage(err),
      });
    return c.json(body, status);
  });

  app.get("/healthz", async (c) => {
    migrated ||= await isMigrated(c.var.deps.db, migrations);
    if (!migrated) return c.json({ ok: false, error: "database not migrated" }, 503);
    return c.json({ ok: true, sandbox: c.var.deps.config.sandbox });
  });

  const recorders = opts.recorder ?? (() => null);
  mountWebhook(app, recorders);
  app.route("/", lineAdminRoutes());
  for (const f of opts.features) if (f.routes) app.route("/", f.routes());

  app.openAPIRegistry.registerComponent("securitySchemes", "adminToken", {
    type: "http",
    scheme: "bearer",
    description: "ADMIN_TOKEN",
  });
  app.openAPIRegistry.registerComponent("securitySchemes", "liffIdToken", {
    type: "http",
    scheme: "bearer",
    bearerFormat: "JWT",
    description: "LIFF ID token (ES256), from liff.getIDToken()",
  });
  app.openAPIRegistry.registerComponent("securitySchemes", "agentToken", {
    type: "http",
    scheme: "bearer",
    description: "A console token for an agent (POST /api/admin/agents/{id}/tokens)",
  });
  app.openAPIRegistry.registerComponent("securitySchemes", "ingestKey", {
    type: "http",
    scheme: "bearer",
    description: "A sale's comment ingestion key (returned once by POST /api/lives)",
  });
  app.openAPIRegistry.registerComponent("securitySchemes", "posKey", {
    type: "http",
    scheme: "bearer",
    description: "A store's POS key (POST /api/admin/stores/{id}/pos-keys)",
  });
  app.openAPIRegistry.registerComponent("securitySchemes", "shopKey", {
    type: "http",
    scheme: "bearer",
    description: "An e-shop's API key (returned once by POST /api/admin/shops)",
  });
  app.openAPIRegistry.registerPath({
    method: "post",
    path: "/webhook",
    tags: ["LINE"],
    summary: "LINE webhook (x-line-signature = base64 HMAC-SHA256 of the raw body)",
    responses: {
      200: { description: "Every event recorded; processed in the background" },
      400: {
        description:
          "INVALID_JSON, WEBHOOK_TOO_DEEP (nested over 64 levels) or INVALID_WEBHOOK (not LINE's shape: ids printable ASCII, timestamp 0 to year 9999); nothing is recorded",
      },
      401: { description: "Missing or wrong signature" },
      413: { description: "Body over 1 MiB" },
    },
  });
  app.doc31("/openapi.json", (c) => ({
    openapi: "3.1.0",
    info: {
      title: "omo-line API",
      version: "0.1.0",
      description: "LINE OA + LIFF for OMO retail. Errors: { error: { code, message, requestId } }.",
    },
    servers: [{ url: c.var.deps.config.publicUrl }],
  }));
  app.get("/docs", (c) => c.html(docsPage()));

  if (opts.sandbox) app.route("/", opts.sandbox);
  if (opts.assets) app.use("*", opts.assets);

  app.notFound((c) => {
    const { status, body } = renderError(
      new AppError(
        "NOT_FOUND",
        say(`找不到 ${c.req.method} ${c.req.path}。`, `No route for ${c.req.method} ${c.req.path}.`),
      ),
      c.var.requestId ?? "",
      langOf(c.req.header("accept-language")),
    );
    return c.json(body, status);
  });
  return app;
}

export type App = ReturnType<typeof createApp>;
