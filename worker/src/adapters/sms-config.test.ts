import { describe, expect, it } from "vitest";
import { loadConfig } from "../config";
import { SANDBOX_SMS_ACCOUNT_SID, SANDBOX_SMS_AUTH_TOKEN, TWILIO_API_BASE_URL } from "./sms-config";

const live = {
  NODE_ENV: "production",
  LINE_CHANNEL_SECRET: "s",
  LINE_CHANNEL_ACCESS_TOKEN: "t",
  LINE_LOGIN_CHANNEL_ID: "1",
  LIFF_ID: "1-x",
  ADMIN_TOKEN: "0123456789abcdef0123",
};

describe("SMS configuration", () => {
  it("sandbox: the emulator's Twilio stand-in at the app's own origin", () => {
    const c = loadConfig({}, "http://127.0.0.1:9999");
    expect(c.sms).toEqual({
      provider: "twilio",
      baseUrl: "http://127.0.0.1:9999",
      accountSid: SANDBOX_SMS_ACCOUNT_SID,
      authToken: SANDBOX_SMS_AUTH_TOKEN,
      from: "OMO Demo",
      timeoutMs: 10_000,
      emulated: true,
    });
    expect(c.warnings.join(" ")).not.toMatch(/SMS/);
  });

  it("a live channel without SMS starts, with SMS off and a warning saying what to set", () => {
    const c = loadConfig(live);
    expect(c.sms).toBeUndefined();
    expect(c.warnings.join(" ")).toMatch(/SMS is not configured.*SMS_PROVIDER=twilio.*TWILIO_ACCOUNT_SID/);
  });

  it("SMS_PROVIDER=twilio with its credentials: Twilio's API unless SMS_API_BASE_URL says otherwise", () => {
    const sms = {
      SMS_PROVIDER: "twilio",
      TWILIO_ACCOUNT_SID: `AC${"1".repeat(32)}`,
      TWILIO_AUTH_TOKEN: "tok",
      SMS_FROM: "+15005550006",
      SMS_TIMEOUT_MS: "3000",
    };
    expect(loadConfig({ ...live, ...sms }).sms).toMatchObject({
      baseUrl: TWILIO_API_BASE_URL,
      accountSid: sms.TWILIO_ACCOUNT_SID,
      from: "+15005550006",
      timeoutMs: 3000,
      emulated: false,
    });
    expect(loadConfig({ ...live, ...sms, SMS_API_BASE_URL: "http://127.0.0.1:1234/" }).sms?.baseUrl).toBe(
      "http://127.0.0.1:1234",
    );
  });

  it("a half-configured or unknown provider stops the start, naming the variable", () => {
    expect(() => loadConfig({ ...live, SMS_PROVIDER: "twilio", TWILIO_ACCOUNT_SID: "AC1" })).toThrow(
      /TWILIO_AUTH_TOKEN[\s\S]*SMS_FROM/,
    );
    expect(() => loadConfig({ ...live, SMS_PROVIDER: "mitake" })).toThrow(/SMS_PROVIDER must be twilio/);
    expect(() => loadConfig({ ...live, SMS_API_BASE_URL: "ftp://x" })).toThrow(/SMS_API_BASE_URL/);
    expect(() => loadConfig({ ...live, SMS_TIMEOUT_MS: "5" })).toThrow(/SMS_TIMEOUT_MS/);
  });
});
