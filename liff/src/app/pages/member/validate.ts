/**
 * Client-side checks that spare a round trip; the server decides (libphonenumber-js, E.164).
 * Taiwan mobiles in the usual ways (0912-345-678, 0912 345 678, +886 912 345 678) or any
 * international number with its + country code.
 */
export function looksLikePhone(input: string): boolean {
  const s = input.replace(/[\s\-()]/g, "");
  return /^(?:\+?886|0)9\d{8}$/.test(s) || /^\+[1-9]\d{7,14}$/.test(s);
}

export function looksLikeEmail(input: string): boolean {
  return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(input.trim());
}

/** Whether what is typed is the saved E.164 number (`0912-345-678` is `+886912345678`). */
export function samePhone(typed: string, e164: string | null): boolean {
  if (!e164) return false;
  const s = typed.replace(/[\s\-()]/g, "");
  const local = (n: string) => n.replace(/^\+?886/, "0");
  return s === e164 || local(s) === local(e164);
}

/** `YYYY-MM-DD` today in a time zone (the brand's: a birthday is a local day). */
export function localToday(now: Date, timeZone: string): string {
  return new Intl.DateTimeFormat("en-CA", {
    timeZone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
  }).format(now);
}

/** What is wrong with a birthday as typed, as the server decides it: not a day, in the future, before 1900. */
export function birthdayProblem(value: string, today: string): "invalid" | "future" | "old" | null {
  const t = Date.parse(`${value}T00:00:00Z`);
  const ok =
    /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(t) && new Date(t).toISOString().slice(0, 10) === value;
  if (!ok) return "invalid";
  if (value > today) return "future";
  if (value < "1900-01-01") return "old";
  return null;
}
