import type { AppDeps } from "../deps";
import type { BatchStatement } from "../lib/batch";
import type { LineMessage } from "../ports/line";
import {
  anyMessageView,
  chatIdOf,
  followView,
  type LineEvent,
  messageView,
  type PayloadOf,
  postbackAction,
  postbackView,
} from "./events";
import type { OutboxInsert, Outgoing } from "./outbox";

/** The ports and the ways to answer, whatever the event. */
interface ContextBase {
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

/**
 * What a handler gets: the event, its payload typed by the handler's dispatch key (checked before
 * the handler runs), the ports, and a way to answer that goes through the outbox.
 */
export interface EventContext<K extends EventKey = EventKey> extends ContextBase {
  event: LineEvent<Payloads[K]>;
}

/** Each key's payload, resolved (so a handler's is a plain object type, and dispatch can index it). */
type Payloads = { [K in EventKey]: PayloadOf<K> };

/** What dispatch gets: the event as stored, not yet narrowed to a key. */
export interface RawEventContext extends ContextBase {
  event: LineEvent;
}

/** Return true when the event is fully handled and later handlers for it must not run. */
export type EventHandler<K extends EventKey = EventKey> = (
  ctx: EventContext<K>,
) => Promise<boolean | undefined | undefined>;

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
  events?: { [K in EventKey]?: EventHandler<K> };
  postbacks?: Record<string, EventHandler<"postback">>;
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
) => Promise<{ statements: BatchStatement[]; wake?: boolean }>;

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

interface Entry<K extends EventKey> {
  feature: string;
  handler: EventHandler<K>;
}

export interface DispatchTable {
  /** In running order; a key's handlers are read off them (each typed by its key). */
  features: readonly LineFeature[];
  postbacks: Map<string, Entry<"postback">>;
  observers: EventObserver[];
}

/** A key's handlers, in feature order. */
function entriesOf<K extends EventKey>(table: DispatchTable, key: K): Entry<K>[] {
  return table.features.flatMap((f) => {
    const handler = f.events?.[key];
    return handler ? [{ feature: f.name, handler }] : [];
  });
}

export function buildDispatchTable(features: LineFeature[]): DispatchTable {
  const sorted = [...features].sort((a, b) => (a.order ?? 100) - (b.order ?? 100));
  const table: DispatchTable = { features: sorted, postbacks: new Map(), observers: [] };
  for (const f of sorted) {
    if (f.observe) table.observers.push(f.observe);
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

interface Step {
  feature: string;
  run: () => Promise<boolean | undefined>;
}

/**
 * The context for a key's handlers: the same object (a handler's `topic` is the caller's), its
 * event now carrying the key's checked payload part over the stored one.
 */
function narrowed<K extends EventKey>(ctx: RawEventContext, part: Payloads[K]): EventContext<K> {
  return Object.assign(ctx, { event: { ...ctx.event, payload: { ...ctx.event.payload, ...part } } });
}

function chain<K extends EventKey>(
  entries: readonly Entry<K>[] | undefined,
  ctx: RawEventContext,
  part: Payloads[K],
): Step[] {
  return (entries ?? []).map((e) => ({ feature: e.feature, run: () => e.handler(narrowed<K>(ctx, part)) }));
}

const keySteps = <K extends EventKey>(
  table: DispatchTable,
  key: K,
  ctx: RawEventContext,
  part: Payloads[K],
) => chain<K>(entriesOf(table, key), ctx, part);

/** The handlers of a message's kind (when its content passes that kind's check), then `message:*`. */
function messageSteps(table: DispatchTable, ctx: RawEventContext): Step[] {
  const raw = ctx.event.payload.message;
  const message = messageView(raw);
  const type = "message";
  const all = keySteps(table, "message:*", ctx, { type, message: anyMessageView(raw) });
  switch (message?.type) {
    case "text":
      return [...keySteps(table, "message:text", ctx, { type, message }), ...all];
    case "sticker":
      return [...keySteps(table, "message:sticker", ctx, { type, message }), ...all];
    case "image":
      return [...keySteps(table, "message:image", ctx, { type, message }), ...all];
    case "video":
      return [...keySteps(table, "message:video", ctx, { type, message }), ...all];
    case "audio":
      return [...keySteps(table, "message:audio", ctx, { type, message }), ...all];
    case "file":
      return [...keySteps(table, "message:file", ctx, { type, message }), ...all];
    case "location":
      return [...keySteps(table, "message:location", ctx, { type, message }), ...all];
    default:
      return all;
  }
}

/** The handler of the postback's action, then the generic ones; none for a postback without data. */
function postbackSteps(table: DispatchTable, ctx: RawEventContext): Step[] {
  const postback = postbackView(ctx.event.payload.postback);
  if (!postback) return [];
  const part = { type: "postback", postback } as const;
  const entry = table.postbacks.get(postbackAction(postback.data).action);
  return [...chain(entry ? [entry] : [], ctx, part), ...keySteps(table, "postback", ctx, part)];
}

type KnownType = (typeof KNOWN_EVENT_TYPES)[number];
const isKnown = (type: string): type is KnownType => (KNOWN_EVENT_TYPES as readonly string[]).includes(type);

/** Runs the handlers for one event in order until one says it is done. */
export async function dispatchEvent(table: DispatchTable, ctx: RawEventContext): Promise<DispatchResult> {
  const { type } = ctx.event;
  if (!isKnown(type)) return "unknown-type";

  const todo =
    type === "message"
      ? messageSteps(table, ctx)
      : type === "postback"
        ? postbackSteps(table, ctx)
        : type === "follow"
          ? keySteps(table, type, ctx, { type, follow: followView(ctx.event.payload.follow) })
          : keySteps(table, type, ctx, { type });

  let ran = false;
  for (const step of todo) {
    ctx.topic = step.feature;
    ran = true;
    if ((await step.run()) === true) return "handled";
  }
  return ran ? "handled" : "unhandled";
}

export function chatOf(event: LineEvent): { userId: string | undefined; chatId: string | undefined } {
  return { userId: event.source?.userId, chatId: chatIdOf(event.source) };
}
