import { ManualClock } from "../../../test/manual-clock";
import { sequentialIds } from "../../../test/sequential-ids";
import { createLineMessaging } from "../../adapters/line-messaging";
import { webhookBodySchema } from "../../line/events";
import type { LinePort } from "../../ports/line";
import { type RunningLineEmulator, startLineEmulator } from "./server";
import type { WebhookEvent } from "./types";

export const TOKEN = "emulator-test-token";
export const SECRET = "emulator-test-secret";
export const LOGIN_CHANNEL = "1234567890";

export interface EmulatorHarness {
  line: RunningLineEmulator;
  url: string;
  clock: ManualClock;
  client: LinePort;
  /** Webhooks the emulator posted, raw as the bot would get them. */
  delivered: Array<{ body: string; signature: string }>;
  /** Status the fake bot answers webhooks with. */
  botStatus: number;
  control(
    path: string,
    body?: unknown,
    method?: string,
  ): Promise<{ status: number; json: Record<string, unknown> }>;
  lineApi(path: string, init?: RequestInit): Promise<Response>;
  /** A simulated user who has added the OA as a friend. */
  friend(name?: string): Promise<string>;
  lastEvent(): WebhookEvent;
  say(userId: string, text: string): Promise<WebhookEvent>;
  close(): Promise<void>;
}

/** An emulator on 127.0.0.1 with a manual clock, sequential ids, and a bot that records webhooks. */
export async function startHarness(opts: { replyTokenTtlMs?: number } = {}): Promise<EmulatorHarness> {
  const clock = new ManualClock("2026-11-24T02:00:00.000Z");
  const delivered: Array<{ body: string; signature: string }> = [];
  const h = { botStatus: 200 } as EmulatorHarness;
  const line = await startLineEmulator({
    channelAccessToken: TOKEN,
    channelSecret: SECRET,
    loginChannelId: LOGIN_CHANNEL,
    clock,
    ids: sequentialIds(),
    ...(opts.replyTokenTtlMs ? { replyTokenTtlMs: opts.replyTokenTtlMs } : {}),
    deliver: async (body, signature) => {
      delivered.push({ body, signature });
      return { status: h.botStatus };
    },
  });
  const control: EmulatorHarness["control"] = async (path, body, method) => {
    const res = await fetch(`${line.url}/sandbox/api${path}`, {
      method: method ?? (body === undefined ? "GET" : "POST"),
      headers: { "content-type": "application/json" },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: res.status, json: (await res.json().catch(() => ({}))) as Record<string, unknown> };
  };
  const lastEvent = () => {
    const last = delivered.at(-1);
    if (!last) throw new Error("nothing was delivered");
    const event = webhookBodySchema.parse(JSON.parse(last.body)).events[0];
    if (!event) throw new Error("an empty webhook was delivered");
    return event as WebhookEvent;
  };
  Object.assign(h, {
    line,
    url: line.url,
    clock,
    client: createLineMessaging({ channelAccessToken: TOKEN, baseUrl: line.url, timeoutMs: 5_000 }),
    delivered,
    control,
    lineApi: (path: string, init: RequestInit = {}) =>
      fetch(`${line.url}${path}`, {
        ...init,
        headers: { authorization: `Bearer ${TOKEN}`, "content-type": "application/json", ...init.headers },
      }),
    friend: async (name = "測試") => {
      const { json } = await control("/users", { displayName: name });
      const userId = json.userId as string;
      await control(`/users/${userId}/follow`, {});
      return userId;
    },
    lastEvent,
    say: async (userId: string, text: string) => {
      const res = await control("/messages", {
        chat: { type: "user", userId },
        from: userId,
        message: { type: "text", text },
      });
      if (res.status !== 202) throw new Error(`message refused: ${res.status} ${JSON.stringify(res.json)}`);
      return lastEvent();
    },
    close: () => line.close(),
  });
  return h;
}
