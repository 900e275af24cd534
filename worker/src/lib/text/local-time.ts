const formats = new Map<string, Intl.DateTimeFormat>();

/** `11/30 20:05` in the brand's time zone (zh-TW month/day, 24-hour clock). */
export function formatLocalTime(d: Date, timeZone: string): string {
  let f = formats.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("zh-TW", {
      timeZone,
      month: "numeric",
      day: "numeric",
      hour: "2-digit",
      minute: "2-digit",
      hour12: false,
    });
    formats.set(timeZone, f);
  }
  return f.format(d);
}
