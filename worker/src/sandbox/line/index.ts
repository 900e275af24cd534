import { Hono } from "hono";
import { createLocalJWKSet, jwtVerify } from "jose";
import type { Clock } from "../../ports/clock";
import type { Ids } from "../../ports/ids";
import { createSimulator } from "./control";
import { createLogin, type IdTokenOptions } from "./login";
import { messagingRoutes } from "./messaging";
import { type EmulatorEvent, EmulatorState } from "./state";

export interface LineEmulatorOptions {
  channelAccessToken: string;
  channelSecret: string;
  loginChannelId: string;
  botUserId?: string;
  botName?: string;
  clock: Clock;
  ids: Ids;
  /** Posts a signed webhook body to the bot. */
  deliver?: (body: string, signature: string) => Promise<{ status: number }>;
  /** Reply tokens are good for about a minute at LINE. */
  replyTokenTtlMs?: number;
}

export interface LineEmulator {
  /** Messaging API at `/v2/bot/*`, Login at `/oauth2/v2.1/*`, control API at `/sandbox/api/*`. */
  app: Hono;
  state: EmulatorState;
  issueIdToken(userId: string, opts?: IdTokenOptions): Promise<string>;
  jwks(): Promise<{ keys: unknown[] }>;
  sendEvents(events: Record<string, unknown>[]): Promise<{ status: number | null }>;
  on(listener: (e: EmulatorEvent) => void): () => void;
}

/**
 * The LINE platform, emulated over real HTTP: what the bot calls (Messaging API, LINE Login's
 * JWKS) and what a LINE user does (the control API the chat simulator and tests drive).
 */
export function createLineEmulator(options: LineEmulatorOptions): LineEmulator {
  const state = new EmulatorState(options.clock, options.ids);
  const botUserId = options.botUserId ?? `U${state.hex32()}`;
  const botName = options.botName ?? "OMO Demo";
  const login = createLogin(state, options.loginChannelId);
  const simulator = createSimulator(state, login, {
    channelSecret: options.channelSecret,
    botUserId,
    botName,
    replyTokenTtlMs: options.replyTokenTtlMs ?? 60_000,
    ...(options.deliver ? { deliver: options.deliver } : {}),
  });

  const app = new Hono();
  app.route(
    "/",
    messagingRoutes(state, { channelAccessToken: options.channelAccessToken, botUserId, botName }),
  );
  app.get("/oauth2/v2.1/certs", async (c) =>
    c.json(await login.jwks(), 200, { "cache-control": "max-age=3600" }),
  );
  // LINE's "verify ID token" endpoint, for completeness; the app verifies offline with the JWKS.
  app.post("/oauth2/v2.1/verify", async (c) => {
    const form = await c.req.parseBody();
    const token = String(form.id_token ?? "");
    const clientId = String(form.client_id ?? "");
    try {
      const { payload } = await jwtVerify(token, createLocalJWKSet((await login.jwks()) as never), {
        issuer: "https://access.line.me",
        audience: clientId,
        currentDate: state.clock.now(),
      });
      return c.json(payload);
    } catch (err) {
      return c.json(
        { error: "invalid_request", error_description: err instanceof Error ? err.message : "invalid token" },
        400,
      );
    }
  });
  app.route("/", simulator.app);

  return {
    app,
    state,
    issueIdToken: async (userId, opts) => (await login.issueIdToken(userId, opts)).idToken,
    jwks: () => login.jwks(),
    sendEvents: (events) => simulator.send(events),
    on: (listener) => state.on(listener),
  };
}
