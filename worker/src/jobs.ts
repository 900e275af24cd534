import type { AppDeps } from "./deps";
import type { DispatchTable } from "./line/dispatch";
import { dueEventIds } from "./line/event-store";
import { dueOutboxIds, sendOutboxMessage } from "./line/outbox";
import { processEvent } from "./line/process-event";
import type { Job } from "./ports/background";

export interface JobRunnerDeps {
  deps: AppDeps;
  table: DispatchTable;
  /** Scheduled feature work (expiring points, carts, …) run on every sweep. */
  sweepers?: Array<(deps: AppDeps) => Promise<void>>;
}

/** Runs one background job. Both hosts call this: Node's in-process runner and the Queue consumer. */
export async function runJob(r: JobRunnerDeps, job: Job): Promise<void> {
  switch (job.kind) {
    case "webhook-event":
      await processEvent(r.deps, r.table, job.id);
      return;
    case "outbox":
      await sendOutboxMessage(r.deps, job.id);
      return;
    case "sweep":
      await sweep(r);
      return;
  }
}

/**
 * Finds work nobody is doing: events recorded but not processed (a crash, a restart, a cut
 * `waitUntil`), stranded claims, due retries, and queued messages; then runs feature sweepers.
 */
export async function sweep(r: JobRunnerDeps): Promise<{ events: number; messages: number }> {
  const { deps } = r;
  const now = deps.clock.now();
  const events = await dueEventIds(deps.db, now);
  for (const id of events) await processEvent(deps, r.table, id);
  const messages = await dueOutboxIds(deps.db, deps.clock.now());
  for (const id of messages) await sendOutboxMessage(deps, id);
  for (const s of r.sweepers ?? []) await s(deps);
  return { events: events.length, messages: messages.length };
}
