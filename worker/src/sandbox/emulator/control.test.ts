import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "../../../test/manual-clock";
import { sequentialIds } from "../../../test/sequential-ids";
import type { LineApiError } from "../../lib/line-api-error";
import { webhookBodySchema } from "../../line/events";
import { verifySignature } from "../../line/signature";
import { createLineEmulator } from ".";
import { type EmulatorHarness, SECRET, startHarness } from "./testing";
import type { ChatEntry, EmulatorEvent } from "./types";

describe("sandbox control API", () => {
  let h: EmulatorHarness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.close());
  const entries = async (chatId: string) =>
    (await h.control(`/chats/${chatId}/log`)).json.entries as ChatEntry[];

  it("turns a simulated message into a correctly signed LINE webhook whose reply token works once", async () => {
    const userId = await h.friend();
    const res = await h.control("/messages", {
      chat: { type: "user", userId },
      from: userId,
      message: { type: "text", text: "哈囉 👋" },
    });
    expect(res.status).toBe(202);
    expect(res.json).toMatchObject({
      eventId: expect.any(String),
      messageId: expect.any(String),
      delivery: { status: 200 },
    });

    const raw = h.delivered.at(-1);
    if (!raw) throw new Error("nothing delivered");
    expect(await verifySignature(SECRET, new TextEncoder().encode(raw.body), raw.signature)).toBe(true);
    expect(await verifySignature("another-secret", new TextEncoder().encode(raw.body), raw.signature)).toBe(
      false,
    );
    const body = webhookBodySchema.parse(JSON.parse(raw.body));
    expect(body.destination).toMatch(/^U[0-9a-f]{32}$/);
    const event = body.events[0];
    expect(event).toEqual({
      type: "message",
      mode: "active",
      timestamp: h.clock.now().getTime(),
      source: { type: "user", userId },
      webhookEventId: res.json.eventId,
      deliveryContext: { isRedelivery: false },
      replyToken: expect.stringMatching(/^[0-9a-f]{32}$/),
      message: { id: res.json.messageId, type: "text", quoteToken: expect.any(String), text: "哈囉 👋" },
    });
    expect(event?.webhookEventId).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);

    await h.client.reply(event?.replyToken ?? "", [{ type: "text", text: "你好" }]);
    const second = await h.client
      .reply(event?.replyToken ?? "", [{ type: "text", text: "again" }])
      .catch((e) => e);
    expect((second as LineApiError).status).toBe(400);
    expect((await entries(userId)).map((e) => [e.direction, e.message.type, e.via ?? null])).toEqual([
      ["in", "system", null],
      ["in", "text", null],
      ["out", "text", "reply"],
    ]);
  });

  it("redelivers an event with the same webhookEventId and isRedelivery true", async () => {
    const userId = await h.friend();
    const original = await h.say(userId, "once");
    const res = await h.control("/webhook/redeliver", { eventId: original.webhookEventId });
    expect(res).toEqual({
      status: 202,
      json: { eventId: original.webhookEventId, delivery: { status: 200 } },
    });
    const again = h.lastEvent();
    expect(again).toEqual({ ...original, deliveryContext: { isRedelivery: true } });
    expect((await h.control("/webhook/redeliver", { eventId: "nope" })).status).toBe(404);
  });

  it("sends follow with isUnblocked, unfollow without a reply token, and refuses non-friends' messages", async () => {
    const { json: user } = await h.control("/users", { displayName: "阿明", language: "en" });
    const userId = user.userId as string;
    expect(user).toEqual({
      userId,
      displayName: "阿明",
      language: "en",
      friendship: "none",
      richMenuId: null,
    });
    expect(userId).toMatch(/^U[0-9a-f]{32}$/);

    const stranger = await h.control("/messages", {
      chat: { type: "user", userId },
      from: userId,
      message: { type: "text", text: "hi" },
    });
    expect(stranger.status).toBe(409);

    await h.control(`/users/${userId}/follow`, {});
    expect(h.lastEvent()).toMatchObject({
      type: "follow",
      follow: { isUnblocked: false },
      replyToken: expect.any(String),
    });
    await h.control(`/users/${userId}/block`, {});
    const unfollow = h.lastEvent();
    expect(unfollow).toMatchObject({ type: "unfollow", source: { type: "user", userId } });
    expect(unfollow.replyToken).toBeUndefined();
    await h.control(`/users/${userId}/follow`, {});
    expect(h.lastEvent()).toMatchObject({ type: "follow", follow: { isUnblocked: true } });
    expect(
      (await entries(userId)).filter((e) => e.message.type === "system").map((e) => e.message.event),
    ).toEqual(["follow", "unfollow", "follow"]);
  });

  it("plays group life: join, messages with source.userId, members joining and leaving, the bot leaving", async () => {
    const a = await h.friend("A");
    const b = (await h.control("/users", { displayName: "B" })).json.userId as string;
    const c = (await h.control("/users", { displayName: "C" })).json.userId as string;
    const created = await h.control("/groups", { groupName: "家族", memberIds: [a, b] });
    expect(created.status).toBe(201);
    const groupId = created.json.groupId as string;
    expect(created.json).toMatchObject({ groupName: "家族", memberIds: [a, b], botInGroup: true });
    expect(h.lastEvent()).toMatchObject({
      type: "join",
      source: { type: "group", groupId },
      replyToken: expect.any(String),
    });

    // A non-friend may talk in a group; the sender is on source.userId.
    await h.control("/messages", {
      chat: { type: "group", groupId },
      from: b,
      message: { type: "sticker", packageId: "446", stickerId: "1988" },
    });
    const msg = h.lastEvent();
    expect(msg).toMatchObject({
      type: "message",
      source: { type: "group", groupId, userId: b },
      message: { type: "sticker", packageId: "446", stickerId: "1988", stickerResourceType: "STATIC" },
    });
    await h.client.reply(msg.replyToken ?? "", [{ type: "text", text: "👍" }]);
    expect((await entries(groupId)).at(-1)).toMatchObject({
      chatId: groupId,
      direction: "out",
      via: "reply",
    });

    expect(
      (
        await h.control("/messages", {
          chat: { type: "group", groupId },
          from: c,
          message: { type: "text", text: "x" },
        })
      ).status,
    ).toBe(409);
    await h.control(`/groups/${groupId}/members`, { userId: c });
    expect(h.lastEvent()).toMatchObject({
      type: "memberJoined",
      joined: { members: [{ type: "user", userId: c }] },
    });
    await h.control(`/groups/${groupId}/members/${c}`, undefined, "DELETE");
    const left = h.lastEvent();
    expect(left).toMatchObject({ type: "memberLeft", left: { members: [{ type: "user", userId: c }] } });
    expect(left.replyToken).toBeUndefined();
    await h.control(`/groups/${groupId}/leave`, {});
    expect(h.lastEvent()).toMatchObject({ type: "leave", source: { type: "group", groupId } });
    const state = await h.control("/state");
    expect(
      (state.json.groups as Array<{ groupId: string; botInGroup: boolean }>).find(
        (g) => g.groupId === groupId,
      )?.botInGroup,
    ).toBe(false);
  });

  it("sends postbacks with params and logs displayText for the page", async () => {
    const userId = await h.friend();
    const res = await h.control("/postbacks", {
      chat: { type: "user", userId },
      from: userId,
      data: "action=book",
      displayText: "預約",
      params: { date: "2026-12-01" },
    });
    expect(res.status).toBe(202);
    expect(h.lastEvent()).toMatchObject({
      type: "postback",
      postback: { data: "action=book", params: { date: "2026-12-01" } },
    });
    expect((await entries(userId)).at(-1)?.message).toEqual({
      type: "postback",
      data: "action=book",
      displayText: "預約",
    });
  });

  it("unsends a message, and quotes one by its quote token", async () => {
    const userId = await h.friend();
    const first = await h.say(userId, "oops");
    const message = first.message as { id: string; quoteToken: string };
    await h.control("/messages", {
      chat: { type: "user", userId },
      from: userId,
      message: { type: "text", text: "re", quoteToken: message.quoteToken },
    });
    expect(h.lastEvent().message).toMatchObject({ text: "re", quotedMessageId: message.id });
    const res = await h.control(`/messages/${message.id}/unsend`, {});
    expect(res.status).toBe(202);
    expect(h.lastEvent()).toMatchObject({
      type: "unsend",
      unsend: { messageId: message.id },
      source: { type: "user", userId },
    });
  });

  it("stores image messages, served on LINE's content path and the page's", async () => {
    const userId = await h.friend();
    const res = await h.control("/messages", {
      chat: { type: "user", userId },
      from: userId,
      message: { type: "image" },
    });
    const id = res.json.messageId as string;
    expect(h.lastEvent().message).toEqual({
      id,
      type: "image",
      quoteToken: expect.any(String),
      contentProvider: { type: "line" },
    });
    expect((await entries(userId)).at(-1)?.message.previewUrl).toBe(`/sandbox/api/contents/${id}`);
    expect((await fetch(`${h.url}/sandbox/api/contents/${id}`)).headers.get("content-type")).toBe(
      "image/png",
    );
    expect((await h.client.getMessageContent(id)).body.byteLength).toBeGreaterThan(0);
  });

  it("reports the bot's status, and a bot that errors", async () => {
    const userId = await h.friend();
    h.botStatus = 500;
    const res = await h.control("/messages", {
      chat: { type: "user", userId },
      from: userId,
      message: { type: "text", text: "x" },
    });
    h.botStatus = 200;
    expect(res.json.delivery).toEqual({ status: 500 });
  });

  it("refuses bad control input with a message", async () => {
    const bad = await h.control("/users", { displayName: "" });
    expect(bad.status).toBe(400);
    expect(bad.json.message).toContain("displayName");
    expect((await h.control("/faults", { endpoint: "push" })).status).toBe(400);
    expect((await h.control("/users/nobody/follow", {})).status).toBe(404);
  });

  it("streams chat entries over SSE", async () => {
    const userId = await h.friend();
    const abort = new AbortController();
    const res = await fetch(`${h.url}/sandbox/api/stream`, { signal: abort.signal });
    expect(res.headers.get("content-type")).toContain("text/event-stream");
    const reader = res.body?.getReader();
    if (!reader) throw new Error("no body");
    await h.say(userId, "live");
    let seen = "";
    const decoder = new TextDecoder();
    while (!seen.includes('"type":"entry"')) {
      const { value, done } = await reader.read();
      if (done) break;
      seen += decoder.decode(value);
    }
    abort.abort();
    const line = seen.split("\n").find((l) => l.startsWith("data:") && l.includes('"entry"'));
    const parsed = JSON.parse(line?.slice(5) ?? "{}") as EmulatorEvent;
    expect(parsed).toMatchObject({
      type: "entry",
      entry: { chatId: userId, direction: "in", message: { text: "live" } },
    });
  });
});

describe("createLineEmulator in process", () => {
  it("fills envelope fields of hand-written events, notifies listeners, and reports no webhook", async () => {
    const emulator = createLineEmulator({
      channelAccessToken: "t",
      channelSecret: "s",
      loginChannelId: "1",
      clock: new ManualClock(),
      ids: sequentialIds(),
    });
    const seen: EmulatorEvent[] = [];
    const off = emulator.on((e) => seen.push(e));
    const result = await emulator.sendEvents([
      { type: "beacon", beacon: { hwid: "d41d8cd98f", type: "enter" } },
    ]);
    off();
    expect(result).toEqual({ status: null, error: "no webhook URL is set" });
    const [event] = [...emulator.state.sentEvents.values()];
    expect(event).toMatchObject({ type: "beacon", mode: "active", deliveryContext: { isRedelivery: false } });
    expect(seen).toEqual([{ type: "delivery", eventId: event?.webhookEventId, status: null }]);
    const res = await emulator.app.request("/sandbox/api/state");
    expect(await res.json()).toMatchObject({ users: [], groups: [], quota: { totalUsage: 0 } });
  });
});
