/**
 * Correctly signed webhooks that are valid JSON but poison: nesting that overflows the stack
 * when recorded, times no Date can hold, ids that SQLite cannot give back. LINE redelivers on a
 * 5xx, so each must be a 4xx with nothing written (and nothing for a sweep to find), on both
 * hosts: the Node host's own POST /webhook path and the Hono route the Workers host serves.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { webhookEvents } from "../../../db/schema";
import { body, textEvent } from "../../test/fixtures";
import { startTestApp, TEST_SECRET, type TestApp } from "../../test/harness";
import { createApp } from "../app";
import { allFeatures } from "../features/registry";
import { insertEvents, toEventRow } from "./event-store";
import { eventSchema, MAX_EVENT_TIMESTAMP_MS } from "./events";
import { signBody } from "./signature";
import { exceedsDepth, WEBHOOK_MAX_BYTES, WEBHOOK_MAX_DEPTH } from "./webhook-route";

type Send = (raw: string) => Promise<Response>;
type ErrorJson = { error: { code: string; message: string; requestId: string; details?: unknown } };

const nested = (levels: number, open: string, close: string, inner = "1") =>
  `${open.repeat(levels)}${inner}${close.repeat(levels)}`;
const deepObject = (levels: number) => nested(levels, '{"a":', "}");

/** A body of one text event whose extra field `x` is the given JSON text. */
const withField = (json: string) => body([{ ...textEvent("hi"), x: "__X__" }]).replace('"__X__"', json);
/** A body of one text event whose timestamp is the given number literal, as LINE would write it. */
const withTimestamp = (literal: string) =>
  body([{ ...textEvent("hi"), timestamp: "__T__" }]).replace('"__T__"', literal);

const id = (webhookEventId: string) => body([textEvent("hi", { webhookEventId })]);

/** Poisons by the code each must be refused with. */
const POISONS: Array<[name: string, raw: () => string, code: string]> = [
  ["a 10,000-deep object in an event field", () => withField(deepObject(10_000)), "WEBHOOK_TOO_DEEP"],
  ["10,000 nested arrays in an event field", () => withField(nested(10_000, "[", "]")), "WEBHOOK_TOO_DEEP"],
  ["100,000 unclosed brackets", () => withField("[".repeat(100_000)), "WEBHOOK_TOO_DEEP"],
  ["one level past the limit", () => withField(deepObject(WEBHOOK_MAX_DEPTH - 2)), "WEBHOOK_TOO_DEEP"],
  ["timestamp 9e15", () => body([textEvent("hi", { timestamp: 9e15 })]), "INVALID_WEBHOOK"],
  ["timestamp 8.64e15 + 1", () => body([textEvent("hi", { timestamp: 8.64e15 + 1 })]), "INVALID_WEBHOOK"],
  ["timestamp 8.64e15", () => body([textEvent("hi", { timestamp: 8.64e15 })]), "INVALID_WEBHOOK"],
  ["timestamp 1e300", () => body([textEvent("hi", { timestamp: 1e300 })]), "INVALID_WEBHOOK"],
  ["timestamp 1e400 (Infinity)", () => withTimestamp("1e400"), "INVALID_WEBHOOK"],
  ["timestamp 2^53", () => withTimestamp("9007199254740992"), "INVALID_WEBHOOK"],
  ["timestamp -1", () => body([textEvent("hi", { timestamp: -1 })]), "INVALID_WEBHOOK"],
  ["timestamp 1.5", () => body([textEvent("hi", { timestamp: 1.5 })]), "INVALID_WEBHOOK"],
  ["webhookEventId with NUL", () => id("01FZ74A0TD\u0000DPYRVKNK77XKC3ZR"), "INVALID_WEBHOOK"],
  ["webhookEventId that is only NUL", () => id("\u0000"), "INVALID_WEBHOOK"],
  ["webhookEventId with BEL", () => id("01FZ74A0TD\u0007DPYRVKNK77XKC3ZR"), "INVALID_WEBHOOK"],
  ["webhookEventId with a newline", () => id("01FZ74A0TD\nDPYRVKNK77XKC3ZR"), "INVALID_WEBHOOK"],
  ["webhookEventId with DEL", () => id("01FZ74A0TD\u007fDPYRVKNK77XKC3ZR"), "INVALID_WEBHOOK"],
  ["webhookEventId with a space", () => id("01FZ74A0TD DPYRVKNK77XKC3ZR"), "INVALID_WEBHOOK"],
  ["webhookEventId with a lone surrogate", () => id("01FZ74A0TD\ud800DPYRVKN"), "INVALID_WEBHOOK"],
  ["webhookEventId with U+2028", () => id("01FZ74A0TD\u2028DPYRVKN"), "INVALID_WEBHOOK"],
  ["webhookEventId of 129 characters", () => id("0".repeat(129)), "INVALID_WEBHOOK"],
  ["source.userId with NUL", () => body([textEvent("hi", { userId: "Uabc\u0000def" })]), "INVALID_WEBHOOK"],
  [
    "source.userId of 100,000 characters",
    () => body([textEvent("hi", { userId: `U${"a".repeat(100_000)}` })]),
    "INVALID_WEBHOOK",
  ],
  [
    "source.groupId with NUL",
    () => body([textEvent("hi", { groupId: "Cabc\u0000", userId: "Uabc" })]),
    "INVALID_WEBHOOK",
  ],
  ["replyToken with NUL", () => body([textEvent("hi", { replyToken: "rt\u0000x" })]), "INVALID_WEBHOOK"],
  ["type with NUL", () => body([{ ...textEvent("hi"), type: "message\u0000" }]), "INVALID_WEBHOOK"],
  ["destination with NUL", () => body([textEvent("hi")], "Uabc\u0000"), "INVALID_WEBHOOK"],
  ["1,001 events", () => body(Array.from({ length: 1001 }, () => textEvent("hi"))), "INVALID_WEBHOOK"],
  [
    "500,000 bare numbers as events",
    () => `{"destination":"Ux","events":[${Array(500_000).fill("0").join(",")}]}`,
    "INVALID_WEBHOOK",
  ],
  [
    "one poison event among good ones",
    () => body([textEvent("good 1"), textEvent("bad", { timestamp: 9e15 }), textEvent("good 2")]),
    "INVALID_WEBHOOK",
  ],
  [
    "a deep event among good ones",
    () =>
      body([textEvent("good"), { ...textEvent("bad"), x: "__X__" }]).replace('"__X__"', deepObject(10_000)),
    "WEBHOOK_TOO_DEEP",
  ],
];

/** Hostile-looking but legitimate bodies that must still be recorded and processed. */
const FINE: Array<[name: string, raw: () => string]> = [
  ["nesting exactly at the limit", () => withField(deepObject(WEBHOOK_MAX_DEPTH - 3))],
  ["brackets and escaped quotes inside strings", () => body([textEvent(`\\"${"[{".repeat(5_000)}\\`)])],
  ["timestamp 0", () => body([textEvent("hi", { timestamp: 0 })])],
  ["the latest timestamp accepted", () => body([textEvent("hi", { timestamp: MAX_EVENT_TIMESTAMP_MS })])],
  ["a CJK and emoji text with control characters", () => body([textEvent("哈囉\u0000\u0007 👋")])],
];

const HOSTS: Array<[name: string, sender: (t: TestApp) => Send]> = [
  // Real HTTP to the Node host: POST /webhook is served by its own handler, not by Hono.
  ["Node host (direct webhook path)", (t) => (raw) => t.webhook(raw)],
  // The Hono route as the Workers host runs it: no group-commit recorder, drizzle inserts.
  [
    "Hono route (Workers path)",
    (t) => {
      const app = createApp({ deps: t.app.deps, features: allFeatures(), recorder: () => null });
      return async (raw) =>
        app.request("/webhook", {
          method: "POST",
          body: raw,
          headers: {
            "content-type": "application/json",
            "x-line-signature": await signBody(TEST_SECRET, raw),
          },
        });
    },
  ],
];

describe.each(HOSTS)("poison webhooks: %s", (_name, sender) => {
  let t: TestApp;
  let send: Send;
  beforeAll(async () => {
    t = await startTestApp();
    send = sender(t);
  });
  afterAll(() => t.close());

  const rows = () => t.app.deps.db.select().from(webhookEvents);

  it.each(POISONS)("refuses %s with 400, writing nothing", async (_what, raw, code) => {
    const res = await send(raw());
    expect(res.status).toBe(400);
    const json = (await res.json()) as ErrorJson;
    expect(json.error).toMatchObject({ code, message: expect.any(String), requestId: expect.any(String) });
    expect(json.error.requestId).not.toBe("");
    if (code === "INVALID_WEBHOOK") expect(json.error.details).toMatchObject({ path: expect.any(Array) });
    await t.settle();
    expect(await rows()).toEqual([]);
  });

  it("refuses a body over 1 MiB with 413 before reading it all", async () => {
    const res = await send(body([textEvent("x".repeat(WEBHOOK_MAX_BYTES))]));
    expect(res.status).toBe(413);
    expect(((await res.json()) as ErrorJson).error.code).toBe("PAYLOAD_TOO_LARGE");
    expect(await rows()).toEqual([]);
  });

  it("leaves nothing for a sweep after the poisons, and a normal event still goes through", async () => {
    for (const [, raw] of POISONS) expect((await send(raw())).status).toBe(400);
    expect(await t.app.sweep()).toMatchObject({ events: 0 });
    expect(await t.app.sweep()).toMatchObject({ events: 0 });
    expect(await rows()).toEqual([]);

    const res = await send(body([textEvent("你好")]));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ received: 1, new: 1 });
    await t.settle();
    const [row] = await rows();
    expect(row).toMatchObject({ state: "processed", attempts: 1 });
    expect(await t.app.sweep()).toMatchObject({ events: 0 });
  });

  it.each(FINE)("records and processes %s", async (_what, raw) => {
    const res = await send(raw());
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ received: 1, new: 1 });
    await t.settle();
    const all = await rows();
    expect(all.filter((r) => r.state !== "processed")).toEqual([]);
    expect(await t.app.sweep()).toMatchObject({ events: 0 });
  });
});

describe("events recorded before the webhook refused poison ids", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it("an id with a NUL, which reads back cut short, is not swept again and again", async () => {
    const { db, dbLimits, clock } = t.app.deps;
    // Straight into the store, as the webhook did before it checked ids.
    const env = eventSchema.parse(textEvent("old"));
    await insertEvents(db, dbLimits, [
      toEventRow({ ...env, webhookEventId: "01OLD\u0000POISON" }, clock.now()),
    ]);
    expect(await db.select().from(webhookEvents)).toHaveLength(1);
    expect(await t.app.sweep()).toMatchObject({ events: 0 });
    expect(await t.app.sweep()).toMatchObject({ events: 0 });

    // A normal event beside it is still found and processed by a sweep.
    await insertEvents(db, dbLimits, [toEventRow(eventSchema.parse(textEvent("new")), clock.now())]);
    expect(await t.app.sweep()).toMatchObject({ events: 1 });
    await t.settle();
    expect(await t.app.sweep()).toMatchObject({ events: 0 });
  });
});

describe("exceedsDepth", () => {
  const deeper = (json: string) => exceedsDepth(new TextEncoder().encode(json), 2);

  it("counts arrays and objects, not brackets inside strings or escaped quotes", () => {
    expect(deeper("[[1]]")).toBe(false);
    expect(deeper("[[[1]]]")).toBe(true);
    expect(deeper('{"a":{"b":{}}}')).toBe(true);
    expect(deeper('["[[[[", "{{{{"]')).toBe(false);
    expect(deeper(JSON.stringify(['"[[[', 1]))).toBe(false);
    expect(deeper(JSON.stringify(['\\"[[[', 1]))).toBe(false);
    // A string ending in an escaped backslash still ends at its quote: what follows counts.
    expect(deeper(`[${JSON.stringify("\\")},[[1]]]`)).toBe(true);
    expect(deeper(`[${JSON.stringify("\\\\")},[1]]`)).toBe(false);
    expect(deeper('"unterminated [[[[')).toBe(false);
  });
});
