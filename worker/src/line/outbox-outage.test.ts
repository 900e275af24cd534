import { eq } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { outboxMessages } from "../../../db/schema";
import { rng } from "../../../scripts/bench/rng";
import { startTestApp, type TestApp } from "../../test/harness";
import {
  ANSWER,
  addHoursRule,
  deliveries,
  everyoneAsks,
  lagPercentile,
  makeFriends,
  outage,
  runFor,
  stats,
} from "../../test/outage";

const CUSTOMERS = 200;

/**
 * LINE outages, played by the emulator (single-use reply tokens, retry keys answered 409):
 * every customer who asked during the outage gets the answer exactly once, and soon after LINE
 * recovers. The manual clock runs long outages in a blink; the real-time cases let the host's
 * own retry timers fire (bounded waits, no sleeps).
 */
describe("LINE outage, manual clock", () => {
  let t: TestApp;
  afterEach(() => t.close());

  const scenario = async (
    f: Record<string, unknown>,
    opts: { env?: Record<string, string>; outageMs?: number; customers?: number } = {},
  ) => {
    const outageMs = opts.outageMs ?? 60_000;
    t = await startTestApp({ random: rng(7), env: opts.env ?? {} });
    await addHoursRule(t);
    const users = await makeFriends(t, opts.customers ?? CUSTOMERS);
    const recoveredAt = await outage(t, f, outageMs);
    await everyoneAsks(t, users);
    await t.settle();
    await runFor(t, outageMs + 30_000);
    const d = await deliveries(t, users);
    return { users, d, recoveredAt };
  };

  const expectEveryoneOnce = async ({ users, d, recoveredAt }: Awaited<ReturnType<typeof scenario>>) => {
    const missed = users.filter((u) => (d.counts.get(u) ?? 0) === 0);
    const twice = users.filter((u) => (d.counts.get(u) ?? 0) > 1);
    expect({ missed: missed.length, twice: twice.length }).toEqual({ missed: 0, twice: 0 });
    expect(lagPercentile(d, recoveredAt, 90)).toBeLessThanOrEqual(15_000);
    const s = await stats(t);
    expect(s.byState.failed).toBe(0);
    expect(s.byState.queued + s.byState.sending).toBe(0);
    return s;
  };

  it("500 for 60 s: 200 customers each answered once, p90 within 15 s of recovery", async () => {
    const run = await scenario({ status: 500 });
    const s = await expectEveryoneOnce(run);
    // The tokens grew too old during the outage: the answers went out as pushes after replies with
    // an unknown outcome, which the stats count as such.
    const answers = await answerReplies(t);
    expect(answers.map((r) => [r.state, r.deliveredAs, r.resolution, r.countedRecipients])).toEqual(
      answers.map(() => ["sent", "push", "pushed", 1]),
    );
    expect(answers).toHaveLength(CUSTOMERS);
    // At least the answers (a follow's greeting still in flight when LINE failed counts the same).
    expect(s.uncertainReplies.pushed).toBeGreaterThanOrEqual(CUSTOMERS);
  });

  it("429 for 60 s: the same, and nothing is marked uncertain (a 429 was refused, not delivered)", async () => {
    const s = await expectEveryoneOnce(await scenario({ status: 429 }));
    expect(s.uncertainReplies).toEqual({ tokenUsed: 0, pushed: 0 });
  });

  // The client gives up after 150 ms; LINE (the emulator) holds every call 400 ms.
  const slowLine = { env: { LINE_API_TIMEOUT_MS: "150" } };

  // Slow by nature (every try waits out the client's timeout): a wide limit for a loaded machine.
  it("timeouts for 30 s (LINE answers 503 after the client gave up): the same", {
    timeout: 120_000,
  }, async () => {
    await expectEveryoneOnce(
      await scenario({ status: 503, delayMs: 400 }, { ...slowLine, outageMs: 30_000 }),
    );
  });

  it("timeouts for 20 s where LINE did deliver late: settled by the token, nobody answered twice", {
    timeout: 120_000,
  }, async () => {
    // Each call hangs past the client's timeout, then LINE delivers it anyway: the token is used.
    // The outage ends while the tokens are young, so the next try's 400 says "delivered".
    const run = await scenario({ delayMs: 400 }, { ...slowLine, outageMs: 20_000 });
    expect(run.users.filter((u) => run.d.counts.get(u) !== 1)).toEqual([]);
    const s = await stats(t);
    expect(s.byState.failed).toBe(0);
    // Every answer was settled by LINE's "token used" (other replies, e.g. to the follows, may be
    // settled the same way if a machine under load let one of them time out too).
    const answers = await answerReplies(t);
    expect(answers.map((r) => [r.state, r.deliveredAs, r.resolution])).toEqual(
      answers.map(() => ["sent", "reply", "token_used"]),
    );
    expect(answers).toHaveLength(CUSTOMERS);
    expect(s.uncertainReplies.pushed).toBe(0);
    expect(s.countedRecipients).toBe(0);
  });

  it("the residual risk: timeouts that delivered, outlasting the tokens, are pushed again and counted", {
    timeout: 120_000,
  }, async () => {
    // No try ever learns that the reply landed before the token grows old: the policy pushes
    // (a customer without an answer is worse), and each such duplicate is counted in the stats.
    const run = await scenario({ delayMs: 400 }, { ...slowLine, outageMs: 60_000, customers: 20 });
    expect(run.users.map((u) => run.d.counts.get(u))).toEqual(run.users.map(() => 2));
    const s = await stats(t);
    expect(s.uncertainReplies.tokenUsed).toBe(0);
    // Each answer went out as a push after an unknown reply, and is counted so. (On a loaded
    // machine a follow's greeting may still be in flight when the outage starts: it is counted
    // the same way, so the totals are at least the answers'.)
    const answers = await answerReplies(t);
    expect(answers.map((r) => [r.state, r.deliveredAs, r.resolution, r.countedRecipients])).toEqual(
      answers.map(() => ["sent", "push", "pushed", 1]),
    );
    expect(answers).toHaveLength(20);
    expect(s.uncertainReplies.pushed).toBeGreaterThanOrEqual(20);
  });

  it("5xx that had delivered: the retry's 400 while the token is young counts as delivered", async () => {
    t = await startTestApp({ random: rng(11) });
    await addHoursRule(t);
    const users = await makeFriends(t, 20);
    await outage(t, { endpoint: "reply", status: 500, deliver: true }, 5_000);
    await everyoneAsks(t, users);
    await t.settle();
    await runFor(t, 30_000);
    const d = await deliveries(t, users);
    expect(users.map((u) => d.counts.get(u))).toEqual(users.map(() => 1));
    const rows = await answerReplies(t);
    expect(rows).toHaveLength(users.length);
    expect(rows.map((r) => [r.state, r.deliveredAs, r.resolution])).toEqual(
      rows.map(() => ["sent", "reply", "token_used"]),
    );
    expect((await stats(t)).countedRecipients).toBe(0);
  });
});

/** The reply rows that carry the keyword rule's answer (not the follows' or anything else). */
async function answerReplies(t: TestApp) {
  return (await t.app.deps.db.select().from(outboxMessages).where(eq(outboxMessages.kind, "reply"))).filter(
    (r) => JSON.stringify(r.messages).includes(ANSWER),
  );
}
