/**
 * `npm run bench -- broadcast`: a 群發 to 100,000 followers through the real product, LINE played
 * by the emulator on 127.0.0.1 (its multicast validation as is: user ids, 500 a call, messages,
 * retry keys; the users made friends in its memory in bulk). The members are seeded in SQL into
 * the host's libSQL file, a saved segment matches all of them, and the broadcast keeps a 10 %
 * holdout (90,000 recipients, 180 multicasts of 500).
 *
 * (1) The Node host (`startNodeApp` in its own process, real timers): from `POST /send` until
 *     the broadcast reads `sent` — multicast calls, time, calls per second (mean, and the peak
 *     in any 1-second window of the emulator's request timestamps) against LINE's 200/s.
 * (2) The production entry under the crash rig: kill -9 once LINE has accepted half of the
 *     chunks, restart on the same file, let it finish — chunks retried under their retry key
 *     (LINE's 409s), time to finish after the restart.
 * Both verified from the emulator's per-user delivery counts: every recipient exactly once, the
 * holdout never. Exit code 1 when a check fails. Size: BENCH_BROADCAST_MEMBERS (default 100,000).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { randomIds } from "../../worker/src/adapters/random-ids";
import { systemClock } from "../../worker/src/adapters/system-clock";
import { startLineEmulator } from "../../worker/src/sandbox/emulator/server";
import { startCrashRig } from "../../worker/test/crash-rig";
import {
  adminClient,
  type BroadcastView,
  befriend,
  checkDeliveries,
  cpuSeconds,
  type DeliveryCheck,
  draftBroadcast,
  type MulticastLog,
  multicastLog,
  seedFollowers,
  untilSent,
} from "./broadcast-kit";
import { start } from "./webhook";

const MEMBERS = Number(process.env.BENCH_BROADCAST_MEMBERS ?? 100_000);
const SECRET = "bench-channel-secret-0123456789abcdef";
const TOKEN = "bench-access-token";
const ADMIN = "bench-admin-token-0123456789";
const MULTICAST = "/v2/bot/message/multicast";
const LIMIT_MS = 10 * 60_000;

interface Common {
  seedSeconds: number;
  eligible: number;
  recipients: number;
  holdout: number;
  createMs: number;
  view: BroadcastView;
  log: MulticastLog;
  deliveries: DeliveryCheck;
  load: number[];
}

export interface PlainRun extends Common {
  /** POST /send answered (the planning batch), and the broadcast read `sent`, ms after it was posted. */
  answeredMs: number;
  sentMs: number;
  /** The first and the last multicast LINE saw, ms after the send was posted. */
  firstCallMs: number;
  lastCallMs: number;
  /** CPU seconds from POST /send to `sent`: the app's process, and this one's (LINE emulator + poll). */
  appCpu: number;
  lineCpu: number;
}

export interface CrashRun extends Common {
  chunks: number;
  killAt: number;
  /** Chunks LINE had accepted (200) before the restart: those the app heard of and those in flight. */
  acceptedBeforeRestart: number;
  killedAfterMs: number;
  /** Restart: process spawned → ready (its start-up line), and → the broadcast read `sent`. */
  readyMs: number;
  finishedMs: number;
  afterRestart: MulticastLog;
}

export interface BroadcastBenchResult {
  members: number;
  plain: PlainRun;
  crash: CrashRun;
}

/** The 1-minute load average (the machine is shared: other runs share its cores). */
const load1 = () => Math.round((loadavg()[0] ?? 0) * 100) / 100;

async function plainRun(): Promise<PlainRun> {
  const dir = mkdtempSync(join(tmpdir(), "omo-bench-brd-"));
  const dbFile = join(dir, "omo.db");
  const line = await startLineEmulator({
    channelAccessToken: TOKEN,
    channelSecret: SECRET,
    loginChannelId: "2000000001",
    clock: systemClock,
    ids: randomIds,
  });
  let server: Awaited<ReturnType<typeof start>> | undefined;
  try {
    befriend(line.emulator.state, MEMBERS);
    const seedSeconds = await seedFollowers(dbFile, MEMBERS);
    server = await start("./servers/omo.ts", {
      LINE_CHANNEL_SECRET: SECRET,
      LINE_CHANNEL_ACCESS_TOKEN: TOKEN,
      LINE_API_BASE_URL: line.url,
      DATABASE_URL: `file:${dbFile}`,
      DEMO_DATA: "false",
      ADMIN_TOKEN: ADMIN,
    });
    const url = server.url;
    const admin = adminClient(() => url, ADMIN);
    const draft = await draftBroadcast(admin);
    await fetch(`${line.url}/sandbox/api/requests`, { method: "DELETE" });
    const load = [load1()];
    const pid = server.child.pid;
    const cpu0 = [cpuSeconds(pid), cpuSeconds(process.pid)];
    const wall0 = Date.now();
    const t0 = performance.now();
    const res = await admin(`/api/broadcasts/${draft.id}/send`, { method: "POST", body: "{}" });
    if (res.status !== 202) throw new Error(`send: ${res.status} ${await res.text()}`);
    const answeredMs = performance.now() - t0;
    const view = await untilSent(admin, draft.id, LIMIT_MS);
    const sentMs = performance.now() - t0;
    const appCpu = cpuSeconds(pid) - (cpu0[0] ?? 0);
    const lineCpu = cpuSeconds(process.pid) - (cpu0[1] ?? 0);
    load.push(load1());
    const log = await multicastLog(line.url);
    server.child.kill();
    await new Promise((r) => server?.child.once("exit", r));
    return {
      seedSeconds,
      eligible: draft.eligible,
      recipients: draft.recipients,
      holdout: draft.holdout,
      createMs: draft.createMs,
      view,
      log,
      deliveries: await checkDeliveries(line.url, dbFile, draft.id),
      load,
      answeredMs,
      sentMs,
      appCpu,
      lineCpu,
      firstCallMs: log.first - wall0,
      lastCallMs: log.last - wall0,
    };
  } finally {
    server?.child.kill();
    await line.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function crashRun(): Promise<CrashRun> {
  const rig = await startCrashRig();
  try {
    befriend(rig.line.emulator.state, MEMBERS);
    const seedSeconds = await seedFollowers(rig.dbFile, MEMBERS);
    await rig.start();
    const draft = await draftBroadcast(rig.admin);
    const chunks = Math.ceil(draft.recipients / 500);
    const killAt = Math.ceil(chunks / 2);
    let accepted = 0;
    // LINE's answers pass until the killAt-th accepted multicast: that answer is held and the
    // app killed with SIGKILL at once (whatever else was in flight is in flight).
    const killed = rig.killAfterAccepted((path) => path === MULTICAST && ++accepted >= killAt, 1, 0);
    const load = [load1()];
    const t0 = performance.now();
    await rig
      .admin(`/api/broadcasts/${draft.id}/send`, { method: "POST", body: "{}" })
      .catch(() => undefined);
    await killed;
    const killedAfterMs = performance.now() - t0;

    const restartedAt = Date.now();
    const r0 = performance.now();
    await rig.start();
    const readyMs = performance.now() - r0;
    const view = await untilSent(rig.admin, draft.id, LIMIT_MS);
    const finishedMs = performance.now() - r0;
    load.push(load1());
    const log = await multicastLog(rig.line.url);
    const afterRestart = await multicastLog(rig.line.url, restartedAt);
    return {
      seedSeconds,
      eligible: draft.eligible,
      recipients: draft.recipients,
      holdout: draft.holdout,
      createMs: draft.createMs,
      view,
      log,
      afterRestart,
      deliveries: await checkDeliveries(rig.line.url, rig.dbFile, draft.id),
      load,
      chunks,
      killAt,
      acceptedBeforeRestart: (log.byStatus[200] ?? 0) - (afterRestart.byStatus[200] ?? 0),
      killedAfterMs,
      readyMs,
      finishedMs,
    };
  } finally {
    await rig.close();
  }
}

export async function benchBroadcast(): Promise<BroadcastBenchResult> {
  const plain = await plainRun();
  const crash = await crashRun();
  return { members: MEMBERS, plain, crash };
}

const n = (x: number) => x.toLocaleString("en-US");
const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

function deliveryChecks(d: DeliveryCheck, check: (ok: boolean, text: string) => void) {
  check(
    d.once === d.recipients && d.twice === 0 && d.missed === 0,
    `every recipient exactly once: ${n(d.once)} of ${n(d.recipients)} (twice ${d.twice}, missed ${d.missed})`,
  );
  check(d.holdoutMessaged === 0, `holdout never messaged: ${d.holdoutMessaged} of ${n(d.holdout)}`);
  check(d.strangers === 0, `nobody outside the broadcast messaged: ${d.strangers}`);
}

function viewChecks(r: Common, chunks: number, check: (ok: boolean, text: string) => void) {
  const v = r.view;
  check(
    v.state === "sent" && v.sent === r.recipients && v.failed === 0,
    `broadcast ${v.state}: sent ${n(v.sent)}, failed ${v.failed}`,
  );
  check(
    v.chunks.total === chunks && v.chunks.sent === chunks,
    `chunks ${v.chunks.sent}/${v.chunks.total} sent (${chunks} expected)`,
  );
  check(
    r.log.keys === chunks && r.log.keysNotAcceptedOnce === 0,
    `${r.log.keys} retry keys, each accepted by LINE exactly once (${r.log.keysNotAcceptedOnce} not)`,
  );
}

export function printBroadcast(r: BroadcastBenchResult): void {
  const failures: string[] = [];
  const check = (ok: boolean, text: string) => {
    console.log(`  ${ok ? "✓" : "✗"} ${text}`);
    if (!ok) failures.push(text);
  };
  const { plain: p, crash: c } = r;
  const chunks = Math.ceil(p.recipients / 500);
  console.log(
    `\nBroadcast (群發) — ${cpus().length} cores (${cpus()[0]?.model ?? "unknown CPU"}), Node ${process.version}, LINE emulator on 127.0.0.1`,
  );
  console.log(
    `  ${n(r.members)} followers seeded in ${p.seedSeconds.toFixed(1)} s; segment → broadcast draft in ${p.createMs.toFixed(0)} ms: eligible ${n(p.eligible)}, holdout ${n(p.holdout)}, recipients ${n(p.recipients)}`,
  );
  console.log(
    `\n (1) Node host (startNodeApp, own process, real timers); load average (1 min) ${p.load.join(" → ")}`,
  );
  const window = p.log.last - p.log.first;
  console.log(
    `  POST /send → sent: ${s(p.sentMs)} (answered 202 after ${p.answeredMs.toFixed(0)} ms; first multicast at ${p.firstCallMs} ms, last at ${p.lastCallMs} ms)`,
  );
  console.log(
    `  multicast calls ${p.log.calls} (goal ≤ 200); ${(p.log.calls / (p.sentMs / 1000)).toFixed(0)} calls/s over send → sent, ${window > 0 ? ((p.log.calls - 1) / (window / 1000)).toFixed(0) : "—"} calls/s first → last call; peak ${p.log.peakPerSecond} in any 1 s (LINE: 200/s)`,
  );
  console.log(
    `  CPU over send → sent: app ${p.appCpu.toFixed(2)} s, LINE emulator (+ the poll) ${p.lineCpu.toFixed(2)} s`,
  );
  check(
    p.log.calls <= 200 && p.log.calls === chunks,
    `${p.log.calls} multicast calls = ${chunks} chunks, ≤ 200`,
  );
  check(p.log.peakPerSecond <= 200, `peak ${p.log.peakPerSecond} calls in a second ≤ LINE's 200`);
  viewChecks(p, chunks, check);
  deliveryChecks(p.deliveries, check);

  console.log(
    `\n (2) kill -9 at 50 % (crash rig: production entry in a child process); load average (1 min) ${c.load.join(" → ")}`,
  );
  console.log(
    `  killed ${s(c.killedAfterMs)} after POST /send, when LINE had accepted chunk ${c.killAt} of ${c.chunks} (${c.acceptedBeforeRestart} accepted before the restart: with those in flight)`,
  );
  console.log(
    `  restart → ready ${s(c.readyMs)}, → sent ${s(c.finishedMs)} (${s(c.finishedMs - c.readyMs)} after it was ready)`,
  );
  console.log(
    `  multicast calls ${c.log.calls} in all: ${Object.entries(c.log.byStatus)
      .map(([k, v]) => `${v} × ${k}`)
      .join(
        ", ",
      )}; ${c.log.retriedKeys} chunks retried under their retry key; after the restart ${c.afterRestart.calls} calls (${c.afterRestart.byStatus[409] ?? 0} × 409), peak ${c.afterRestart.peakPerSecond} in any 1 s`,
  );
  check(
    c.afterRestart.calls > 0,
    `the restarted app had chunks to finish: ${c.afterRestart.calls} multicast calls after the restart`,
  );
  viewChecks(c, c.chunks, check);
  deliveryChecks(c.deliveries, check);
  if (failures.length > 0) process.exitCode = 1;
}
