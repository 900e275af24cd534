/**
 * Quiet hours (勿擾時段): a daily window in the brand's time zone, e.g. 21:00–09:00, in which no
 * broadcast starts. `from` is inside it, `to` is not: 21:00:00 is quiet, 08:59:59 is quiet,
 * 09:00:00 is not. A window whose `from` is later than its `to` crosses midnight.
 */
export interface QuietHours {
  from: string;
  to: string;
}

const MINUTE = 60_000;
const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** Minutes since local midnight, and the rest of the minute in ms, of an instant in a zone. */
function localClock(at: Date, timeZone: string): { minutes: number; restMs: number } {
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone,
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).formatToParts(at);
  const get = (t: string) => Number(parts.find((p) => p.type === t)?.value ?? 0);
  return { minutes: get("hour") * 60 + get("minute"), restMs: at.getTime() % MINUTE };
}

export function isQuiet(at: Date, q: QuietHours, timeZone: string): boolean {
  const from = minutesOf(q.from);
  const to = minutesOf(q.to);
  if (from === to) return false;
  const { minutes } = localClock(at, timeZone);
  return from < to ? minutes >= from && minutes < to : minutes >= from || minutes < to;
}

/**
 * When a send wanted at `at` may start: `at` itself outside the quiet hours, else the moment
 * they end (the next local `to`). A zone's clock change on that night moves it by the change.
 */
export function leaveQuietHours(at: Date, q: QuietHours, timeZone: string): Date {
  if (!isQuiet(at, q, timeZone)) return at;
  const { minutes, restMs } = localClock(at, timeZone);
  const ahead = (minutesOf(q.to) - minutes + 1440) % 1440;
  let end = at.getTime() - restMs + ahead * MINUTE;
  // A daylight-saving change between now and then: step to where the local clock reads `to`.
  const off = minutesOf(q.to) - localClock(new Date(end), timeZone).minutes;
  if (off !== 0 && Math.abs(off) <= 120) end += off * MINUTE;
  return new Date(end);
}
