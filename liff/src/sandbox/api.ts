/** Typed client for the LINE emulator's control API (worker/src/sandbox/emulator/control-routes.ts). */
import type {
  ChatEntry as EntryJson,
  SimGroup,
  SimUserJson as SimUser,
} from "../../../worker/src/sandbox/emulator/types";

// The control API's own types, shared with the emulator (type-only: nothing of the worker is bundled).
export type { SimGroup, SimUser };
export interface Action {
  type: string;
  label?: string;
  text?: string;
  data?: string;
  displayText?: string;
  uri?: string;
  mode?: string;
  richMenuAliasId?: string;
}
export interface RichMenu {
  richMenuId: string;
  name: string;
  chatBarText: string;
  size: { width: number; height: number };
  areas: Array<{ bounds: { x: number; y: number; width: number; height: number }; action: Action }>;
  hasImage?: boolean;
}
export interface SimState {
  bot: { userId: string; displayName: string };
  users: SimUser[];
  groups: SimGroup[];
  richMenus: RichMenu[];
  aliases: Record<string, string>;
  defaultRichMenuId: string | null;
  quota: { totalUsage: number };
}
export type ChatEntry = EntryJson & { message: EntryJson["message"] & { type: string } };
export type Chat = { type: "user"; userId: string } | { type: "group"; groupId: string };
export type Delivery = { status: number | null; error?: string };
export type OutgoingMessage =
  | { type: "text"; text: string }
  | { type: "sticker"; packageId: string; stickerId: string }
  | { type: "image"; dataUrl: string }
  | { type: "location"; title?: string; address: string; latitude: number; longitude: number };

async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`/sandbox/api${path}`, {
    method,
    headers: body === undefined ? {} : { "content-type": "application/json" },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const json = (await res.json().catch(() => ({}))) as T & { message?: string };
  if (!res.ok) throw new Error(json.message ?? `HTTP ${res.status}`);
  return json;
}

export const api = {
  state: () => call<SimState>("GET", "/state"),
  createUser: (displayName: string, language: "zh-TW" | "en") =>
    call<SimUser>("POST", "/users", { displayName, language }),
  follow: (userId: string) => call<{ delivery: Delivery }>("POST", `/users/${userId}/follow`),
  block: (userId: string) => call<{ delivery: Delivery }>("POST", `/users/${userId}/block`),
  send: (chat: Chat, from: string, message: OutgoingMessage) =>
    call<{ delivery: Delivery }>("POST", "/messages", { chat, from, message }),
  postback: (chat: Chat, from: string, data: string, displayText?: string, params?: Record<string, string>) =>
    call<{ delivery: Delivery }>("POST", "/postbacks", { chat, from, data, displayText, params }),
  createGroup: (groupName: string, memberIds: string[]) =>
    call<SimGroup & { delivery: Delivery }>("POST", "/groups", { groupName, memberIds }),
  addMember: (groupId: string, userId: string) =>
    call<{ delivery: Delivery }>("POST", `/groups/${groupId}/members`, { userId }),
  removeMember: (groupId: string, userId: string) =>
    call<{ delivery: Delivery }>("DELETE", `/groups/${groupId}/members/${userId}`),
  leave: (groupId: string) => call<{ delivery: Delivery }>("POST", `/groups/${groupId}/leave`),
  log: (chatId: string) => call<{ entries: ChatEntry[] }>("GET", `/chats/${chatId}/log`),
  richMenu: (userId: string) =>
    call<{ richMenu: RichMenu | null; imageUrl?: string | null }>("GET", `/users/${userId}/richmenu`),
};
