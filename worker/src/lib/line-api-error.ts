/** A failed call to LINE, classified for the outbox. */
export class LineApiError extends Error {
  constructor(
    /** HTTP status, or 0 for a timeout / network failure. */
    readonly status: number,
    message: string,
    readonly details: { retryAfterSeconds?: number; body?: string; requestId?: string | null } = {},
  ) {
    super(message);
    this.name = "LineApiError";
  }
  get retryable(): boolean {
    return this.status === 0 || this.status === 429 || this.status >= 500;
  }
  /** LINE's 400 for a reply token that was used already or has expired. */
  get invalidReplyToken(): boolean {
    return this.status === 400 && /invalid reply token/i.test(this.message);
  }
}
