import { type Context, Hono } from "hono";
import { LIMITS, type Problem, validateAction, validateMessages } from "../../line/message-rules";
import type { EmulatorState, RichMenu } from "./state";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const RETRY_KEY_TTL_MS = 24 * 3600_000;

/** Which emulated endpoint a path is, for faults and the request log. */
export function endpointOf(method: string, path: string): string {
  if (path === "/v2/bot/message/reply") return "reply";
  if (path === "/v2/bot/message/push") return "push";
  if (path === "/v2/bot/message/multicast") return "multicast";
  if (path.startsWith("/v2/bot/profile/")) return "profile";
  if (path.startsWith("/v2/bot/group/")) return "group";
  if (/^\/v2\/bot\/message\/[^/]+\/content$/.test(path)) return "content";
  if (path.includes("richmenu")) return "richmenu";
  return `${method.toLowerCase()} ${path}`;
}

type Ctx = Context<{ Variables: { lineRequestId: string } }>;

const lineError = (c: Ctx, status: 400 | 401 | 403 | 404 | 409, message: string, details?: Problem[]) =>
  c.json(details && details.length > 0 ? { message, details } : { message }, status);

/**
 * The Messaging API endpoints omo-line calls, at LINE's own paths, checked as LINE checks them.
 * Every call is logged (with its retry key) and can be made to fail by an injected fault.
 */
export function messagingRoutes(
  state: EmulatorState,
  opts: { channelAccessToken: string; botUserId: string; botName: string },
) {
  const app = new Hono<{ Variables: { lineRequestId: string } }>();
  let requestSeq = 0;

  app.use("/v2/*", async (c, next) => {
    const requestId = `emu-${String(++requestSeq).padStart(8, "0")}`;
    const endpoint = endpointOf(c.req.method, c.req.path);
    const type = c.req.header("content-type") ?? "";
    let body: unknown = null;
    if (c.req.method !== "GET" && type.includes("json"))
      body = await c.req.raw
        .clone()
        .json()
        .catch(() => "<invalid json>");
    const entry = {
      id: requestId,
      endpoint,
      method: c.req.method,
      path: c.req.path,
      status: 0,
      retryKey: c.req.header("x-line-retry-key") ?? null,
      authorization: c.req.header("authorization") ?? null,
      body,
      at: state.nowIso(),
    };
    state.requests.push(entry);
    c.header("x-line-request-id", requestId);
    c.set("lineRequestId", requestId);
    if (c.req.header("authorization") !== `Bearer ${opts.channelAccessToken}`) {
      entry.status = 401;
      return lineError(
        c,
        401,
        "Authentication failed due to the following reason: invalid token. Confirm that the access token in the authorization header is valid.",
      );
    }
    const fault = state.takeFault(endpoint);
    if (fault?.delayMs) await new Promise((r) => setTimeout(r, fault.delayMs));
    if (fault?.status) {
      entry.status = fault.status;
      if (fault.retryAfterSeconds !== undefined) c.header("retry-after", String(fault.retryAfterSeconds));
      const message =
        fault.status === 429
          ? "The API rate limit has been exceeded. Try again later."
          : "Internal server error";
      return c.json(fault.body ?? { message }, fault.status as 500);
    }
    await next();
    entry.status = c.res.status;
  });

  const json = async (c: Ctx): Promise<Record<string, unknown> | null> => {
    try {
      const v = await c.req.json();
      return typeof v === "object" && v !== null ? (v as Record<string, unknown>) : null;
    } catch {
      return null;
    }
  };
  const invalid = (c: Ctx, problems: Problem[]) =>
    lineError(c, 400, `The request body has ${problems.length} error(s)`, problems);

  /** Retry-key bookkeeping for push and multicast; returns a response when the call must stop here. */
  const checkRetryKey = (c: Ctx): Response | { commit: (requestId: string) => void } => {
    const key = c.req.header("x-line-retry-key");
    if (key === undefined) return { commit: () => {} };
    if (!UUID.test(key)) return lineError(c, 400, "The retry key must be a UUID");
    const seen = state.retryKeys.get(key);
    const now = state.clock.now().getTime();
    if (seen && now - seen.at < RETRY_KEY_TTL_MS) {
      c.header("x-line-accepted-request-id", seen.requestId);
      return lineError(c, 409, "The retry key is already accepted");
    }
    return { commit: (requestId) => state.retryKeys.set(key, { requestId, at: now }) };
  };

  const sentMessages = (messages: unknown[]) =>
    messages.map(() => ({ id: state.messageId(), quoteToken: `q${state.hex32().slice(-16)}` }));

  app.post("/v2/bot/message/reply", async (c) => {
    const body = await json(c);
    if (!body)
      return lineError(c, 400, "The request body has 1 error(s)", [
        { property: "body", message: "invalid JSON" },
      ]);
    const problems = validateMessages(body.messages, { allowLoopbackHttp: true });
    if (typeof body.replyToken !== "string" || !body.replyToken)
      problems.unshift({ property: "replyToken", message: "May not be empty" });
    if (problems.length > 0) return invalid(c, problems);
    const token = state.replyTokens.get(body.replyToken as string);
    if (!token || token.used || token.expiresAt <= state.clock.now().getTime())
      return lineError(c, 400, "Invalid reply token");
    token.used = true;
    const messages = body.messages as Record<string, unknown>[];
    for (const m of messages) state.log({ chatId: token.chatId, direction: "out", message: m, via: "reply" });
    return c.json({ sentMessages: sentMessages(messages) });
  });

  app.post("/v2/bot/message/push", async (c) => {
    const body = await json(c);
    if (!body)
      return lineError(c, 400, "The request body has 1 error(s)", [
        { property: "body", message: "invalid JSON" },
      ]);
    const problems = validateMessages(body.messages, { allowLoopbackHttp: true });
    if (typeof body.to !== "string" || !body.to)
      problems.unshift({ property: "to", message: "May not be empty" });
    if (problems.length > 0) return invalid(c, problems);
    const retry = checkRetryKey(c);
    if (retry instanceof Response) return retry;
    const to = body.to as string;
    const count = state.deliverable(to);
    if (count === 0) return lineError(c, 400, "Failed to send messages");
    retry.commit(c.get("lineRequestId"));
    state.quotaUsage += count;
    const messages = body.messages as Record<string, unknown>[];
    for (const m of messages) state.log({ chatId: to, direction: "out", message: m, via: "push" });
    return c.json({ sentMessages: sentMessages(messages) });
  });

  app.post("/v2/bot/message/multicast", async (c) => {
    const body = await json(c);
    if (!body)
      return lineError(c, 400, "The request body has 1 error(s)", [
        { property: "body", message: "invalid JSON" },
      ]);
    const problems = validateMessages(body.messages, { allowLoopbackHttp: true });
    const to = body.to;
    if (
      !Array.isArray(to) ||
      to.length < 1 ||
      to.length > LIMITS.multicastRecipients ||
      !to.every((x) => typeof x === "string")
    ) {
      problems.unshift({
        property: "to",
        message: `Size must be between 1 and ${LIMITS.multicastRecipients}`,
      });
    }
    if (problems.length > 0) return invalid(c, problems);
    const retry = checkRetryKey(c);
    if (retry instanceof Response) return retry;
    retry.commit(c.get("lineRequestId"));
    const messages = body.messages as Record<string, unknown>[];
    for (const userId of new Set(to as string[])) {
      // LINE skips users who blocked the account; multicast never sends into groups.
      if (state.users.get(userId)?.friendship !== "friend") continue;
      state.quotaUsage += 1;
      for (const m of messages) state.log({ chatId: userId, direction: "out", message: m, via: "multicast" });
    }
    return c.json({});
  });

  app.get("/v2/bot/profile/:userId", (c) => {
    const u = state.users.get(c.req.param("userId"));
    if (u?.friendship !== "friend") return lineError(c, 404, "Not found");
    return c.json({
      userId: u.userId,
      displayName: u.displayName,
      language: u.language,
      ...(u.pictureUrl ? { pictureUrl: u.pictureUrl } : {}),
    });
  });

  const groupOf = (c: Ctx) => {
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
  app.get("/v2/bot/group/:groupId/member/:userId", (c) => {
    const g = groupOf(c);
    const u = state.users.get(c.req.param("userId"));
    if (!g || !u || !g.memberIds.includes(u.userId)) return lineError(c, 404, "Not found");
    return c.json({ userId: u.userId, displayName: u.displayName });
  });

  app.get("/v2/bot/info", (c) =>
    c.json({
      userId: opts.botUserId,
      basicId: "@omo-demo",
      displayName: opts.botName,
      chatMode: "bot",
      markAsReadMode: "auto",
    }),
  );
  app.get("/v2/bot/message/quota/consumption", (c) => c.json({ totalUsage: state.quotaUsage }));
  app.get("/v2/bot/message/:messageId/content", (c) => {
    const content = state.contents.get(c.req.param("messageId"));
    if (!content) return lineError(c, 404, "Not found");
    return c.body(content.bytes as Uint8Array<ArrayBuffer>, 200, { "content-type": content.contentType });
  });

  // Rich menus. Static paths first so `list`/`alias` are not taken for ids.
  const menuJson = (m: RichMenu) => ({
    richMenuId: m.richMenuId,
    size: m.size,
    selected: m.selected,
    name: m.name,
    chatBarText: m.chatBarText,
    areas: m.areas,
  });
  app.get("/v2/bot/richmenu/list", (c) => c.json({ richmenus: [...state.richMenus.values()].map(menuJson) }));
  app.get("/v2/bot/richmenu/alias/list", (c) =>
    c.json({
      aliases: [...state.aliases].map(([richMenuAliasId, richMenuId]) => ({ richMenuAliasId, richMenuId })),
    }),
  );
  app.post("/v2/bot/richmenu/alias", async (c) => {
    const body = await json(c);
    const alias = body?.richMenuAliasId;
    const id = body?.richMenuId;
    if (typeof alias !== "string" || !/^[a-zA-Z0-9_-]{1,32}$/.test(alias) || typeof id !== "string") {
      return lineError(c, 400, "The request body has 1 error(s)", [
        { property: "richMenuAliasId", message: "invalid alias id" },
      ]);
    }
    if (!state.richMenus.has(id)) return lineError(c, 400, "richmenu not found");
    if (state.aliases.has(alias)) return lineError(c, 400, "conflict richmenu alias id");
    state.aliases.set(alias, id);
    return c.json({});
  });
  app.post("/v2/bot/richmenu/bulk/link", async (c) => {
    const body = await json(c);
    const id = String(body?.richMenuId ?? "");
    const userIds = body?.userIds;
    if (!Array.isArray(userIds) || userIds.length < 1 || userIds.length > 500) {
      return lineError(c, 400, "The request body has 1 error(s)", [
        { property: "userIds", message: "Size must be between 1 and 500" },
      ]);
    }
    const menu = state.richMenus.get(id);
    if (!menu) return lineError(c, 400, "richmenu not found");
    if (!menu.image) return lineError(c, 400, "must upload richmenu image before applying it to user");
    for (const u of userIds) {
      const user = state.users.get(String(u));
      if (user) user.linkedRichMenuId = id;
    }
    state.emit({ type: "state" });
    return c.body(null, 202);
  });
  app.post("/v2/bot/richmenu", async (c) => {
    const body = await json(c);
    const problems = validateRichMenu(body);
    if (problems.length > 0) return invalid(c, problems);
    const b = body as Record<string, unknown>;
    const richMenuId = `richmenu-${state.hex32()}`;
    state.richMenus.set(richMenuId, {
      richMenuId,
      size: b.size as RichMenu["size"],
      selected: b.selected === true,
      name: String(b.name),
      chatBarText: String(b.chatBarText),
      areas: b.areas as RichMenu["areas"],
    });
    state.emit({ type: "state" });
    return c.json({ richMenuId });
  });
  app.post("/v2/bot/richmenu/:richMenuId/content", async (c) => {
    const menu = state.richMenus.get(c.req.param("richMenuId"));
    if (!menu) return lineError(c, 404, "Not found");
    const type = (c.req.header("content-type") ?? "").split(";")[0]?.trim() ?? "";
    if (type !== "image/png" && type !== "image/jpeg")
      return lineError(c, 400, "Unsupported content type; use image/png or image/jpeg");
    const bytes = new Uint8Array(await c.req.arrayBuffer());
    if (bytes.length > 1024 * 1024) return lineError(c, 400, "The image is larger than 1 MB");
    if (menu.image) return lineError(c, 400, "An image has already been uploaded to the richmenu");
    menu.image = { bytes, contentType: type };
    state.emit({ type: "state" });
    return c.json({});
  });
  app.get("/v2/bot/richmenu/:richMenuId/content", (c) => {
    const menu = state.richMenus.get(c.req.param("richMenuId"));
    if (!menu?.image) return lineError(c, 404, "Not found");
    return c.body(menu.image.bytes as Uint8Array<ArrayBuffer>, 200, {
      "content-type": menu.image.contentType,
    });
  });
  app.get("/v2/bot/richmenu/:richMenuId", (c) => {
    const menu = state.richMenus.get(c.req.param("richMenuId"));
    return menu ? c.json(menuJson(menu)) : lineError(c, 404, "Not found");
  });
  app.delete("/v2/bot/richmenu/:richMenuId", (c) => {
    const id = c.req.param("richMenuId");
    if (!state.richMenus.delete(id)) return lineError(c, 404, "Not found");
    if (state.defaultRichMenuId === id) state.defaultRichMenuId = null;
    for (const u of state.users.values()) if (u.linkedRichMenuId === id) u.linkedRichMenuId = null;
    state.emit({ type: "state" });
    return c.json({});
  });
  const linkable = (c: Ctx, id: string): Response | undefined => {
    const menu = state.richMenus.get(id);
    if (!menu) return lineError(c, 400, "richmenu not found");
    if (!menu.image) return lineError(c, 400, "must upload richmenu image before applying it to user");
    return undefined;
  };
  app.post("/v2/bot/user/all/richmenu/:richMenuId", (c) => {
    const id = c.req.param("richMenuId");
    const refused = linkable(c, id);
    if (refused) return refused;
    state.defaultRichMenuId = id;
    state.emit({ type: "state" });
    return c.json({});
  });
  app.delete("/v2/bot/user/all/richmenu", (c) => {
    state.defaultRichMenuId = null;
    state.emit({ type: "state" });
    return c.json({});
  });
  app.post("/v2/bot/user/:userId/richmenu/:richMenuId", (c) => {
    const id = c.req.param("richMenuId");
    const refused = linkable(c, id);
    if (refused) return refused;
    const user = state.users.get(c.req.param("userId"));
    if (!user) return lineError(c, 400, "The user hasn't added the LINE Official Account as a friend.");
    user.linkedRichMenuId = id;
    state.emit({ type: "state" });
    return c.json({});
  });
  app.get("/v2/bot/user/:userId/richmenu", (c) => {
    const user = state.users.get(c.req.param("userId"));
    return user?.linkedRichMenuId
      ? c.json({ richMenuId: user.linkedRichMenuId })
      : lineError(c, 404, "the user has no richmenu");
  });
  app.delete("/v2/bot/user/:userId/richmenu", (c) => {
    const user = state.users.get(c.req.param("userId"));
    if (user) user.linkedRichMenuId = null;
    state.emit({ type: "state" });
    return c.json({});
  });

  app.all("/v2/*", (c) => lineError(c, 404, "Not found"));
  return app;
}

export function validateRichMenu(body: Record<string, unknown> | null): Problem[] {
  if (!body) return [{ property: "body", message: "invalid JSON" }];
  const problems: Problem[] = [];
  const size = body.size as { width?: unknown; height?: unknown } | undefined;
  const w = Number(size?.width);
  const h = Number(size?.height);
  if (!(w >= 800 && w <= 2500 && h >= 250 && w / h >= 1.45)) {
    problems.push({
      property: "size",
      message: "width must be 800–2500, height at least 250, and width/height at least 1.45",
    });
  }
  if (typeof body.name !== "string" || body.name.length < 1 || body.name.length > 300) {
    problems.push({ property: "name", message: "Length must be between 1 and 300" });
  }
  if (
    typeof body.chatBarText !== "string" ||
    body.chatBarText.length < 1 ||
    [...body.chatBarText].length > 14
  ) {
    problems.push({ property: "chatBarText", message: "Length must be between 1 and 14" });
  }
  if (typeof body.selected !== "boolean")
    problems.push({ property: "selected", message: "Must be a boolean" });
  const areas = body.areas;
  if (!Array.isArray(areas) || areas.length > 20) {
    problems.push({ property: "areas", message: "Size must be between 0 and 20" });
  } else {
    areas.forEach((a, i) => {
      const b = (a as { bounds?: Record<string, unknown> }).bounds;
      if (!b || ["x", "y", "width", "height"].some((k) => typeof b[k] !== "number")) {
        problems.push({ property: `areas[${i}].bounds`, message: "May not be empty" });
      }
      problems.push(...validateAction((a as { action?: unknown }).action, `areas[${i}].action`));
    });
  }
  return problems;
}
