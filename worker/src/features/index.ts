import type { OpenAPIHono } from "@hono/zod-openapi";
import type { AppDeps } from "../deps";
import type { AppEnv } from "../lib/hono";
import type { LineFeature } from "../line/dispatch";

/** A feature plugs into the app here: its routes, its LINE handlers, its scheduled work. */
export interface Feature {
  name: string;
  routes?: () => OpenAPIHono<AppEnv>;
  line?: LineFeature;
  /** Run on every sweep (Node timer, Workers cron), e.g. expiring points or carts. */
  sweep?: (deps: AppDeps) => Promise<void>;
}
