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
  /**
   * Run once when a long-lived host starts (Node), after migrations and once the app answers
   * requests, e.g. seeding demo data. A Workers isolate has no such moment and runs none.
   */
  start?: (deps: AppDeps, context: StartContext) => Promise<void>;
}

/** What a start-up hook may need to know about the host it runs in. */
export interface StartContext {
  /** The LINE this app talks to is the emulator it serves itself (the sandbox, nothing set). */
  servesLineEmulator: boolean;
}
