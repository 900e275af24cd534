import type { SmsFailure, SmsMessage, SmsPort, SmsResult } from "../ports/sms";
import type { SmsConfig } from "./sms-config";

/**
 * SmsPort over Twilio's Programmable Messaging REST API, with fetch (Node and Workers alike):
 *
 *   POST {base}/2010-04-01/Accounts/{AccountSid}/Messages.json
 *   Authorization: Basic base64(AccountSid:AuthToken)
 *   Content-Type: application/x-www-form-urlencoded
 *   To=+886912345678&From=<sender>&Body=<text>      (MessagingServiceSid=MG… instead of From)
 *
 * → 201 `{"sid":"SM…","status":"queued",…}`; errors are `{"code":20003,"message":"Authenticate",
 * "more_info":"https://www.twilio.com/docs/errors/20003","status":401}` (21211: not a valid
 * `To`, 21610: the recipient opted out, 20429 / HTTP 429: too many requests). The answer is
 * classified, never thrown; nothing of the number or text is logged here.
 */
export function createTwilioSms(config: SmsConfig, fetchImpl: typeof fetch = fetch): SmsPort {
  const url = `${config.baseUrl}/2010-04-01/Accounts/${encodeURIComponent(config.accountSid)}/Messages.json`;
  const authorization = `Basic ${btoa(`${config.accountSid}:${config.authToken}`)}`;
  const sender: [string, string] = /^MG[0-9a-f]{32}$/i.test(config.from)
    ? ["MessagingServiceSid", config.from]
    : ["From", config.from];
  return {
    describe: { provider: "twilio", baseUrl: config.baseUrl },
    async send(message: SmsMessage): Promise<SmsResult> {
      const body = new URLSearchParams([["To", message.to], sender, ["Body", message.body]]);
      let res: Response;
      let text: string;
      try {
        res = await fetchImpl(url, {
          method: "POST",
          headers: {
            authorization,
            "content-type": "application/x-www-form-urlencoded",
            accept: "application/json",
          },
          body: body.toString(),
          signal: AbortSignal.timeout(config.timeoutMs),
        });
        text = await res.text();
      } catch {
        // Timed out or the network failed: Twilio may still have accepted it.
        return failure("timeout", 0, null);
      }
      const json = parseJson(text);
      if ((res.status === 201 || res.status === 200) && typeof json?.sid === "string") {
        return {
          ok: true,
          providerMessageId: json.sid,
          status: typeof json.status === "string" ? json.status : "",
        };
      }
      const code = json?.code === undefined || json.code === null ? null : String(json.code);
      if (res.status === 401 || res.status === 403 || res.status === 404)
        return failure("auth", res.status, code);
      if (res.status === 429 || code === "20429") {
        const retryAfter = Number(res.headers.get("retry-after"));
        return failure(
          "rate_limited",
          res.status,
          code,
          Number.isFinite(retryAfter) ? retryAfter : undefined,
        );
      }
      if (res.status >= 400 && res.status < 500) return failure("rejected", res.status, code);
      return failure("unavailable", res.status, code);
    },
  };
}

function failure(
  kind: SmsFailure["kind"],
  status: number,
  providerCode: string | null,
  retryAfterSeconds?: number,
): SmsFailure {
  return {
    ok: false,
    kind,
    status,
    providerCode,
    ...(retryAfterSeconds !== undefined ? { retryAfterSeconds } : {}),
  };
}

function parseJson(text: string): Record<string, unknown> | null {
  try {
    const v: unknown = JSON.parse(text);
    return v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}
