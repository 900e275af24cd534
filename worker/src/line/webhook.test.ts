import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { body, followEvent, stickerEvent, textEvent, unknownEvent } from "../../test/fixtures";
import { startTestApp, TEST_SECRET, type TestApp } from "../../test/harness";
import { chatLog, createFriend, lineRequests, say } from "../../test/line-helpers";
import { signBody } from "./signature";

type EventsJson = { events: Array<{ id: string; state: string; attempts: number; type: string }> };
type OutboxJson = {
  messages: Array<{ id: string; eventId: string | null; deliveredAs: string | null; state: string }>;
};

describe("POST /webhook", () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await startTestApp();
  });
  afterEach(() => t.close());

  const events = async () => ((await (await t.admin("/api/admin/events")).json()) as EventsJson).events;
  const outbox = async () => ((await (await t.admin("/api/admin/outbox")).json()) as OutboxJson).messages;

  it("answers the console's verify call (events: []) with 200", async () => {
    const res = await t.webhook(body([]));
    expect(res.status).toBe(200);
    expect(await events()).toEqual([]);
  });

  it("400 on a signed body that is not JSON, and records nothing", async () => {
    const res = await t.webhook('{"destination": ');
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("INVALID_JSON");
    expect(await events()).toEqual([]);
  });

  it("400 on JSON that is not LINE's shape", async () => {
    for (const raw of [
      JSON.stringify({ events: [] }),
      JSON.stringify({ destination: "U1", events: [{ type: "message", timestamp: 1 }] }),
      JSON.stringify({ destination: "U1", events: "nope" }),
    ]) {
      const res = await t.webhook(raw);
      expect(res.status).toBe(400);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe("INVALID_WEBHOOK");
    }
    expect(await events()).toEqual([]);
  });

  it("413 over 1 MiB", async () => {
    const huge = body([textEvent("x".repeat(1024 * 1024))]);
    const res = await t.post(huge, { "x-line-signature": await signBody(TEST_SECRET, huge) });
    expect(res.status).toBe(413);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("PAYLOAD_TOO_LARGE");
  });

  it("records every event before answering, then processes it", async () => {
    const e = [textEvent("你好"), stickerEvent()];
    const res = await t.webhook(body(e));
    expect(await res.json()).toEqual({ received: 2, new: 2 });
    await t.settle();
    const rows = await events();
    expect(rows.map((r) => r.state).sort()).toEqual(["processed", "processed"]);
  });

  it("processes an event delivered twice, concurrently and as a redelivery, exactly once", async () => {
    const event = textEvent("hello");
    const raw = body([event]);
    const responses = await Promise.all(Array.from({ length: 8 }, () => t.webhook(raw)));
    expect(responses.every((r) => r.status === 200)).toBe(true);
    const counts = await Promise.all(responses.map(async (r) => ((await r.json()) as { new: number }).new));
    expect(counts.reduce((a, b) => a + b, 0)).toBe(1);
    await t.settle();
    const redelivered = body([{ ...event, deliveryContext: { isRedelivery: true } }]);
    expect(await (await t.webhook(redelivered)).json()).toEqual({ received: 1, new: 0 });
    await t.settle();
    const rows = await events();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ state: "processed", attempts: 1 });
    expect((await outbox()).filter((m) => m.eventId === event.webhookEventId)).toHaveLength(1);
  });

  it("processes events recorded before a crash when the app starts again", async () => {
    await t.restart({ paused: true });
    const e = [textEvent("one"), textEvent("two"), followEvent()];
    expect((await t.webhook(body(e))).status).toBe(200);
    expect((await events()).every((r) => r.state === "received")).toBe(true);
    await t.restart();
    await t.settle();
    const rows = await events();
    expect(rows).toHaveLength(3);
    expect(rows.every((r) => r.state === "processed")).toBe(true);
    expect((await outbox()).length).toBe(3);
  });

  it("sends nothing for standby events but still records and processes them", async () => {
    await t.webhook(body([textEvent("standby text", { mode: "standby" }), followEvent({ mode: "standby" })]));
    await t.settle();
    expect((await events()).every((r) => r.state === "processed")).toBe(true);
    expect(await outbox()).toEqual([]);
    const sends = (await lineRequests(t)).filter((r) => ["reply", "push", "multicast"].includes(r.endpoint));
    expect(sends).toEqual([]);
  });

  it("skips an unknown event type and keeps it", async () => {
    await t.webhook(body([unknownEvent()]));
    await t.settle();
    const [row] = await events();
    expect(row).toMatchObject({ type: "futureThing", state: "skipped" });
    expect(await outbox()).toEqual([]);
  });

  it("end to end: a follow and a message from a LINE user are answered with the reply token (free)", async () => {
    const userId = await createFriend(t);
    await say(t, userId, "隨便聊聊");
    const replies = await lineRequests(t, "reply");
    expect(replies).toHaveLength(2);
    expect(replies.every((r) => r.status === 200 && r.authorization === "Bearer test-access-token")).toBe(
      true,
    );
    const log = await chatLog(t, userId);
    const out = log.filter((e) => e.direction === "out");
    expect(out.map((e) => e.via)).toEqual(["reply", "reply"]);
    expect(out[0]?.message.type).toBe("flex");
    const stats = await (await t.admin("/api/admin/outbox/stats")).json();
    expect(stats).toMatchObject({ freeMessages: 2, countedRecipients: 0 });
  });
});
