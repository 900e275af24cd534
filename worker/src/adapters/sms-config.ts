/**
 * The SMS provider's configuration from the environment (read by config.ts). One provider is
 * spoken today — Twilio's Programmable Messaging REST API (sms-twilio.ts); in sandbox mode,
 * with nothing set, the built-in emulator plays Twilio at the app's own origin with the
 * credentials below, so the real adapter runs over HTTP and no real SMS leaves.
 */
export const SANDBOX_SMS_ACCOUNT_SID = `AC${"0".repeat(24)}5a4db0c5`;
export const SANDBOX_SMS_AUTH_TOKEN = "sandbox-sms-auth-token-000000000";
export const SANDBOX_SMS_FROM = "OMO Demo";
export const TWILIO_API_BASE_URL = "https://api.twilio.com";

export interface SmsConfig {
  provider: "twilio";
  /** Origin of the provider's API (Twilio's, or the emulator's). */
  baseUrl: string;
  accountSid: string;
  authToken: string;
  /** Sender: an E.164 number, an alphanumeric sender id, or a Messaging Service SID (`MG…`). */
  from: string;
  timeoutMs: number;
  /** The sandbox's emulator plays the provider (no real SMS leaves). */
  emulated: boolean;
}

export interface SmsEnv {
  SMS_PROVIDER?: string | undefined;
  SMS_API_BASE_URL?: string | undefined;
  TWILIO_ACCOUNT_SID?: string | undefined;
  TWILIO_AUTH_TOKEN?: string | undefined;
  SMS_FROM?: string | undefined;
  SMS_TIMEOUT_MS: number;
}

/**
 * SMS_PROVIDER set: its credentials must be too (a problem stops the start, naming them).
 * Unset: the sandbox uses the emulator; elsewhere SMS is off, with a warning (members cannot
 * verify a phone, so staff 歸戶 merges need the POS code path).
 */
export function smsConfig(
  e: SmsEnv,
  ctx: { sandbox: boolean; publicUrl: string },
  problems: string[],
  warnings: string[],
): SmsConfig | undefined {
  const base = (e.SMS_API_BASE_URL ?? TWILIO_API_BASE_URL).replace(/\/$/, "");
  if (e.SMS_PROVIDER) {
    const missing = (
      [
        ["TWILIO_ACCOUNT_SID", e.TWILIO_ACCOUNT_SID, "Twilio Console → Account info → Account SID (AC…)"],
        ["TWILIO_AUTH_TOKEN", e.TWILIO_AUTH_TOKEN, "Twilio Console → Account info → Auth Token"],
        [
          "SMS_FROM",
          e.SMS_FROM,
          "a Twilio number (+1…), an alphanumeric sender id, or a Messaging Service SID (MG…)",
        ],
      ] as const
    ).filter(([, v]) => !v);
    for (const [name, , where] of missing)
      problems.push(`${name}: required with SMS_PROVIDER=twilio (${where})`);
    if (missing.length) return undefined;
    return {
      provider: "twilio",
      baseUrl: base,
      accountSid: e.TWILIO_ACCOUNT_SID ?? "",
      authToken: e.TWILIO_AUTH_TOKEN ?? "",
      from: e.SMS_FROM ?? "",
      timeoutMs: e.SMS_TIMEOUT_MS,
      emulated: false,
    };
  }
  if (ctx.sandbox) {
    return {
      provider: "twilio",
      baseUrl: (e.SMS_API_BASE_URL ?? ctx.publicUrl).replace(/\/$/, ""),
      accountSid: SANDBOX_SMS_ACCOUNT_SID,
      authToken: SANDBOX_SMS_AUTH_TOKEN,
      from: SANDBOX_SMS_FROM,
      timeoutMs: e.SMS_TIMEOUT_MS,
      emulated: true,
    };
  }
  warnings.push(
    "SMS is not configured (set SMS_PROVIDER=twilio, TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN, SMS_FROM): members cannot verify their phone, so staff 歸戶 merges are refused; the POS code path still works.",
  );
  return undefined;
}
