/**
 * The public tally stream over real HTTP: many streams on one sale cost one tally computation
 * per tick (counted), each stream gets the tally only when it changed, the stream limits answer
 * 503 with Retry-After, and a disconnect gives the slot back and leaves no timer behind. Time is
 * a manual ticker: no sleeps.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../../../test/harness";
import { DEMO_SALE_ID } from "./demo";
import { saleTally } from "./tally";
import { ManualTicker, realTicker, TallyHub, useTallyHub } from "./tally-stream";

type Products = Array<{ code: string; variant?: string; ordered: number }>;
type Message = { event?: string; data?: string; id?: string; comment?: string };

/** An EventSource-like reader of one stream, reading exactly as far as asked. */
async function openStream(url: string) {
  const abort = new AbortController();
  const res = await fetch(url, { signal: abort.signal });
  const reader = res.status === 200 ? res.body?.pipeThrough(new TextDecoderStream()).getReader() : undefined;
  let buf = "";
  const next = async (): Promise<Message> => {
    for (;;) {
      const end = buf.indexOf("\n\n");
      if (end >= 0) {
        const block = buf.slice(0, end);
        buf = buf.slice(end + 2);
        const msg: Message = {};
        for (const line of block.split("\n")) {
          if (line.startsWith(":")) msg.comment = line.slice(1).trim();
          const [, field, value] = /^(event|data|id): ?(.*)$/.exec(line) ?? [];
          if (field) msg[field as "event" | "data" | "id"] = value;
        }
        return msg;
      }
      const chunk = await reader?.read();
      if (!chunk || chunk.done) throw new Error("the stream ended");
      buf += chunk.value;
    }
  };
  const tally = async () => {
    const msg = await next();
    expect(msg.event).toBe("tally");
    return {
      id: Number(msg.id),
      products: (JSON.parse(msg.data ?? "{}") as { products: Products }).products,
    };
  };
  return { res, next, tally, close: () => abort.abort() };
}

const ordered = (products: Products, code: string) =>
  products.filter((p) => p.code === code).reduce((s, p) => s + p.ordered, 0);

describe("GET /api/lives/{id}/tally/stream", () => {
  let t: TestApp;
  let ticker: ManualTicker;
  let hub: TallyHub;
  const computed: string[] = [];
  const inflight: Array<Promise<unknown>> = [];
  /** While set, a computation reads the tally, then waits for it before answering. */
  let gate: Promise<void> | undefined;
  const PER_SALE = 30;
  const TOTAL = 40;
  const url = (saleId: string) => `${t.app.url}/api/lives/${saleId}/tally/stream`;
  let otherSale = "";
  let seq = 0;

  beforeAll(async () => {
    t = await startTestApp({ demo: true });
    ticker = new ManualTicker();
    hub = new TallyHub({
      compute: (saleId) => {
        computed.push(saleId);
        const held = gate;
        const answer = saleTally(t.app.deps.db, saleId).then(async (products) => {
          await held;
          return JSON.stringify({ saleId, products });
        });
        if (!held) inflight.push(answer);
        return answer;
      },
      ticker,
      heartbeatMs: 3000,
      maxPerSale: PER_SALE,
      maxTotal: TOTAL,
    });
    useTallyHub(t.app.deps.db, hub);
    expect((await t.admin(`/api/lives/${DEMO_SALE_ID}/open`, { method: "POST" })).status).toBe(200);
    const created = await t.admin("/api/lives", {
      method: "POST",
      body: JSON.stringify({
        title: "另一場",
        products: [{ code: "A", name: "帽子", price: 100, stock: 5 }],
      }),
    });
    otherSale = ((await created.json()) as { id: string }).id;
    expect((await t.admin(`/api/lives/${otherSale}/open`, { method: "POST" })).status).toBe(200);
  });
  afterAll(() => t.close());

  const plusOne = async (saleId: string, text: string) => {
    const res = await t.admin(`/api/lives/${saleId}/comments`, {
      method: "POST",
      body: JSON.stringify({
        comments: [
          {
            platform: "facebook",
            commentId: `s${++seq}`,
            userId: `fb${seq}`,
            userName: `觀眾 ${seq}`,
            text,
            postedAt: "2026-11-24T02:00:00Z",
          },
        ],
      }),
    });
    expect(res.status).toBe(200);
  };

  it("25 streams on one sale: one computation per tick, an event only when the tally changed", async () => {
    const N = 25;
    const streams = await Promise.all(Array.from({ length: N }, () => openStream(url(DEMO_SALE_ID))));
    for (const s of streams) expect(s.res.status).toBe(200);
    const first = await Promise.all(streams.map((s) => s.tally()));
    expect(computed).toEqual([DEMO_SALE_ID]); // the connect burst shared one computation
    expect(new Set(first.map((f) => f.id))).toEqual(new Set([1]));
    const before = ordered(first[0]?.products ?? [], "A");
    await ticker.whenSleepers(N);
    expect(hub.size(DEMO_SALE_ID)).toBe(N);

    // A tick with nothing new: computed once, sent to no one.
    ticker.advance(1000);
    await ticker.whenSleepers(N);
    await Promise.all(inflight);
    expect(computed).toHaveLength(2);

    // A comment, then a tick: computed once, and every stream gets the new tally (the next
    // event is version 2 — nothing was sent for the quiet tick in between).
    await plusOne(DEMO_SALE_ID, "A 紅 M +1");
    ticker.advance(1000);
    const second = await Promise.all(streams.map((s) => s.tally()));
    await ticker.whenSleepers(N);
    expect(computed).toHaveLength(3);
    for (const s of second) {
      expect(s.id).toBe(2);
      expect(ordered(s.products, "A")).toBe(before + 1);
    }

    // Quiet for the heartbeat: a comment line keeps proxies from closing the stream.
    ticker.advance(1000);
    await ticker.whenSleepers(N);
    ticker.advance(1000);
    await ticker.whenSleepers(N);
    ticker.advance(1000);
    expect(await streams[0]?.next()).toEqual({ comment: "ping" });
    await ticker.whenSleepers(N);
    expect(computed).toHaveLength(6);
    expect(new Set(computed)).toEqual(new Set([DEMO_SALE_ID]));

    for (const s of streams) s.close();
    await hub.whenSize(0);
    await ticker.whenSleepers(0); // no stream is left waiting on a timer
  });

  it("a computation stuck past its tick is given up on; its late answer changes nothing", async () => {
    const streams = await Promise.all([1, 2, 3].map(() => openStream(url(otherSale))));
    const first = await Promise.all(streams.map((s) => s.tally()));
    await ticker.whenSleepers(3);
    let release = () => {};
    gate = new Promise((resolve) => {
      release = resolve;
    });
    ticker.advance(1000); // this tick's query answers only when released
    await ticker.whenSleepers(3);
    gate = undefined;
    await plusOne(otherSale, "A+1");
    ticker.advance(1000); // the streams stop waiting for it: a fresh computation sees the comment
    const second = await Promise.all(streams.map((s) => s.tally()));
    const version = first[0]?.id ?? 0;
    for (const s of second) {
      expect(s.id).toBe(version + 1);
      expect(ordered(s.products, "A")).toBe(ordered(first[0]?.products ?? [], "A") + 1);
    }
    await ticker.whenSleepers(3);
    await Promise.all(inflight);
    release(); // the stale answer (read before the comment) arrives late
    await plusOne(otherSale, "A+1");
    ticker.advance(1000);
    const third = await Promise.all(streams.map((s) => s.tally()));
    for (const s of third) {
      expect(s.id).toBe(version + 2);
      expect(ordered(s.products, "A")).toBe(ordered(first[0]?.products ?? [], "A") + 2);
    }
    for (const s of streams) s.close();
    await hub.whenSize(0);
    await ticker.whenSleepers(0);
  });

  it("two sales: one computation each per tick", async () => {
    computed.length = 0;
    const a = await Promise.all([1, 2, 3].map(() => openStream(url(DEMO_SALE_ID))));
    const b = await Promise.all([1, 2, 3].map(() => openStream(url(otherSale))));
    await Promise.all([...a, ...b].map((s) => s.tally()));
    await ticker.whenSleepers(6);
    ticker.advance(1000);
    await ticker.whenSleepers(6);
    expect(computed.filter((id) => id === DEMO_SALE_ID)).toHaveLength(2);
    expect(computed.filter((id) => id === otherSale)).toHaveLength(2);
    for (const s of [...a, ...b]) s.close();
    await hub.whenSize(0);
  });

  it("past the per-sale and overall limits: 503 with Retry-After; a disconnect frees the slot", async () => {
    const full = await Promise.all(Array.from({ length: PER_SALE }, () => openStream(url(DEMO_SALE_ID))));
    await Promise.all(full.map((s) => s.tally()));
    expect(hub.size(DEMO_SALE_ID)).toBe(PER_SALE);

    const refused = await fetch(url(DEMO_SALE_ID), { headers: { "accept-language": "en" } });
    expect(refused.status).toBe(503);
    expect(refused.headers.get("retry-after")).toBe("30");
    const body = (await refused.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe("TOO_MANY_STREAMS");
    expect(body.error.message).toMatch(/this sale.*GET \/api\/lives\/\{id\}\/tally/);
    // The tally itself still answers: clients poll it instead.
    expect((await fetch(`${t.app.url}/api/lives/${DEMO_SALE_ID}/tally`)).status).toBe(200);

    // Another sale may still stream, up to the overall limit.
    const others = await Promise.all(
      Array.from({ length: TOTAL - PER_SALE }, () => openStream(url(otherSale))),
    );
    for (const s of others) expect(s.res.status).toBe(200);
    const overall = await fetch(url(otherSale), { headers: { "accept-language": "en" } });
    expect(overall.status).toBe(503);
    expect(((await overall.json()) as { error: { message: string } }).error.message).toMatch(/this server/);

    // One viewer leaves: the server notices, gives the slot back, and the next one gets in.
    full[0]?.close();
    await hub.whenSize(TOTAL - 1);
    expect(hub.size(DEMO_SALE_ID)).toBe(PER_SALE - 1);
    const next = await openStream(url(DEMO_SALE_ID));
    expect(next.res.status).toBe(200);
    await next.tally();

    for (const s of [...full.slice(1), ...others, next]) s.close();
    await hub.whenSize(0);
    await ticker.whenSleepers(0);
    expect((await fetch(`${t.app.url}/api/lives/sal_nope/tally/stream`)).status).toBe(404);
  });
});

describe("realTicker", () => {
  const timers = () => process.getActiveResourcesInfo().filter((r) => r === "Timeout").length;

  it("an aborted sleep ends at once and clears its timer", async () => {
    const before = timers();
    const stop = new AbortController();
    const slept = realTicker.sleep(60_000, stop.signal);
    expect(timers()).toBe(before + 1);
    stop.abort();
    await slept;
    expect(timers()).toBe(before);
    // Already aborted: no timer at all.
    await realTicker.sleep(60_000, stop.signal);
    expect(timers()).toBe(before);
  });
});
