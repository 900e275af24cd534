import type { messagingApi } from "@line/bot-sdk";

export type LineMessage = messagingApi.Message;

export interface LineSendResult {
  /** LINE's `x-line-request-id`, kept for support tickets. */
  requestId: string | null;
  /** True when LINE said 409: a request with this retry key was already accepted. */
  alreadyAccepted: boolean;
}

/** Options of a push or multicast beyond its recipients and messages. */
export interface LineSendOptions {
  /** LINE's per-campaign statistics (`customAggregationUnits`, one name): granted channels only. */
  customAggregationUnits?: string[];
}

/** The month's target limit (`GET /v2/bot/message/quota`): `none` = no limit, else `value` messages. */
export type LineQuota = { type: "none" } | { type: "limited"; value: number };

export interface LineProfile {
  userId: string;
  displayName: string;
  pictureUrl?: string;
  statusMessage?: string;
  language?: string;
}

export interface RichMenuInput {
  size: { width: number; height: number };
  selected: boolean;
  name: string;
  chatBarText: string;
  areas: messagingApi.RichMenuArea[];
}

/**
 * Everything omo-line asks of the LINE platform. One adapter talks HTTP to LINE (or the emulator).
 * A failed call rejects with a LineApiError (lib/line-api-error.ts), classified for the outbox.
 */
export interface LinePort {
  reply(replyToken: string, messages: LineMessage[]): Promise<LineSendResult>;
  push(
    to: string,
    messages: LineMessage[],
    retryKey: string,
    opts?: LineSendOptions,
  ): Promise<LineSendResult>;
  multicast(
    to: string[],
    messages: LineMessage[],
    retryKey: string,
    opts?: LineSendOptions,
  ): Promise<LineSendResult>;
  /** The month's target limit for counted messages. */
  getMessageQuota(): Promise<LineQuota>;
  /** Counted messages sent this month (`totalUsage`). */
  getMessageQuotaConsumption(): Promise<{ totalUsage: number }>;
  getProfile(userId: string): Promise<LineProfile>;
  getGroupSummary(groupId: string): Promise<{ groupId: string; groupName: string; pictureUrl?: string }>;
  getGroupMemberProfile(groupId: string, userId: string): Promise<LineProfile>;
  createRichMenu(menu: RichMenuInput): Promise<string>;
  setRichMenuImage(
    richMenuId: string,
    image: Uint8Array,
    contentType: "image/png" | "image/jpeg",
  ): Promise<void>;
  linkRichMenuToUser(userId: string, richMenuId: string): Promise<void>;
  unlinkRichMenuFromUser(userId: string): Promise<void>;
  setDefaultRichMenu(richMenuId: string): Promise<void>;
  createRichMenuAlias(aliasId: string, richMenuId: string): Promise<void>;
  listRichMenus(): Promise<Array<{ richMenuId: string; name: string }>>;
  getMessageContent(messageId: string): Promise<{ body: Uint8Array; contentType: string }>;
}
