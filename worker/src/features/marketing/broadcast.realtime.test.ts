/**
 * In wall-clock time, with the host's own retry timers (nothing moves time or sweeps by hand):
 * LINE answers a chunk's multicast 500, the outbox retries it under the same retry key, and every
 * recipient gets the broadcast exactly once. Bounded waits on the emulator's events, no sleeps.
 */
import { afterEach, describe, expect, it } from "vitest";
import { broadcastApi } from "../../../test/broadcast-api";
import { type AudienceMember, received, seedAudience, tagged } from "../../../test/broadcast-kit";
import { startTestApp, type TestApp } from "../../../test/harness";
import { fault } from "../../../test/line-helpers";

describe("broadcast in real time", () => {
  let t: TestApp;
  afterEach(() => t.close());

  it("a LINE 500 on a chunk is retried under its key and delivered once", { timeout: 60_000 }, async () => {
    t = await startTestApp({ realTime: true, random: Math.random });
    const api = broadcastApi(t);
    await api.settings({ quietHours: null, frequencyCap: null });
    const audience = await seedAudience(t.app.deps.db, t.line.emulator.state, { n: 700, tag: "即時" });
    const b = await api.create({ rule: tagged("即時"), holdoutPercent: 0 });
    await fault(t, { endpoint: "multicast", status: 500, times: 1 });
    expect((await api.send(b.id)).status).toBe(202);
    await everyoneReceived(t, audience, 30_000);
    await t.settle();

    expect(received(t.line.emulator.state, audience, "multicast")).toEqual(audience.map(() => 1));
    const calls = await api.multicasts();
    const failed = calls.find((c) => c.status === 500);
    expect(failed).toBeDefined();
    const retried = calls.filter((c) => c.retryKey === failed?.retryKey);
    expect(retried.map((c) => c.status)).toEqual([500, 200]);
    expect(retried[1]?.to).toEqual(failed?.to);
    expect(await api.view(b.id)).toMatchObject({ state: "sent", sent: 700, chunks: { total: 2, sent: 2 } });
  });
});

/** Resolves once every member has had a multicast (the emulator says so as it logs), or throws after `limitMs`. */
function everyoneReceived(t: TestApp, members: AudienceMember[], limitMs: number): Promise<void> {
  const state = t.line.emulator.state;
  const done = () => received(state, members, "multicast").every((n) => n > 0);
  if (done()) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`not everyone received it within ${limitMs} ms`));
    }, limitMs);
    const off = t.line.emulator.on((e) => {
      if (e.type !== "entry" || e.entry.via !== "multicast" || !done()) return;
      clearTimeout(timer);
      off();
      resolve();
    });
  });
}
