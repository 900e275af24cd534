/** Bench target (a): omo-line's Node host, recording every event in a libSQL file. */
import { sql } from "drizzle-orm";
import { startNodeApp } from "../../../worker/src/hosts/node-server";
import { silentLogger } from "../../../worker/src/lib/log";

const app = await startNodeApp({
  env: { ...process.env, LOG_LEVEL: "silent" },
  port: 0,
  log: silentLogger,
  // BENCH_DEFER=1: record during the burst, process after it (the ack path alone).
  paused: process.env.BENCH_DEFER === "1",
});
process.stdout.write(`READY ${app.url}\n`);
process.on("message", async (msg) => {
  if (msg !== "stats") return;
  const started = performance.now();
  app.runner.resume();
  await app.idle();
  const drainMs = performance.now() - started;
  const rows = await app.deps.db.all<{ state: string; n: number }>(
    sql`SELECT state, count(*) AS n FROM webhook_events GROUP BY state`,
  );
  const sent = await app.deps.db.all<{ n: number }>(
    sql`SELECT count(*) AS n FROM outbox_messages WHERE state = 'sent'`,
  );
  process.send?.({
    events: Object.fromEntries(rows.map((r) => [r.state, Number(r.n)])),
    sent: Number(sent[0]?.n ?? 0),
    drainMs,
  });
});
process.on("SIGINT", () => process.exit(0));
