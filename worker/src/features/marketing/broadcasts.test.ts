/**
 * Broadcasts against the real app on a libSQL file and the LINE emulator: who is eligible, the
 * holdout, 500-id chunks with one retry key each (kept across a 500, a 429 and a restart), members
 * who block or withdraw before the send, the frequency cap, and what LINE received, per user.
 */
import { sql } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { broadcastApi, type Json, SALE_TEXT as TEXT } from "../../../test/broadcast-api";
import { blockOa, received, roles, seedAudience, tagged } from "../../../test/broadcast-kit";
import { startTestApp, type TestApp } from "../../../test/harness";
import { fault, lineRequests } from "../../../test/line-helpers";
import { runFor } from "../../../test/outage";

describe("broadcasts: recipients, holdout, chunks and what LINE received", () => {
  let t: TestApp;
  let api: ReturnType<typeof broadcastApi>;
  beforeEach(async () => {
    t = await startTestApp();
    api = broadcastApi(t);
  });
  afterEach(() => t.close());

  const state = () => t.line.emulator.state;

  it("fixes the recipients at creation: followers with consent in the rule, a holdout of exactly round(eligible × pct)", async () => {
    const db = t.app.deps.db;
    const audience = await seedAudience(db, state(), { n: 45, tag: "VIP" });
    const [blocked, optedOut, deleted] = audience.slice(40);
    await blockOa(db, state(), blocked as (typeof audience)[number]);
    await db.run(sql`UPDATE members SET marketing_opt_out_at = 1 WHERE id = ${optedOut?.id}`);
    await db.run(sql`UPDATE members SET deleted_at = 1 WHERE id = ${deleted?.id}`);
    // Someone outside the rule.
    await seedAudience(db, state(), { n: 5, tag: "其他", from: 100 });

    const b = await api.create({ rule: tagged("VIP"), holdoutPercent: 15 });
    // 45 tagged, 3 of them not eligible (blocked, withdrawn, deleted): 42; 42 × 15 % = 6.3 → 6.
    expect(b).toMatchObject({
      state: "draft",
      eligible: 42,
      holdout: 6,
      recipients: 36,
      countedMessages: 36,
    });
    const r = await roles(db, b.id);
    expect(r.size).toBe(42);
    expect([...r.values()].filter((x) => x === "holdout")).toHaveLength(6);
    for (const m of [blocked, optedOut, deleted]) expect(r.has(m?.id ?? "")).toBe(false);
    expect(b.quota).toEqual({
      type: "none",
      limit: null,
      used: 0,
      pending: 0,
      remaining: null,
      afterSend: null,
    });
    // Adding members to the rule later changes nothing of this broadcast.
    await seedAudience(db, state(), { n: 3, tag: "VIP", from: 200 });
    expect(await api.view(b.id)).toMatchObject({ eligible: 42, recipients: 36 });
  });

  it("1,234 recipients go in 3 multicasts of 500/500/234, each reaching its members once; the holdout gets nothing", async () => {
    const db = t.app.deps.db;
    const audience = await seedAudience(db, state(), { n: 1371, tag: "全員" });
    const b = await api.create({ rule: tagged("全員"), holdoutPercent: 10 });
    expect(b).toMatchObject({ eligible: 1371, holdout: 137, recipients: 1234 });
    const sent = await api.post(`/api/broadcasts/${b.id}/send`, {});
    expect(sent.status).toBe(202);
    expect(sent.body).toMatchObject({ state: "sending", recipients: 1234, capped: 0, excluded: 0 });
    expect(sent.body.startedAt).toBe(t.clock.now().toISOString());
    await t.settle();

    const calls = await api.multicasts();
    expect(calls.map((c) => c.to.length).sort((x, y) => y - x)).toEqual([500, 500, 234]);
    expect(new Set(calls.map((c) => c.retryKey)).size).toBe(3);
    for (const c of calls)
      expect(c.retryKey).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    const r = await roles(db, b.id);
    const recipients = audience.filter((m) => r.get(m.id) === "recipient");
    const holdout = audience.filter((m) => r.get(m.id) === "holdout");
    expect(received(state(), recipients, "multicast")).toEqual(recipients.map(() => 1));
    expect(received(state(), holdout, "multicast")).toEqual(holdout.map(() => 0));
    expect(await api.view(b.id)).toMatchObject({
      state: "sent",
      sent: 1234,
      failed: 0,
      chunks: { total: 3, sent: 3, queued: 0, failed: 0 },
      failures: [],
    });
    // Counted against the month: each recipient once.
    expect(state().quotaUsage).toBe(1234);
  });

  it("keeps each chunk's retry key across a LINE 500, a 429 and a restart; each chunk lands once", async () => {
    const db = t.app.deps.db;
    const audience = await seedAudience(db, state(), { n: 1234, tag: "重試" });
    const b = await api.create({ rule: tagged("重試"), holdoutPercent: 0 });
    await fault(t, { endpoint: "multicast", status: 500, times: 1 });
    await fault(t, { endpoint: "multicast", status: 429, retryAfterSeconds: 5, times: 1 });
    expect((await api.post(`/api/broadcasts/${b.id}/send`)).status).toBe(202);
    await t.settle();
    const first = await api.multicasts();
    expect(first.map((c) => c.status)).toEqual(expect.arrayContaining([500, 429]));
    // The 429's chunk waits out LINE's Retry-After (5 s), under the key it was tried with.
    expect((await api.view(b.id)).chunks).toMatchObject({ total: 3, retrying: 1 });

    // The app stops (a deploy, a crash) and comes back on the same database; then time passes.
    await t.restart();
    await runFor(t, 10_000);
    const calls = await api.multicasts();
    const byKey = new Map<string, typeof calls>();
    for (const c of calls) byKey.set(c.retryKey ?? "", [...(byKey.get(c.retryKey ?? "") ?? []), c]);
    expect(byKey.size).toBe(3);
    for (const tries of byKey.values()) {
      // Every try of a chunk carried the same recipients under the same key; one was accepted.
      expect(new Set(tries.map((c) => c.to.join())).size).toBe(1);
      expect(tries.filter((c) => c.status === 200)).toHaveLength(1);
    }
    expect([...byKey.values()].map((tries) => tries.length).sort()).toEqual([1, 2, 2]);
    expect(received(state(), audience, "multicast")).toEqual(audience.map(() => 1));
    expect(await api.view(b.id)).toMatchObject({ state: "sent", sent: 1234 });
  });

  it("leaves out who blocked the OA or withdrew consent after creation (excluded, reported), keeps who came back", async () => {
    const db = t.app.deps.db;
    const audience = await seedAudience(db, state(), { n: 10, tag: "會員" });
    const [blocks, withdraws, comesBack] = audience as [
      (typeof audience)[0],
      (typeof audience)[0],
      (typeof audience)[0],
    ];
    const b = await api.create({ rule: tagged("會員"), holdoutPercent: 0 });
    expect(b).toMatchObject({ eligible: 10, recipients: 10 });

    // As LINE tells it (an unfollow webhook) and as the member does it (the LIFF profile page).
    const control = (path: string) => t.line.control(path, { method: "POST" });
    expect((await control(`/users/${blocks.userId}/block`)).status).toBe(202);
    expect((await control(`/users/${comesBack.userId}/block`)).status).toBe(202);
    expect((await control(`/users/${comesBack.userId}/follow`)).status).toBe(202);
    const token = await t.line.emulator.issueIdToken(withdraws.userId);
    const res = await fetch(`${t.app.url}/api/me/consent/withdraw`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}` },
    });
    expect(res.status).toBe(200);
    await t.settle();

    const sent = await api.post(`/api/broadcasts/${b.id}/send`);
    expect(sent.body).toMatchObject({
      state: "sending",
      recipients: 8,
      excluded: 2,
      capped: 0,
      eligible: 10,
    });
    await t.settle();
    const [call] = await api.multicasts();
    expect(call?.to).toHaveLength(8);
    expect(call?.to).not.toContain(blocks.userId);
    expect(call?.to).not.toContain(withdraws.userId);
    expect(call?.to).toContain(comesBack.userId);
    expect(received(state(), [blocks, withdraws, comesBack], "multicast")).toEqual([0, 0, 1]);
    const r = await roles(db, b.id);
    expect([r.get(blocks.id), r.get(withdraws.id), r.get(comesBack.id)]).toEqual([
      "excluded",
      "excluded",
      "recipient",
    ]);
    expect(await api.view(b.id)).toMatchObject({ state: "sent", sent: 8, excluded: 2 });
  });

  it("a text naming the member goes by push, one per recipient, filled with each one's names (JSON-safe)", async () => {
    const db = t.app.deps.db;
    const names = ['阿"明\\', "Ada", "小美"];
    const audience = await seedAudience(db, state(), {
      n: 3,
      tag: "個人",
      displayName: (i) => names[i] ?? "",
    });
    await db.run(sql`UPDATE members SET name = '林怡君' WHERE id = ${audience[2]?.id}`);
    const b = await api.create({
      rule: tagged("個人"),
      holdoutPercent: 0,
      messages: [{ type: "text", text: "{displayName} 您好！{name}，{brand} 送您生日禮 🎁" }, TEXT],
    });
    expect(b).toMatchObject({ delivery: "push", recipients: 3, countedMessages: 3 });
    await api.post(`/api/broadcasts/${b.id}/send`);
    await t.settle();
    const pushes = await lineRequests(t, "push");
    expect(pushes).toHaveLength(3);
    expect(new Set(pushes.map((p) => p.retryKey)).size).toBe(3);
    const textTo = new Map(
      pushes.map((p) => {
        const body = p.body as { to: string; messages: Array<{ text: string }> };
        return [body.to, body.messages[0]?.text];
      }),
    );
    expect(audience.map((m) => textTo.get(m.userId))).toEqual([
      `${names[0]} 您好！${names[0]}，OMO Demo 送您生日禮 🎁`,
      "Ada 您好！Ada，OMO Demo 送您生日禮 🎁",
      "小美 您好！林怡君，OMO Demo 送您生日禮 🎁",
    ]);
    expect(received(state(), audience, "push")).toEqual([1, 1, 1]);
    expect(state().quotaUsage).toBe(3);
    expect(await api.view(b.id)).toMatchObject({ state: "sent", sent: 3, chunks: { total: 3, sent: 3 } });
  });

  it("the request that starts a send hands the outbox 100 chunks; the sweep it asks for sends the rest", async () => {
    const audience = await seedAudience(t.app.deps.db, state(), { n: 150, tag: "多" });
    const b = await api.create({
      rule: tagged("多"),
      holdoutPercent: 0,
      messages: [{ type: "text", text: "{displayName}，感謝支持" }],
    });
    await api.post(`/api/broadcasts/${b.id}/send`);
    await t.settle();
    expect(await lineRequests(t, "push")).toHaveLength(100);
    await t.app.sweep();
    await t.settle();
    expect(received(state(), audience, "push")).toEqual(audience.map(() => 1));
    expect(await api.view(b.id)).toMatchObject({ state: "sent", sent: 150 });
  });

  it("refuses at creation what LINE would refuse, and variables outside a text", async () => {
    await seedAudience(t.app.deps.db, state(), { n: 2, tag: "驗證" });
    const cases: Array<[Json, string]> = [
      [{ messages: [{ type: "text", text: "x".repeat(5001) }] }, "messages"],
      [{ messages: [{ type: "text", text: `${"x".repeat(4980)}{displayName}` }] }, "messages"],
      [{ messages: [TEXT, TEXT, TEXT, TEXT, TEXT], couponTemplateId: "tpl_x" }, "messages"],
      [
        {
          messages: [
            {
              type: "image",
              originalContentUrl: "https://x.test/{name}.jpg",
              previewImageUrl: "https://x.test/a.jpg",
            },
          ],
        },
        "messages",
      ],
      [{ aggregationUnit: "spring-sale" }, "aggregationUnit"],
      [{ holdoutPercent: 51 }, "holdoutPercent"],
      [{ segmentId: "seg_x" }, "segmentId"],
    ];
    for (const [extra, field] of cases) {
      const res = await api.post("/api/broadcasts", {
        name: "x",
        messages: [TEXT],
        rule: tagged("驗證"),
        ...extra,
      });
      expect(res.status, JSON.stringify(extra).slice(0, 80)).toBe(400);
      const error = res.body.error as { code: string; details: { issues: Array<{ path: string }> } };
      expect(error.code).toBe("VALIDATION_FAILED");
      expect(error.details.issues[0]?.path).toMatch(new RegExp(`^${field}`));
    }
    expect(
      (await api.post("/api/broadcasts", { name: "x", messages: [TEXT], segmentId: "seg_none" })).status,
    ).toBe(404);
    expect(
      (
        await api.post("/api/broadcasts", {
          name: "x",
          messages: [TEXT],
          rule: tagged("驗證"),
          couponTemplateId: "tpl_none",
        })
      ).status,
    ).toBe(404);
    const none = await t.app.deps.db.all(sql`SELECT id FROM broadcasts`);
    expect(none).toEqual([]);
  });
});
