/**
 * kill -9 at the worst moment, against the real `npm start` entry in production mode: LINE has
 * accepted replies (or pushes) but the app is killed before it hears back, so nothing of those
 * sends is recorded. After a restart on the same database every customer has the answer exactly
 * once: a reply retried with its used token gets 400 and counts as delivered (an earlier,
 * unrecorded attempt used it); a push retried under its retry key gets 409, delivered.
 */
import { afterEach, describe, expect, it } from "vitest";
import { type CrashRig, startCrashRig } from "../../test/crash-rig";
import { ANSWER, addHoursRule, deliveries, everyoneAsks, makeFriends, waitForAll } from "../../test/outage";

const CUSTOMERS = 20;
const KILL_AFTER = 12;

describe("kill -9 after LINE accepted, before the app heard", () => {
  let rig: CrashRig;
  afterEach(() => rig.close());

  const run = async (holdPath: string, opts: { lineLagMs?: number } = {}) => {
    rig = await startCrashRig(opts);
    await rig.start();
    await addHoursRule(rig);
    const users = await makeFriends(rig, CUSTOMERS);
    const followsDelivered = rig.delivered();
    const killed = rig.killAfterAccepted(
      (path, body) => path === holdPath && body.includes(ANSWER),
      KILL_AFTER,
      followsDelivered + CUSTOMERS,
    );
    await everyoneAsks(rig, users);
    await killed;
    // Every question had reached the app (the answers to 12 of them were already with LINE).
    expect(rig.delivered() - followsDelivered).toBe(CUSTOMERS);
    const before = await deliveries(rig, users);
    expect([...before.counts.values()].filter((n) => n === 1).length).toBeGreaterThanOrEqual(KILL_AFTER);

    await rig.start();
    await waitForAll(rig, users, 30_000);
    await rig.quiet(30_000);
    return { users, after: await deliveries(rig, users) };
  };

  it("replies: after the restart nobody is answered twice and nobody is missed", {
    timeout: 60_000,
  }, async () => {
    const { users, after } = await run("/v2/bot/message/reply");
    expect(users.map((u) => after.counts.get(u))).toEqual(users.map(() => 1));
    // The settled replies went by reply (their used token said so), none was pushed.
    const pushes = (await (await rig.line.control("/requests")).json()) as {
      requests: Array<{ endpoint: string }>;
    };
    expect(pushes.requests.filter((r) => r.endpoint === "push")).toHaveLength(0);
  });

  it("pushes: the same when the answers go out as pushes under retry keys", { timeout: 60_000 }, async () => {
    // The questions reach the app a minute late (a backlog): their reply tokens are too old,
    // so every answer is pushed under its retry key.
    const { users, after } = await run("/v2/bot/message/push", { lineLagMs: 60_000 });
    expect(users.map((u) => after.counts.get(u))).toEqual(users.map(() => 1));
    const log = (await (await rig.line.control("/requests")).json()) as {
      requests: Array<{ endpoint: string; status: number }>;
    };
    // The retries of the pushes LINE had accepted were answered 409 (retry key already used).
    expect(
      log.requests.filter((r) => r.endpoint === "push" && r.status === 409).length,
    ).toBeGreaterThanOrEqual(KILL_AFTER);
  });
});
