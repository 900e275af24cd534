/** Calendar parts of an instant in a time zone (the brand's, for birthdays, reviews, reminders). */
export function localDate(now: Date, timeZone: string): { year: number; month: number; day: number } {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat("en-US", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" })
      .formatToParts(now)
      .map((p) => [p.type, p.value]),
  );
  return { year: Number(parts.year), month: Number(parts.month), day: Number(parts.day) };
}

/** `YYYY-MM-DD` of an instant in a time zone. */
export function localDay(now: Date, timeZone: string): string {
  const d = localDate(now, timeZone);
  return `${d.year}-${String(d.month).padStart(2, "0")}-${String(d.day).padStart(2, "0")}`;
}
