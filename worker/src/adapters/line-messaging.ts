import { HTTPFetchError, messagingApi } from "@line/bot-sdk";
import { LineApiError } from "../lib/line-api-error";
import type {
  LineMessage,
  LinePort,
  LineProfile,
  LineSendOptions,
  LineSendResult,
  RichMenuInput,
} from "../ports/line";

export interface LineMessagingConfig {
  channelAccessToken: string;
  /** Origin of the Messaging API: https://api.line.me, or the emulator. Paths are ignored by the SDK. */
  baseUrl: string;
  /** Origin of the content API (https://api-data.line.me); defaults to baseUrl. */
  dataBaseUrl?: string;
  timeoutMs?: number;
}

/** The LinePort over @line/bot-sdk's MessagingApiClient: the only code that knows the SDK. */
export function createLineMessaging(config: LineMessagingConfig): LinePort {
  const client = new messagingApi.MessagingApiClient({
    channelAccessToken: config.channelAccessToken,
    baseURL: config.baseUrl,
  });
  const blob = new messagingApi.MessagingApiBlobClient({
    channelAccessToken: config.channelAccessToken,
    baseURL: config.dataBaseUrl ?? config.baseUrl,
  });
  const timeoutMs = config.timeoutMs ?? 10_000;

  async function call<T>(what: string, run: () => Promise<T>): Promise<T> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new LineApiError(0, `${what}: timed out after ${timeoutMs} ms`)),
        timeoutMs,
      );
    });
    try {
      return await Promise.race([run(), timeout]);
    } catch (err) {
      throw toLineApiError(what, err);
    } finally {
      clearTimeout(timer);
    }
  }

  async function send(what: string, run: () => Promise<{ httpResponse: Response }>): Promise<LineSendResult> {
    try {
      const res = await call(what, run);
      return { requestId: res.httpResponse.headers.get("x-line-request-id"), alreadyAccepted: false };
    } catch (err) {
      if (err instanceof LineApiError && err.status === 409) {
        return { requestId: err.details.requestId ?? null, alreadyAccepted: true };
      }
      throw err;
    }
  }

  const profile = (p: {
    userId: string;
    displayName: string;
    pictureUrl?: string;
    statusMessage?: string;
    language?: string;
  }): LineProfile => ({
    userId: p.userId,
    displayName: p.displayName,
    ...(p.pictureUrl ? { pictureUrl: p.pictureUrl } : {}),
    ...(p.statusMessage ? { statusMessage: p.statusMessage } : {}),
    ...(p.language ? { language: p.language } : {}),
  });

  return {
    reply: (replyToken, messages: LineMessage[]) =>
      send("reply", () => client.replyMessageWithHttpInfo({ replyToken, messages })),
    push: (to, messages, retryKey, opts = {}) =>
      send("push", () => client.pushMessageWithHttpInfo({ to, messages, ...units(opts) }, retryKey)),
    multicast: (to, messages, retryKey, opts = {}) =>
      send("multicast", () => client.multicastWithHttpInfo({ to, messages, ...units(opts) }, retryKey)),
    getMessageQuota: async () => {
      const q = await call("getMessageQuota", () => client.getMessageQuota());
      return q.type === "limited" ? { type: "limited", value: Number(q.value ?? 0) } : { type: "none" };
    },
    getMessageQuotaConsumption: async () => {
      const c = await call("getMessageQuotaConsumption", () => client.getMessageQuotaConsumption());
      return { totalUsage: Number(c.totalUsage) };
    },
    getProfile: async (userId) => profile(await call("getProfile", () => client.getProfile(userId))),
    getGroupSummary: (groupId) => call("getGroupSummary", () => client.getGroupSummary(groupId)),
    getGroupMemberProfile: async (groupId, userId) =>
      profile(await call("getGroupMemberProfile", () => client.getGroupMemberProfile(groupId, userId))),
    createRichMenu: async (menu: RichMenuInput) =>
      (await call("createRichMenu", () => client.createRichMenu(menu))).richMenuId,
    setRichMenuImage: async (richMenuId, image, contentType) => {
      await call("setRichMenuImage", () =>
        blob.setRichMenuImage(
          richMenuId,
          new Blob([image as Uint8Array<ArrayBuffer>], { type: contentType }),
        ),
      );
    },
    linkRichMenuToUser: async (userId, richMenuId) => {
      await call("linkRichMenu", () => client.linkRichMenuIdToUser(userId, richMenuId));
    },
    unlinkRichMenuFromUser: async (userId) => {
      await call("unlinkRichMenu", () => client.unlinkRichMenuIdFromUser(userId));
    },
    setDefaultRichMenu: async (richMenuId) => {
      await call("setDefaultRichMenu", () => client.setDefaultRichMenu(richMenuId));
    },
    createRichMenuAlias: async (richMenuAliasId, richMenuId) => {
      await call("createRichMenuAlias", () => client.createRichMenuAlias({ richMenuAliasId, richMenuId }));
    },
    listRichMenus: async () =>
      (await call("listRichMenus", () => client.getRichMenuList())).richmenus.map((m) => ({
        richMenuId: m.richMenuId,
        name: m.name,
      })),
    getMessageContent: async (messageId) => {
      const res = await call("getMessageContent", () => blob.getMessageContentWithHttpInfo(messageId));
      const chunks: Uint8Array[] = [];
      for await (const chunk of res.body) chunks.push(chunk as Uint8Array);
      const total = chunks.reduce((n, c) => n + c.byteLength, 0);
      const body = new Uint8Array(total);
      let at = 0;
      for (const c of chunks) {
        body.set(c, at);
        at += c.byteLength;
      }
      return {
        body,
        contentType: res.httpResponse.headers.get("content-type") ?? "application/octet-stream",
      };
    },
  };
}

/** `customAggregationUnits` only when there are some: LINE refuses the field on channels without them. */
const units = (opts: LineSendOptions) =>
  opts.customAggregationUnits?.length ? { customAggregationUnits: opts.customAggregationUnits } : {};

function toLineApiError(what: string, err: unknown): LineApiError {
  if (err instanceof LineApiError) return err;
  if (err instanceof HTTPFetchError) {
    const headers = err.headers as Headers | undefined;
    const retryAfter = Number(headers?.get?.("retry-after"));
    return new LineApiError(err.status, `${what}: ${lineReason(err.body) ?? err.message}`, {
      body: err.body,
      requestId: headers?.get?.("x-line-request-id") ?? null,
      ...(Number.isFinite(retryAfter) && retryAfter > 0 ? { retryAfterSeconds: retryAfter } : {}),
    });
  }
  // fetch() rejects with TypeError on connection refused / reset: treat as transient.
  return new LineApiError(0, `${what}: ${err instanceof Error ? err.message : String(err)}`);
}

/** LINE errors look like `{ "message": "Invalid reply token", "details": [...] }`. */
export function lineReason(body: string | undefined): string | undefined {
  if (!body) return undefined;
  try {
    const parsed = JSON.parse(body) as {
      message?: unknown;
      details?: Array<{ message?: string; property?: string }>;
    };
    if (typeof parsed.message !== "string") return undefined;
    const details = (parsed.details ?? [])
      .map((d) => [d.property, d.message].filter(Boolean).join(": "))
      .filter(Boolean);
    return details.length ? `${parsed.message} (${details.join("; ")})` : parsed.message;
  } catch {
    return undefined;
  }
}
