import { z } from "@hono/zod-openapi";
import { eq } from "drizzle-orm";
import { appSettings } from "../../../../db/schema";
import type { AppDeps } from "../../deps";
import type { ReaderLang } from "../../lib/reader-lang";

const HHMM = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, "HH:MM");

/** Weekly time windows in the brand's zone; days 1 = Monday … 7 = Sunday. */
export const WeeklyWindows = z
  .array(
    z
      .object({ days: z.array(z.number().int().min(1).max(7)).min(1).max(7), from: HHMM, to: HHMM })
      .refine((w) => w.from < w.to, { message: "from must be before to" }),
  )
  .max(28);

export const InboxSettings = z
  .object({
    businessHours: WeeklyWindows.openapi({
      description: "When agents are in; outside these the away message answers (empty = always open)",
    }),
    awayMessage: z.string().trim().max(1000).nullable().openapi({ description: "null = no away message" }),
    awayMessageEn: z
      .string()
      .trim()
      .max(1000)
      .nullable()
      .default(null)
      .openapi({
        description:
          "The away message for customers whose LINE language is English (null: `awayMessage` for them too); " +
          "a customer whose language is unknown gets both",
      }),
    tone: z
      .string()
      .trim()
      .max(500)
      .openapi({ description: "How replies should sound, given to the LLM (e.g. 親切、簡短、用「您」)" }),
  })
  .openapi("InboxSettings");
export type InboxSettings = z.infer<typeof InboxSettings>;

export const DEFAULT_SETTINGS: InboxSettings = {
  businessHours: [
    { days: [1, 2, 3, 4, 5], from: "10:00", to: "19:00" },
    { days: [6, 7], from: "11:00", to: "18:00" },
  ],
  awayMessage: "謝謝您的訊息！客服時間為週一至週五 10:00–19:00、週末 11:00–18:00，我們上班後會盡快回覆您 🙏",
  awayMessageEn:
    "Thanks for your message! Our team is in Monday to Friday 10:00–19:00 and weekends 11:00–18:00, and will reply as soon as we are back 🙏",
  tone: "親切、簡潔、有禮貌，稱呼顧客為「您」，必要時附上門市或客服資訊。",
};

const KEY = "inbox_settings";

/**
 * The away message one customer gets: English readers the English one (when there is one), zh-TW
 * and other languages the brand's own, a customer whose language is unknown both (zh-TW first).
 */
export function awayMessageFor(settings: InboxSettings, lang: ReaderLang): string | null {
  const { awayMessage: zh, awayMessageEn: en } = settings;
  if (!zh) return null;
  if (!en) return zh;
  return lang === "en" ? en : lang === "zh-TW" ? zh : `${zh}\n${en}`;
}

export async function getInboxSettings(deps: Pick<AppDeps, "db">): Promise<InboxSettings> {
  const [row] = await deps.db.select().from(appSettings).where(eq(appSettings.key, KEY));
  if (!row) return DEFAULT_SETTINGS;
  const parsed = InboxSettings.safeParse(JSON.parse(row.value));
  return parsed.success ? parsed.data : DEFAULT_SETTINGS;
}

export async function putInboxSettings(
  deps: Pick<AppDeps, "db">,
  value: InboxSettings,
): Promise<InboxSettings> {
  await deps.db
    .insert(appSettings)
    .values({ key: KEY, value: JSON.stringify(value) })
    .onConflictDoUpdate({ target: appSettings.key, set: { value: JSON.stringify(value) } });
  return value;
}

/** Weekday (1 = Monday) and minutes since midnight of an instant in a time zone. */
/** One formatter per time zone: building an Intl.DateTimeFormat costs far more than using one. */
const formatters = new Map<string, Intl.DateTimeFormat>();

export function zonedClock(at: Date, timeZone: string): { day: number; minutes: number } {
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat("en-US", {
      timeZone,
      weekday: "short",
      hour: "2-digit",
      minute: "2-digit",
      hourCycle: "h23",
    });
    formatters.set(timeZone, format);
  }
  const parts = format.formatToParts(at);
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? "";
  const day = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"].indexOf(get("weekday")) + 1;
  return { day, minutes: Number(get("hour")) * 60 + Number(get("minute")) };
}

const toMinutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** Inside one of the windows (an empty list means always). */
export function withinWindows(windows: InboxSettings["businessHours"], at: Date, timeZone: string): boolean {
  if (windows.length === 0) return true;
  const { day, minutes } = zonedClock(at, timeZone);
  return windows.some(
    (w) => w.days.includes(day) && minutes >= toMinutes(w.from) && minutes < toMinutes(w.to),
  );
}

/**
 * When the current closed period began: the latest instant before `at` that was inside business
 * hours, found by stepping back a minute at a time over at most 8 days. An away message sent
 * after it has already answered this closed period.
 */
export function closedSince(windows: InboxSettings["businessHours"], at: Date, timeZone: string): Date {
  // Messages of the same minute share the answer (a burst would otherwise walk back 8 days each).
  const key = `${timeZone}|${Math.floor(at.getTime() / 60_000)}|${JSON.stringify(windows)}`;
  if (lastClosed?.key === key) return new Date(lastClosed.at);
  const since = walkBackToOpen(windows, at, timeZone);
  lastClosed = { key, at: since.getTime() };
  return since;
}

let lastClosed: { key: string; at: number } | undefined;

function walkBackToOpen(windows: InboxSettings["businessHours"], at: Date, timeZone: string): Date {
  let t = Math.floor(at.getTime() / 60_000) * 60_000;
  const limit = t - 8 * 86_400_000;
  // Step by 15 minutes first (windows are on minute boundaries, so refine after).
  while (t > limit && !withinWindows(windows, new Date(t), timeZone)) t -= 15 * 60_000;
  if (t <= limit) return new Date(limit);
  while (withinWindows(windows, new Date(t + 60_000), timeZone) && t + 60_000 <= at.getTime()) t += 60_000;
  return new Date(t + 60_000);
}
