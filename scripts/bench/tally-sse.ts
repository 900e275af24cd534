/**
 * `npm run bench -- tally-sse`: the server's CPU with many public tally streams open on one sale
 * (`GET /api/lives/{id}/tally/stream`). The Node host runs in its own process (libSQL file,
 * demo data); this process opens BENCH_STREAMS (default 2,000) streams over loopback, waits for
 * each stream's first tally, then reads the server's CPU time from /proc (Linux) over two
 * windows of BENCH_SECONDS (default 10): quiet (nothing changes), then busy (a "+1" comment every
 * second, so every tick has a new tally for every stream). Also reports the server's memory and
 * how many tally events the streams received in the busy window.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { type IncomingMessage, request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startLineStub } from "./line-stub";
import { start } from "./webhook";

const ADMIN = "bench-admin-token-0123456789";
const STREAMS = Number(process.env.BENCH_STREAMS ?? 2_000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const SALE = "sal_demo_friday";
const TICKS_PER_SECOND = 100; // Linux USER_HZ

/** CPU seconds (user + system) and resident memory of a process, from /proc. */
function usage(pid: number): { cpu: number; rssMb: number } {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  const cpu = (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  const rss = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1];
  return { cpu, rssMb: Number(rss) / 1024 };
}

export interface TallySseResult {
  streams: number;
  refused: number;
  seconds: number;
  quietCpuPerSecond: number;
  busyCpuPerSecond: number;
  rssMb: number;
  busyEvents: number;
  changes: number;
}

export async function benchTallySse(): Promise<TallySseResult> {
  const stub = await startLineStub();
  const dir = mkdtempSync(join(tmpdir(), "omo-bench-sse-"));
  const server = await start("./servers/omo.ts", {
    LINE_CHANNEL_SECRET: "bench-channel-secret-0123456789abcdef",
    LINE_CHANNEL_ACCESS_TOKEN: "bench-access-token",
    LINE_API_BASE_URL: stub.url,
    DATABASE_URL: `file:${join(dir, "sse.db")}`,
    DEMO_DATA: "true",
    ADMIN_TOKEN: ADMIN,
  });
  const pid = server.child.pid ?? 0;
  const admin = { authorization: `Bearer ${ADMIN}`, "content-type": "application/json" };
  const responses: IncomingMessage[] = [];
  let events = 0;
  let refused = 0;
  try {
    const opened = await fetch(`${server.url}/api/lives/${SALE}/open`, { method: "POST", headers: admin });
    if (opened.status !== 200) throw new Error(`open sale: ${opened.status}`);
    const url = new URL(`${server.url}/api/lives/${SALE}/tally/stream`);
    // Each stream on its own connection, as browsers on different phones would be.
    await Promise.all(
      Array.from(
        { length: STREAMS },
        () =>
          new Promise<void>((resolve, reject) => {
            const req = request(url, { agent: false }, (res) => {
              if (res.statusCode !== 200) {
                refused++;
                res.resume();
                return resolve();
              }
              responses.push(res);
              let first = true;
              res.setEncoding("utf8");
              res.on("data", (chunk: string) => {
                const n = chunk.split("event: tally").length - 1;
                events += n;
                if (first && n > 0) {
                  first = false;
                  resolve();
                }
              });
            });
            req.on("error", reject);
            req.end();
          }),
      ),
    );

    const measure = async (each: () => Promise<void>) => {
      const before = usage(pid);
      const started = performance.now();
      for (let s = 0; s < SECONDS; s++) {
        await each();
        await new Promise((r) => setTimeout(r, 1000));
      }
      const after = usage(pid);
      return {
        cpuPerSecond: (after.cpu - before.cpu) / ((performance.now() - started) / 1000),
        rss: after.rssMb,
      };
    };
    const quiet = await measure(async () => {});
    events = 0;
    let seq = 0;
    const busy = await measure(async () => {
      const res = await fetch(`${server.url}/api/lives/${SALE}/comments`, {
        method: "POST",
        headers: admin,
        body: JSON.stringify({
          comments: [
            {
              platform: "facebook",
              commentId: `bench-${++seq}`,
              userId: `fb-bench-${seq}`,
              userName: `觀眾 ${seq}`,
              text: "A 紅 M +1",
              postedAt: new Date().toISOString(),
            },
          ],
        }),
      });
      await res.arrayBuffer();
    });
    return {
      streams: STREAMS,
      refused,
      seconds: SECONDS,
      quietCpuPerSecond: quiet.cpuPerSecond,
      busyCpuPerSecond: busy.cpuPerSecond,
      rssMb: busy.rss,
      busyEvents: events,
      changes: seq,
    };
  } finally {
    for (const r of responses) r.destroy();
    server.child.kill();
    await new Promise((r) => server.child.once("exit", r));
    await stub.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

export function printTallySse(r: TallySseResult) {
  const pct = (x: number) => `${(x * 100).toFixed(1)} % of a core`;
  console.log(`tally-sse: ${r.streams} streams on one sale (${r.refused} refused), ${r.seconds} s windows`);
  console.log(`  quiet (no change):        server CPU ${pct(r.quietCpuPerSecond)}`);
  console.log(`  busy (a "+1" per second): server CPU ${pct(r.busyCpuPerSecond)}`);
  console.log(
    `  tally events received while busy: ${r.busyEvents} (${r.changes} changes × ${r.streams} streams)`,
  );
  console.log(`  server memory (RSS): ${r.rssMb.toFixed(0)} MB`);
}
