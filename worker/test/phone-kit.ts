/** Test helpers: read a phone's SMS inbox on the emulator and verify a member's phone the way a member does. */
import { expect } from "vitest";
import type { SmsMessageJson, SmsRequestJson } from "../src/sandbox/emulator/sms-types";
import type { TestApp } from "./harness";

export function phoneKit(t: TestApp) {
  const call = async (userId: string, path: string, body?: unknown) =>
    fetch(`${t.app.url}${path}`, {
      method: "POST",
      headers: {
        authorization: `Bearer ${await t.line.emulator.issueIdToken(userId)}`,
        "content-type": "application/json",
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  const inbox = async (e164: string) =>
    (
      (await (await t.line.control(`/sms/inbox/${encodeURIComponent(e164)}`)).json()) as {
        messages: SmsMessageJson[];
      }
    ).messages;
  const kit = {
    inbox,
    /** The code in the newest SMS to this number. */
    async lastCode(e164: string): Promise<string> {
      const body = (await inbox(e164))[0]?.body ?? "";
      const code = /\b(\d{6})\b/.exec(body)?.[1];
      if (!code) throw new Error("no code in the inbox");
      return code;
    },
    requests: async () =>
      ((await (await t.line.control("/sms/requests")).json()) as { requests: SmsRequestJson[] }).requests,
    fault: (f: Record<string, unknown>) =>
      t.line.control("/sms/faults", {
        method: "POST",
        body: JSON.stringify(f),
        headers: { "content-type": "application/json" },
      }),
    send: (userId: string) => call(userId, "/api/me/phone/verification"),
    confirm: (userId: string, code: string) => call(userId, "/api/me/phone/verification/confirm", { code }),
    /** Send a code to the member's phone, read it from the inbox, confirm it (moves the clock past the send gap first). */
    async verify(userId: string, e164: string): Promise<void> {
      t.clock.advance(61_000);
      const sent = await kit.send(userId);
      expect(sent.status).toBe(200);
      const ok = await kit.confirm(userId, await kit.lastCode(e164));
      expect(ok.status).toBe(200);
    },
  };
  return kit;
}
