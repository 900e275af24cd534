import { Hono } from "hono";
import { z } from "zod";
import { chatRoutes } from "./control-chat";
import { parseBody, refuse } from "./control-http";
import { shareRoutes } from "./control-share";
import { streamEvents } from "./control-stream";
import { binary } from "./http";
import type { Login } from "./login";
import { quotaControlRoutes } from "./quota";
import type { EmulatorState, SimUser } from "./state";
import type { EndpointName, SimGroup } from "./types";
import type { WebhookSender } from "./webhook-sender";

const ENDPOINTS = [
  "reply",
  "push",
  "multicast",
  "profile",
  "group",
  "richmenu",
  "content",
  "info",
  "quota",
  "other",
  "*",
] as const satisfies ReadonlyArray<EndpointName | "*">;

const faultSchema = z
  .object({
    endpoint: z.enum(ENDPOINTS),
    status: z.number().int().min(400).max(599).optional(),
    times: z.number().int().min(1).optional(),
    /** An outage: the fault answers every call for this long (emulator time), then ends. */
    forMs: z
      .number()
      .int()
      .min(1)
      .max(24 * 3600_000)
      .optional(),
    /** The call is processed (delivered) and then answered with the status: a 5xx that landed. */
    deliver: z.boolean().optional(),
    retryAfterSeconds: z.number().int().min(0).optional(),
    delayMs: z.number().int().min(0).max(60_000).optional(),
    body: z.record(z.string(), z.unknown()).optional(),
  })
  .refine((f) => f.status !== undefined || f.delayMs !== undefined, {
    message: "give a status, a delayMs, or both",
  });

/**
 * The sandbox control API under /sandbox/api: play LINE users and groups, watch chats, inject
 * faults and read the request log. It has no auth, so it is mounted only in sandbox mode and
 * in tests; the chat simulator page is built against exactly these routes.
 */
export function controlRoutes(state: EmulatorState, sender: WebhookSender, login: Login) {
  const api = new Hono();
  const changed = () => state.emit({ type: "state" });
  const accepted = async (eventId: string, events: Array<Record<string, unknown>>) => ({
    eventId,
    delivery: await sender.send(events),
  });

  api.get("/state", (c) => c.json(state.snapshot()));

  api.post("/users", async (c) => {
    const input = await parseBody(
      c,
      z.object({
        displayName: z.string().trim().min(1).max(20),
        // null: a profile without a language, as LINE gives for a user who never consented to share it.
        language: z.enum(["zh-TW", "en"]).nullable().default("zh-TW"),
        pictureUrl: z.url().optional(),
        statusMessage: z.string().max(500).optional(),
      }),
    );
    if (input instanceof Response) return input;
    const user: SimUser = {
      userId: `U${state.hex32()}`,
      displayName: input.displayName,
      ...(input.pictureUrl ? { pictureUrl: input.pictureUrl } : {}),
      ...(input.statusMessage ? { statusMessage: input.statusMessage } : {}),
      language: input.language,
      friendship: "none",
      linkedRichMenuId: null,
    };
    state.users.set(user.userId, user);
    changed();
    return c.json(state.userJson(user), 201);
  });

  api.post("/users/:userId/follow", async (c) => {
    const user = state.users.get(c.req.param("userId"));
    if (!user) return refuse(c, "No such simulated user", 404);
    if (user.friendship === "friend") return refuse(c, "The user is already a friend", 409);
    const isUnblocked = user.friendship === "blocked";
    user.friendship = "friend";
    changed();
    const event = {
      ...sender.event("follow", { type: "user", userId: user.userId }, { reply: true }),
      follow: { isUnblocked },
    };
    state.system(user.userId, "follow", user.userId, { isUnblocked });
    return c.json(await accepted(event.webhookEventId, [event]), 202);
  });

  api.post("/users/:userId/block", async (c) => {
    const user = state.users.get(c.req.param("userId"));
    if (!user) return refuse(c, "No such simulated user", 404);
    if (user.friendship !== "friend") return refuse(c, "The user is not a friend", 409);
    user.friendship = "blocked";
    changed();
    const event = sender.event("unfollow", { type: "user", userId: user.userId }, { reply: false });
    state.system(user.userId, "unfollow", user.userId);
    return c.json(await accepted(event.webhookEventId, [event]), 202);
  });

  api.post("/users/:userId/id-token", async (c) => {
    const userId = c.req.param("userId");
    if (!state.users.has(userId)) return refuse(c, "No such simulated user", 404);
    const input = await parseBody(
      c,
      z.object({ expiresInSec: z.number().int().min(1).optional(), nonce: z.string().optional() }),
    );
    if (input instanceof Response) return input;
    return c.json(await login.issueIdToken(userId, input));
  });

  api.get("/users/:userId/richmenu", (c) => {
    const id = state.richMenuIdFor(c.req.param("userId"));
    const menu = id ? state.richMenus.get(id) : undefined;
    if (!menu) return c.json({ richMenu: null });
    const { richMenuId, name, chatBarText, size, areas } = menu;
    return c.json({
      richMenu: { richMenuId, name, chatBarText, size, areas },
      // The LINE content path needs the bearer token; the page uses this one.
      imageUrl: menu.image ? `/sandbox/api/richmenus/${richMenuId}/image` : null,
    });
  });
  api.get("/richmenus/:richMenuId/image", (c) => {
    const image = state.richMenus.get(c.req.param("richMenuId"))?.image;
    if (!image) return refuse(c, "Not found", 404);
    return c.body(binary(image.bytes), 200, {
      "content-type": image.contentType,
      "cache-control": "max-age=3600",
    });
  });

  api.post("/groups", async (c) => {
    const input = await parseBody(
      c,
      z.object({
        groupName: z.string().trim().min(1).max(50),
        memberIds: z.array(z.string()).min(1).max(500),
      }),
    );
    if (input instanceof Response) return input;
    const unknown = input.memberIds.find((id) => !state.users.has(id));
    if (unknown) return refuse(c, `No simulated user ${unknown}`, 404);
    const group: SimGroup = {
      groupId: `C${state.hex32()}`,
      groupName: input.groupName,
      memberIds: [...new Set(input.memberIds)],
      botInGroup: true,
    };
    state.groups.set(group.groupId, group);
    changed();
    const event = sender.event("join", { type: "group", groupId: group.groupId }, { reply: true });
    state.system(group.groupId, "join");
    return c.json(
      { ...group, memberIds: [...group.memberIds], ...(await accepted(event.webhookEventId, [event])) },
      201,
    );
  });

  api.post("/groups/:groupId/members", async (c) => {
    const group = state.groups.get(c.req.param("groupId"));
    if (!group) return refuse(c, "No such group", 404);
    const input = await parseBody(c, z.object({ userId: z.string() }));
    if (input instanceof Response) return input;
    if (!state.users.has(input.userId)) return refuse(c, "No such simulated user", 404);
    if (group.memberIds.includes(input.userId)) return refuse(c, "The user is already a member", 409);
    group.memberIds.push(input.userId);
    changed();
    state.system(group.groupId, "memberJoined", input.userId);
    // LINE tells the bot about members only while it is in the group.
    if (!group.botInGroup) return c.json({ delivery: { status: null } }, 202);
    const event = {
      ...sender.event("memberJoined", { type: "group", groupId: group.groupId }, { reply: true }),
      joined: { members: [{ type: "user", userId: input.userId }] },
    };
    return c.json(await accepted(event.webhookEventId, [event]), 202);
  });

  api.delete("/groups/:groupId/members/:userId", async (c) => {
    const group = state.groups.get(c.req.param("groupId"));
    const userId = c.req.param("userId");
    if (!group?.memberIds.includes(userId)) return refuse(c, "The user is not a member of this group", 404);
    group.memberIds = group.memberIds.filter((id) => id !== userId);
    changed();
    state.system(group.groupId, "memberLeft", userId);
    if (!group.botInGroup) return c.json({ delivery: { status: null } }, 202);
    const event = {
      ...sender.event("memberLeft", { type: "group", groupId: group.groupId }, { reply: false }),
      left: { members: [{ type: "user", userId }] },
    };
    return c.json(await accepted(event.webhookEventId, [event]), 202);
  });

  api.post("/groups/:groupId/leave", async (c) => {
    const group = state.groups.get(c.req.param("groupId"));
    if (!group) return refuse(c, "No such group", 404);
    if (!group.botInGroup) return refuse(c, "The LINE Official Account is not in this group", 409);
    group.botInGroup = false;
    changed();
    const event = sender.event("leave", { type: "group", groupId: group.groupId }, { reply: false });
    state.system(group.groupId, "leave");
    return c.json(await accepted(event.webhookEventId, [event]), 202);
  });

  api.post("/webhook/redeliver", async (c) => {
    const input = await parseBody(c, z.object({ eventId: z.string().min(1) }));
    if (input instanceof Response) return input;
    const delivery = await sender.redeliver(input.eventId);
    if (!delivery) return refuse(c, "No event with this webhookEventId was sent", 404);
    return c.json({ eventId: input.eventId, delivery }, 202);
  });

  api.post("/faults", async (c) => {
    const input = await parseBody(c, faultSchema);
    if (input instanceof Response) return input;
    const id = state.ids.id("flt");
    const { forMs, times, ...rest } = input;
    state.faults.push({
      id,
      ...rest,
      times: times ?? (forMs ? Number.POSITIVE_INFINITY : 1),
      ...(forMs ? { until: state.clock.now().getTime() + forMs } : {}),
    });
    return c.json({ id }, 201);
  });
  api.get("/faults", (c) => c.json({ faults: state.faults }));
  api.delete("/faults", (c) => {
    state.faults = [];
    return c.json({});
  });

  api.get("/requests", (c) => {
    const endpoint = c.req.query("endpoint");
    return c.json({
      requests: endpoint ? state.requests.filter((r) => r.endpoint === endpoint) : [...state.requests],
    });
  });
  api.delete("/requests", (c) => {
    state.requests = [];
    return c.json({});
  });

  api.route("/", quotaControlRoutes(state));
  api.get("/stream", (c) => streamEvents(c, state));
  api.route("/", chatRoutes(state, sender));
  api.route("/", shareRoutes(state));

  return new Hono().route("/sandbox/api", api);
}
