import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { outboxMessages } from "../../../db/schema";
import { body, textEvent } from "../../test/fixtures";
import { startTestApp, type TestApp } from "../../test/harness";
import { chatLog, createFriend, fault, lineRequests, say } from "../../test/line-helpers";
import { queueMessages } from "./outbox";

describe("outbox", () => {
  let t: TestApp;
  let userId: string;
  beforeEach(async () => {
    t = await startTestApp();
    userId = await createFriend(t);
    await t.line.control("/requests", { method: "DELETE" });
  });
  afterEach(() => t.close());

  const row = async (id: string) => {
    const [r] = await t.app.deps.db.select().from(outboxMessages).where(eq(outboxMessages.id, id));
    if (!r) throw new Error(`no outbox row ${id}`);
    return r;
  };
  const push = async (text: string) => {
    const [id] = await queueMessages(
      t.app.deps,
      [{ kind: "push", to: userId, messages: [{ type: "text", text }] }],
      {
        topic: "test",
      },
    );
    await t.settle();
    return id as string;
  };
  const later = async (ms: number) => {
    t.clock.advance(ms);
    await t.app.sweep();
    await t.settle();
  };

  it("retries a 500 with the same X-Line-Retry-Key, after a backoff", async () => {
    await fault(t, { endpoint: "push", status: 500, times: 2 });
    const id = await push("訂單已成立");
    expect(await row(id)).toMatchObject({ state: "queued", attempts: 1, lastStatus: 500 });
    await t.app.sweep(); // not due yet: nothing is sent
    expect(await lineRequests(t, "push")).toHaveLength(1);
    await later(60_000);
    await later(60_000);
    const r = await row(id);
    expect(r).toMatchObject({ state: "sent", deliveredAs: "push", countedRecipients: 1, attempts: 3 });
    const sent = await lineRequests(t, "push");
    expect(sent.map((s) => s.status)).toEqual([500, 500, 200]);
    expect(new Set(sent.map((s) => s.retryKey)).size).toBe(1);
    expect(sent[0]?.retryKey).toBe(r.retryKey);
    const delivered = (await chatLog(t, userId)).filter((e) => e.message.text === "訂單已成立");
    expect(delivered).toHaveLength(1);
  });

  it("honours Retry-After on 429 and keeps the retry key", async () => {
    await fault(t, { endpoint: "push", status: 429, retryAfterSeconds: 30 });
    const id = await push("429 test");
    const first = await row(id);
    expect(first.state).toBe("queued");
    expect(first.nextAttemptAt.getTime() - t.clock.now().getTime()).toBeGreaterThanOrEqual(30_000);
    await later(10_000);
    expect(await lineRequests(t, "push")).toHaveLength(1);
    await later(21_000);
    const sent = await lineRequests(t, "push");
    expect(sent.map((s) => s.status)).toEqual([429, 200]);
    expect(sent[0]?.retryKey).toBe(sent[1]?.retryKey);
    expect((await row(id)).state).toBe("sent");
  });

  it("counts a 409 (already accepted under this key) as sent, without a second delivery", async () => {
    await fault(t, { endpoint: "push", status: 500 });
    const id = await push("只送一次");
    const r = await row(id);
    // The earlier attempt did land at LINE under the same key (its response was lost).
    await fetch(`${t.line.url}/v2/bot/message/push`, {
      method: "POST",
      headers: {
        authorization: "Bearer test-access-token",
        "content-type": "application/json",
        "x-line-retry-key": r.retryKey,
      },
      body: JSON.stringify({ to: userId, messages: [{ type: "text", text: "只送一次" }] }),
    });
    await later(60_000);
    expect(await row(id)).toMatchObject({ state: "sent", lastStatus: 409, deliveredAs: "push" });
    expect((await chatLog(t, userId)).filter((e) => e.message.text === "只送一次")).toHaveLength(1);
  });

  it("falls back to push when the reply token has expired", async () => {
    const old = t.clock.now().getTime() - 120_000;
    await t.webhook(body([textEvent("遲到的訊息", { userId, timestamp: old })]));
    await t.settle();
    expect(await lineRequests(t, "reply")).toEqual([]);
    const pushes = await lineRequests(t, "push");
    expect(pushes).toHaveLength(1);
    expect(pushes[0]?.retryKey).toMatch(/^[0-9a-f-]{36}$/);
    const stats = await (await t.admin("/api/admin/outbox/stats")).json();
    expect(stats).toMatchObject({ countedRecipients: 1 });
  });

  it("falls back to push when LINE rejects the reply token (already used)", async () => {
    await t.webhook(
      body([
        textEvent("token used", { userId, timestamp: t.clock.now().getTime(), replyToken: "used-token" }),
      ]),
    );
    await t.settle();
    expect((await lineRequests(t, "reply")).map((r) => r.status)).toEqual([400]);
    expect((await lineRequests(t, "push")).map((r) => r.status)).toEqual([200]);
  });

  it("retries a reply that got a 500 with the same token while it is fresh, and never pushes after it", async () => {
    await fault(t, { endpoint: "reply", status: 500 });
    await say(t, userId, "第一次");
    await later(5_000);
    expect((await lineRequests(t, "reply")).map((r) => r.status)).toEqual([500, 200]);
    expect(await lineRequests(t, "push")).toEqual([]);
  });

  it("marks a 4xx as failed with LINE's reason; the admin API lists and retries it", async () => {
    await t.line.control(`/users/${userId}/block`, { method: "POST" });
    await t.settle();
    const id = await push("blocked user");
    const failed = (await (await t.admin("/api/admin/outbox?state=failed")).json()) as {
      messages: Array<{ id: string; lastStatus: number; lastError: string }>;
    };
    expect(failed.messages.map((m) => m.id)).toContain(id);
    expect(failed.messages.find((m) => m.id === id)?.lastStatus).toBe(400);
    await t.line.control(`/users/${userId}/follow`, { method: "POST" });
    await t.settle();
    const res = await t.admin(`/api/admin/outbox/${id}/retry`, { method: "POST" });
    expect(res.status).toBe(202);
    await t.settle();
    expect((await row(id)).state).toBe("sent");
    expect((await t.admin(`/api/admin/outbox/${id}/retry`, { method: "POST" })).status).toBe(409);
    expect((await t.admin("/api/admin/outbox/obx_nope/retry", { method: "POST" })).status).toBe(404);
  });

  it("splits more than five messages: five in the reply, the rest pushed", async () => {
    const { planOutbox } = await import("./outbox");
    const rows = planOutbox(
      t.app.deps,
      [
        {
          kind: "reply",
          chatId: userId,
          replyToken: "rt",
          replyTokenExpiresAt: new Date(),
          messages: Array.from({ length: 7 }, (_, i) => ({ type: "text" as const, text: String(i) })),
        },
      ],
      { topic: "t" },
    );
    expect(rows.map((r) => [r.kind, r.messages.length])).toEqual([
      ["reply", 5],
      ["push", 2],
    ]);
  });

  it("admin endpoints need the admin token", async () => {
    expect((await fetch(`${t.app.url}/api/admin/outbox`)).status).toBe(401);
    const wrong = await fetch(`${t.app.url}/api/admin/outbox`, { headers: { authorization: "Bearer nope" } });
    expect(wrong.status).toBe(401);
    expect(((await wrong.json()) as { error: { code: string } }).error.code).toBe("UNAUTHORIZED");
  });
});
