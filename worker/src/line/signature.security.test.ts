import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { body, textEvent } from "../../test/fixtures";
import { startTestApp, TEST_SECRET, type TestApp } from "../../test/harness";
import { signBody, verifySignature } from "./signature";

const enc = new TextEncoder();

describe("verifySignature", () => {
  const raw = body([textEvent("哈囉 👋 café")]);

  it("accepts the signature of the exact bytes", async () => {
    expect(await verifySignature(TEST_SECRET, enc.encode(raw), await signBody(TEST_SECRET, raw))).toBe(true);
  });

  it("rejects a missing, empty or malformed header", async () => {
    for (const sig of [undefined, "", "not base64!", "AAAA"]) {
      expect(await verifySignature(TEST_SECRET, enc.encode(raw), sig)).toBe(false);
    }
  });

  it("rejects a signature made with another secret", async () => {
    expect(await verifySignature(TEST_SECRET, enc.encode(raw), await signBody("another-secret", raw))).toBe(
      false,
    );
  });

  it("rejects a body with one byte changed", async () => {
    const sig = await signBody(TEST_SECRET, raw);
    const bytes = enc.encode(raw);
    for (const at of [0, Math.floor(bytes.length / 2), bytes.length - 1]) {
      const changed = bytes.slice();
      changed[at] = (changed[at] ?? 0) ^ 0x01;
      expect(await verifySignature(TEST_SECRET, changed, sig)).toBe(false);
    }
  });

  it("signs the raw UTF-8 of emoji and CJK text, not a re-serialisation", async () => {
    const pretty = JSON.stringify(JSON.parse(raw), null, 2);
    const sig = await signBody(TEST_SECRET, pretty);
    expect(await verifySignature(TEST_SECRET, enc.encode(pretty), sig)).toBe(true);
    expect(await verifySignature(TEST_SECRET, enc.encode(raw), sig)).toBe(false);
    // Escaped and literal forms of the same text are different bytes, so different signatures.
    const escaped = raw.replace("哈", "\\u54c8");
    expect(await verifySignature(TEST_SECRET, enc.encode(escaped), sig)).toBe(false);
  });
});

describe("POST /webhook signature", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  const raw = body([textEvent("會員卡 🎫 テスト")]);

  it("401 without a signature, and records nothing", async () => {
    const res = await t.post(raw);
    expect(res.status).toBe(401);
    const json = (await res.json()) as { error: { code: string; requestId: string } };
    expect(json.error.code).toBe("INVALID_SIGNATURE");
    expect(json.error.requestId).toBeTruthy();
    const events = await (await t.admin("/api/admin/events")).json();
    expect(events).toEqual({ events: [] });
  });

  it("401 with a signature from the wrong secret", async () => {
    const res = await t.post(raw, { "x-line-signature": await signBody("wrong-secret", raw) });
    expect(res.status).toBe(401);
  });

  it("401 when one byte of the body differs from what was signed", async () => {
    const sig = await signBody(TEST_SECRET, raw);
    const res = await t.post(raw.replace("會員卡", "會員卞"), { "x-line-signature": sig });
    expect(res.status).toBe(401);
  });

  it("200 for a correctly signed emoji/CJK body", async () => {
    const res = await t.webhook(raw);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ received: 1, new: 1 });
  });

  it("the signature is checked before the JSON is parsed", async () => {
    const res = await t.post("{not json", { "x-line-signature": await signBody("wrong", "{not json") });
    expect(res.status).toBe(401);
  });
});
