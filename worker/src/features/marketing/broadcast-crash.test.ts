/**
 * kill -9 mid-send, against the real `npm start` entry in production mode (the crash rig): LINE
 * has accepted some of a broadcast's multicasts but the app is killed before it hears back. After
 * a restart on the same database the send resumes where it stopped — the chunks in flight are
 * retried under their own retry keys (LINE answers 409 for those that had landed), the rest go
 * out — and the emulator's per-user counts show every recipient got it exactly once, the holdout
 * never.
 */
import { afterEach, describe, expect, it } from "vitest";
import { type AudienceMember, received, roles, seedAudience, tagged } from "../../../test/broadcast-kit";
import { type CrashRig, startCrashRig } from "../../../test/crash-rig";
import { openLibsql } from "../../hosts/libsql";

describe("kill -9 in the middle of a broadcast", () => {
  let rig: CrashRig;
  let closeDb: (() => void) | undefined;
  afterEach(async () => {
    closeDb?.();
    await rig.close();
  });

  const run = async (killAfter: number) => {
    rig = await startCrashRig();
    await rig.start();
    // Wall-clock time here: no quiet hours, no cap, whatever the hour the test runs at.
    const settings = await rig.admin("/api/broadcast-settings", {
      method: "PUT",
      body: JSON.stringify({ quietHours: null, frequencyCap: null, unitStatistics: null }),
    });
    expect(settings.status).toBe(200);
    const { client, db } = await openLibsql(`file:${rig.dbFile}`);
    closeDb = () => client.close();
    const audience = await seedAudience(db, rig.line.emulator.state, { n: 1371, tag: "崩潰" });
    const created = await rig.admin("/api/broadcasts", {
      method: "POST",
      body: JSON.stringify({
        name: "kill -9",
        rule: tagged("崩潰"),
        holdoutPercent: 10,
        messages: [{ type: "text", text: "週年慶開跑" }],
      }),
    });
    expect(created.status).toBe(201);
    const { id, recipients } = (await created.json()) as { id: string; recipients: number };
    expect(recipients).toBe(1234);

    const killed = rig.killAfterAccepted((path) => path === "/v2/bot/message/multicast", killAfter, 0);
    // The answer may or may not make it out before the kill: the send is planned either way.
    await rig.admin(`/api/broadcasts/${id}/send`, { method: "POST", body: "{}" }).catch(() => undefined);
    await killed;
    const r = await roles(db, id);
    const members = (role: string) => audience.filter((m) => r.get(m.id) === role);
    const before = received(rig.line.emulator.state, members("recipient"), "multicast");
    // LINE had delivered what it accepted; the app heard of none of it.
    expect(before.filter((n) => n === 1).length).toBeGreaterThanOrEqual(killAfter * 234);

    await rig.start();
    await rig.quiet(30_000);
    return { id, recipients: members("recipient"), holdout: members("holdout") };
  };

  const check = async (got: { id: string; recipients: AudienceMember[]; holdout: AudienceMember[] }) => {
    const state = rig.line.emulator.state;
    expect(got.recipients).toHaveLength(1234);
    expect(received(state, got.recipients, "multicast")).toEqual(got.recipients.map(() => 1));
    expect(received(state, got.holdout, "multicast")).toEqual(got.holdout.map(() => 0));
    const log = (await (await rig.line.control("/requests?endpoint=multicast")).json()) as {
      requests: Array<{ status: number; retryKey: string }>;
    };
    // Three chunks, three keys, each accepted once (its other tries, 409 or refused, delivered nothing).
    const keys = new Set(log.requests.map((q) => q.retryKey));
    expect(keys.size).toBe(3);
    for (const k of keys)
      expect(log.requests.filter((q) => q.retryKey === k && q.status === 200)).toHaveLength(1);
    const view = (await (await rig.admin(`/api/broadcasts/${got.id}`)).json()) as Record<string, unknown>;
    expect(view).toMatchObject({ state: "sent", sent: 1234, failed: 0, chunks: { total: 3, sent: 3 } });
  };

  it("after 2 of 3 chunks were accepted: nobody twice, nobody missed, the holdout never", {
    timeout: 90_000,
  }, async () => {
    await check(await run(2));
    const log = (await (await rig.line.control("/requests?endpoint=multicast")).json()) as {
      requests: Array<{ status: number }>;
    };
    // The two LINE had accepted were retried under their keys and answered 409.
    expect(log.requests.filter((q) => q.status === 409).length).toBeGreaterThanOrEqual(2);
  });

  it("after the first chunk was accepted: the same", { timeout: 90_000 }, async () => {
    await check(await run(1));
  });
});
