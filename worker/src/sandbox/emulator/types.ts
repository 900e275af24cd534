/**
 * The emulator's JSON contract: what the control API (`/sandbox/api/*`) answers and what the
 * chat simulator page and test helpers read. Type-only, so the page can import it without
 * bundling anything of the worker.
 */

export type Language = "zh-TW" | "en";
export type Friendship = "none" | "friend" | "blocked";

/** A simulated LINE user as the control API shows it. */
export interface SimUserJson {
  userId: string;
  displayName: string;
  pictureUrl?: string;
  /** The profile's language; null: LINE gives none (the user never consented to share it). */
  language: Language | null;
  friendship: Friendship;
  /** The menu the user sees: the one linked to them, else the default, else null. */
  richMenuId: string | null;
}

export interface SimGroup {
  groupId: string;
  groupName: string;
  memberIds: string[];
  botInGroup: boolean;
}

export interface ChatEntry {
  id: string;
  /** The user id for a 1:1 chat, the group id for a group. */
  chatId: string;
  /** "in" = from a simulated user (or a system note); "out" = sent by the bot. */
  direction: "in" | "out";
  from?: string;
  /** The LINE message object, or `{type:"postback",…}` / `{type:"system", event}` notes. */
  message: Record<string, unknown>;
  /** How the bot sent it; "share": another user's `liff.shareTargetPicker` (no webhook). */
  via?: "reply" | "push" | "multicast" | "share";
  at: string;
  eventId?: string;
}

export interface RichMenuBounds {
  x: number;
  y: number;
  width: number;
  height: number;
}
export interface RichMenuArea {
  bounds: RichMenuBounds;
  action: Record<string, unknown>;
}
/** A rich menu as LINE returns it (`GET /v2/bot/richmenu/{id}`). */
export interface RichMenuJson {
  richMenuId: string;
  size: { width: number; height: number };
  selected: boolean;
  name: string;
  chatBarText: string;
  areas: RichMenuArea[];
}

export interface SimStateJson {
  bot: { userId: string; displayName: string };
  users: SimUserJson[];
  groups: SimGroup[];
  richMenus: Array<Omit<RichMenuJson, "selected"> & { hasImage: boolean }>;
  /** Rich menu alias id → rich menu id, so the page can follow `richmenuswitch` actions. */
  aliases: Record<string, string>;
  defaultRichMenuId: string | null;
  quota: QuotaJson & { totalUsage: number };
}

/** The month's target limit, as `GET /v2/bot/message/quota` answers it. */
export type QuotaJson = { type: "none" } | { type: "limited"; value: number };

/** Requests that reached one chat, by how they were sent (a multicast counts once per user). */
export interface DeliveryCounts {
  reply: number;
  push: number;
  multicast: number;
}

/** Which emulated endpoint a call was, for fault injection and the request log. */
export type EndpointName =
  | "reply"
  | "push"
  | "multicast"
  | "profile"
  | "group"
  | "richmenu"
  | "content"
  | "info"
  | "quota"
  | "other";

export interface Fault {
  id: string;
  /** An endpoint name, or "*" for every Messaging API call. */
  endpoint: EndpointName | "*";
  status?: number;
  /** How many more calls this fault answers (unlimited while `until` holds, if not given). */
  times: number;
  /** Emulator time (ms) the fault ends: an outage of `forMs`. */
  until?: number;
  /** LINE processed the call (delivered, took the token or retry key), then answered the fault. */
  deliver?: boolean;
  retryAfterSeconds?: number;
  delayMs?: number;
  body?: unknown;
}

export interface RecordedRequest {
  id: string;
  endpoint: EndpointName;
  method: string;
  path: string;
  status: number;
  retryKey: string | null;
  authorization: string | null;
  body: unknown;
  at: string;
}

export interface Delivery {
  /** The bot's HTTP status, or null when it could not be reached (or no webhook is set). */
  status: number | null;
  error?: string;
}

export type EmulatorEvent =
  | { type: "entry"; entry: ChatEntry }
  | { type: "state" }
  | { type: "delivery"; eventId: string; status: number | null };

/** A webhook event as sent: LINE's envelope fields plus the type-specific payload. */
export type WebhookEvent = {
  type: string;
  mode: "active" | "standby";
  timestamp: number;
  webhookEventId: string;
  deliveryContext: { isRedelivery: boolean };
  source?: EventSource;
  replyToken?: string;
} & Record<string, unknown>;

export type EventSource =
  | { type: "user"; userId: string }
  | { type: "group"; groupId: string; userId?: string };
