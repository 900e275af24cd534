/**
 * When and whether a broadcast goes, on the manual clock: the frequency cap over a rolling week,
 * quiet hours at their edges (21:00 and 09:00 brand time) and a scheduled send waiting them out,
 * the month's quota (refused, then confirmed; read again when a scheduled send is due), a test send, and customAggregationUnits only with
 * the setting on.
 */
import { sql } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { broadcastApi, type Json } from "../../../test/broadcast-api";
import { received, roles, seedAudience, tagged } from "../../../test/broadcast-kit";
import { startTestApp, type TestApp } from "../../../test/harness";
import { fault, lineRequests } from "../../../test/line-helpers";

const DAY = 86_400_000;

describe("sending broadcasts: cap, quiet hours, schedule, quota, test send, unit statistics", () => {
  let t: TestApp;
  afterEach(() => t.close());
  const start = async (env: Record<string, string> = {}) => {
    t = await startTestApp({ env });
    return broadcastApi(t);
  };
  const state = () => t.line.emulator.state;
  const setQuota = (q: Json) =>
    t.line.control("/quota", {
      method: "PUT",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(q),
    });

  it("frequency cap: a member reached by 2 broadcasts in the last 7 days is capped (reported), others still get it", async () => {
    const api = await start();
    const db = t.app.deps.db;
    const audience = await seedAudience(db, state(), { n: 4, tag: "常客" });
    for (const m of audience.slice(0, 3))
      await db.run(sql`INSERT INTO member_tags VALUES (${m.id}, '前三', 'admin', 0)`);
    const sendTo = async (tag: string) => {
      const b = await api.create({ rule: tagged(tag), holdoutPercent: 0 });
      const res = await api.send(b.id);
      expect(res.status).toBe(202);
      await t.settle();
      return res.body;
    };
    expect(await sendTo("常客")).toMatchObject({ recipients: 4, capped: 0 }); // day 0: everyone
    t.clock.advance(3 * DAY);
    expect(await sendTo("前三")).toMatchObject({ recipients: 3, capped: 0 }); // day 3: three of them
    t.clock.advance(3 * DAY);
    // Day 6: the three have had 2 this week, the fourth 1.
    const third = await sendTo("常客");
    expect(third).toMatchObject({ eligible: 4, recipients: 1, capped: 3, excluded: 0 });
    const r = await roles(db, third.id as string);
    expect(audience.map((m) => r.get(m.id))).toEqual(["capped", "capped", "capped", "recipient"]);
    expect(received(state(), audience, "multicast")).toEqual([2, 2, 2, 2]);
    // Day 7 and a minute: day 0's broadcast has left the window.
    t.clock.advance(DAY + 60_000);
    expect(await sendTo("前三")).toMatchObject({ recipients: 3, capped: 0 });
    expect(received(state(), audience, "multicast")).toEqual([3, 3, 3, 2]);
  });

  it("a whole audience capped is sent to nobody and done at once", async () => {
    const api = await start();
    await api.settings({ frequencyCap: { messages: 1, days: 7 } });
    await seedAudience(t.app.deps.db, state(), { n: 2, tag: "滿" });
    const first = await api.create({ rule: tagged("滿"), holdoutPercent: 0 });
    await api.send(first.id);
    await t.settle();
    const second = await api.create({ rule: tagged("滿"), holdoutPercent: 0 });
    const res = await api.send(second.id);
    expect(res.body).toMatchObject({ state: "sent", recipients: 0, capped: 2, chunks: { total: 0 } });
    expect(await api.multicasts()).toHaveLength(1);
  });

  it("quiet hours 21:00–09:00 Taipei: a send at 20:59:59 or 09:00 goes now; at 21:00 or 08:59:59 it waits until 09:00", async () => {
    const api = await start();
    const audience = await seedAudience(t.app.deps.db, state(), { n: 1, tag: "夜" });
    await api.settings({ frequencyCap: null });
    const sendAt = async (iso: string) => {
      t.clock.set(iso);
      const b = await api.create({ rule: tagged("夜"), holdoutPercent: 0 });
      return (await api.send(b.id)).body;
    };
    expect(await sendAt("2026-11-24T12:59:59.000Z")).toMatchObject({ state: "sending" }); // 20:59:59
    const at21 = await sendAt("2026-11-24T13:00:00.000Z"); // 21:00:00
    expect(at21).toMatchObject({ state: "scheduled", startsAt: "2026-11-25T01:00:00.000Z", startedAt: null });
    const at0859 = await sendAt("2026-11-25T00:59:59.000Z"); // 08:59:59 the next morning
    expect(at0859).toMatchObject({ state: "scheduled", startsAt: "2026-11-25T01:00:00.000Z" });
    await t.app.sweep();
    await t.settle();
    expect(received(state(), audience, "multicast")).toEqual([1]);
    // 09:00:00: the two waiting ones start, and one asked for now goes at once.
    t.clock.set("2026-11-25T01:00:00.000Z");
    await t.app.sweep();
    await t.settle();
    expect(await api.view(at21.id as string)).toMatchObject({
      state: "sent",
      startedAt: "2026-11-25T01:00:00.000Z",
    });
    expect(await api.view(at0859.id as string)).toMatchObject({ state: "sent" });
    expect(await sendAt("2026-11-25T01:00:00.000Z")).toMatchObject({ state: "sending" });
    await t.settle();
    expect(received(state(), audience, "multicast")).toEqual([4]);
  });

  it("a scheduled send waits for its time, and out of quiet hours; the quiet hours are a setting", async () => {
    const api = await start();
    const audience = await seedAudience(t.app.deps.db, state(), { n: 2, tag: "排程" });
    await api.settings({ frequencyCap: null });
    // Now is 10:00 Taipei. Asked for 12:00.
    const noon = await api.create({
      rule: tagged("排程"),
      holdoutPercent: 0,
      scheduledAt: "2026-11-24T12:00:00+08:00",
    });
    expect((await api.send(noon.id)).body).toMatchObject({
      state: "scheduled",
      scheduledAt: "2026-11-24T04:00:00.000Z",
      startsAt: "2026-11-24T04:00:00.000Z",
    });
    // Asked for 22:30: inside the quiet hours, so 09:00 the next day.
    const late = await api.create({
      rule: tagged("排程"),
      holdoutPercent: 0,
      scheduledAt: "2026-11-24T14:30:00.000Z",
    });
    expect((await api.send(late.id)).body).toMatchObject({
      state: "scheduled",
      startsAt: "2026-11-25T01:00:00.000Z",
    });
    t.clock.set("2026-11-24T03:59:59.000Z");
    await t.app.sweep();
    expect(await api.multicasts()).toHaveLength(0);
    t.clock.set("2026-11-24T04:00:30.000Z");
    await t.app.sweep();
    await t.settle();
    expect(await api.view(noon.id)).toMatchObject({
      state: "sent",
      sent: 2,
      startedAt: "2026-11-24T04:00:30.000Z",
    });
    expect(await api.view(late.id)).toMatchObject({ state: "scheduled" });

    // Due at 20:30, but the sweep only comes at 21:05 (a host down, a late cron): it waits till 09:00.
    const evening = await api.create({
      rule: tagged("排程"),
      holdoutPercent: 0,
      scheduledAt: "2026-11-24T12:30:00.000Z",
    });
    await api.send(evening.id);
    t.clock.set("2026-11-24T13:05:00.000Z");
    await t.app.sweep();
    expect(await api.view(evening.id)).toMatchObject({
      state: "scheduled",
      startsAt: "2026-11-25T01:00:00.000Z",
    });

    // Without quiet hours, 22:00 is as good as any time.
    await api.settings({ quietHours: null, frequencyCap: null });
    t.clock.set("2026-11-24T14:00:00.000Z");
    const now = await api.create({ rule: tagged("排程"), holdoutPercent: 0 });
    expect((await api.send(now.id)).body).toMatchObject({ state: "sending" });
    await t.settle();
    expect(received(state(), audience, "multicast")).toEqual([2, 2]);
  });

  it("over the month's quota: refused with OVER_QUOTA (nothing changes) unless confirmed; LINE then refuses past its limit", async () => {
    const api = await start();
    await setQuota({ type: "limited", value: 10, totalUsage: 5 });
    await seedAudience(t.app.deps.db, state(), { n: 6, tag: "額度" });
    const b = await api.create({ rule: tagged("額度"), holdoutPercent: 0 });
    expect(b.quota).toEqual({ type: "limited", limit: 10, used: 5, pending: 0, remaining: 5, afterSend: -1 });
    const refused = await api.send(b.id);
    expect(refused.status).toBe(422);
    expect((refused.body.error as Json).details).toMatchObject({
      reason: "OVER_QUOTA",
      countedMessages: 6,
      remaining: 5,
      limit: 10,
    });
    expect(await api.view(b.id)).toMatchObject({ state: "draft", startsAt: null });
    expect(await api.multicasts()).toHaveLength(0);

    const confirmed = await api.send(b.id, { confirmOverQuota: true });
    expect(confirmed.status).toBe(202);
    expect(confirmed.body.overQuotaConfirmedAt).toBe(t.clock.now().toISOString());
    await t.settle();
    // LINE's 429 "monthly limit" is not retried: the chunk fails with LINE's reason.
    const after = await api.view(b.id);
    expect(after).toMatchObject({ state: "failed", sent: 0, failed: 6, chunks: { failed: 1 } });
    expect(after.failures).toEqual([
      {
        chunk: 0,
        size: 6,
        status: 429,
        reason: expect.stringContaining("You have reached your monthly limit."),
      },
    ]);

    // Within the quota, no confirmation is needed.
    await setQuota({ type: "limited", value: 100, totalUsage: 5 });
    const fits = await api.create({ rule: tagged("額度"), holdoutPercent: 0 });
    expect((await api.send(fits.id)).status).toBe(202);
  });

  it("a scheduled send is checked against the quota again when due: short now, it goes back to draft saying why, unless it was confirmed", async () => {
    const api = await start();
    await api.settings({ quietHours: null, frequencyCap: null });
    await setQuota({ type: "limited", value: 10, totalUsage: 5 });
    const audience = await seedAudience(t.app.deps.db, state(), { n: 4, tag: "月底" });
    const at = "2026-11-24T12:00:00+08:00";
    const b = await api.create({ rule: tagged("月底"), holdoutPercent: 0, scheduledAt: at });
    expect((await api.send(b.id)).body).toMatchObject({ state: "scheduled", heldBack: null });
    const confirmed = await api.create({ rule: tagged("月底"), holdoutPercent: 0, scheduledAt: at });
    await api.send(confirmed.id, { confirmOverQuota: true });
    // Meanwhile the month is used up but for 2.
    await setQuota({ type: "limited", value: 10, totalUsage: 8 });
    t.clock.set("2026-11-24T04:00:00.000Z");
    await t.app.sweep();
    await t.settle();
    expect(await api.view(b.id)).toMatchObject({
      state: "draft",
      startsAt: null,
      startedAt: null,
      heldBack: { reason: "OVER_QUOTA", at: "2026-11-24T04:00:00.000Z", countedMessages: 4, remaining: 2 },
    });
    // The confirmed one went (and LINE refused what went past its limit).
    expect(await api.view(confirmed.id)).toMatchObject({ state: "failed", heldBack: null });
    expect(await api.multicasts()).toHaveLength(1);

    // Sent again it asks for the confirmation; with a new month it goes, and the hold is gone.
    expect((await api.send(b.id)).status).toBe(422);
    await setQuota({ type: "limited", value: 100, totalUsage: 0 });
    expect((await api.send(b.id)).body).toMatchObject({ state: "sending", heldBack: null });
    await t.settle();
    expect(await api.view(b.id)).toMatchObject({ state: "sent", sent: 4 });
    expect(received(state(), audience, "multicast")).toEqual([1, 1, 1, 1]);
  });

  it("LINE's quota cannot be read: the send asks for confirmation (QUOTA_UNKNOWN)", async () => {
    const api = await start();
    await seedAudience(t.app.deps.db, state(), { n: 1, tag: "未知" });
    const b = await api.create({ rule: tagged("未知"), holdoutPercent: 0 });
    await fault(t, { endpoint: "quota", status: 500, times: 2 });
    const res = await api.send(b.id);
    expect(res.status).toBe(422);
    expect((res.body.error as Json).details).toMatchObject({ reason: "QUOTA_UNKNOWN" });
    expect((await api.send(b.id, { confirmOverQuota: true })).status).toBe(202);
  });

  it("a test send pushes the messages to one follower (counted), before and apart from the real send", async () => {
    const api = await start();
    const [me, other] = await seedAudience(t.app.deps.db, state(), { n: 2, tag: "測試" });
    const b = await api.create({
      rule: tagged("測試"),
      holdoutPercent: 0,
      messages: [{ type: "text", text: "{displayName}，{brand} 新品到貨" }],
    });
    const res = await api.post(`/api/broadcasts/${b.id}/test`, { lineUserId: me?.userId });
    expect(res.status).toBe(202);
    expect(res.body).toEqual({ outboxId: expect.any(String), lineUserId: me?.userId });
    await t.settle();
    const [push] = await lineRequests(t, "push");
    expect(push?.body).toEqual({
      to: me?.userId,
      messages: [{ type: "text", text: "客人0，OMO Demo 新品到貨" }],
    });
    expect(state().quotaUsage).toBe(1);
    expect(await api.view(b.id)).toMatchObject({ state: "draft", sent: 0 });
    expect(
      received(
        state(),
        [me, other].map((m) => m as NonNullable<typeof m>),
        "push",
      ),
    ).toEqual([1, 0]);

    const stranger = await api.post(`/api/broadcasts/${b.id}/test`, { lineUserId: `U${"e".repeat(32)}` });
    expect(stranger.status).toBe(422);
    expect((stranger.body.error as Json).details).toMatchObject({ reason: "NOT_FOLLOWING" });
    expect((await api.post("/api/broadcasts/brd_none/test", { lineUserId: me?.userId })).status).toBe(404);
  });

  it("customAggregationUnits go with the multicast only while LINE unit statistics are on", async () => {
    const api = await start();
    await api.settings({ frequencyCap: null });
    await seedAudience(t.app.deps.db, state(), { n: 2, tag: "統計" });
    const go = async (extra: Json = {}) => {
      const b = await api.create({ rule: tagged("統計"), holdoutPercent: 0, ...extra });
      await api.send(b.id);
      await t.settle();
      return b.id;
    };
    await go({ aggregationUnit: "nov_sale" });
    expect((await api.settings({ frequencyCap: null, unitStatistics: true })).body).toMatchObject({
      unitStatistics: true,
      unitStatisticsOn: true,
    });
    await go({ aggregationUnit: "nov_sale" });
    const own = await go();
    const bodies = (await api.multicasts()).map((m) => m.body.customAggregationUnits);
    expect(bodies).toEqual([undefined, ["nov_sale"], [own]]);
    const units = (await (await t.line.control("/aggregation-units")).json()) as Json;
    expect(units.units).toEqual([
      { name: "nov_sale", requests: 1, recipients: 2 },
      { name: own, requests: 1, recipients: 2 },
    ]);
  });

  it("LINE_UNIT_STATISTICS=true turns unit statistics on until the setting says otherwise", async () => {
    const api = await start({ LINE_UNIT_STATISTICS: "true" });
    const get = async () => (await (await t.admin("/api/broadcast-settings")).json()) as Json;
    expect(await get()).toMatchObject({ unitStatistics: null, unitStatisticsOn: true });
    await api.settings({ unitStatistics: false });
    expect(await get()).toMatchObject({ unitStatistics: false, unitStatisticsOn: false });
  });
});
