/**
 * Sending a text message (SMS) to a phone. One adapter speaks a real provider's HTTP API
 * (adapters/sms-twilio.ts); in the sandbox the same adapter talks to the emulator's stand-in.
 * Interface only: the adapter never throws for the provider's answers, it classifies them.
 */
export interface SmsPort {
  /** Which provider and where, for logs and the start banner (no credentials). */
  readonly describe: { provider: string; baseUrl: string };
  send(message: SmsMessage): Promise<SmsResult>;
}

export interface SmsMessage {
  /** E.164, e.g. +886912345678. */
  to: string;
  body: string;
}

export type SmsResult = { ok: true; providerMessageId: string; status: string } | SmsFailure;

/**
 * Why a send failed:
 * - `auth`: the provider refused our credentials (fix the configuration);
 * - `rejected`: the provider refused this message (e.g. not a valid or reachable number);
 * - `rate_limited`: the provider asked us to slow down;
 * - `unavailable`: the provider failed (5xx) or answered something unreadable;
 * - `timeout`: no answer in time, or the network failed (the message may still arrive).
 */
export interface SmsFailure {
  ok: false;
  kind: "auth" | "rejected" | "rate_limited" | "unavailable" | "timeout";
  /** HTTP status, 0 when there was no answer. */
  status: number;
  /** The provider's own error code, when it gave one (Twilio: 20003, 21211, …). */
  providerCode: string | null;
  /** Seconds the provider asked to wait (Retry-After), when it said. */
  retryAfterSeconds?: number;
}
