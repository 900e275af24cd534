import { signBody } from "../../line/signature";
import type { EmulatorState } from "./state";
import type { Delivery, EventSource, WebhookEvent } from "./types";

export type Deliver = (body: string, signature: string) => Promise<{ status: number }>;

export interface WebhookSender {
  /** A LINE-shaped event envelope; with `reply`, a fresh reply token for the source's chat. */
  event(type: string, source: EventSource, opts: { reply: boolean }): WebhookEvent;
  /** Signs and posts events to the bot as one webhook, as LINE does. */
  send(events: Array<Record<string, unknown>>): Promise<Delivery>;
  /** Sends an already-sent event again: same webhookEventId, `isRedelivery: true`. */
  redeliver(eventId: string): Promise<Delivery | undefined>;
}

export const chatIdOf = (source: EventSource): string =>
  source.type === "group" ? source.groupId : source.userId;

export function createWebhookSender(
  state: EmulatorState,
  opts: { channelSecret: string; replyTokenTtlMs: number; deliver?: Deliver },
): WebhookSender {
  function event(type: string, source: EventSource, { reply }: { reply: boolean }): WebhookEvent {
    return {
      type,
      mode: "active",
      timestamp: state.now(),
      source,
      webhookEventId: state.eventId(),
      deliveryContext: { isRedelivery: false },
      ...(reply ? { replyToken: state.issueReplyToken(chatIdOf(source), opts.replyTokenTtlMs) } : {}),
    };
  }

  /** Fills what a hand-written test event leaves out, so `sendEvents([{type:"beacon",…}])` works. */
  function complete(e: Record<string, unknown>): WebhookEvent {
    return {
      mode: "active",
      timestamp: state.now(),
      webhookEventId: state.eventId(),
      deliveryContext: { isRedelivery: false },
      ...e,
      type: typeof e.type === "string" ? e.type : "unknown",
    } as WebhookEvent;
  }

  async function post(events: WebhookEvent[]): Promise<Delivery> {
    const body = JSON.stringify({ destination: state.bot.userId, events });
    let result: Delivery;
    if (!opts.deliver) result = { status: null, error: "no webhook URL is set" };
    else {
      try {
        result = { status: (await opts.deliver(body, await signBody(opts.channelSecret, body))).status };
      } catch (err) {
        result = { status: null, error: err instanceof Error ? err.message : String(err) };
      }
    }
    for (const e of events)
      state.emit({ type: "delivery", eventId: e.webhookEventId, status: result.status });
    return result;
  }

  return {
    event,
    async send(events) {
      const full = events.map(complete);
      for (const e of full) state.rememberSentEvent(e);
      return post(full);
    },
    async redeliver(eventId) {
      const original = state.sentEvents.get(eventId);
      if (!original) return undefined;
      return post([{ ...original, deliveryContext: { isRedelivery: true } }]);
    },
  };
}
