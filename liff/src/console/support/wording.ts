/** How the support pages word things: the server's refusals, windows, waits, times of day. */
import type { Lang } from "../i18n";
import type { Window } from "./api";
import type { SupportStrings } from "./i18n";

/** The server's words for LINE's limits and the rule checks, in the reader's language. */
const ISSUES: Array<[RegExp, (m: RegExpExecArray) => string, (m: RegExpExecArray) => string]> = [
  [/May not be empty/i, () => "不可空白", () => "Must not be empty"],
  [/Length must be between 0 and (\d+)/i, (m) => `最多 ${m[1]} 個字`, (m) => `At most ${m[1]} characters`],
  [
    /nested quantifiers/i,
    () => "巢狀量詞（例如 (a+)+）可能讓比對卡住，請改寫。",
    () => "Nested quantifiers such as (a+)+ can hang matching; rewrite the pattern.",
  ],
  [/back-?reference/i, () => "不支援反向參照（\\1）。", () => "Back-references (\\1) are not allowed."],
  [
    /invalid (regex|regular expression)/i,
    () => "不是有效的正規表示式。",
    () => "Not a valid regular expression.",
  ],
  [/from must be before to/i, () => "開始時間必須早於結束時間", () => "Start must be before end"],
  [
    /from must not be after until/i,
    () => "開始日期不可晚於結束日期",
    () => "The first day must not be after the last",
  ],
  [/^HH:MM$/, () => "時間格式為 HH:MM", () => "Time as HH:MM"],
];

export function issueText(message: string, lang: Lang): string {
  // LINE-style problems name the property: `messages[0].quickReply.items[2].action.label: …`.
  const prop = /^messages\[\d+\]\.?([^:]*):\s*(.*)$/.exec(message);
  const where = prop?.[1] && prop[1] !== "text" ? `${prop[1]}：` : "";
  const body = prop ? (prop[2] ?? "") : message;
  for (const [re, zh, en] of ISSUES) {
    const m = re.exec(body);
    if (m) return where + (lang === "en" ? en(m) : zh(m));
  }
  return where + body;
}

/** 「週一至週五 10:00–19:00」 */
export function windowText(w: Window, s: SupportStrings): string {
  const d = [...w.days].sort((a, b) => a - b);
  const key = d.join("");
  const days =
    key === "1234567"
      ? s.everyDay
      : key === "12345"
        ? s.weekdays
        : key === "67"
          ? s.weekend
          : isRun(d)
            ? `${s.dayFull[(d[0] ?? 1) - 1]}–${s.dayFull[(d[d.length - 1] ?? 1) - 1]}`
            : d.map((x) => s.dayNames[x - 1]).join("、");
  return `${days} ${w.from}–${w.to}`;
}
const isRun = (d: number[]) => d.length > 2 && d.every((x, i) => i === 0 || x === (d[i - 1] ?? 0) + 1);

/** How long since `iso`: 「剛剛」「4 分鐘」「2 小時 5 分」「3 天」. */
export function elapsed(iso: string, now: number, s: SupportStrings): string {
  const ms = Math.max(0, now - new Date(iso).getTime());
  const min = Math.floor(ms / 60_000);
  if (min < 1) return s.justNow;
  if (min < 60) return s.minutes(min);
  if (min < 24 * 60) return s.hours(Math.floor(min / 60), min % 60);
  return s.days(Math.floor(min / (24 * 60)));
}

const ZONE = "Asia/Taipei";
const locale = (lang: Lang) => (lang === "en" ? "en-GB" : "zh-TW");

/** Today: 14:05; this year: 11/24; else 2025/11/24. */
export function shortWhen(iso: string, lang: Lang, now: number): string {
  const d = new Date(iso);
  const day = (x: Date) => new Intl.DateTimeFormat("en-CA", { timeZone: ZONE }).format(x);
  if (day(d) === day(new Date(now)))
    return new Intl.DateTimeFormat(locale(lang), {
      timeZone: ZONE,
      hour: "2-digit",
      minute: "2-digit",
      hour12: false,
    }).format(d);
  return new Intl.DateTimeFormat(locale(lang), {
    timeZone: ZONE,
    month: lang === "en" ? "short" : "numeric",
    day: "numeric",
  }).format(d);
}

export function dayLabel(iso: string, lang: Lang, now: number, s: SupportStrings): string {
  const day = (x: Date) => new Intl.DateTimeFormat("en-CA", { timeZone: ZONE }).format(x);
  if (day(new Date(iso)) === day(new Date(now))) return s.today;
  return new Intl.DateTimeFormat(locale(lang), {
    timeZone: ZONE,
    year: "numeric",
    month: lang === "en" ? "short" : "numeric",
    day: "numeric",
    weekday: "short",
  }).format(new Date(iso));
}

export const dayKey = (iso: string) =>
  new Intl.DateTimeFormat("en-CA", { timeZone: ZONE }).format(new Date(iso));

export function timeOfDay(iso: string, lang: Lang): string {
  return new Intl.DateTimeFormat(locale(lang), {
    timeZone: ZONE,
    hour: "2-digit",
    minute: "2-digit",
    hour12: false,
  }).format(new Date(iso));
}
