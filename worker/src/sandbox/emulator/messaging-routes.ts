import { Hono } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import {
  AUTH_FAILED,
  binary,
  faultMessage,
  INVALID_JSON,
  invalidBody,
  jsonBody,
  type LineContext,
  type LineEnv,
  lineError,
} from "./http";
import { MONTHLY_LIMIT, quotaRoutes, validateAggregationUnits } from "./quota";
import { richMenuRoutes } from "./rich-menu-routes";
import type { EmulatorState } from "./state";
import type { EndpointName, RecordedRequest } from "./types";
import type { Problem } from "./validate-common";
import { validateMessages } from "./validate-messages";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const MULTICAST_MAX = 500;

export function endpointOf(path: string): EndpointName {
  if (path === "/v2/bot/message/reply") return "reply";
  if (path === "/v2/bot/message/push") return "push";
  if (path === "/v2/bot/message/multicast") return "multicast";
  if (path.startsWith("/v2/bot/profile/")) return "profile";
  if (path.startsWith("/v2/bot/group/")) return "group";
  if (/^\/v2\/bot\/message\/[^/]+\/content$/.test(path)) return "content";
  if (path.startsWith("/v2/bot/message/quota")) return "quota";
  if (path === "/v2/bot/info") return "info";
  if (path.includes("/richmenu")) return "richmenu";
  return "other";
}

/**
 * The Messaging API at LINE's own root paths (the SDK resolves `/v2/bot/...` against the base
 * URL). Every call is authenticated, logged with its retry key and answered with an
 * `x-line-request-id`; an injected fault can fail or delay it first.
 */
export function messagingRoutes(state: EmulatorState, opts: { channelAccessToken: string }) {
  const app = new Hono<LineEnv>();

  app.use("/v2/*", async (c, next) => {
    const requestId = state.ids.uuid();
    const endpoint = endpointOf(c.req.path);
    c.set("requestId", requestId);
    c.set("endpoint", endpoint);
    c.header("x-line-request-id", requestId);
    const type = c.req.header("content-type") ?? "";
    let logged: unknown = null;
    if (c.req.method !== "GET" && c.req.method !== "DELETE") {
      if (type.includes("json")) {
        const text = await c.req.text();
        let body: unknown = INVALID_JSON;
        try {
          body = text === "" ? undefined : JSON.parse(text);
        } catch {
          // Left as INVALID_JSON: the handler answers LINE's 400.
        }
        c.set("body", body);
        logged = body === INVALID_JSON ? text : (body ?? null);
      } else if (type) {
        logged = { contentType: type, bytes: Number(c.req.header("content-length") ?? 0) };
      }
    }
    const record: RecordedRequest = {
      id: requestId,
      endpoint,
      method: c.req.method,
      path: c.req.path,
      status: 0,
      retryKey: c.req.header("x-line-retry-key") ?? null,
      authorization: c.req.header("authorization") ?? null,
      body: logged,
      at: state.nowIso(),
    };
    state.recordRequest(record);

    if (c.req.header("authorization") !== `Bearer ${opts.channelAccessToken}`) {
      record.status = 401;
      return lineError(c, 401, AUTH_FAILED);
    }
    if (record.retryKey !== null && endpoint !== "push" && endpoint !== "multicast") {
      record.status = 400;
      return lineError(c, 400, "The X-Line-Retry-Key header is not supported by this API");
    }
    const fault = state.takeFault(endpoint);
    if (fault?.delayMs) await new Promise((resolve) => setTimeout(resolve, fault.delayMs));
    if (fault?.status && fault.deliver) {
      // Processed as usual — delivered, token used, retry key taken — but the answer is lost.
      await next();
      record.status = fault.status;
      c.res = c.json(
        (fault.body ?? { message: faultMessage(fault.status) }) as object,
        fault.status as ContentfulStatusCode,
      );
      return;
    }
    if (fault?.status) {
      record.status = fault.status;
      if (fault.retryAfterSeconds !== undefined) c.header("retry-after", String(fault.retryAfterSeconds));
      const status = fault.status as ContentfulStatusCode;
      return c.json((fault.body ?? { message: faultMessage(fault.status) }) as object, status);
    }
    await next();
    record.status = c.res.status;
  });

  /** Retry-key bookkeeping for push and multicast: a Response when the call stops here. */
  const retryKeyCheck = (c: LineContext): Response | { accept(): void } => {
    const key = c.req.header("x-line-retry-key")?.toLowerCase();
    if (key === undefined) return { accept: () => {} };
    if (!UUID.test(key)) return lineError(c, 400, "The value of the X-Line-Retry-Key header must be a UUID");
    const seen = state.acceptedRetryKey(key);
    if (seen) {
      c.header("x-line-accepted-request-id", seen.requestId);
      return lineError(c, 409, "The retry key is already accepted");
    }
    // Only an accepted (2xx) request takes the key: a refused one may be retried with it.
    return { accept: () => state.acceptRetryKey(key, c.get("requestId")) };
  };

  const deliver = (
    chatId: string,
    messages: Record<string, unknown>[],
    via: "reply" | "push" | "multicast",
  ) => {
    state.countDelivery(chatId, via);
    return messages.map((message) => {
      state.log({ chatId, direction: "out", message, via });
      const id = state.messageId();
      return { id, quoteToken: state.quoteToken(id) };
    });
  };

  app.post("/v2/bot/message/reply", (c) => {
    const body = jsonBody(c);
    if (body instanceof Response) return body;
    const problems: Problem[] = [];
    if (typeof body.replyToken !== "string" || body.replyToken === "") {
      problems.push({ property: "replyToken", message: "must be specified" });
    }
    problems.push(...validateMessages(body.messages));
    if (body.notificationDisabled !== undefined && typeof body.notificationDisabled !== "boolean") {
      problems.push({ property: "notificationDisabled", message: "must be a boolean" });
    }
    if (problems.length > 0) return invalidBody(c, problems);
    const token = state.usableReplyToken(body.replyToken as string);
    if (!token) return lineError(c, 400, "Invalid reply token");
    token.used = true;
    const messages = body.messages as Record<string, unknown>[];
    // LINE takes a reply to a user who has since blocked the OA, and delivers nothing.
    const sentMessages =
      state.recipients(token.chatId) > 0
        ? deliver(token.chatId, messages, "reply")
        : messages.map(() => {
            const id = state.messageId();
            return { id, quoteToken: state.quoteToken(id) };
          });
    return c.json({ sentMessages });
  });

  app.post("/v2/bot/message/push", (c) => {
    const body = jsonBody(c);
    if (body instanceof Response) return body;
    const problems: Problem[] = [];
    if (typeof body.to !== "string" || body.to === "")
      problems.push({ property: "to", message: "must be specified" });
    problems.push(...validateMessages(body.messages));
    problems.push(...validateAggregationUnits(body.customAggregationUnits));
    if (problems.length > 0) return invalidBody(c, problems);
    const retry = retryKeyCheck(c);
    if (retry instanceof Response) return retry;
    const to = body.to as string;
    const count = state.recipients(to);
    if (count === 0) return lineError(c, 400, "Failed to send messages");
    if (!state.quotaAllows(count)) return lineError(c, 429, MONTHLY_LIMIT);
    retry.accept();
    state.quotaUsage += count;
    state.recordUnits(body.customAggregationUnits as string[] | undefined, count);
    return c.json({ sentMessages: deliver(to, body.messages as Record<string, unknown>[], "push") });
  });

  app.post("/v2/bot/message/multicast", (c) => {
    const body = jsonBody(c);
    if (body instanceof Response) return body;
    const problems: Problem[] = [];
    const to = body.to;
    if (!Array.isArray(to) || to.length < 1 || to.length > MULTICAST_MAX) {
      problems.push({ property: "to", message: `Size must be between 1 and ${MULTICAST_MAX}` });
    } else {
      to.forEach((id, i) => {
        if (typeof id !== "string" || !/^U[0-9a-f]{32}$/.test(id)) {
          problems.push({ property: `to[${i}]`, message: "must be a valid user ID" });
        }
      });
    }
    problems.push(...validateMessages(body.messages));
    problems.push(...validateAggregationUnits(body.customAggregationUnits));
    if (problems.length > 0) return invalidBody(c, problems);
    const retry = retryKeyCheck(c);
    if (retry instanceof Response) return retry;
    // Multicast skips users who are not (or no longer) friends, without failing the call.
    const friends = [...new Set(to as string[])].filter((id) => state.users.get(id)?.friendship === "friend");
    if (!state.quotaAllows(friends.length)) return lineError(c, 429, MONTHLY_LIMIT);
    retry.accept();
    const messages = body.messages as Record<string, unknown>[];
    for (const userId of friends) {
      state.quotaUsage += 1;
      deliver(userId, messages, "multicast");
    }
    state.recordUnits(body.customAggregationUnits as string[] | undefined, friends.length);
    return c.json({});
  });

  app.get("/v2/bot/profile/:userId", (c) => {
    const u = state.users.get(c.req.param("userId"));
    if (u?.friendship !== "friend") return lineError(c, 404, "Not found");
    return c.json({
      userId: u.userId,
      displayName: u.displayName,
      ...(u.pictureUrl ? { pictureUrl: u.pictureUrl } : {}),
      ...(u.statusMessage ? { statusMessage: u.statusMessage } : {}),
      ...(u.language ? { language: u.language } : {}),
    });
  });

  const groupOf = (c: LineContext) => {
    const g = state.groups.get(c.req.param("groupId") ?? "");
    return g?.botInGroup ? g : undefined;
  };
  app.get("/v2/bot/group/:groupId/summary", (c) => {
    const g = groupOf(c);
    return g ? c.json({ groupId: g.groupId, groupName: g.groupName }) : lineError(c, 404, "Not found");
  });
  app.get("/v2/bot/group/:groupId/members/count", (c) => {
    const g = groupOf(c);
    return g ? c.json({ count: g.memberIds.length }) : lineError(c, 404, "Not found");
  });
  app.get("/v2/bot/group/:groupId/members/ids", (c) => {
    const g = groupOf(c);
    return g ? c.json({ memberIds: [...g.memberIds] }) : lineError(c, 404, "Not found");
  });
  app.get("/v2/bot/group/:groupId/member/:userId", (c) => {
    const g = groupOf(c);
    const u = state.users.get(c.req.param("userId"));
    if (!g || !u || !g.memberIds.includes(u.userId)) return lineError(c, 404, "Not found");
    return c.json({
      displayName: u.displayName,
      userId: u.userId,
      ...(u.pictureUrl ? { pictureUrl: u.pictureUrl } : {}),
    });
  });

  app.get("/v2/bot/info", (c) =>
    c.json({
      userId: state.bot.userId,
      basicId: `@${state.bot.userId.slice(-8)}`,
      displayName: state.bot.displayName,
      chatMode: "bot",
      markAsReadMode: "auto",
    }),
  );
  app.get("/v2/bot/message/:messageId/content", (c) => {
    const content = state.contents.get(c.req.param("messageId"));
    if (!content) return lineError(c, 404, "Not found");
    return c.body(binary(content.bytes), 200, { "content-type": content.contentType });
  });

  app.route("/", quotaRoutes(state));
  app.route("/", richMenuRoutes(state));
  app.all("/v2/*", (c) => lineError(c, 404, "Not found"));
  return app;
}
