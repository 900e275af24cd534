import { createRemoteJWKSet, jwtVerify } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLineMessaging } from "../../adapters/line-messaging";
import { webhookBodySchema } from "../../line/events";
import { verifySignature } from "../../line/signature";
import { ManualClock } from "../../ports/clock";
import { sequentialIds } from "../../ports/ids";
import { LineApiError } from "../../ports/line";
import { startLineEmulator } from "./server";

const TOKEN = "emulator-test-token";
const SECRET = "emulator-test-secret";
const LOGIN = "1234567890";

describe("LINE emulator", () => {
  const clock = new ManualClock("2026-11-24T02:00:00.000Z");
  const delivered: Array<{ body: string; signature: string }> = [];
  let line: Awaited<ReturnType<typeof startLineEmulator>>;
  let client: ReturnType<typeof createLineMessaging>;

  const control = async (path: string, body?: unknown, method = body === undefined ? "GET" : "POST") => {
    const res = await fetch(`${line.url}/sandbox/api${path}`, {
      method,
      headers: { "content-type": "application/json" },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: res.status, json: (await res.json().catch(() => null)) as Record<string, unknown> };
  };
  const friend = async (name = "測試") => {
    const { json } = await control("/users", { displayName: name });
    const userId = json.userId as string;
    await control(`/users/${userId}/follow`, {});
    return userId;
  };
  const lastEvent = () => {
    const last = delivered.at(-1);
    if (!last) throw new Error("nothing delivered");
    return webhookBodySchema.parse(JSON.parse(last.body)).events[0] as Record<string, unknown> & {
      replyToken?: string;
    };
  };
  const say = async (userId: string, text: string) => {
    await control("/messages", {
      chat: { type: "user", userId },
      from: userId,
      message: { type: "text", text },
    });
    return lastEvent();
  };

  beforeAll(async () => {
    line = await startLineEmulator({
      channelAccessToken: TOKEN,
      channelSecret: SECRET,
      loginChannelId: LOGIN,
      clock,
      ids: sequentialIds(),
      deliver: async (body, signature) => {
        delivered.push({ body, signature });
        return { status: 200 };
      },
    });
    client = createLineMessaging({ channelAccessToken: TOKEN, baseUrl: line.url });
  });
  afterAll(() => line.close());

  it("delivers a simulated message as a correctly signed LINE webhook", async () => {
    const userId = await friend();
    const event = await say(userId, "哈囉 👋");
    const last = delivered.at(-1);
    expect(last && (await verifySignature(SECRET, new TextEncoder().encode(last.body), last.signature))).toBe(
      true,
    );
    expect(event).toMatchObject({
      type: "message",
      mode: "active",
      source: { type: "user", userId },
      deliveryContext: { isRedelivery: false },
    });
    expect((event.message as { text: string }).text).toBe("哈囉 👋");
  });

  it("reply tokens work once, and not after they expire", async () => {
    const userId = await friend();
    const event = await say(userId, "one");
    const token = event.replyToken as string;
    await expect(client.reply(token, [{ type: "text", text: "ok" }])).resolves.toMatchObject({
      alreadyAccepted: false,
    });
    await expect(client.reply(token, [{ type: "text", text: "again" }])).rejects.toMatchObject({
      status: 400,
    });
    const later = (await say(userId, "two")).replyToken as string;
    clock.advance(61_000);
    await expect(client.reply(later, [{ type: "text", text: "late" }])).rejects.toMatchObject({
      status: 400,
    });
    const log = await control(`/chats/${userId}/log`);
    const out = (log.json.entries as Array<{ direction: string; via: string }>).filter(
      (e) => e.direction === "out",
    );
    expect(out.map((e) => e.via)).toEqual(["reply"]);
  });

  it("push with a retry key: the second request with the same key is a 409, delivered once", async () => {
    const userId = await friend();
    const key = "11111111-2222-4333-8444-555555555555";
    await expect(client.push(userId, [{ type: "text", text: "訂單成立" }], key)).resolves.toMatchObject({
      alreadyAccepted: false,
    });
    await expect(client.push(userId, [{ type: "text", text: "訂單成立" }], key)).resolves.toMatchObject({
      alreadyAccepted: true,
    });
    const log = await control(`/chats/${userId}/log`);
    expect(
      (log.json.entries as Array<{ message: { text?: string } }>).filter(
        (e) => e.message.text === "訂單成立",
      ),
    ).toHaveLength(1);
    const bad = await fetch(`${line.url}/v2/bot/message/push`, {
      method: "POST",
      headers: {
        authorization: `Bearer ${TOKEN}`,
        "content-type": "application/json",
        "x-line-retry-key": "not-a-uuid",
      },
      body: JSON.stringify({ to: userId, messages: [{ type: "text", text: "x" }] }),
    });
    expect(bad.status).toBe(400);
  });

  it("refuses a wrong access token with 401", async () => {
    const other = createLineMessaging({ channelAccessToken: "wrong", baseUrl: line.url });
    await expect(other.push("U1", [{ type: "text", text: "x" }], crypto.randomUUID())).rejects.toMatchObject({
      status: 401,
    });
  });

  it("multicast takes at most 500 recipients", async () => {
    const userId = await friend();
    await expect(
      client.multicast([userId], [{ type: "text", text: "hi" }], crypto.randomUUID()),
    ).resolves.toBeDefined();
    const many = Array.from({ length: 501 }, (_, i) => `U${String(i).padStart(32, "0")}`);
    await expect(
      client.multicast(many, [{ type: "text", text: "hi" }], crypto.randomUUID()),
    ).rejects.toMatchObject({ status: 400 });
  });

  it("injected faults: 500 once, 429 with Retry-After, then success", async () => {
    const userId = await friend();
    await control("/faults", { endpoint: "push", status: 500 });
    await control("/faults", { endpoint: "push", status: 429, retryAfterSeconds: 7 });
    const first = await client
      .push(userId, [{ type: "text", text: "a" }], crypto.randomUUID())
      .catch((e) => e);
    expect(first).toBeInstanceOf(LineApiError);
    expect((first as LineApiError).status).toBe(500);
    const second = (await client
      .push(userId, [{ type: "text", text: "b" }], crypto.randomUUID())
      .catch((e) => e)) as LineApiError;
    expect(second.status).toBe(429);
    expect(second.details.retryAfterSeconds).toBe(7);
    await expect(
      client.push(userId, [{ type: "text", text: "c" }], crypto.randomUUID()),
    ).resolves.toBeDefined();
  });

  it("profile is 404 for a user who is not a friend", async () => {
    const { json } = await control("/users", { displayName: "路人" });
    await expect(client.getProfile(json.userId as string)).rejects.toMatchObject({ status: 404 });
    const userId = await friend("朋友");
    await expect(client.getProfile(userId)).resolves.toMatchObject({
      userId,
      displayName: "朋友",
      language: "zh-TW",
    });
  });

  it("rich menus: create, upload, default, link, alias, unlink", async () => {
    const userId = await friend();
    const id = await client.createRichMenu({
      size: { width: 2500, height: 843 },
      selected: true,
      name: "member",
      chatBarText: "會員選單",
      areas: [
        {
          bounds: { x: 0, y: 0, width: 2500, height: 843 },
          action: { type: "postback", data: "action=card", label: "會員卡" },
        },
      ],
    });
    await expect(client.linkRichMenuToUser(userId, id)).rejects.toMatchObject({ status: 400 });
    await client.setRichMenuImage(id, new Uint8Array([137, 80, 78, 71]), "image/png");
    await client.linkRichMenuToUser(userId, id);
    expect((await control(`/users/${userId}/richmenu`)).json.richMenu).toMatchObject({
      richMenuId: id,
      chatBarText: "會員選單",
    });
    await client.createRichMenuAlias("member-tab", id);
    await expect(client.createRichMenuAlias("member-tab", id)).rejects.toMatchObject({ status: 400 });
    expect((await client.listRichMenus()).map((m) => m.richMenuId)).toContain(id);
    await client.unlinkRichMenuFromUser(userId);
    await client.setDefaultRichMenu(id);
    expect((await control("/state")).json.defaultRichMenuId).toBe(id);
    await expect(
      client.createRichMenu({
        size: { width: 100, height: 100 },
        selected: false,
        name: "x",
        chatBarText: "x",
        areas: [],
      }),
    ).rejects.toMatchObject({ status: 400 });
  });

  it("issues ES256 ID tokens that verify against its JWKS; forged ones do not", async () => {
    const userId = await friend("Amy");
    const jwks = createRemoteJWKSet(new URL(`${line.url}/oauth2/v2.1/certs`));
    const token = await line.emulator.issueIdToken(userId);
    const { payload, protectedHeader } = await jwtVerify(token, jwks, {
      issuer: "https://access.line.me",
      audience: LOGIN,
      currentDate: clock.now(),
    });
    expect(protectedHeader.alg).toBe("ES256");
    expect(payload).toMatchObject({ sub: userId, name: "Amy" });
    const forged = await line.emulator.issueIdToken(userId, { forge: true });
    await expect(jwtVerify(forged, jwks, { currentDate: clock.now() })).rejects.toThrow();
  });

  it("redelivers an event with the same webhookEventId and isRedelivery", async () => {
    const userId = await friend();
    const event = await say(userId, "again");
    await control("/webhook/redeliver", { eventId: event.webhookEventId });
    const again = lastEvent();
    expect(again.webhookEventId).toBe(event.webhookEventId);
    expect(again.deliveryContext).toEqual({ isRedelivery: true });
  });

  it("group messages carry the sender; a join event comes first", async () => {
    const a = await friend("A");
    const b = await friend("B");
    const { json: group } = await control("/groups", { groupName: "團購", memberIds: [a, b] });
    expect(lastEvent()).toMatchObject({ type: "join", source: { type: "group", groupId: group.groupId } });
    await control("/messages", {
      chat: { type: "group", groupId: group.groupId },
      from: b,
      message: { type: "text", text: "+1" },
    });
    expect(lastEvent()).toMatchObject({
      type: "message",
      source: { type: "group", groupId: group.groupId, userId: b },
    });
    const outsider = await friend("C");
    const refused = await control("/messages", {
      chat: { type: "group", groupId: group.groupId },
      from: outsider,
      message: { type: "text", text: "x" },
    });
    expect(refused.status).toBe(409);
  });

  it("streams chat entries over Server-Sent Events", async () => {
    const userId = await friend();
    const controller = new AbortController();
    const res = await fetch(`${line.url}/sandbox/api/stream`, { signal: controller.signal });
    const reader = (res.body as ReadableStream<Uint8Array>).getReader();
    const decoder = new TextDecoder();
    let text = "";
    const readUntil = async (needle: string) => {
      while (!text.includes(needle)) {
        const { value, done } = await reader.read();
        if (done) break;
        text += decoder.decode(value);
      }
    };
    await readUntil("hello");
    await say(userId, "串流測試");
    await readUntil("串流測試");
    controller.abort();
    expect(text).toContain('"type":"entry"');
  });
});
