import { Hono } from "hono";
import type { JSONWebKeySet } from "jose";
import type { Clock } from "../../ports/clock";
import type { Ids } from "../../ports/ids";
import { controlRoutes } from "./control-routes";
import { createLogin, type IdTokenOptions } from "./login";
import { messagingRoutes } from "./messaging-routes";
import { smsEmulatorRoutes } from "./sms-routes";
import { EmulatorState } from "./state";
import type { Delivery, EmulatorEvent, QuotaJson } from "./types";
import { createWebhookSender, type Deliver } from "./webhook-sender";

export type { IdTokenOptions } from "./login";
export { EmulatorState } from "./state";
export type * from "./types";

export interface LineEmulatorOptions {
  channelAccessToken: string;
  channelSecret: string;
  loginChannelId: string;
  botUserId?: string;
  botName?: string;
  clock: Clock;
  ids: Ids;
  /** Posts a signed webhook body to the bot (its `/webhook`). Without it events go nowhere. */
  deliver?: Deliver;
  /** How long a reply token works; LINE's are good for about a minute. */
  replyTokenTtlMs?: number;
  /** The month's target limit (default none); the control API's `PUT /quota` changes it. */
  quota?: QuotaJson;
}

export interface LineEmulator {
  /** Messaging API at `/v2/bot/*`, LINE Login at `/oauth2/v2.1/*`, control API at `/sandbox/api/*`. */
  app: Hono;
  state: EmulatorState;
  issueIdToken(userId: string, opts?: IdTokenOptions): Promise<string>;
  jwks(): Promise<JSONWebKeySet>;
  /** Sends events as one signed webhook; envelope fields left out are filled in. */
  sendEvents(events: Array<Record<string, unknown>>): Promise<Delivery>;
  on(listener: (e: EmulatorEvent) => void): () => void;
}

/**
 * The LINE platform, emulated over real HTTP and kept in memory (a sandbox: restart = empty).
 * It serves what the bot calls (Messaging API, LINE Login's JWKS) and what a LINE user does
 * (the control API the chat simulator and tests drive). Time comes from `clock`, every id from
 * `ids`, so a test decides both.
 */
export function createLineEmulator(options: LineEmulatorOptions): LineEmulator {
  const botUserId = options.botUserId ?? `U${options.ids.uuid().replace(/-/g, "").toLowerCase()}`;
  const state = new EmulatorState(options.clock, options.ids, {
    userId: botUserId,
    displayName: options.botName ?? "OMO Demo",
  });
  if (options.quota) state.quota = options.quota;
  const login = createLogin(state, options.loginChannelId);
  const sender = createWebhookSender(state, {
    channelSecret: options.channelSecret,
    replyTokenTtlMs: options.replyTokenTtlMs ?? 60_000,
    ...(options.deliver ? { deliver: options.deliver } : {}),
  });

  const app = new Hono();
  app.route("/", messagingRoutes(state, { channelAccessToken: options.channelAccessToken }));
  app.route("/", login.routes);
  app.route("/", controlRoutes(state, sender, login));
  app.route("/", smsEmulatorRoutes({ clock: options.clock, ids: options.ids }).app);

  return {
    app,
    state,
    issueIdToken: async (userId, opts) => (await login.issueIdToken(userId, opts)).idToken,
    jwks: () => login.jwks(),
    sendEvents: (events) => sender.send(events),
    on: (listener) => state.on(listener),
  };
}
