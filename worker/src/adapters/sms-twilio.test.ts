/** The Twilio adapter against real HTTP servers on 127.0.0.1: one scripted as Twilio, and the sandbox stand-in. */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "../../test/manual-clock";
import { sequentialIds } from "../../test/sequential-ids";
import { startLineEmulator } from "../sandbox/emulator/server";
import type { SmsMessageJson, SmsRequestJson } from "../sandbox/emulator/sms-types";
import { SANDBOX_SMS_ACCOUNT_SID, SANDBOX_SMS_AUTH_TOKEN, type SmsConfig } from "./sms-config";
import { createTwilioSms } from "./sms-twilio";

const SID = `AC${"1".repeat(32)}`;
const TOKEN = "twilio-auth-token-0123456789abcdef";

type Seen = { method: string; url: string; headers: IncomingMessage["headers"]; body: string };
type Script = (seen: Seen, res: ServerResponse) => void;

describe("Twilio SMS adapter against a scripted provider", () => {
  let url = "";
  let script: Script = () => {};
  const seen: Seen[] = [];
  const held: ServerResponse[] = [];
  const server = createServer(async (req, res) => {
    let body = "";
    for await (const chunk of req) body += chunk;
    const s = { method: req.method ?? "", url: req.url ?? "", headers: req.headers, body };
    seen.push(s);
    script(s, res);
  });
  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    for (const r of held) r.destroy();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
  const sms = (over: Partial<SmsConfig> = {}) =>
    createTwilioSms({
      provider: "twilio",
      baseUrl: url,
      accountSid: SID,
      authToken: TOKEN,
      from: "+15005550006",
      timeoutMs: 2000,
      emulated: false,
      ...over,
    });
  const json = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) =>
    res.writeHead(status, { "content-type": "application/json", ...headers }).end(JSON.stringify(body));
  const twilioError = (code: number, message: string, status: number) => ({
    code,
    message,
    more_info: `https://www.twilio.com/docs/errors/${code}`,
    status,
  });

  it("sends Twilio's wire format and reads the Message SID", async () => {
    script = (_s, res) =>
      json(res, 201, { sid: `SM${"a".repeat(32)}`, status: "queued", to: "+886912345678" });
    const r = await sms().send({ to: "+886912345678", body: "驗證碼 123456 code" });
    expect(r).toEqual({ ok: true, providerMessageId: `SM${"a".repeat(32)}`, status: "queued" });
    const req = seen.at(-1) as Seen;
    expect(req.method).toBe("POST");
    expect(req.url).toBe(`/2010-04-01/Accounts/${SID}/Messages.json`);
    expect(req.headers.authorization).toBe(`Basic ${Buffer.from(`${SID}:${TOKEN}`).toString("base64")}`);
    expect(req.headers["content-type"]).toBe("application/x-www-form-urlencoded");
    expect(Object.fromEntries(new URLSearchParams(req.body))).toEqual({
      To: "+886912345678",
      From: "+15005550006",
      Body: "驗證碼 123456 code",
    });
  });

  it("a Messaging Service SID goes as MessagingServiceSid instead of From", async () => {
    script = (_s, res) => json(res, 201, { sid: `SM${"b".repeat(32)}`, status: "accepted" });
    const mg = `MG${"c".repeat(32)}`;
    expect((await sms({ from: mg }).send({ to: "+886912345678", body: "x" })).ok).toBe(true);
    const form = Object.fromEntries(new URLSearchParams((seen.at(-1) as Seen).body));
    expect(form).toEqual({ To: "+886912345678", MessagingServiceSid: mg, Body: "x" });
  });

  it("classifies the provider's refusals and failures", async () => {
    const cases: Array<[Script, object]> = [
      [
        (_s, res) => json(res, 401, twilioError(20003, "Authenticate", 401)),
        { kind: "auth", status: 401, providerCode: "20003" },
      ],
      [
        (_s, res) => json(res, 400, twilioError(21211, "Invalid 'To' Phone Number", 400)),
        { kind: "rejected", status: 400, providerCode: "21211" },
      ],
      [
        (_s, res) => json(res, 429, twilioError(20429, "Too Many Requests", 429), { "retry-after": "30" }),
        { kind: "rate_limited", status: 429, providerCode: "20429", retryAfterSeconds: 30 },
      ],
      [
        (_s, res) => json(res, 500, twilioError(20500, "Internal Server Error", 500)),
        { kind: "unavailable", status: 500 },
      ],
      [
        (_s, res) => res.writeHead(503, { "content-type": "text/html" }).end("<h1>down</h1>"),
        { kind: "unavailable", status: 503, providerCode: null },
      ],
      // A 2xx without a Message SID is not a send we can trust.
      [(_s, res) => res.writeHead(200).end("ok"), { kind: "unavailable", status: 200 }],
    ];
    for (const [s, expected] of cases) {
      script = s;
      expect(await sms().send({ to: "+886912345678", body: "x" })).toMatchObject({ ok: false, ...expected });
    }
  });

  it("gives up after its timeout, and on a refused connection, as a timeout", async () => {
    script = (_s, res) => void held.push(res); // never answered
    expect(await sms({ timeoutMs: 100 }).send({ to: "+886912345678", body: "x" })).toEqual({
      ok: false,
      kind: "timeout",
      status: 0,
      providerCode: null,
    });
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    expect(
      await sms({ baseUrl: `http://127.0.0.1:${port}` }).send({ to: "+886912345678", body: "x" }),
    ).toMatchObject({
      ok: false,
      kind: "timeout",
    });
  });
});

describe("Twilio SMS adapter against the sandbox stand-in", () => {
  let line: Awaited<ReturnType<typeof startLineEmulator>>;
  beforeAll(async () => {
    line = await startLineEmulator({
      channelAccessToken: "t",
      channelSecret: "s",
      loginChannelId: "1",
      clock: new ManualClock("2026-11-24T02:00:00.000Z"),
      ids: sequentialIds(),
    });
  });
  afterAll(() => line.close());
  const config = (over: Partial<SmsConfig> = {}): SmsConfig => ({
    provider: "twilio",
    baseUrl: line.url,
    accountSid: SANDBOX_SMS_ACCOUNT_SID,
    authToken: SANDBOX_SMS_AUTH_TOKEN,
    from: "OMO Demo",
    timeoutMs: 2000,
    emulated: true,
    ...over,
  });
  const control = async <T>(path: string, init?: RequestInit) =>
    (await (await fetch(`${line.url}/sandbox/api/sms${path}`, init)).json()) as T;

  it("lands in the phone's inbox, and the wire request is logged as sent", async () => {
    const r = await createTwilioSms(config()).send({ to: "+886912345678", body: "【OMO】驗證碼 654321" });
    expect(r).toMatchObject({ ok: true, status: "queued" });
    const { messages } = await control<{ messages: SmsMessageJson[] }>("/inbox/%2B886912345678");
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatchObject({
      to: "+886912345678",
      from: "OMO Demo",
      body: "【OMO】驗證碼 654321",
    });
    expect(r.ok && r.providerMessageId).toBe(messages[0]?.sid);
    const { requests } = await control<{ requests: SmsRequestJson[] }>("/requests");
    expect(requests.at(-1)).toMatchObject({
      path: `/2010-04-01/Accounts/${SANDBOX_SMS_ACCOUNT_SID}/Messages.json`,
      contentType: "application/x-www-form-urlencoded",
      form: { To: "+886912345678", From: "OMO Demo", Body: "【OMO】驗證碼 654321" },
      status: 201,
    });
  });

  it("refuses a wrong auth token or another account's path as Twilio does (401, 20003)", async () => {
    expect(
      await createTwilioSms(config({ authToken: "wrong" })).send({ to: "+886912345678", body: "x" }),
    ).toMatchObject({
      ok: false,
      kind: "auth",
      status: 401,
      providerCode: "20003",
    });
    expect(
      await createTwilioSms(config({ accountSid: `AC${"9".repeat(32)}` })).send({
        to: "+886912345678",
        body: "x",
      }),
    ).toMatchObject({ ok: false, kind: "auth" });
    expect(await createTwilioSms(config()).send({ to: "0912345678", body: "x" })).toMatchObject({
      ok: false,
      kind: "rejected",
      providerCode: "21211",
    });
  });

  it("plays injected faults: a 500, then a hang longer than the adapter waits", async () => {
    await control("/faults", { method: "POST", body: JSON.stringify({ status: 500 }) });
    expect(await createTwilioSms(config()).send({ to: "+886912000001", body: "x" })).toMatchObject({
      ok: false,
      kind: "unavailable",
      providerCode: "20500",
    });
    await control("/faults", { method: "POST", body: JSON.stringify({ delayMs: 5000, status: 503 }) });
    expect(
      await createTwilioSms(config({ timeoutMs: 100 })).send({ to: "+886912000001", body: "x" }),
    ).toMatchObject({
      ok: false,
      kind: "timeout",
    });
    const { messages } = await control<{ messages: SmsMessageJson[] }>("/inbox/+886912000001");
    expect(messages).toHaveLength(0);
  });
});
