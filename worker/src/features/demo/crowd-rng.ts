/**
 * Deterministic choices for the demo history: a seeded generator (mulberry32) so every fresh
 * sandbox gets the same people, baskets and campaigns — only their dates move with the clock —
 * and the brand's calendar (local days, weekends, Double-11, the year-end) for seasonality.
 */
export const DAY = 86_400_000;
export const HOUR = 3_600_000;
export const MINUTE = 60_000;

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, "0"));

export class Rng {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0;
  }
  /** A number in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  /** An integer in [lo, hi]. */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)] as T;
  }
  /** One of the keys, with probability proportional to its weight. */
  weighted<T extends string>(weights: Readonly<Record<T, number>>): T {
    const entries = Object.entries(weights) as Array<[T, number]>;
    let x = this.next() * entries.reduce((s, [, w]) => s + w, 0);
    for (const [k, w] of entries) {
      x -= w;
      if (x < 0) return k;
    }
    return (entries[entries.length - 1] as [T, number])[0];
  }
  /** A Poisson count with mean `mean` (Knuth; means here are small). */
  poisson(mean: number): number {
    const l = Math.exp(-Math.min(mean, 60));
    let k = 0;
    let p = this.next();
    while (p > l) {
      k++;
      p *= this.next();
    }
    return k;
  }
  hex(n: number): string {
    let out = "";
    while (out.length < n) {
      const x = Math.floor(this.next() * 0x1_0000_0000);
      out += (HEX[x >>> 24] as string) + HEX[(x >>> 16) & 255] + HEX[(x >>> 8) & 255] + HEX[x & 255];
    }
    return out.length === n ? out : out.slice(0, n);
  }
  /** A UUID v4 (LINE's X-Line-Retry-Key must be one). */
  uuid(): string {
    const h = this.hex(32);
    const v = "89ab"[Math.floor(this.next() * 4)];
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${v}${h.slice(17, 20)}-${h.slice(20)}`;
  }
}

/** A local calendar day: its midnight (UTC ms), year, month (1–12), day and weekday (0 = Sunday). */
export interface LocalDay {
  start: number;
  year: number;
  month: number;
  day: number;
  weekday: number;
}

/**
 * The brand's calendar from a fixed UTC offset (the zone's at `now`: Asia/Taipei has no daylight
 * saving, and a demo an hour off elsewhere would not matter).
 */
export class Calendar {
  readonly offset: number;
  constructor(
    readonly now: number,
    timeZone: string,
  ) {
    const parts = Object.fromEntries(
      new Intl.DateTimeFormat("en-US", {
        timeZone,
        hourCycle: "h23",
        year: "numeric",
        month: "2-digit",
        day: "2-digit",
        hour: "2-digit",
        minute: "2-digit",
      })
        .formatToParts(new Date(now))
        .map((p) => [p.type, p.value]),
    );
    const local = Date.UTC(
      Number(parts.year),
      Number(parts.month) - 1,
      Number(parts.day),
      Number(parts.hour),
      Number(parts.minute),
    );
    this.offset = Math.round((local - Math.floor(now / MINUTE) * MINUTE) / (15 * MINUTE)) * 15 * MINUTE;
  }
  private readonly days = new Map<number, LocalDay>();
  day(at: number): LocalDay {
    const n = Math.floor((at + this.offset) / DAY);
    let day = this.days.get(n);
    if (!day) {
      const d = new Date(n * DAY);
      day = {
        start: n * DAY - this.offset,
        year: d.getUTCFullYear(),
        month: d.getUTCMonth() + 1,
        day: d.getUTCDate(),
        weekday: d.getUTCDay(),
      };
      this.days.set(n, day);
    }
    return day;
  }
  /** `YYYY-MM-DD` of an instant. */
  ymd(at: number): string {
    return new Date(at + this.offset).toISOString().slice(0, 10);
  }
  /** Local midnight of a date. */
  midnight(year: number, month: number, day: number): number {
    return Date.UTC(year, month - 1, day) - this.offset;
  }
  /** The day `daysAgo` days before today (local), at `hour` local time. */
  daysAgo(daysAgo: number, hour: number): number {
    return this.day(this.now).start - daysAgo * DAY + hour * HOUR;
  }
}

/**
 * How busy a local day is for a channel: weekends for the stores, Double-11 (most of all online)
 * and the year-end for both.
 */
export function seasonality(d: LocalDay, channel: "store" | "online"): number {
  let w = 1;
  if (d.weekday === 0 || d.weekday === 6) w *= channel === "store" ? 1.7 : 1.15;
  if (d.month === 11 && d.day >= 8 && d.day <= 11) w *= channel === "online" ? (d.day === 11 ? 6 : 3) : 2;
  if (d.month === 11 && d.day >= 1 && d.day < 8) w *= 1.25;
  if (d.month === 12 && d.day >= 18) w *= 1.7;
  if (d.month === 1 && d.day <= 2) w *= 1.4;
  return w;
}
/** The most `seasonality` gives a channel (weekend × Double-11; the year-end weekends are below it). */
export const SEASON_MAX = { store: 1.7 * 2, online: 1.15 * 6 } as const;
