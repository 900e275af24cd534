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
    return this.status === 0 || (this.status === 429 && !this.monthlyLimit) || this.status >= 500;
  }
  /**
   * LINE's 429 "You have reached your monthly limit.": the month's quota is spent, so a retry
   * within the retry key's 24 hours cannot succeed; the message fails with LINE's reason.
   */
  get monthlyLimit(): boolean {
    return this.status === 429 && /monthly limit/i.test(this.message);
  }
  /** LINE's 400 for a reply token that was used already or has expired. */
  get invalidReplyToken(): boolean {
    return this.status === 400 && /invalid reply token/i.test(this.message);
  }
}
