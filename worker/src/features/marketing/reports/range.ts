/**
 * A report's range and buckets: `from`/`to` are calendar days in the brand's time zone, both
 * inclusive; each bucket (a day, an ISO week from Monday, a month) is the UTC interval
 * [local midnight of its first day, local midnight after its last), clipped to the range, and is
 * named by its first calendar day (`YYYY-MM-DD`, so a clipped week still says its Monday).
 *
 * SQL knows no time zones, so `bucketOf` hands it the zone's offsets over the range (a constant
 * for Asia/Taipei; a step at each daylight-saving change elsewhere): a row's local day number is
 * (t + offset(t)) / 86 400 000, and the bucket's name follows with SQLite's date functions. A
 * report scans its rows in the range once and GROUPs BY that name in the database.
 */
import { z } from "@hono/zod-openapi";
import { type SQL, sql } from "drizzle-orm";
import { AppError, say } from "../../../lib/errors";
import { localDay } from "../../loyalty";

export const GRANULARITIES = ["day", "week", "month"] as const;
export type Granularity = (typeof GRANULARITIES)[number];

/** At most this many buckets (a year and a month of days) and this many days in a range. */
export const MAX_BUCKETS = 400;
export const MAX_DAYS = 1100;
/** With no `from`, a report covers this many days up to `to` (today by default). */
export const DEFAULT_DAYS = 30;

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const isDay = (s: string) => DAY.test(s) && new Date(`${s}T00:00:00Z`).toISOString().slice(0, 10) === s;
const DayParam = (name: string, description: string) =>
  z
    .string()
    .refine(isDay, { message: "a calendar day, YYYY-MM-DD" })
    .optional()
    .openapi({ param: { name, in: "query" }, description, example: "2026-11-01" });

export const RangeQuery = z.object({
  from: DayParam(
    "from",
    `First day (brand time zone), inclusive; default ${DEFAULT_DAYS - 1} days before \`to\`.`,
  ),
  to: DayParam("to", "Last day (brand time zone), inclusive; default today."),
  granularity: z
    .enum(GRANULARITIES)
    .default("day")
    .openapi({
      param: { name: "granularity", in: "query" },
      description: "Bucket size (weeks start on Monday).",
    }),
});
export const StoreQuery = z.object({
  storeId: z
    .string()
    .max(64)
    .optional()
    .openapi({
      param: { name: "storeId", in: "query" },
      description: "Only what is attributed to this store.",
    }),
});
export type RangeInput = z.infer<typeof RangeQuery> & { storeId?: string | undefined };

export interface Bucket {
  bucket: string;
  /** UTC milliseconds, [lo, hi). */
  lo: number;
  hi: number;
}

export interface ReportRange {
  from: string;
  to: string;
  granularity: Granularity;
  timeZone: string;
  storeId: string | null;
  /** The whole range in UTC milliseconds, [lo, hi). */
  lo: number;
  hi: number;
  buckets: Bucket[];
  /** The zone's UTC offset (ms) from each instant on, over the range: `[lo, offset]` first. */
  offsets: Array<[number, number]>;
}

/** `YYYY-MM-DD` plus n days (calendar arithmetic, no zone involved). */
export function addDays(day: string, n: number): string {
  const t = Date.parse(`${day}T00:00:00Z`) + n * 86_400_000;
  return new Date(t).toISOString().slice(0, 10);
}

const offsetFormats = new Map<string, Intl.DateTimeFormat>();
/** The zone's offset from UTC at an instant, in milliseconds (`GMT+08:00` → 8 h). */
function offsetAt(t: number, timeZone: string): number {
  let f = offsetFormats.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", { timeZone, timeZoneName: "longOffset" });
    offsetFormats.set(timeZone, f);
  }
  const name = f.formatToParts(new Date(t)).find((p) => p.type === "timeZoneName")?.value ?? "";
  const m = /GMT([+-])(\d{2}):(\d{2})/.exec(name);
  return m ? (m[1] === "-" ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) * 60_000 : 0;
}

/** The UTC instant of local midnight starting `day` in the zone (offset looked up twice, for DST). */
export function zoneMidnight(day: string, timeZone: string): number {
  const guess = Date.parse(`${day}T00:00:00Z`);
  return guess - offsetAt(guess - offsetAt(guess, timeZone), timeZone);
}

/** The calendar day (`YYYY-MM-DD`) an instant falls on in the zone. */
export const zoneDay = (t: number, timeZone: string): string => localDay(new Date(t), timeZone);

/** The first day of the day / ISO week / month holding `day`. */
export function periodStart(day: string, granularity: Granularity): string {
  if (granularity === "day") return day;
  if (granularity === "month") return `${day.slice(0, 7)}-01`;
  const dow = new Date(`${day}T00:00:00Z`).getUTCDay();
  return addDays(day, -((dow + 6) % 7));
}

function nextPeriod(start: string, granularity: Granularity): string {
  if (granularity === "day") return addDays(start, 1);
  if (granularity === "week") return addDays(start, 7);
  const [y, m] = start.split("-").map(Number) as [number, number];
  return new Date(Date.UTC(y, m, 1)).toISOString().slice(0, 10);
}

const tooLarge = (field: string, text: ReturnType<typeof say>, max: number) =>
  new AppError("VALIDATION_FAILED", text, { reason: "TOO_LARGE", field, max });

/** The range asked for, with its buckets; `now` decides the default `to` (today in the zone). */
export function resolveRange(q: RangeInput, now: Date, timeZone: string): ReportRange {
  const to = q.to ?? zoneDay(now.getTime(), timeZone);
  const from = q.from ?? addDays(to, -(DEFAULT_DAYS - 1));
  const granularity = q.granularity ?? "day";
  if (from > to)
    throw new AppError("VALIDATION_FAILED", say("from 不可晚於 to。", "from must not be after to."), {
      reason: "INVALID",
      field: "from",
    });
  const days = (Date.parse(to) - Date.parse(from)) / 86_400_000 + 1;
  if (days > MAX_DAYS)
    throw tooLarge("to", say(`期間最多 ${MAX_DAYS} 天。`, `A range is at most ${MAX_DAYS} days.`), MAX_DAYS);
  const end = addDays(to, 1);
  const lo = zoneMidnight(from, timeZone);
  const hi = zoneMidnight(end, timeZone);
  const buckets: Bucket[] = [];
  for (let start = periodStart(from, granularity); start < end; start = nextPeriod(start, granularity)) {
    const next = nextPeriod(start, granularity);
    buckets.push({
      bucket: start,
      lo: start < from ? lo : zoneMidnight(start, timeZone),
      hi: next > end ? hi : zoneMidnight(next, timeZone),
    });
  }
  if (buckets.length > MAX_BUCKETS)
    throw tooLarge(
      "granularity",
      say(
        `區間最多 ${MAX_BUCKETS} 格，請改用週或月。`,
        `At most ${MAX_BUCKETS} buckets: use weeks or months.`,
      ),
      MAX_BUCKETS,
    );
  return {
    from,
    to,
    granularity,
    timeZone,
    storeId: q.storeId ?? null,
    lo,
    hi,
    buckets,
    offsets: offsetSteps(lo, hi, timeZone),
  };
}

/**
 * The zone's offsets over [lo, hi): probed a day apart (zones change offset at most twice a
 * year), each change found to the millisecond by bisection.
 */
export function offsetSteps(lo: number, hi: number, timeZone: string): Array<[number, number]> {
  const steps: Array<[number, number]> = [[lo, offsetAt(lo, timeZone)]];
  for (let t = lo; t < hi; t += 86_400_000) {
    const last = steps[steps.length - 1]?.[1];
    const next = Math.min(t + 86_400_000, hi - 1);
    if (offsetAt(next, timeZone) === last) continue;
    let [a, b] = [t, next]; // offset(a) = last, offset(b) ≠ last
    while (b - a > 1) {
      const mid = Math.floor((a + b) / 2);
      if (offsetAt(mid, timeZone) === last) a = mid;
      else b = mid;
    }
    steps.push([b, offsetAt(b, timeZone)]);
  }
  return steps;
}

const DAY_MS = 86_400_000;

/**
 * The name of the bucket an instant column falls in, as SQL (`YYYY-MM-DD` of the day, the week's
 * Monday or the month's 1st, in the brand's zone). Only numbers of our own go into the text.
 */
export function bucketOf(r: ReportRange, t: SQL): SQL {
  const num = (n: number) => sql.raw(String(Math.trunc(n)));
  const [first, ...changes] = r.offsets;
  const offset = changes.length
    ? sql`(CASE ${sql.join(
        changes.reverse().map(([from, o]) => sql`WHEN ${t} >= ${num(from)} THEN ${num(o)}`),
        sql` `,
      )} ELSE ${num(first?.[1] ?? 0)} END)`
    : num(first?.[1] ?? 0);
  const local = sql`((${t} + ${offset}) / ${num(DAY_MS)})`;
  if (r.granularity === "day") return sql`date(${local} * 86400, 'unixepoch')`;
  if (r.granularity === "week") return sql`date((${local} - (${local} + 3) % 7) * 86400, 'unixepoch')`;
  return sql`strftime('%Y-%m-01', ${local} * 86400, 'unixepoch')`;
}

/** `<column> >= lo AND <column> < hi`: the rows of the range. */
export const inRange = (r: ReportRange, t: SQL): SQL => sql`${t} >= ${r.lo} AND ${t} < ${r.hi}`;
