/**
 * The SMS stand-in's JSON contract (`/sandbox/api/sms/*`), shared with the chat simulator page.
 * Type-only, so the page can import it without bundling anything of the worker.
 */

/** A text message the provider stand-in accepted: what lands in the phone's inbox. */
export interface SmsMessageJson {
  /** Twilio's message SID: `SM` + 32 hex. */
  sid: string;
  accountSid: string;
  /** The sender as given (a number, an alphanumeric id, or the Messaging Service SID). */
  from: string;
  /** E.164. */
  to: string;
  body: string;
  at: string;
}

/** One call to the provider's API as it arrived on the wire (for tests and debugging). */
export interface SmsRequestJson {
  id: string;
  method: string;
  path: string;
  authorization: string | null;
  contentType: string | null;
  /** The form fields as sent (Twilio's API takes application/x-www-form-urlencoded). */
  form: Record<string, string>;
  status: number;
  at: string;
}

/** An injected failure for the next `times` sends: a status with Twilio's error body, or a delay. */
export interface SmsFault {
  id: string;
  status?: number;
  /** Twilio's error code for the body, e.g. 20003 (auth), 21211 (bad To), 20500 (internal). */
  code?: number;
  message?: string;
  times: number;
  delayMs?: number;
  retryAfterSeconds?: number;
}
