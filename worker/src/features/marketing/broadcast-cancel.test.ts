/**
 * Cancelling. The app runs paused (its background runner takes no job), so the test itself
 * decides which chunk the outbox has tried, which is in flight and which was never touched when
 * the cancel comes: the untouched one is withdrawn, the other two finish.
 */
import { sql } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { broadcastApi } from "../../../test/broadcast-api";
import { received, roles, seedAudience, tagged } from "../../../test/broadcast-kit";
import { startTestApp, type TestApp } from "../../../test/harness";
import { fault } from "../../../test/line-helpers";
import { outboxStats, sendOutboxMessages } from "../../line/outbox";
import { chunkOutboxId } from "./broadcast-plan";

describe("cancelling a broadcast", () => {
  let t: TestApp;
  afterEach(() => t.close());

  it("draft or scheduled: cancelled at once; sending: chunks never tried are withdrawn, those tried or in flight finish", async () => {
    t = await startTestApp({ paused: true });
    const api = broadcastApi(t);
    const db = t.app.deps.db;
    const state = t.line.emulator.state;

    const draft = await api.create({ rule: tagged("無") });
    expect((await api.post(`/api/broadcasts/${draft.id}/cancel`)).body).toMatchObject({ state: "cancelled" });
    expect((await api.post(`/api/broadcasts/${draft.id}/cancel`)).status).toBe(409);
    expect((await api.send(draft.id)).status).toBe(409);
    const later = await api.create({ rule: tagged("無"), scheduledAt: "2026-11-24T06:00:00.000Z" });
    expect((await api.send(later.id)).body).toMatchObject({ state: "scheduled" });
    expect((await api.post(`/api/broadcasts/${later.id}/cancel`)).body).toMatchObject({ state: "cancelled" });
    t.clock.set("2026-11-24T06:00:00.000Z");
    await t.app.sweep();
    expect(await api.view(later.id)).toMatchObject({ state: "cancelled", startedAt: null });
    t.clock.set("2026-11-24T02:00:00.000Z");

    const audience = await seedAudience(db, state, { n: 1234, tag: "取消" });
    const b = await api.create({ rule: tagged("取消"), holdoutPercent: 0 });
    expect((await api.send(b.id)).body).toMatchObject({ state: "sending", chunks: { total: 3, queued: 3 } });
    const [c0, c1, c2] = [0, 1, 2].map((k) => chunkOutboxId(b.id, k)) as [string, string, string];

    // Chunk 0 was tried and LINE answered 500: it may have landed, so it is retried, not withdrawn.
    await fault(t, { endpoint: "multicast", status: 500, times: 1 });
    await sendOutboxMessages(t.app.deps, [c0]);
    // Chunk 1 is in flight: LINE takes its time answering.
    await fault(t, { endpoint: "multicast", delayMs: 300, times: 1 });
    const inFlight = sendOutboxMessages(t.app.deps, [c1]);
    await until(
      async () => (await api.view(b.id)).chunks,
      (c) => (c as { sending: number }).sending === 1,
    );

    const cancelled = await api.post(`/api/broadcasts/${b.id}/cancel`);
    expect(cancelled.status).toBe(200);
    expect(cancelled.body).toMatchObject({
      state: "cancelled",
      cancelledAt: t.clock.now().toISOString(),
      finishedAt: null,
      cancelledRecipients: 234,
      chunks: { total: 3, retrying: 1, sending: 1, cancelled: 1 },
    });
    expect((await api.send(b.id)).status).toBe(409);
    expect((await api.post(`/api/broadcasts/${b.id}/cancel`)).status).toBe(409);

    await inFlight;
    t.clock.advance(5_000);
    await t.app.sweep(); // chunk 0 retried under its key; chunk 2 is no longer anyone's to send
    const done = await api.view(b.id);
    expect(done).toMatchObject({
      state: "cancelled",
      sent: 1000,
      cancelledRecipients: 234,
      chunks: { sent: 2, cancelled: 1, queued: 0, sending: 0 },
    });
    expect(done.finishedAt).toBe(t.clock.now().toISOString());
    const got = received(state, audience, "multicast");
    expect(got.slice(0, 1000)).toEqual(got.slice(0, 1000).map(() => 1));
    expect(got.slice(1000)).toEqual(got.slice(1000).map(() => 0));
    expect((await outboxStats(db)).byState).toMatchObject({ cancelled: 1, queued: 0, sending: 0 });
    expect((await roles(db, b.id)).get(audience[1233]?.id ?? "")).toBe("recipient");
    // …but not in a chunk: the broadcast was never sent to them (the results leave them out).
    const unsent = await db.all<{ n: number }>(
      sql`SELECT count(*) AS n FROM broadcast_members WHERE broadcast_id = ${b.id} AND chunk IS NULL`,
    );
    expect(unsent).toEqual([{ n: 234 }]);
    // The withdrawn chunk's members were never sent it: with a cap of one a week, only they are
    // sent the next one.
    await api.settings({ frequencyCap: { messages: 1, days: 7 } });
    const next = await api.create({ rule: tagged("取消"), holdoutPercent: 0 });
    expect((await api.send(next.id)).body).toMatchObject({ capped: 1000, recipients: 234 });
    const withdrawn = (await (await t.admin("/api/admin/outbox?state=cancelled")).json()) as {
      messages: Array<{ id: string; attempts: number; recipientCount: number }>;
    };
    expect(withdrawn.messages).toEqual([
      expect.objectContaining({ id: c2, attempts: 0, recipientCount: 234 }),
    ]);
  });
});

/** Re-reads until `ok` holds, yielding to the event loop between reads (no timers); bounded. */
async function until<T>(read: () => Promise<T>, ok: (v: T) => boolean, tries = 2_000): Promise<T> {
  for (let i = 0; i < tries; i++) {
    const v = await read();
    if (ok(v)) return v;
    await new Promise((resolve) => setImmediate(resolve));
  }
  throw new Error("the condition never held");
}
