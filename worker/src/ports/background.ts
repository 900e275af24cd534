/** Work done after the HTTP response: processing a webhook event, sending an outbox message. */
export type Job = { kind: "webhook-event"; id: string } | { kind: "outbox"; id: string } | { kind: "sweep" };

/**
 * Node runs jobs in-process; Workers hand them to a Queue or `waitUntil`.
 * `enqueue` never throws and never waits for the job.
 */
export interface Background {
  enqueue(job: Job): void;
  /** Ask for a sweep (due retries, stranded events) at or after this time. */
  wakeAt?(at: Date): void;
}
