/** Typed client for the LINE emulator's control API (worker/src/sandbox/emulator/control-routes.ts). */
import type {
  Delivery,
  EmulatorEvent,
  ChatEntry as EntryJson,
  SimGroup,
  SimStateJson,
  SimUserJson as SimUser,
} from "../../../worker/src/sandbox/emulator/types";
import { ApiError } from "../api/error";
import { acceptLanguage } from "../i18n/lang";

// The control API's own types, shared with the emulator (type-only: nothing of the worker is bundled).
export type { Delivery, EmulatorEvent, SimGroup, SimUser };

/** A LINE action as found in templates, Flex, quick replies, imagemaps and rich menus. */
export interface Action {
  type: string;
  label?: string;
  text?: string;
  data?: string;
  displayText?: string;
  uri?: string;
  mode?: string;
  initial?: string;
  min?: string;
  max?: string;
  richMenuAliasId?: string;
  clipboardText?: string;
}
export interface RichMenu {
  richMenuId: string;
  name: string;
  chatBarText: string;
  size: { width: number; height: number };
  areas: Array<{ bounds: { x: number; y: number; width: number; height: number }; action: Action }>;
  hasImage?: boolean;
}
export type SimState = Omit<SimStateJson, "richMenus"> & { richMenus: RichMenu[] };
export type ChatEntry = EntryJson;
export type Chat = { type: "user"; userId: string } | { type: "group"; groupId: string };
export type Sent = { eventId?: string; messageId?: string; delivery: Delivery };
export type OutgoingMessage =
  | { type: "text"; text: string }
  | { type: "sticker"; packageId: string; stickerId: string }
  | { type: "image"; dataUrl: string }
  | { type: "location"; title?: string; address: string; latitude: number; longitude: number };

const BASE = "/sandbox/api";

async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${BASE}${path}`, {
    method,
    headers: { ...acceptLanguage(), ...(body === undefined ? {} : { "content-type": "application/json" }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (!res.ok) throw await ApiError.from(res);
  return (await res.json()) as T;
}
const enc = encodeURIComponent;

export const api = {
  state: () => call<SimState>("GET", "/state"),
  createUser: (displayName: string, language: "zh-TW" | "en") =>
    call<SimUser>("POST", "/users", { displayName, language }),
  follow: (userId: string) => call<Sent>("POST", `/users/${enc(userId)}/follow`),
  block: (userId: string) => call<Sent>("POST", `/users/${enc(userId)}/block`),
  send: (chat: Chat, from: string, message: OutgoingMessage) =>
    call<Sent>("POST", "/messages", { chat, from, message }),
  postback: (chat: Chat, from: string, data: string, displayText?: string, params?: Record<string, string>) =>
    call<Sent>("POST", "/postbacks", { chat, from, data, displayText, params }),
  createGroup: (groupName: string, memberIds: string[]) =>
    call<SimGroup & Partial<Sent>>("POST", "/groups", { groupName, memberIds }),
  addMember: (groupId: string, userId: string) =>
    call<Sent>("POST", `/groups/${enc(groupId)}/members`, { userId }),
  removeMember: (groupId: string, userId: string) =>
    call<Sent>("DELETE", `/groups/${enc(groupId)}/members/${enc(userId)}`),
  leave: (groupId: string) => call<Sent>("POST", `/groups/${enc(groupId)}/leave`),
  log: (chatId: string) => call<{ entries: ChatEntry[] }>("GET", `/chats/${enc(chatId)}/log`),
  richMenu: (userId: string) =>
    call<{ richMenu: RichMenu | null; imageUrl?: string | null }>("GET", `/users/${enc(userId)}/richmenu`),
  richMenuImageUrl: (richMenuId: string) => `${BASE}/richmenus/${enc(richMenuId)}/image`,
  streamUrl: `${BASE}/stream`,
};
