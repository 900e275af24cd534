import type { AppDeps } from "./deps";
import type { DispatchTable } from "./line/dispatch";
import { dueEventIds, nextEventWake } from "./line/event-store";
import { dueOutboxIds, nextOutboxWake, sendOutboxMessages } from "./line/outbox";
import { processEvents } from "./line/process-event";
import type { Job } from "./ports/background";

export interface JobRunnerDeps {
  deps: AppDeps;
  table: DispatchTable;
  /** Scheduled feature work (expiring points, carts, …) run on every sweep. */
  sweepers?: Array<(deps: AppDeps) => Promise<void>>;
}

const BATCH = 100;
const SWEEP_LIMIT = 500;

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
 * It always ends by asking the host to wake it for the earliest retry or lease still ahead, so a
 * retry goes out when it falls due, not at the next minute's sweep.
 */
export async function sweep(r: JobRunnerDeps): Promise<{ events: number; messages: number }> {
  const { deps } = r;
  const events = await dueEventIds(deps.db, deps.clock.now(), SWEEP_LIMIT);
  for (let i = 0; i < events.length; i += BATCH)
    await processEvents(deps, r.table, events.slice(i, i + BATCH));
  const messages = await dueOutboxIds(deps.db, deps.clock.now(), SWEEP_LIMIT);
  for (let i = 0; i < messages.length; i += BATCH)
    await sendOutboxMessages(deps, messages.slice(i, i + BATCH));
  for (const s of r.sweepers ?? []) await s(deps);
  await armNextWake(deps, events.length === SWEEP_LIMIT || messages.length === SWEEP_LIMIT);
  return { events: events.length, messages: messages.length };
}

/** Leaves a wake-up set for the earliest event or message still ahead (now, if a sweep was full). */
export async function armNextWake(deps: JobRunnerDeps["deps"], more = false): Promise<Date | null> {
  if (!deps.background.wakeAt) return null;
  const now = deps.clock.now();
  const times = more ? [now] : [await nextOutboxWake(deps.db), await nextEventWake(deps.db)];
  const at = times.filter((t): t is Date => t !== null).sort((a, b) => a.getTime() - b.getTime())[0];
  if (at) deps.background.wakeAt(new Date(Math.max(at.getTime(), now.getTime())));
  return at ?? null;
}
