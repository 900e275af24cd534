import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createLineMessaging } from "../../adapters/line-messaging";
import { LineApiError } from "../../lib/line-api-error";
import { type EmulatorHarness, startHarness } from "./testing";
import type { RecordedRequest } from "./types";

const text = (t: string) => ({ type: "text" as const, text: t });
const KEY = "123e4567-e89b-42d3-a456-426614174000";

describe("Messaging API through the real adapter", () => {
  let h: EmulatorHarness;
  beforeAll(async () => {
    h = await startHarness({ replyTokenTtlMs: 60_000 });
  });
  afterAll(() => h.close());
  beforeEach(async () => {
    await h.control("/faults", undefined, "DELETE");
    await h.control("/requests", undefined, "DELETE");
  });
  const requests = async (endpoint?: string) =>
    (await h.control(`/requests${endpoint ? `?endpoint=${endpoint}` : ""}`)).json
      .requests as RecordedRequest[];
  const log = async (chatId: string) =>
    (await h.control(`/chats/${chatId}/log`)).json.entries as Array<{
      direction: string;
      via?: string;
      message: { text?: string };
    }>;

  describe("reply", () => {
    it("answers into the chat the token came from, once", async () => {
      const userId = await h.friend();
      const { replyToken } = await h.say(userId, "hi");
      const first = await h.client.reply(replyToken ?? "", [text("hello")]);
      expect(first.alreadyAccepted).toBe(false);
      expect(first.requestId).toMatch(/^[0-9a-f-]{36}$/);
      expect((await log(userId)).at(-1)).toMatchObject({
        direction: "out",
        via: "reply",
        message: { text: "hello" },
      });

      const again = await h.client.reply(replyToken ?? "", [text("hello again")]).catch((e: unknown) => e);
      expect(again).toBeInstanceOf(LineApiError);
      expect((again as LineApiError).status).toBe(400);
      expect((again as LineApiError).message).toContain("Invalid reply token");
    });

    it("refuses a token after its minute is up (by the emulator's clock)", async () => {
      const userId = await h.friend();
      const { replyToken } = await h.say(userId, "hi");
      h.clock.advance(60_001);
      const err = await h.client.reply(replyToken ?? "", [text("late")]).catch((e: unknown) => e);
      expect((err as LineApiError).status).toBe(400);
      expect((err as LineApiError).details.body).toBe('{"message":"Invalid reply token"}');
    });

    it("refuses a token it never issued, and does not count replies against the quota", async () => {
      const before = (await h.control("/state")).json.quota as { totalUsage: number };
      const err = await h.client.reply("0".repeat(32), [text("x")]).catch((e: unknown) => e);
      expect((err as LineApiError).status).toBe(400);
      const userId = await h.friend();
      const { replyToken } = await h.say(userId, "hi");
      await h.client.reply(replyToken ?? "", [text("free")]);
      expect((await h.control("/state")).json.quota).toEqual(before);
    });

    it("answers sentMessages with an id and quote token per message", async () => {
      const userId = await h.friend();
      const { replyToken } = await h.say(userId, "hi");
      const res = await h.lineApi("/v2/bot/message/reply", {
        method: "POST",
        body: JSON.stringify({ replyToken, messages: [text("a"), text("b")] }),
      });
      const body = (await res.json()) as { sentMessages: Array<{ id: string; quoteToken: string }> };
      expect(body.sentMessages).toHaveLength(2);
      expect(body.sentMessages[0]?.id).toMatch(/^\d{18}$/);
      expect(typeof body.sentMessages[0]?.quoteToken).toBe("string");
    });

    it("rejects X-Line-Retry-Key, which only push-like APIs take", async () => {
      const userId = await h.friend();
      const { replyToken } = await h.say(userId, "hi");
      const res = await h.lineApi("/v2/bot/message/reply", {
        method: "POST",
        headers: { "x-line-retry-key": KEY },
        body: JSON.stringify({ replyToken, messages: [text("a")] }),
      });
      expect(res.status).toBe(400);
    });
  });

  describe("push", () => {
    it("accepts a retry key once: the retry is a 409 the adapter reports as alreadyAccepted", async () => {
      const userId = await h.friend();
      const key = "6f0c7a2e-5b1d-4c3e-9f8a-1b2c3d4e5f60";
      const first = await h.client.push(userId, [text("once")], key);
      const second = await h.client.push(userId, [text("once")], key);
      expect(first.alreadyAccepted).toBe(false);
      expect(second).toEqual({ alreadyAccepted: true, requestId: expect.any(String) });
      const outs = (await log(userId)).filter((e) => e.direction === "out");
      expect(outs).toHaveLength(1);

      const raw = await h.lineApi("/v2/bot/message/push", {
        method: "POST",
        headers: { "x-line-retry-key": key },
        body: JSON.stringify({ to: userId, messages: [text("once")] }),
      });
      expect(raw.status).toBe(409);
      expect(raw.headers.get("x-line-accepted-request-id")).toBe(first.requestId);
      expect(await raw.json()).toEqual({ message: "The retry key is already accepted" });
      const logged = await requests("push");
      expect(logged.map((r) => r.retryKey)).toEqual([key, key, key]);
      expect(logged.map((r) => r.status)).toEqual([200, 409, 409]);
      expect(logged[0]?.authorization).toBe("Bearer emulator-test-token");
    });

    it("refuses a retry key that is not a UUID", async () => {
      const userId = await h.friend();
      const err = await h.client.push(userId, [text("x")], "not-a-uuid").catch((e: unknown) => e);
      expect((err as LineApiError).status).toBe(400);
    });

    it("counts one per user and one per group member; refuses unknown and blocked users", async () => {
      const a = await h.friend("A");
      const b = await h.friend("B");
      const group = await h.control("/groups", { groupName: "G", memberIds: [a, b] });
      const before = ((await h.control("/state")).json.quota as { totalUsage: number }).totalUsage;
      await h.client.push(a, [text("1")], "11111111-1111-4111-8111-111111111111");
      await h.client.push(group.json.groupId as string, [text("2")], "22222222-2222-4222-8222-222222222222");
      const after = ((await h.control("/state")).json.quota as { totalUsage: number }).totalUsage;
      expect(after - before).toBe(3);

      await h.control(`/users/${b}/block`, {});
      const blocked = await h.client
        .push(b, [text("x")], "33333333-3333-4333-8333-333333333333")
        .catch((e) => e);
      expect((blocked as LineApiError).status).toBe(400);
      expect((blocked as LineApiError).message).toContain("Failed to send messages");
      const unknown = await h.client
        .push(`U${"f".repeat(32)}`, [text("x")], "44444444-4444-4444-8444-444444444444")
        .catch((e: unknown) => e);
      expect((unknown as LineApiError).status).toBe(400);
    });

    it("does not take the retry key when the push is refused", async () => {
      const userId = await h.friend();
      const key = "55555555-5555-4555-8555-555555555555";
      await h.client.push(userId, [{ type: "text", text: "" }], key).catch(() => undefined);
      const ok = await h.client.push(userId, [text("fixed")], key);
      expect(ok.alreadyAccepted).toBe(false);
    });
  });

  describe("multicast", () => {
    it("sends to friends only, counts them, and honours retry keys", async () => {
      const a = await h.friend("A");
      const b = await h.friend("B");
      await h.control(`/users/${b}/block`, {});
      const before = ((await h.control("/state")).json.quota as { totalUsage: number }).totalUsage;
      const key = "66666666-6666-4666-8666-666666666666";
      expect((await h.client.multicast([a, b], [text("sale")], key)).alreadyAccepted).toBe(false);
      expect((await h.client.multicast([a, b], [text("sale")], key)).alreadyAccepted).toBe(true);
      expect(((await h.control("/state")).json.quota as { totalUsage: number }).totalUsage - before).toBe(1);
      expect((await log(a)).filter((e) => e.via === "multicast")).toHaveLength(1);
      expect((await log(b)).filter((e) => e.via === "multicast")).toHaveLength(0);
    });

    it("refuses more than 500 recipients", async () => {
      const to = Array.from({ length: 501 }, (_, i) => `U${i.toString(16).padStart(32, "0")}`);
      const err = await h.client.multicast(to, [text("x")], KEY).catch((e: unknown) => e);
      expect((err as LineApiError).status).toBe(400);
      expect(JSON.parse((err as LineApiError).details.body ?? "{}")).toEqual({
        message: "The request body has 1 error(s)",
        details: [{ property: "to", message: "Size must be between 1 and 500" }],
      });
    });
  });

  it("answers 401 with LINE's message for a wrong token, and logs the call", async () => {
    const bad = createLineMessaging({ channelAccessToken: "wrong", baseUrl: h.url });
    const err = await bad.getProfile(`U${"0".repeat(32)}`).catch((e: unknown) => e);
    expect((err as LineApiError).status).toBe(401);
    expect((err as LineApiError).message).toContain(
      "Authentication failed due to the following reason: invalid token",
    );
    expect((err as LineApiError).details.requestId).toBeTruthy();
    expect((await requests("profile")).at(-1)).toMatchObject({ status: 401, authorization: "Bearer wrong" });
  });

  describe("faults", () => {
    it("fails the next call with a 500, delivers nothing, then lets the retry through", async () => {
      const userId = await h.friend();
      expect((await h.control("/faults", { endpoint: "push", status: 500 })).status).toBe(201);
      const key = "77777777-7777-4777-8777-777777777777";
      const err = await h.client.push(userId, [text("x")], key).catch((e: unknown) => e);
      expect((err as LineApiError).status).toBe(500);
      expect((err as LineApiError).retryable).toBe(true);
      expect((await log(userId)).filter((e) => e.direction === "out")).toHaveLength(0);
      expect((await h.client.push(userId, [text("x")], key)).alreadyAccepted).toBe(false);
      expect((await log(userId)).filter((e) => e.direction === "out")).toHaveLength(1);
    });

    it("surfaces a 429's Retry-After in LineApiError.details", async () => {
      const userId = await h.friend();
      await h.control("/faults", { endpoint: "push", status: 429, retryAfterSeconds: 7, times: 2 });
      for (let i = 0; i < 2; i++) {
        const err = await h.client.push(userId, [text("x")], KEY).catch((e: unknown) => e);
        expect(err).toBeInstanceOf(LineApiError);
        expect((err as LineApiError).status).toBe(429);
        expect((err as LineApiError).details.retryAfterSeconds).toBe(7);
      }
      expect((await h.client.push(userId, [text("x")], KEY)).alreadyAccepted).toBe(false);
    });

    it("keeps the reply token usable after a failed-by-fault reply", async () => {
      const userId = await h.friend();
      const { replyToken } = await h.say(userId, "hi");
      await h.control("/faults", { endpoint: "*", status: 503, body: { message: "maintenance" } });
      const err = await h.client.reply(replyToken ?? "", [text("x")]).catch((e: unknown) => e);
      expect((err as LineApiError).status).toBe(503);
      expect((err as LineApiError).message).toContain("maintenance");
      expect((await h.client.reply(replyToken ?? "", [text("x")])).alreadyAccepted).toBe(false);
    });

    it("delays a call, which the adapter's timeout turns into status 0", async () => {
      const userId = await h.friend();
      await h.control("/faults", { endpoint: "profile", delayMs: 300 });
      const slow = createLineMessaging({
        channelAccessToken: "emulator-test-token",
        baseUrl: h.url,
        timeoutMs: 100,
      });
      const err = await slow.getProfile(userId).catch((e: unknown) => e);
      expect((err as LineApiError).status).toBe(0);
      expect((await h.client.getProfile(userId)).userId).toBe(userId);
    });

    it("clears on DELETE", async () => {
      const userId = await h.friend();
      await h.control("/faults", { endpoint: "profile", status: 500, times: 5 });
      await h.control("/faults", undefined, "DELETE");
      expect((await h.client.getProfile(userId)).userId).toBe(userId);
    });
  });

  describe("profiles and groups", () => {
    it("gives friends' profiles and 404s the rest", async () => {
      const userId = await h.friend("小美");
      expect(await h.client.getProfile(userId)).toEqual({ userId, displayName: "小美", language: "zh-TW" });
      const stranger = (await h.control("/users", { displayName: "路人", language: "en" })).json
        .userId as string;
      const err = await h.client.getProfile(stranger).catch((e: unknown) => e);
      expect((err as LineApiError).status).toBe(404);
      expect((err as LineApiError).details.body).toBe('{"message":"Not found"}');
    });

    it("answers group summary, member profile and member count", async () => {
      const a = await h.friend("A");
      const b = (await h.control("/users", { displayName: "B" })).json.userId as string;
      const groupId = (await h.control("/groups", { groupName: "讀書會", memberIds: [a, b] })).json
        .groupId as string;
      expect(groupId).toMatch(/^C[0-9a-f]{32}$/);
      expect(await h.client.getGroupSummary(groupId)).toEqual({ groupId, groupName: "讀書會" });
      expect(await h.client.getGroupMemberProfile(groupId, b)).toEqual({ userId: b, displayName: "B" });
      const count = await h.lineApi(`/v2/bot/group/${groupId}/members/count`);
      expect(await count.json()).toEqual({ count: 2 });
      await h.control(`/groups/${groupId}/leave`, {});
      expect(((await h.client.getGroupSummary(groupId).catch((e) => e)) as LineApiError).status).toBe(404);
    });
  });

  it("serves bot info, quota and image contents", async () => {
    const info = await (await h.lineApi("/v2/bot/info")).json();
    expect(info).toMatchObject({
      userId: expect.stringMatching(/^U[0-9a-f]{32}$/),
      chatMode: "bot",
      markAsReadMode: "auto",
    });
    const quota = await (await h.lineApi("/v2/bot/message/quota/consumption")).json();
    expect(quota).toEqual({ totalUsage: expect.any(Number) });

    const userId = await h.friend();
    const png =
      "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGNgYPgPAAEDAQAIicLsAAAAAElFTkSuQmCC";
    const sent = await h.control("/messages", {
      chat: { type: "user", userId },
      from: userId,
      message: { type: "image", dataUrl: `data:image/png;base64,${png}` },
    });
    const content = await h.client.getMessageContent(sent.json.messageId as string);
    expect(content.contentType).toBe("image/png");
    expect(Buffer.from(content.body).toString("base64")).toBe(png);
    const missing = await h.client.getMessageContent("1").catch((e: unknown) => e);
    expect((missing as LineApiError).status).toBe(404);
  });

  it("tags every response with x-line-request-id, including errors and unknown paths", async () => {
    const res = await h.lineApi("/v2/bot/nothing-here");
    expect(res.status).toBe(404);
    expect(res.headers.get("x-line-request-id")).toBeTruthy();
    const badJson = await h.lineApi("/v2/bot/message/push", { method: "POST", body: "{not json" });
    expect(badJson.status).toBe(400);
    expect(badJson.headers.get("x-line-request-id")).toBeTruthy();
  });
});
