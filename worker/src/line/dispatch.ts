import type { AppDeps } from "../deps";
import type { LineMessage } from "../ports/line";
import { chatIdOf, type LineEvent, postbackAction } from "./events";
import type { OutboxInsert, Outgoing } from "./outbox";

/** What a handler gets: the event, the ports, and a way to answer that goes through the outbox. */
export interface EventContext {
  event: LineEvent;
  deps: AppDeps;
  /** The user behind the event (absent for some group events). */
  userId: string | undefined;
  /** The chat a reply lands in: the user, group or room. */
  chatId: string | undefined;
  /** Answer in this chat: with the reply token while fresh (free), else pushed. */
  reply(...messages: LineMessage[]): void;
  /** Send to someone else (e.g. notify staff); always a push. */
  push(to: string, ...messages: LineMessage[]): void;
  /** What was queued so far (lets a later handler see an earlier one answered). */
  readonly outgoing: readonly Outgoing[];
  /** Per-feature label on the outbox rows, for cost reports. */
  topic: string;
}

/** Return true when the event is fully handled and later handlers for it must not run. */
export type EventHandler = (ctx: EventContext) => Promise<boolean | undefined | undefined>;

/**
 * A feature's share of the dispatch table. Keys: `message:text`, `message:sticker`, `message:image`,
 * `message:location`, `message:*`, `follow`, `unfollow`, `join`, `leave`, `memberJoined`,
 * `memberLeft`, `postback`, `unsend`, `accountLink`, …; `postbacks` is keyed by the postback's
 * `action` parameter.
 */
export interface LineFeature {
  name: string;
  /** Lower runs first (e.g. keyword replies before the inbox catch-all). Default 100. */
  order?: number;
  events?: Partial<Record<EventKey, EventHandler>>;
  postbacks?: Record<string, EventHandler>;
  /**
   * Sees every processed event after its handlers, with what they queued, and returns statements
   * to write in the same batch as the outbox rows (e.g. the inbox recording the conversation).
   * They must be idempotent: a retried event runs them again.
   */
  observe?: EventObserver;
}

export interface ObservedEvent {
  event: LineEvent;
  userId: string | undefined;
  chatId: string | undefined;
  /** The feature that handled it last (`acknowledge` when nothing else answered). */
  topic: string;
  result: DispatchResult;
  /** The outbox rows its handlers queued. */
  planned: readonly OutboxInsert[];
  /** When the event's reply token stops being usable (null without one). */
  replyTokenExpiresAt: Date | null;
}

/** Statements for the event's batch; `wake` asks for a sweep once the batch is written. */
export type EventObserver = (
  deps: AppDeps,
  seen: ObservedEvent,
) => Promise<{ statements: unknown[]; wake?: boolean }>;

export const KNOWN_EVENT_TYPES = [
  "message",
  "follow",
  "unfollow",
  "join",
  "leave",
  "memberJoined",
  "memberLeft",
  "postback",
  "unsend",
  "accountLink",
  "videoPlayComplete",
  "beacon",
  "things",
  "membership",
  "module",
  "activated",
  "deactivated",
  "botSuspended",
  "botResumed",
] as const;

export type EventKey =
  | `message:${"text" | "sticker" | "image" | "video" | "audio" | "file" | "location" | "*"}`
  | Exclude<(typeof KNOWN_EVENT_TYPES)[number], "message">;

interface Entry {
  feature: string;
  handler: EventHandler;
}

export interface DispatchTable {
  events: Map<string, Entry[]>;
  postbacks: Map<string, Entry>;
  observers: EventObserver[];
}

export function buildDispatchTable(features: LineFeature[]): DispatchTable {
  const table: DispatchTable = { events: new Map(), postbacks: new Map(), observers: [] };
  const sorted = [...features].sort((a, b) => (a.order ?? 100) - (b.order ?? 100));
  for (const f of sorted) {
    if (f.observe) table.observers.push(f.observe);
    for (const [key, handler] of Object.entries(f.events ?? {})) {
      if (!handler) continue;
      const list = table.events.get(key) ?? [];
      list.push({ feature: f.name, handler });
      table.events.set(key, list);
    }
    for (const [action, handler] of Object.entries(f.postbacks ?? {})) {
      const existing = table.postbacks.get(action);
      if (existing)
        throw new Error(`postback action "${action}" is claimed by ${existing.feature} and ${f.name}`);
      table.postbacks.set(action, { feature: f.name, handler });
    }
  }
  return table;
}

export type DispatchResult = "handled" | "unhandled" | "unknown-type";

/** Runs the handlers for one event in order until one says it is done. */
export async function dispatchEvent(table: DispatchTable, ctx: EventContext): Promise<DispatchResult> {
  const { event } = ctx;
  if (!(KNOWN_EVENT_TYPES as readonly string[]).includes(event.type)) return "unknown-type";

  const chain: Entry[] = [];
  if (event.type === "postback") {
    const data = (event.payload.postback as { data?: unknown } | undefined)?.data;
    const action = typeof data === "string" ? postbackAction(data).action : "";
    const entry = table.postbacks.get(action);
    if (entry) chain.push(entry);
    chain.push(...(table.events.get("postback") ?? []));
  } else if (event.type === "message") {
    const type = (event.payload.message as { type?: unknown } | undefined)?.type;
    chain.push(
      ...(table.events.get(`message:${String(type)}`) ?? []),
      ...(table.events.get("message:*") ?? []),
    );
  } else {
    chain.push(...(table.events.get(event.type) ?? []));
  }

  let ran = false;
  for (const entry of chain) {
    ctx.topic = entry.feature;
    ran = true;
    if ((await entry.handler(ctx)) === true) return "handled";
  }
  return ran ? "handled" : "unhandled";
}

export function chatOf(event: LineEvent): { userId: string | undefined; chatId: string | undefined } {
  return { userId: event.source?.userId, chatId: chatIdOf(event.source) };
}
