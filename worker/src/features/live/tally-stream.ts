import type { Db } from "../../../../db/client";
import { saleTally } from "./tally";

/**
 * The public tally stream (`GET /api/lives/{id}/tally/stream`) without one query per viewer:
 * every stream of a sale wakes on the same tick (aligned to the interval), and the first to ask
 * for that tick's tally computes it for all of them. So a sale costs one query per second
 * whether 1 or 2,000 screens watch it; each stream writes only when the tally changed (and a
 * comment line every 15 s so proxies keep it open). Each stream writes from its own request —
 * on Workers too, where another request's stream must not be touched: what is shared is only
 * the computed text, isolate-local.
 */

/** Time for the streams: a monotonic clock and a sleep that ends early (leaving no timer) on abort. */
export interface Ticker {
  now(): number;
  sleep(ms: number, signal: AbortSignal): Promise<void>;
}

export const realTicker: Ticker = {
  now: () => performance.now(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve) => {
      if (signal.aborted) return resolve();
      const done = () => {
        clearTimeout(timer);
        signal.removeEventListener("abort", done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      signal.addEventListener("abort", done, { once: true });
    }),
};

/** A ticker a test moves by hand; `sleepers` says how many streams are waiting on it. */
export class ManualTicker implements Ticker {
  private t = 0;
  private readonly waiting = new Set<{ at: number; wake: () => void }>();
  private readonly watchers = new Set<() => void>();
  private changed() {
    for (const w of [...this.watchers]) w();
  }
  now(): number {
    return this.t;
  }
  sleep(ms: number, signal: AbortSignal): Promise<void> {
    return new Promise<void>((resolve) => {
      if (signal.aborted) return resolve();
      const w = {
        at: this.t + ms,
        wake: () => {
          this.waiting.delete(w);
          signal.removeEventListener("abort", w.wake);
          resolve();
          this.changed();
        },
      };
      this.waiting.add(w);
      signal.addEventListener("abort", w.wake, { once: true });
      this.changed();
    });
  }
  /** Moves time on and wakes every sleeper that is due. */
  advance(ms: number): void {
    this.t += ms;
    for (const w of [...this.waiting]) if (w.at <= this.t) w.wake();
  }
  get sleepers(): number {
    return this.waiting.size;
  }
  /** Resolves once exactly `n` streams sleep (they have all finished the tick). */
  whenSleepers(n: number): Promise<void> {
    return new Promise((resolve) => {
      const check = () => {
        if (this.waiting.size !== n) return;
        this.watchers.delete(check);
        resolve();
      };
      this.watchers.add(check);
      check();
    });
  }
}

/** Per process (Node) or isolate (Workers): enough for a seller's screens and viewers' overlays. */
export const MAX_STREAMS_PER_SALE = 2_000;
export const MAX_STREAMS = 5_000;

export interface TallyHubOptions {
  /** The tally of a sale as the text the streams send. */
  compute(saleId: string): Promise<string>;
  ticker?: Ticker;
  intervalMs?: number;
  heartbeatMs?: number;
  maxPerSale?: number;
  maxTotal?: number;
}

interface SaleState {
  streams: number;
  /** The tick of `pending`, and how many computations were started / the newest one applied. */
  tick: number;
  started: number;
  applied: number;
  pending: Promise<Snapshot> | undefined;
  last: Snapshot | undefined;
}

interface Snapshot {
  data: string;
  /** Goes up when the text changes, so a stream compares a number, not the text. */
  version: number;
}

export type Join =
  | { ok: true; leave(): void }
  | { ok: false; limit: "sale" | "total"; retryAfterSeconds: number };

export interface StreamSink {
  send(data: string, id: number): Promise<void>;
  ping(): Promise<void>;
}

export class TallyHub {
  private readonly sales = new Map<string, SaleState>();
  private total = 0;
  private readonly ticker: Ticker;
  private readonly interval: number;
  private readonly heartbeat: number;
  private readonly maxPerSale: number;
  private readonly maxTotal: number;
  private readonly watchers = new Set<() => void>();

  constructor(private readonly opts: TallyHubOptions) {
    this.ticker = opts.ticker ?? realTicker;
    this.interval = opts.intervalMs ?? 1000;
    this.heartbeat = opts.heartbeatMs ?? 15_000;
    this.maxPerSale = opts.maxPerSale ?? MAX_STREAMS_PER_SALE;
    this.maxTotal = opts.maxTotal ?? MAX_STREAMS;
  }

  /** Takes a stream slot for a sale, or says which limit is reached. `leave` gives it back (once). */
  join(saleId: string): Join {
    const sale = this.sales.get(saleId);
    if (this.total >= this.maxTotal) return { ok: false, limit: "total", retryAfterSeconds: 30 };
    if ((sale?.streams ?? 0) >= this.maxPerSale) return { ok: false, limit: "sale", retryAfterSeconds: 30 };
    const state = sale ?? {
      streams: 0,
      tick: Number.NaN,
      started: 0,
      applied: 0,
      pending: undefined,
      last: undefined,
    };
    state.streams++;
    this.sales.set(saleId, state);
    this.total++;
    this.notify();
    let left = false;
    return {
      ok: true,
      leave: () => {
        if (left) return;
        left = true;
        this.total--;
        if (--state.streams === 0) this.sales.delete(saleId);
        this.notify();
      },
    };
  }

  /**
   * Feeds one stream until `signal` aborts: the tally now, then at every tick the tally if it
   * changed, or a ping when nothing was written for the heartbeat interval.
   */
  async follow(saleId: string, sink: StreamSink, signal: AbortSignal): Promise<void> {
    let seen = -1;
    let quietSince = this.ticker.now();
    while (!signal.aborted) {
      // Every stream sleeps to the same boundary, so they all ask for the same tick.
      const tick = this.ticker.sleep(this.interval - (this.ticker.now() % this.interval), signal);
      // A computation that outlives its tick (a stuck query; on Workers, the request that
      // started it cancelled) is given up on: the next tick starts a fresh one.
      const snap = await Promise.race([this.snapshot(saleId), tick.then(() => undefined)]);
      if (signal.aborted) return;
      if (snap && snap.version !== seen) {
        seen = snap.version;
        quietSince = this.ticker.now();
        await sink.send(snap.data, snap.version);
      } else if (snap && this.ticker.now() - quietSince >= this.heartbeat) {
        quietSince = this.ticker.now();
        await sink.ping();
      }
      await tick;
    }
  }

  /** This tick's tally for a sale: computed by the first stream that asks, shared with the rest. */
  private snapshot(saleId: string): Promise<Snapshot> {
    const state = this.sales.get(saleId);
    if (!state) throw new Error(`no stream joined sale ${saleId}`);
    const tick = Math.round(this.ticker.now() / this.interval);
    if (state.tick === tick && state.pending) return state.pending;
    state.tick = tick;
    const seq = ++state.started;
    const pending = this.opts.compute(saleId).then(
      (data) => {
        // A late answer from an older tick never replaces a newer one.
        if (seq < state.applied && state.last) return state.last;
        state.applied = seq;
        if (state.last?.data !== data) state.last = { data, version: (state.last?.version ?? 0) + 1 };
        return state.last;
      },
      (err: unknown) => {
        // A failed tick is retried by the next one, not remembered.
        if (state.pending === pending) state.pending = undefined;
        throw err;
      },
    );
    state.pending = pending;
    return pending;
  }

  /** Open streams, overall or for one sale. */
  size(saleId?: string): number {
    return saleId === undefined ? this.total : (this.sales.get(saleId)?.streams ?? 0);
  }

  /** Resolves once `size(saleId)` is `n` (at once if it is): for tests and graceful shutdowns. */
  whenSize(n: number, saleId?: string): Promise<void> {
    return new Promise((resolve) => {
      const check = () => {
        if (this.size(saleId) !== n) return;
        this.watchers.delete(check);
        resolve();
      };
      this.watchers.add(check);
      check();
    });
  }

  private notify() {
    for (const w of [...this.watchers]) w();
  }
}

const hubs = new WeakMap<Db, TallyHub>();

/** The hub of a database (one per Node app, one per Workers isolate). */
export function tallyHub(db: Db): TallyHub {
  let hub = hubs.get(db);
  if (!hub) {
    hub = new TallyHub({
      compute: async (saleId) => JSON.stringify({ saleId, products: await saleTally(db, saleId) }),
    });
    hubs.set(db, hub);
  }
  return hub;
}

/** Puts a hub in place for a database before any stream opens (tests: a manual ticker, small caps). */
export function useTallyHub(db: Db, hub: TallyHub): void {
  hubs.set(db, hub);
}
