import { Hono } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { SANDBOX_SMS_ACCOUNT_SID, SANDBOX_SMS_AUTH_TOKEN } from "../../adapters/sms-config";
import type { Clock } from "../../ports/clock";
import type { Ids } from "../../ports/ids";
import { SmsEmulatorState } from "./sms-state";
import type { SmsFault, SmsRequestJson } from "./sms-types";

export interface SmsEmulatorOptions {
  clock: Clock;
  ids: Ids;
  /** Accounts it accepts; default the sandbox's (adapters/sms-config.ts). */
  accounts?: Array<{ accountSid: string; authToken: string }>;
}

const E164 = /^\+[1-9]\d{6,14}$/;
const BODY_MAX = 1600;

/** Twilio's error body: `{code, message, more_info, status}`. */
function twilioError(status: number, code: number, message: string) {
  return { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status };
}

function defaultError(status: number): { code: number; message: string } {
  if (status === 401) return { code: 20003, message: "Authenticate" };
  if (status === 404) return { code: 20404, message: "The requested resource was not found" };
  if (status === 429) return { code: 20429, message: "Too Many Requests" };
  if (status === 503) return { code: 20503, message: "Service Unavailable" };
  if (status >= 500) return { code: 20500, message: "Internal Server Error" };
  return { code: 21211, message: "Invalid 'To' Phone Number" };
}

/** Twilio dates are RFC 2822: `Thu, 24 Aug 2023 05:01:45 +0000`. */
const rfc2822 = (d: Date) => d.toUTCString().replace("GMT", "+0000");

/**
 * A stand-in for Twilio's Programmable Messaging API, speaking its wire format exactly as the
 * adapter (adapters/sms-twilio.ts) does: `POST /2010-04-01/Accounts/{sid}/Messages.json`, Basic
 * auth, a form body, 201 with the Message resource or Twilio's error JSON. Accepted messages land
 * in the recipient's inbox, which the chat simulator shows (`/sandbox/api/sms/*`).
 */
export function smsEmulatorRoutes(options: SmsEmulatorOptions): { app: Hono; state: SmsEmulatorState } {
  const state = new SmsEmulatorState(
    options.clock,
    options.ids,
    options.accounts ?? [{ accountSid: SANDBOX_SMS_ACCOUNT_SID, authToken: SANDBOX_SMS_AUTH_TOKEN }],
  );
  const app = new Hono();

  app.post("/2010-04-01/Accounts/:sid/Messages.json", async (c) => {
    const contentType = c.req.header("content-type") ?? null;
    const text = await c.req.text();
    const form = contentType?.includes("application/x-www-form-urlencoded")
      ? Object.fromEntries(new URLSearchParams(text))
      : {};
    const record = state.record({
      id: `smsr_${state.hex32().slice(0, 16)}`,
      method: "POST",
      path: c.req.path,
      authorization: c.req.header("authorization") ?? null,
      contentType,
      form,
      status: 0,
      at: state.nowIso(),
    } satisfies SmsRequestJson);
    const answer = (status: number, body: object) => {
      record.status = status;
      return c.json(body, status as ContentfulStatusCode);
    };

    const sid = c.req.param("sid");
    if (!authorized(state, sid, record.authorization))
      return answer(401, twilioError(401, 20003, "Authenticate"));
    const fault: SmsFault | undefined = state.takeFault();
    if (fault?.delayMs) await new Promise((resolve) => setTimeout(resolve, fault.delayMs).unref?.());
    if (fault?.status) {
      if (fault.retryAfterSeconds !== undefined) c.header("retry-after", String(fault.retryAfterSeconds));
      const d = defaultError(fault.status);
      return answer(
        fault.status,
        twilioError(fault.status, fault.code ?? d.code, fault.message ?? d.message),
      );
    }

    const to = form.To;
    const from = form.From ?? form.MessagingServiceSid;
    const body = form.Body;
    if (!to) return answer(400, twilioError(400, 21604, "A 'To' phone number is required."));
    if (!from) return answer(400, twilioError(400, 21603, "A 'From' phone number is required."));
    if (!body) return answer(400, twilioError(400, 21602, "Message body is required."));
    if (!E164.test(to)) return answer(400, twilioError(400, 21211, "Invalid 'To' Phone Number"));
    if (body.length > BODY_MAX)
      return answer(
        400,
        twilioError(400, 21617, "The concatenated message body exceeds the 1600 character limit."),
      );

    const m = state.accept({ accountSid: sid, from, to, body });
    const now = rfc2822(state.clock.now());
    const ucs2 = [...body].some((ch) => (ch.codePointAt(0) ?? 0) > 0x7f);
    const perSegment = ucs2 ? 67 : 153;
    const single = ucs2 ? 70 : 160;
    return answer(201, {
      account_sid: sid,
      api_version: "2010-04-01",
      body,
      date_created: now,
      date_sent: null,
      date_updated: now,
      direction: "outbound-api",
      error_code: null,
      error_message: null,
      from: form.From ?? null,
      messaging_service_sid: form.MessagingServiceSid ?? null,
      num_media: "0",
      num_segments: String(body.length <= single ? 1 : Math.ceil(body.length / perSegment)),
      price: null,
      price_unit: "USD",
      sid: m.sid,
      status: "queued",
      subresource_uris: { media: `/2010-04-01/Accounts/${sid}/Messages/${m.sid}/Media.json` },
      to,
      uri: `/2010-04-01/Accounts/${sid}/Messages/${m.sid}.json`,
    });
  });

  // Control API for the chat simulator and tests (mounted only in sandbox mode, like the rest).
  app.get("/sandbox/api/sms/messages", (c) => {
    const to = c.req.query("to");
    return c.json({ messages: to ? state.inbox(to) : [...state.messages].reverse() });
  });
  app.get("/sandbox/api/sms/inbox/:phone", (c) => {
    const phone = c.req.param("phone").replace(/[\s\-()]/g, "");
    return c.json({ phone, messages: state.inbox(phone) });
  });
  app.delete("/sandbox/api/sms/messages", (c) => {
    state.messages = [];
    return c.body(null, 204);
  });
  app.get("/sandbox/api/sms/requests", (c) => c.json({ requests: state.requests }));
  app.delete("/sandbox/api/sms/requests", (c) => {
    state.requests = [];
    return c.body(null, 204);
  });
  app.post("/sandbox/api/sms/faults", async (c) => {
    const b = (await c.req.json().catch(() => null)) as Partial<SmsFault> | null;
    const int = (v: unknown, min: number, max: number) =>
      typeof v === "number" && Number.isInteger(v) && v >= min && v <= max ? v : undefined;
    const status = int(b?.status, 400, 599);
    const delayMs = int(b?.delayMs, 1, 120_000);
    if (!b || (status === undefined && delayMs === undefined))
      return c.json({ message: "Give a status (400–599) and/or delayMs (1–120000)." }, 400);
    const code = int(b.code, 10_000, 99_999);
    const retryAfterSeconds = int(b.retryAfterSeconds, 0, 86_400);
    const fault = state.addFault({
      times: int(b.times, 1, 1000) ?? 1,
      ...(status !== undefined ? { status } : {}),
      ...(delayMs !== undefined ? { delayMs } : {}),
      ...(code !== undefined ? { code } : {}),
      ...(typeof b.message === "string" ? { message: b.message.slice(0, 200) } : {}),
      ...(retryAfterSeconds !== undefined ? { retryAfterSeconds } : {}),
    });
    return c.json({ id: fault.id }, 201);
  });
  app.get("/sandbox/api/sms/faults", (c) => c.json({ faults: state.faults }));
  app.delete("/sandbox/api/sms/faults", (c) => {
    state.faults = [];
    return c.body(null, 204);
  });

  return { app, state };
}

/** Basic auth with the account SID in the path as the user name and its auth token. */
function authorized(state: SmsEmulatorState, sid: string, header: string | null): boolean {
  const m = /^Basic\s+([A-Za-z0-9+/=]+)$/.exec(header ?? "");
  if (!m?.[1]) return false;
  let decoded: string;
  try {
    decoded = atob(m[1]);
  } catch {
    return false;
  }
  const colon = decoded.indexOf(":");
  const user = decoded.slice(0, colon);
  const token = decoded.slice(colon + 1);
  return colon > 0 && user === sid && state.accounts.get(sid) === token;
}
