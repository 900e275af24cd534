import { afterEach, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../../test/harness";
import {
  addHoursRule,
  everyoneAsks,
  lagPercentile,
  makeFriends,
  outage,
  stats,
  waitForAll,
} from "../../test/outage";

const CUSTOMERS = 200;

/**
 * The outages of outbox-outage.test.ts in wall-clock time: nothing moves time or sweeps by hand,
 * the host's own wake-ups send every retry (bounded waits on the emulator's events, no sleeps).
 */
describe("LINE outage, real time (the host's own retry timers)", () => {
  let t: TestApp;
  afterEach(() => t.close());

  const realScenario = async (f: Record<string, unknown>, outageMs: number) => {
    t = await startTestApp({ realTime: true, random: Math.random });
    await addHoursRule(t);
    const users = await makeFriends(t, CUSTOMERS);
    const recoveredAt = await outage(t, f, outageMs);
    await everyoneAsks(t, users);
    const d = await waitForAll(t, users, outageMs + 40_000);
    const missed = users.filter((u) => (d.counts.get(u) ?? 0) === 0);
    const twice = users.filter((u) => (d.counts.get(u) ?? 0) > 1);
    expect({ missed: missed.length, twice: twice.length }).toEqual({ missed: 0, twice: 0 });
    expect(lagPercentile(d, recoveredAt, 90)).toBeLessThanOrEqual(15_000);
    await t.settle();
    return stats(t);
  };

  it("500 for 60 s: every customer answered once, p90 within 15 s of recovery", {
    timeout: 180_000,
  }, async () => {
    const s = await realScenario({ status: 500 }, 60_000);
    // Every answer (and any follow greeting caught in the outage) pushed after an unknown reply.
    expect(s.uncertainReplies.pushed).toBeGreaterThanOrEqual(CUSTOMERS);
    expect(s.byState.failed).toBe(0);
  });

  it("429 for 10 s: the replies go out free once LINE lets them through", { timeout: 120_000 }, async () => {
    const s = await realScenario({ status: 429 }, 10_000);
    expect(s.freeMessages).toBeGreaterThanOrEqual(CUSTOMERS);
    expect(s.countedRecipients).toBe(0);
  });

  it("503 for 10 s: the replies are retried with their tokens, not pushed", {
    timeout: 120_000,
  }, async () => {
    const s = await realScenario({ status: 503 }, 10_000);
    expect(s.countedRecipients).toBe(0);
    expect(s.uncertainReplies).toEqual({ tokenUsed: 0, pushed: 0 });
  });
});
