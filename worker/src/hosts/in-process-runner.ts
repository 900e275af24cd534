import { errorMessage, type Logger } from "../lib/log";
import type { Background, Job } from "../ports/background";

/**
 * Node's background: jobs run in this process right after the response, with bounded
 * concurrency. Timers only schedule sweeps for due retries; tests turn them off and call
 * `idle()` / sweep explicitly, so nothing waits on wall time.
 */
export class InProcessRunner implements Background {
  private queue: Job[] = [];
  private running = 0;
  private waiters: Array<() => void> = [];
  private timer: ReturnType<typeof setTimeout> | undefined;
  private timerAt = Number.POSITIVE_INFINITY;
  private run: ((jobs: Job[]) => Promise<void>) | undefined;
  private closed = false;

  constructor(
    private readonly opts: {
      concurrency?: number;
      timers?: boolean;
      /** Queue jobs but never run them (tests simulate a crash before processing). */
      paused?: boolean;
      log: Logger;
      now?: () => number;
    },
  ) {}

  /** Set after construction because the job runner needs the deps that contain this runner. */
  attach(run: (jobs: Job[]) => Promise<void>): void {
    this.run = run;
    this.pump();
  }

  enqueue(job: Job): void {
    if (this.closed) return;
    this.queue.push(job);
    queueMicrotask(() => this.pump());
  }

  wakeAt(at: Date): void {
    if (!this.opts.timers || this.closed) return;
    const now = this.opts.now?.() ?? Date.now();
    const t = at.getTime();
    if (t >= this.timerAt) return;
    clearTimeout(this.timer);
    this.timerAt = t;
    this.timer = setTimeout(
      () => {
        this.timerAt = Number.POSITIVE_INFINITY;
        this.enqueue({ kind: "sweep" });
      },
      Math.max(0, t - now),
    );
    this.timer.unref?.();
  }

  /** Starts running jobs queued while paused. */
  resume(): void {
    this.opts.paused = false;
    this.pump();
  }

  /** Resolves when no job is queued or running (tests, graceful shutdown). */
  idle(): Promise<void> {
    if ((this.queue.length === 0 || this.opts.paused) && this.running === 0) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.timer);
    this.queue = [];
    await this.idle();
  }

  private pump(): void {
    const run = this.run;
    if (!run || this.opts.paused) return;
    const limit = this.opts.concurrency ?? 4;
    while (this.running < limit && this.queue.length > 0) {
      // Everything queued of the first job's kind goes in one batch (one claim, one write).
      const kind = (this.queue[0] as Job).kind;
      const batch = this.queue.filter((j) => j.kind === kind).slice(0, 100);
      const taken = new Set(batch);
      this.queue = this.queue.filter((j) => !taken.has(j));
      this.running++;
      run(batch)
        .catch((err) => this.opts.log.error("background job failed", { kind, error: errorMessage(err) }))
        .finally(() => {
          this.running--;
          this.pump();
          if (this.running === 0 && this.queue.length === 0) {
            const w = this.waiters.splice(0);
            for (const resolve of w) resolve();
          }
        });
    }
  }
}
