import type { AppDeps } from "./deps";
import type { DispatchTable } from "./line/dispatch";
import { dueEventIds } from "./line/event-store";
import { dueOutboxIds, sendOutboxMessages } from "./line/outbox";
import { processEvents } from "./line/process-event";
import type { Job } from "./ports/background";

export interface JobRunnerDeps {
  deps: AppDeps;
  table: DispatchTable;
  /** Scheduled feature work (expiring points, carts, …) run on every sweep. */
  sweepers?: Array<(deps: AppDeps) => Promise<void>>;
}

const BATCH = 100;

/**
 * Runs background jobs. Both hosts call this: Node's in-process runner (which hands over
 * everything queued of one kind at once) and the Queue consumer (a message batch). Events and
 * sends are processed in batches: one claim, one write.
 */
export async function runJobs(r: JobRunnerDeps, jobs: Job[]): Promise<void> {
  const events = jobs.filter((j) => j.kind === "webhook-event").map((j) => j.id);
  const outbox = jobs.filter((j) => j.kind === "outbox").map((j) => j.id);
  for (let i = 0; i < events.length; i += BATCH)
    await processEvents(r.deps, r.table, events.slice(i, i + BATCH));
  for (let i = 0; i < outbox.length; i += BATCH) await sendOutboxMessages(r.deps, outbox.slice(i, i + BATCH));
  if (jobs.some((j) => j.kind === "sweep")) await sweep(r);
}

export const runJob = (r: JobRunnerDeps, job: Job) => runJobs(r, [job]);

/**
 * Finds work nobody is doing: events recorded but not processed (a crash, a restart, a cut
 * `waitUntil`), stranded claims, due retries, and queued messages; then runs feature sweepers.
 */
export async function sweep(r: JobRunnerDeps): Promise<{ events: number; messages: number }> {
  const { deps } = r;
  const events = await dueEventIds(deps.db, deps.clock.now());
  for (let i = 0; i < events.length; i += BATCH)
    await processEvents(deps, r.table, events.slice(i, i + BATCH));
  const messages = await dueOutboxIds(deps.db, deps.clock.now());
  for (let i = 0; i < messages.length; i += BATCH)
    await sendOutboxMessages(deps, messages.slice(i, i + BATCH));
  for (const s of r.sweepers ?? []) await s(deps);
  return { events: events.length, messages: messages.length };
}
