import type { Clock } from "../../ports/clock";
import type { Ids } from "../../ports/ids";
import type {
  ChatEntry,
  DeliveryCounts,
  EmulatorEvent,
  EndpointName,
  Fault,
  Friendship,
  Language,
  QuotaJson,
  RecordedRequest,
  RichMenuJson,
  SimGroup,
  SimStateJson,
  SimUserJson,
  WebhookEvent,
} from "./types";

/*
 * The emulated LINE platform's memory. It is a sandbox: everything lives in this process and is
 * gone on restart, which is what a dev server and a test want. The logs are capped so a
 * long-running sandbox (or a benchmark) cannot grow without bound.
 */
export const MAX_REQUESTS = 10_000;
export const MAX_ENTRIES_PER_CHAT = 2_000;
export const MAX_SENT_EVENTS = 10_000;
export const RETRY_KEY_TTL_MS = 24 * 3600_000;

export interface SimUser {
  userId: string;
  displayName: string;
  pictureUrl?: string;
  statusMessage?: string;
  /** null: the profile carries no language (LINE omits it when the user did not consent). */
  language: Language | null;
  friendship: Friendship;
  /** The menu linked to this user; the default menu applies when null. */
  linkedRichMenuId: string | null;
}

export interface RichMenu extends RichMenuJson {
  image?: { bytes: Uint8Array; contentType: string };
}

export interface ReplyToken {
  chatId: string;
  expiresAt: number;
  used: boolean;
}

const CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

export class EmulatorState {
  readonly users = new Map<string, SimUser>();
  readonly groups = new Map<string, SimGroup>();
  readonly chats = new Map<string, ChatEntry[]>();
  readonly replyTokens = new Map<string, ReplyToken>();
  /** Accepted retry keys → the request id that was accepted, and when. */
  readonly retryKeys = new Map<string, { requestId: string; at: number }>();
  readonly richMenus = new Map<string, RichMenu>();
  readonly aliases = new Map<string, string>();
  defaultRichMenuId: string | null = null;
  /** Bytes of images simulated users sent, by message id. */
  readonly contents = new Map<string, { bytes: Uint8Array; contentType: string }>();
  /** Quote tokens handed out (in webhooks and in `sentMessages`) → the message they quote. */
  readonly quoteTokens = new Map<string, string>();
  /** Events sent to the bot, by webhookEventId, so they can be redelivered. */
  readonly sentEvents = new Map<string, WebhookEvent>();
  faults: Fault[] = [];
  requests: RecordedRequest[] = [];
  quotaUsage = 0;
  /** The month's target limit; a push or multicast that would pass it gets LINE's 429. */
  quota: QuotaJson = { type: "none" };
  /** Accepted requests that reached each chat, by kind: how many times a user got something. */
  readonly deliveries = new Map<string, DeliveryCounts>();
  /** `customAggregationUnits` names used, with the requests and recipients sent under each. */
  readonly aggregationUnits = new Map<string, { requests: number; recipients: number }>();
  private readonly listeners = new Set<(e: EmulatorEvent) => void>();

  constructor(
    readonly clock: Clock,
    readonly ids: Ids,
    readonly bot: { userId: string; displayName: string },
  ) {}

  // ---- ids: all drawn from the injected Ids so tests are deterministic ----

  /** 32 lowercase hex characters, the shape of LINE user, group and reply-token ids. */
  hex32(): string {
    return this.ids.uuid().replace(/-/g, "").toLowerCase();
  }
  /** LINE message ids are 18-digit decimal strings. */
  messageId(): string {
    return (500_000_000_000_000_000n + BigInt(`0x${this.hex32().slice(-14)}`)).toString();
  }
  /** A ULID-shaped webhookEventId: 10 characters of clock time, 16 of id. */
  eventId(): string {
    let ms = this.clock.now().getTime();
    let time = "";
    for (let i = 0; i < 10; i++) {
      time = CROCKFORD[ms % 32] + time;
      ms = Math.floor(ms / 32);
    }
    return time + this.hex32().slice(-16).toUpperCase();
  }
  quoteToken(messageId: string): string {
    const token = `q${this.hex32()}${this.hex32().slice(0, 16)}`;
    this.quoteTokens.set(token, messageId);
    return token;
  }
  now(): number {
    return this.clock.now().getTime();
  }
  nowIso(): string {
    return this.clock.now().toISOString();
  }

  // ---- change notifications (the SSE stream and `emulator.on`) ----

  on(listener: (e: EmulatorEvent) => void): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }
  emit(e: EmulatorEvent): void {
    for (const listener of this.listeners) {
      try {
        listener(e);
      } catch {
        // A broken listener (a closed SSE stream) must not fail the API call that emitted.
      }
    }
  }

  log(entry: Omit<ChatEntry, "id" | "at">): ChatEntry {
    const full: ChatEntry = { id: this.ids.id("ce"), at: this.nowIso(), ...entry };
    const list = this.chats.get(entry.chatId) ?? [];
    list.push(full);
    if (list.length > MAX_ENTRIES_PER_CHAT) list.splice(0, list.length - MAX_ENTRIES_PER_CHAT);
    this.chats.set(entry.chatId, list);
    this.emit({ type: "entry", entry: full });
    return full;
  }
  system(chatId: string, event: string, from?: string, extra: Record<string, unknown> = {}): ChatEntry {
    return this.log({
      chatId,
      direction: "in",
      ...(from ? { from } : {}),
      message: { type: "system", event, ...extra },
    });
  }

  // ---- what was delivered, and what it cost ----

  countDelivery(chatId: string, via: keyof DeliveryCounts): void {
    const d = this.deliveries.get(chatId) ?? { reply: 0, push: 0, multicast: 0 };
    d[via] += 1;
    this.deliveries.set(chatId, d);
  }
  /** Whether `count` more counted messages stay within the month's target limit. */
  quotaAllows(count: number): boolean {
    return this.quota.type === "none" || this.quotaUsage + count <= this.quota.value;
  }
  recordUnits(units: string[] | undefined, recipients: number): void {
    for (const name of units ?? []) {
      const u = this.aggregationUnits.get(name) ?? { requests: 0, recipients: 0 };
      u.requests += 1;
      u.recipients += recipients;
      this.aggregationUnits.set(name, u);
    }
  }

  // ---- chats the bot can reach ----

  /**
   * How many recipients a push to `to` reaches (and so costs): 1 for a friend, the member count
   * for a group the OA is in, 0 when LINE would refuse.
   */
  recipients(to: string): number {
    const user = this.users.get(to);
    if (user) return user.friendship === "friend" ? 1 : 0;
    const group = this.groups.get(to);
    return group?.botInGroup ? group.memberIds.length : 0;
  }

  issueReplyToken(chatId: string, ttlMs: number): string {
    const now = this.now();
    // Expired tokens are useless; drop them here rather than on a timer.
    for (const [token, t] of this.replyTokens) if (t.expiresAt <= now) this.replyTokens.delete(token);
    const token = this.hex32();
    this.replyTokens.set(token, { chatId, expiresAt: now + ttlMs, used: false });
    return token;
  }
  /** The token if it can still be used (not marked used: the caller does that on success). */
  usableReplyToken(token: string): ReplyToken | undefined {
    const t = this.replyTokens.get(token);
    return t && !t.used && t.expiresAt > this.now() ? t : undefined;
  }

  acceptedRetryKey(key: string): { requestId: string } | undefined {
    const seen = this.retryKeys.get(key);
    return seen && this.now() - seen.at < RETRY_KEY_TTL_MS ? seen : undefined;
  }
  acceptRetryKey(key: string, requestId: string): void {
    const now = this.now();
    for (const [k, v] of this.retryKeys) if (now - v.at >= RETRY_KEY_TTL_MS) this.retryKeys.delete(k);
    this.retryKeys.set(key, { requestId, at: now });
  }

  rememberSentEvent(event: WebhookEvent): void {
    this.sentEvents.set(event.webhookEventId, event);
    if (this.sentEvents.size > MAX_SENT_EVENTS) {
      const oldest = this.sentEvents.keys().next().value;
      if (oldest !== undefined) this.sentEvents.delete(oldest);
    }
  }

  recordRequest(request: RecordedRequest): void {
    this.requests.push(request);
    if (this.requests.length > MAX_REQUESTS) this.requests.splice(0, this.requests.length - MAX_REQUESTS);
  }

  /** The next fault for this endpoint, counted down; undefined when calls should succeed. */
  takeFault(endpoint: EndpointName): Fault | undefined {
    const now = this.clock.now().getTime();
    this.faults = this.faults.filter((f) => f.until === undefined || now < f.until);
    const fault = this.faults.find((f) => f.endpoint === endpoint || f.endpoint === "*");
    if (!fault) return undefined;
    fault.times -= 1;
    if (fault.times <= 0) this.faults = this.faults.filter((f) => f !== fault);
    return fault;
  }

  // ---- rich menus ----

  richMenuIdFor(userId: string): string | null {
    const linked = this.users.get(userId)?.linkedRichMenuId;
    return linked ?? this.defaultRichMenuId;
  }
  /** Forgets a deleted menu everywhere it was referenced. */
  dropRichMenu(richMenuId: string): boolean {
    if (!this.richMenus.delete(richMenuId)) return false;
    if (this.defaultRichMenuId === richMenuId) this.defaultRichMenuId = null;
    for (const u of this.users.values()) if (u.linkedRichMenuId === richMenuId) u.linkedRichMenuId = null;
    for (const [alias, id] of this.aliases) if (id === richMenuId) this.aliases.delete(alias);
    return true;
  }

  // ---- JSON views ----

  userJson(u: SimUser): SimUserJson {
    return {
      userId: u.userId,
      displayName: u.displayName,
      ...(u.pictureUrl ? { pictureUrl: u.pictureUrl } : {}),
      language: u.language,
      friendship: u.friendship,
      richMenuId: this.richMenuIdFor(u.userId),
    };
  }
  snapshot(): SimStateJson {
    return {
      bot: { ...this.bot },
      users: [...this.users.values()].map((u) => this.userJson(u)),
      groups: [...this.groups.values()].map((g) => ({ ...g, memberIds: [...g.memberIds] })),
      richMenus: [...this.richMenus.values()].map((m) => ({
        richMenuId: m.richMenuId,
        name: m.name,
        chatBarText: m.chatBarText,
        size: m.size,
        areas: m.areas,
        hasImage: m.image !== undefined,
      })),
      aliases: Object.fromEntries(this.aliases),
      defaultRichMenuId: this.defaultRichMenuId,
      quota: { ...this.quota, totalUsage: this.quotaUsage },
    };
  }
}

export function richMenuJson(m: RichMenu): RichMenuJson {
  return {
    richMenuId: m.richMenuId,
    size: m.size,
    selected: m.selected,
    name: m.name,
    chatBarText: m.chatBarText,
    areas: m.areas,
  };
}
