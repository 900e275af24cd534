import type { Clock } from "../../ports/clock";
import type { Ids } from "../../ports/ids";

/** The emulated LINE platform's memory. A sandbox: it lives in the process and resets on restart. */
export interface SimUser {
  userId: string;
  displayName: string;
  pictureUrl?: string;
  language: "zh-TW" | "en";
  friendship: "none" | "friend" | "blocked";
  /** A menu linked to this user; the default menu applies when null. */
  linkedRichMenuId: string | null;
}
/** A simulated user as the control API shows it. */
export interface SimUserJson {
  userId: string;
  displayName: string;
  pictureUrl?: string;
  language: "zh-TW" | "en";
  friendship: "none" | "friend" | "blocked";
  /** The menu the user sees: linked to them, else the default. */
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
  chatId: string;
  direction: "in" | "out";
  from?: string;
  message: Record<string, unknown>;
  via?: "reply" | "push" | "multicast";
  at: string;
  eventId?: string;
}
export interface RichMenu {
  richMenuId: string;
  size: { width: number; height: number };
  selected: boolean;
  name: string;
  chatBarText: string;
  areas: Array<{
    bounds: { x: number; y: number; width: number; height: number };
    action: Record<string, unknown>;
  }>;
  image?: { bytes: Uint8Array; contentType: string };
}
export interface Fault {
  id: string;
  endpoint: string;
  status?: number;
  times: number;
  retryAfterSeconds?: number;
  delayMs?: number;
  body?: unknown;
}
export interface RecordedRequest {
  id: string;
  endpoint: string;
  method: string;
  path: string;
  status: number;
  retryKey: string | null;
  authorization: string | null;
  body: unknown;
  at: string;
}
export type EmulatorEvent =
  | { type: "entry"; entry: ChatEntry }
  | { type: "state" }
  | { type: "delivery"; eventId: string; status: number | null };

export class EmulatorState {
  users = new Map<string, SimUser>();
  groups = new Map<string, SimGroup>();
  chats = new Map<string, ChatEntry[]>();
  replyTokens = new Map<string, { chatId: string; expiresAt: number; used: boolean }>();
  retryKeys = new Map<string, { requestId: string; at: number }>();
  richMenus = new Map<string, RichMenu>();
  aliases = new Map<string, string>();
  defaultRichMenuId: string | null = null;
  contents = new Map<string, { bytes: Uint8Array; contentType: string }>();
  /** Events sent to the bot, by webhookEventId, for redelivery. */
  sentEvents = new Map<string, Record<string, unknown>>();
  faults: Fault[] = [];
  requests: RecordedRequest[] = [];
  quotaUsage = 0;
  private listeners = new Set<(e: EmulatorEvent) => void>();
  private messageSeq = 0;

  constructor(
    readonly clock: Clock,
    readonly ids: Ids,
  ) {}

  hex32(): string {
    return this.ids.uuid().replace(/-/g, "");
  }
  messageId(): string {
    return String(500_000_000_000_000 + ++this.messageSeq);
  }
  nowIso(): string {
    return this.clock.now().toISOString();
  }

  on(listener: (e: EmulatorEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  emit(e: EmulatorEvent): void {
    for (const l of this.listeners) l(e);
  }

  log(entry: Omit<ChatEntry, "id" | "at">): ChatEntry {
    const full: ChatEntry = { id: `ce_${this.messageId()}`, at: this.nowIso(), ...entry };
    const list = this.chats.get(entry.chatId) ?? [];
    list.push(full);
    this.chats.set(entry.chatId, list);
    this.emit({ type: "entry", entry: full });
    return full;
  }

  richMenuFor(userId: string): RichMenu | null {
    const id = this.users.get(userId)?.linkedRichMenuId ?? this.defaultRichMenuId;
    return (id && this.richMenus.get(id)) || null;
  }

  /** A chat the bot can send into: a friend, or a group the bot is in. Returns recipients counted. */
  deliverable(to: string): number {
    const user = this.users.get(to);
    if (user) return user.friendship === "friend" ? 1 : 0;
    const group = this.groups.get(to);
    if (group?.botInGroup) return group.memberIds.length;
    return 0;
  }

  takeFault(endpoint: string): Fault | undefined {
    const f = this.faults.find((x) => x.endpoint === endpoint || x.endpoint === "*");
    if (!f) return undefined;
    f.times -= 1;
    if (f.times <= 0) this.faults = this.faults.filter((x) => x !== f);
    return f;
  }
}
