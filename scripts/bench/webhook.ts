/**
 * `npm run bench -- webhook`: signed webhook events per second and ack latency (p50/p99) for
 * (a) omo-line's /webhook on the Node host, durably recording every event, and (b) Express +
 * @line/bot-sdk middleware replying an echo — same machine, same load generator, same run,
 * one after the other so they never share the CPU.
 */
import { type ChildProcess, fork } from "node:child_process";
import { createHmac } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import autocannon from "autocannon";
import { startLineStub } from "./line-stub";
import { type EndToEnd, endToEnd, printEndToEnd } from "./webhook-e2e";

const SECRET = "bench-channel-secret-0123456789abcdef";
const TOKEN = "bench-access-token";
const DURATION = Number(process.env.BENCH_SECONDS ?? 5);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 64);

interface Result {
  name: string;
  rps: number;
  p50: number;
  p99: number;
  ok: number;
  errors: number;
  extra?: string;
}

export function start(
  script: string,
  env: Record<string, string>,
): Promise<{ child: ChildProcess; url: string }> {
  const child = fork(fileURLToPath(new URL(script, import.meta.url)), [], {
    env: { ...process.env, ...env },
    execArgv: ["--import", "tsx"],
    stdio: ["ignore", "pipe", "inherit", "ipc"],
  });
  return new Promise((resolve, reject) => {
    let buf = "";
    child.stdout?.on("data", (d: Buffer) => {
      buf += d.toString();
      const m = buf.match(/READY (\S+)/);
      if (m?.[1]) resolve({ child, url: m[1] });
    });
    child.once("exit", (code) => reject(new Error(`${script} exited with ${code}`)));
  });
}

let seq = 0;
/** One signed text event, fresh each time; `users` customers take turns (1: one customer). */
function signedRequest(users = 1) {
  const id = `01BENCH${process.pid}${String(++seq).padStart(12, "0")}`;
  const userId =
    users === 1 ? "U0123456789abcdef0123456789abcdef" : `U${String(seq % users).padStart(32, "0")}`;
  const body = JSON.stringify({
    destination: "Ubench",
    events: [
      {
        type: "message",
        mode: "active",
        timestamp: Date.now(),
        source: { type: "user", userId },
        webhookEventId: id,
        deliveryContext: { isRedelivery: false },
        replyToken: `rt${id}`,
        message: { id: String(seq), type: "text", quoteToken: "q", text: "營業時間 hello" },
      },
    ],
  });
  const signature = createHmac("sha256", SECRET).update(body).digest("base64");
  return { body, headers: { "content-type": "application/json", "x-line-signature": signature } };
}

async function load(name: string, url: string, seconds: number): Promise<Result> {
  const result = await autocannon({
    url: `${url}/webhook`,
    connections: CONNECTIONS,
    duration: seconds,
    requests: [{ method: "POST", setupRequest: (req) => ({ ...req, ...signedRequest() }) }],
  });
  return {
    name,
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    ok: result["2xx"],
    errors: result.non2xx + result.errors + result.timeouts,
  };
}

export async function benchWebhook(): Promise<{ results: Result[]; e2e: EndToEnd[] }> {
  const stub = await startLineStub();
  const dir = mkdtempSync(join(tmpdir(), "omo-bench-"));
  const env = { LINE_CHANNEL_SECRET: SECRET, LINE_CHANNEL_ACCESS_TOKEN: TOKEN, LINE_API_BASE_URL: stub.url };
  const results: Result[] = [];
  const e2e: EndToEnd[] = [];
  try {
    for (const defer of [false, true]) {
      const omo = await start("./servers/omo.ts", {
        ...env,
        DATABASE_URL: `file:${join(dir, `bench-${defer}.db`)}`,
        DEMO_DATA: "false",
        ADMIN_TOKEN: "bench-admin-token-0123456789",
        BENCH_DEFER: defer ? "1" : "0",
      });
      await load("warm-up", omo.url, 2);
      const name = defer
        ? "omo-line /webhook, record + ack only (processing runs after the burst)"
        : "omo-line /webhook, record + ack, processing and replying concurrently on the same core";
      const a = await load(name, omo.url, DURATION);
      omo.child.send("stats");
      const stats = await new Promise<{ events: Record<string, number>; sent: number; drainMs: number }>(
        (resolve) =>
          omo.child.once("message", (m) =>
            resolve(m as { events: Record<string, number>; sent: number; drainMs: number }),
          ),
      );
      const recorded = Object.values(stats.events).reduce((x, y) => x + y, 0);
      a.extra = `recorded ${recorded} events (= 2xx incl. warm-up); afterwards processed ${stats.events.processed ?? 0}, replies sent ${stats.sent}; drained ${(stats.drainMs / 1000).toFixed(1)} s after the burst`;
      omo.child.kill();
      results.push(a);
    }

    const ref = await start("./servers/express-echo.ts", env);
    await load("warm-up", ref.url, 2);
    const b = await load("Express + @line/bot-sdk middleware, echo reply (reference)", ref.url, DURATION);
    ref.child.kill();
    results.push(b);

    // End to end: a keyword rule answers every event; 500 customers take turns.
    const many = () => signedRequest(500);
    const omo = await start("./servers/omo.ts", {
      ...env,
      DATABASE_URL: `file:${join(dir, "bench-e2e.db")}`,
      DEMO_DATA: "false",
      ADMIN_TOKEN: "bench-admin-token-0123456789",
      BENCH_DEFER: "0",
    });
    const rule = await fetch(`${omo.url}/api/keywords`, {
      method: "POST",
      headers: { authorization: "Bearer bench-admin-token-0123456789", "content-type": "application/json" },
      body: JSON.stringify({
        match: "contains",
        pattern: "營業時間",
        replies: [{ type: "text", text: "門市營業時間為每日 11:00–21:30。" }],
      }),
    });
    if (rule.status !== 201) throw new Error(`keyword rule refused: ${rule.status} ${await rule.text()}`);
    e2e.push(
      await endToEnd(
        "omo-line `npm start` host, every event durable before its 200, a keyword rule answering",
        omo.url,
        stub,
        many,
      ),
    );
    omo.child.kill();
    const echo = await start("./servers/express-echo.ts", env);
    e2e.push(
      await endToEnd("Express + @line/bot-sdk middleware, echo reply (reference)", echo.url, stub, many),
    );
    echo.child.kill();
  } finally {
    await stub.close();
    rmSync(dir, { recursive: true, force: true });
  }
  return { results, e2e };
}

export function printWebhook({ results, e2e }: { results: Result[]; e2e: EndToEnd[] }): void {
  console.log(
    `\nwebhook: ${CONNECTIONS} connections, ${DURATION} s each, 1 signed text event per request, loopback`,
  );
  console.log(`machine: ${cpus().length} × ${cpus()[0]?.model ?? "cpu"}, Node ${process.version}`);
  for (const r of results) {
    console.log(
      `  ${r.name}\n    ${r.rps.toFixed(0)} events/s   p50 ${r.p50} ms   p99 ${r.p99} ms   2xx ${r.ok}   errors ${r.errors}${r.extra ? `\n    ${r.extra}` : ""}`,
    );
  }
  const ref = results.at(-1);
  if (!ref || ref.rps <= 0) return;
  for (const r of results.slice(0, -1))
    console.log(`  ratio ${r.name.split(",")[1]?.trim()} / reference: ${(r.rps / ref.rps).toFixed(2)}×`);
  printEndToEnd(e2e);
}
