import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../../../test/harness";
import { chatLog, createFriend, lineRequests, say } from "../../../test/line-helpers";

describe("keyword rules", () => {
  let t: TestApp;
  let userId: string;
  beforeAll(async () => {
    t = await startTestApp();
    userId = await createFriend(t, "小美");
  });
  afterAll(() => t.close());

  const create = (body: unknown) => t.admin("/api/keywords", { method: "POST", body: JSON.stringify(body) });

  it("creates, lists, changes and deletes rules (admin only)", async () => {
    expect((await fetch(`${t.app.url}/api/keywords`)).status).toBe(401);
    const res = await create({
      match: "contains",
      pattern: "營業時間",
      replies: [{ type: "text", text: "每天 11:00–21:30" }],
    });
    expect(res.status).toBe(201);
    const rule = (await res.json()) as { id: string; priority: number; enabled: boolean };
    expect(rule).toMatchObject({ priority: 0, enabled: true });
    const list = (await (await t.admin("/api/keywords")).json()) as { rules: Array<{ id: string }> };
    expect(list.rules.map((r) => r.id)).toContain(rule.id);
    const patched = await t.admin(`/api/keywords/${rule.id}`, {
      method: "PATCH",
      body: JSON.stringify({ priority: 7 }),
    });
    expect(await patched.json()).toMatchObject({ id: rule.id, priority: 7, pattern: "營業時間" });
    expect(await (await t.admin(`/api/keywords/${rule.id}`)).json()).toMatchObject({
      id: rule.id,
      priority: 7,
    });
    expect((await t.admin(`/api/keywords/${rule.id}`, { method: "DELETE" })).status).toBe(204);
    expect((await t.admin(`/api/keywords/${rule.id}`)).status).toBe(404);
    expect((await t.admin(`/api/keywords/${rule.id}`, { method: "DELETE" })).status).toBe(404);
    expect((await t.admin(`/api/keywords/${rule.id}`, { method: "PATCH", body: "{}" })).status).toBe(404);
  });

  it("refuses at save what LINE would refuse at send, and dangerous regexes", async () => {
    const six = Array.from({ length: 6 }, () => ({ type: "text", text: "x" }));
    for (const body of [
      { match: "exact", pattern: "a", replies: six },
      { match: "exact", pattern: "a", replies: [{ type: "text", text: "x".repeat(5001) }] },
      { match: "exact", pattern: "a", replies: [{ type: "flex", contents: { type: "bubble" } }] },
      { match: "regex", pattern: "(a+)+$", replies: [{ type: "text", text: "x" }] },
      { match: "fuzzy", pattern: "a", replies: [{ type: "text", text: "x" }] },
      { match: "exact", pattern: " ", replies: [{ type: "text", text: "x" }] },
    ]) {
      const res = await create(body);
      expect(res.status).toBe(400);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe("VALIDATION_FAILED");
    }
    const list = (await (await t.admin("/api/keywords")).json()) as { rules: unknown[] };
    expect(list.rules).toEqual([]);
  });

  it("keeps English replies (repliesEn), checked against LINE's limits like replies", async () => {
    const ok = { match: "exact", pattern: "hours-en", replies: [{ type: "text", text: "每天營業" }] };
    // What LINE would refuse is refused in repliesEn too, naming the field; nothing is saved.
    for (const repliesEn of [
      [],
      Array.from({ length: 6 }, () => ({ type: "text", text: "x" })),
      [{ type: "text", text: "x".repeat(5001) }],
      [{ type: "flex", contents: { type: "bubble" } }],
    ]) {
      const res = await create({ ...ok, repliesEn });
      expect(res.status).toBe(400);
      const body = (await res.json()) as {
        error: { code: string; details?: { issues?: Array<{ path: string }> } };
      };
      expect(body.error.code).toBe("VALIDATION_FAILED");
      expect(JSON.stringify(body.error.details)).toContain("repliesEn");
    }
    expect(((await (await t.admin("/api/keywords")).json()) as { rules: unknown[] }).rules).toEqual([]);

    // Without one: null. With one: returned as saved, by create, get, list and the test route.
    const plain = (await (await create(ok)).json()) as { id: string; repliesEn: unknown };
    expect(plain.repliesEn).toBeNull();
    const english = [{ type: "text", text: "Open every day" }];
    const res = await create({ ...ok, pattern: "hours-en-2", repliesEn: english });
    expect(res.status).toBe(201);
    const rule = (await res.json()) as { id: string; repliesEn: unknown };
    expect(rule.repliesEn).toEqual(english);
    expect(await (await t.admin(`/api/keywords/${rule.id}`)).json()).toMatchObject({ repliesEn: english });
    const listed = (await (await t.admin("/api/keywords")).json()) as {
      rules: Array<{ id: string; repliesEn: unknown }>;
    };
    expect(listed.rules.find((r) => r.id === rule.id)?.repliesEn).toEqual(english);
    const tested = (await (
      await t.admin("/api/keywords/test", { method: "POST", body: JSON.stringify({ text: "hours-en-2" }) })
    ).json()) as { answer: { rule: { repliesEn: unknown } } | null };
    expect(tested.answer?.rule.repliesEn).toEqual(english);
    // A change that does not name repliesEn keeps it; null takes it away; a bad one changes nothing.
    const patch = (body: unknown) =>
      t.admin(`/api/keywords/${rule.id}`, { method: "PATCH", body: JSON.stringify(body) });
    expect(await (await patch({ priority: 3 })).json()).toMatchObject({ priority: 3, repliesEn: english });
    expect((await patch({ repliesEn: [{ type: "text", text: "" }] })).status).toBe(400);
    expect(await (await t.admin(`/api/keywords/${rule.id}`)).json()).toMatchObject({ repliesEn: english });
    expect(await (await patch({ repliesEn: null })).json()).toMatchObject({ repliesEn: null });
    for (const id of [plain.id, rule.id])
      expect((await t.admin(`/api/keywords/${id}`, { method: "DELETE" })).status).toBe(204);
  });

  it("answers a matching message with the rule's replies through the reply token, once per event", async () => {
    const res = await create({
      match: "contains",
      pattern: "運費",
      priority: 5,
      replies: [
        { type: "text", text: "{displayName} 您好，滿千免運！" },
        {
          type: "text",
          text: "門市取貨也免運。",
          quickReply: {
            items: [{ type: "action", action: { type: "message", label: "門市", text: "門市" } }],
          },
        },
      ],
    });
    const rule = (await res.json()) as { id: string };
    await t.line.control("/requests", { method: "DELETE" });
    await say(t, userId, "請問ＵＳ運費怎麼算");
    const replies = await lineRequests(t, "reply");
    expect(replies).toHaveLength(1);
    const sent = replies[0]?.body as { messages: Array<{ text: string }> } | undefined;
    expect(sent?.messages.map((m) => m.text)).toEqual(["小美 您好，滿千免運！", "門市取貨也免運。"]);
    const log = await chatLog(t, userId);
    const last = log.at(-1);
    expect(last?.via).toBe("reply");

    // The same event delivered again is not answered again.
    const events = (await (await t.admin("/api/admin/events")).json()) as {
      events: Array<{ id: string; type: string }>;
    };
    const messageEvent = events.events.find((e) => e.type === "message");
    await t.line.control("/webhook/redeliver", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ eventId: messageEvent?.id }),
    });
    await t.settle();
    expect(await lineRequests(t, "reply")).toHaveLength(1);

    const test = await t.admin("/api/keywords/test", {
      method: "POST",
      body: JSON.stringify({ text: "運費？" }),
    });
    expect(await test.json()).toMatchObject({
      normalizedText: "運費?",
      answer: { rule: { id: rule.id }, span: [0, 2] },
    });
  });

  it("a disabled rule does not answer; higher priority wins", async () => {
    await create({
      match: "contains",
      pattern: "退貨",
      priority: 1,
      replies: [{ type: "text", text: "low" }],
    });
    const high = (await (
      await create({
        match: "prefix",
        pattern: "退貨",
        priority: 9,
        replies: [{ type: "text", text: "high" }],
      })
    ).json()) as {
      id: string;
    };
    const test = async (text: string) =>
      (
        (await (
          await t.admin("/api/keywords/test", { method: "POST", body: JSON.stringify({ text }) })
        ).json()) as {
          answer: { rule: { replies: Array<{ text: string }> } } | null;
        }
      ).answer?.rule.replies[0]?.text;
    expect(await test("退貨流程")).toBe("high");
    await t.admin(`/api/keywords/${high.id}`, { method: "PATCH", body: JSON.stringify({ enabled: false }) });
    expect(await test("退貨流程")).toBe("low");
    expect(await test("沒有關鍵字")).toBeUndefined();
  });
});
