/**
 * The webhook's refusals on the Hono route the Workers host serves (`app.request`, no group-commit
 * recorder), not only on the Node host's own POST /webhook path: 401 for a missing or wrong
 * signature, 400 for a signed body that is not JSON or not UTF-8 or not LINE's shape, 413 for a
 * body over 1 MiB — announced by Content-Length or streamed without one — and nothing recorded.
 * (The poison bodies, 400 WEBHOOK_TOO_DEEP / INVALID_WEBHOOK, are in webhook-poison.security.test.ts.)
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { webhookEvents } from "../../../db/schema";
import { body, textEvent } from "../../test/fixtures";
import { startTestApp, TEST_SECRET, type TestApp } from "../../test/harness";
import { createApp } from "../app";
import { allFeatures } from "../features/registry";
import { signBody } from "./signature";
import { WEBHOOK_MAX_BYTES } from "./webhook-route";

type ErrorJson = { error: { code: string; message: string; requestId: string } };

describe("POST /webhook on the Hono route (Workers path)", () => {
  let t: TestApp;
  let app: ReturnType<typeof createApp>;
  beforeAll(async () => {
    t = await startTestApp();
    app = createApp({ deps: t.app.deps, features: allFeatures(), recorder: () => null });
  });
  afterAll(() => t.close());

  const rows = () => t.app.deps.db.select().from(webhookEvents);
  const send = (raw: BodyInit, headers: Record<string, string> = {}) =>
    app.request(
      new Request("http://worker.test/webhook", {
        method: "POST",
        body: raw,
        headers: { "content-type": "application/json", ...headers },
        // A stream body needs half duplex in Node's fetch; a string ignores it.
        duplex: "half",
      } as RequestInit),
    );
  const signed = async (raw: string) => send(raw, { "x-line-signature": await signBody(TEST_SECRET, raw) });
  const refusal = async (res: Response, status: number, code: string) => {
    expect(res.status).toBe(status);
    const json = (await res.json()) as ErrorJson;
    expect(json.error).toMatchObject({ code, message: expect.any(String), requestId: expect.any(String) });
    await t.settle();
    expect(await rows()).toEqual([]);
  };

  it("401 without a signature and with one from another secret", async () => {
    const raw = body([textEvent("你好")]);
    await refusal(await send(raw), 401, "INVALID_SIGNATURE");
    await refusal(
      await send(raw, { "x-line-signature": await signBody("another-secret", raw) }),
      401,
      "INVALID_SIGNATURE",
    );
  });

  it("400 INVALID_JSON for a signed body that is not JSON", async () => {
    await refusal(await signed('{"destination": '), 400, "INVALID_JSON");
  });

  it("400 INVALID_JSON for a signed body that is not UTF-8", async () => {
    const bytes = new Uint8Array([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d]); // {"\xff\xfe":1}
    const signature = await signBody(TEST_SECRET, bytes);
    await refusal(await send(bytes, { "x-line-signature": signature }), 400, "INVALID_JSON");
  });

  it("400 INVALID_WEBHOOK for signed JSON that is not LINE's shape", async () => {
    for (const raw of [
      JSON.stringify({ events: [] }),
      JSON.stringify({ destination: "U1", events: "nope" }),
      JSON.stringify({ destination: "U1", events: [{ type: "message", timestamp: 1 }] }),
    ]) {
      await refusal(await signed(raw), 400, "INVALID_WEBHOOK");
    }
  });

  it("413 for a signed body over 1 MiB announced by Content-Length", async () => {
    await refusal(await signed(body([textEvent("x".repeat(WEBHOOK_MAX_BYTES))])), 413, "PAYLOAD_TOO_LARGE");
  });

  it("413 for a body over 1 MiB streamed without a Content-Length, before the signature is looked at", async () => {
    const chunk = new TextEncoder().encode("x".repeat(64 * 1024));
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        // Twice the limit at most: the route must stop reading, not buffer whatever comes.
        if (sent >= 2 * WEBHOOK_MAX_BYTES) return controller.close();
        sent += chunk.length;
        controller.enqueue(chunk);
      },
    });
    const res = await send(stream, { "x-line-signature": "bm90LWEtc2lnbmF0dXJl" });
    await refusal(res, 413, "PAYLOAD_TOO_LARGE");
    expect(sent).toBeLessThan(2 * WEBHOOK_MAX_BYTES);
  });

  it("still records a good signed body afterwards", async () => {
    const res = await signed(body([textEvent("你好")]));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ received: 1, new: 1 });
  });
});
