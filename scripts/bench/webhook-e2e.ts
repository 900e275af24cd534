/**
 * The webhook's whole job, end to end (issue 17): how long until every event is answered, beside
 * the Express + @line/bot-sdk echo reference, the same LINE stub counting the answers for both.
 *
 * - Closed loop: 4,000 signed text events (`BENCH_E2E_EVENTS`) at 64 connections, each from one
 *   of 500 customers; a keyword rule answers each (omo-line), the echo answers each (reference).
 *   Reported: acknowledged/s with p50/p99 ack, time until the stub has every answer, answered/s.
 * - Open loop: events sent on a fixed schedule (500, 1,000 and 2,000 a second for 3 s), not as
 *   fast as answers come back; an ack's latency counts from when it was due, so a server that
 *   falls behind shows it.
 * Each server runs alone in its own child process on a fresh database; the load generator shares
 * the 2 cores with it.
 */
import { Agent, request as httpRequest } from "node:http";
import autocannon from "autocannon";
import type { startLineStub } from "./line-stub";

type Stub = Awaited<ReturnType<typeof startLineStub>>;
type Signed = () => { body: string; headers: Record<string, string> };

const EVENTS = Number(process.env.BENCH_E2E_EVENTS ?? 4000);
const RATES = [500, 1000, 2000];
const OPEN_SECONDS = 3;

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(p * s.length))] ?? 0;
};

/** Waits (polling the stub) until `n` more answers than `before` have arrived; the time of the last. */
async function answered(stub: Stub, before: number, n: number, limitMs = 120_000): Promise<number | null> {
  const until = performance.now() + limitMs;
  while (stub.answers().count - before < n) {
    if (performance.now() > until) return null;
    await new Promise((r) => setTimeout(r, 5));
  }
  return stub.answers().lastAt;
}

export interface ClosedLoop {
  ackPerSecond: number;
  p50: number;
  p99: number;
  errors: number;
  allAnsweredMs: number | null;
  answeredPerSecond: number | null;
}

export async function closedLoop(url: string, stub: Stub, signed: Signed): Promise<ClosedLoop> {
  const before = stub.answers().count;
  const t0 = performance.now();
  const r = await autocannon({
    url: `${url}/webhook`,
    connections: 64,
    amount: EVENTS,
    requests: [{ method: "POST", setupRequest: (req) => ({ ...req, ...signed() }) }],
  });
  const ackMs = performance.now() - t0;
  const last = await answered(stub, before, r["2xx"]);
  const all = last === null ? null : last - t0;
  return {
    ackPerSecond: r["2xx"] / (ackMs / 1000),
    p50: r.latency.p50,
    p99: r.latency.p99,
    errors: r.non2xx + r.errors + r.timeouts,
    allAnsweredMs: all,
    answeredPerSecond: all === null ? null : r["2xx"] / (all / 1000),
  };
}

export interface OpenLoop {
  rate: number;
  sent: number;
  ok: number;
  p50: number;
  p99: number;
  /** From the last request due to the last answer. */
  answeredAfterMs: number | null;
}

export async function openLoop(url: string, stub: Stub, signed: Signed, rate: number): Promise<OpenLoop> {
  const agent = new Agent({ keepAlive: true, maxSockets: 1024 });
  const total = rate * OPEN_SECONDS;
  const before = stub.answers().count;
  const latencies: number[] = [];
  let ok = 0;
  const target = new URL(`${url}/webhook`);
  const done: Array<Promise<void>> = [];
  const send = (due: number) =>
    new Promise<void>((resolve) => {
      const { body, headers } = signed();
      const req = httpRequest(
        { agent, method: "POST", host: target.hostname, port: target.port, path: target.pathname, headers },
        (res) => {
          res.resume();
          res.on("end", () => {
            if (res.statusCode === 200) ok++;
            latencies.push(performance.now() - due);
            resolve();
          });
        },
      );
      req.on("error", () => resolve());
      req.end(body);
    });
  const start = performance.now() + 20;
  let i = 0;
  await new Promise<void>((resolve) => {
    const tick = () => {
      const now = performance.now();
      while (i < total && start + (i * 1000) / rate <= now) {
        done.push(send(start + (i * 1000) / rate));
        i++;
      }
      if (i < total) setTimeout(tick, 1);
      else resolve();
    };
    tick();
  });
  const lastDue = start + ((total - 1) * 1000) / rate;
  await Promise.all(done);
  agent.destroy();
  const last = await answered(stub, before, ok);
  return {
    rate,
    sent: total,
    ok,
    p50: pct(latencies, 0.5),
    p99: pct(latencies, 0.99),
    answeredAfterMs: last === null ? null : Math.max(0, last - lastDue),
  };
}

export interface EndToEnd {
  name: string;
  closed: ClosedLoop;
  open: OpenLoop[];
}

/** Closed loop, then each open-loop rate, against one running server. */
export async function endToEnd(name: string, url: string, stub: Stub, signed: Signed): Promise<EndToEnd> {
  const closed = await closedLoop(url, stub, signed);
  const open: OpenLoop[] = [];
  for (const rate of RATES) open.push(await openLoop(url, stub, signed, rate));
  return { name, closed, open };
}

const ms = (v: number | null) => (v === null ? "not all answered" : `${(v / 1000).toFixed(2)} s`);

export function printEndToEnd(results: EndToEnd[]): void {
  console.log(
    `\nwebhook end to end: ${EVENTS} events at 64 connections (closed loop), then ${RATES.join(" / ")} events/s offered for ${OPEN_SECONDS} s (open loop)`,
  );
  for (const r of results) {
    const c = r.closed;
    console.log(
      `  ${r.name}\n    closed: acked ${c.ackPerSecond.toFixed(0)}/s (p50 ${c.p50} ms, p99 ${c.p99} ms, errors ${c.errors}); all answered in ${ms(c.allAnsweredMs)} → ${c.answeredPerSecond?.toFixed(0) ?? "–"} answered/s`,
    );
    for (const o of r.open)
      console.log(
        `    open ${o.rate}/s: ${o.ok}/${o.sent} acked, p50 ${o.p50.toFixed(1)} ms, p99 ${o.p99.toFixed(1)} ms from due; last answer ${ms(o.answeredAfterMs)} after the last send`,
      );
  }
  const [omo, ref] = results;
  if (omo?.closed.answeredPerSecond && ref?.closed.answeredPerSecond)
    console.log(
      `  ratio answered/s omo-line / reference: ${(omo.closed.answeredPerSecond / ref.closed.answeredPerSecond).toFixed(2)}×`,
    );
}
