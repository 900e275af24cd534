/**
 * 簡訊 SMS: what the SMS provider stand-in (worker/src/sandbox/emulator/sms-routes.ts) delivered,
 * per phone number, so whoever plays a user can read the verification code the app texted.
 *
 * Stable test ids: sms-toggle (data-count), sms-panel, sms-number (data-phone), sms-message
 * (data-to), sms-code, sms-copy, sms-notification, sms-close.
 */
import { useEffect, useRef, useState } from "preact/hooks";
import type { SmsMessageJson } from "../../../worker/src/sandbox/emulator/sms-types";
import type { Lang } from "./i18n";
import "./sms-inbox.css";

const TEXT = {
  "zh-TW": {
    button: "簡訊 SMS",
    title: "簡訊收件匣",
    intro: "沙盒不會傳送真正的簡訊：App 傳給手機號碼的簡訊都會出現在這裡。",
    all: "全部號碼",
    filter: "依手機號碼篩選",
    empty: "還沒有簡訊。在 LIFF「我的資料」按「驗證手機」試試。",
    from: "寄件者",
    copy: "複製驗證碼",
    copied: "已複製",
    newSms: "新簡訊",
    close: "關閉",
  },
  en: {
    button: "SMS",
    title: "SMS inbox",
    intro: "The sandbox sends no real SMS: every text the app sends to a number lands here.",
    all: "All numbers",
    filter: "Filter by number",
    empty: "No SMS yet. In the LIFF profile, tap Verify phone.",
    from: "From",
    copy: "Copy code",
    copied: "Copied",
    newSms: "New SMS",
    close: "Close",
  },
} as const;

/** `+886912345678` → `0912-345-678`; other numbers as they are. */
export function localPhone(e164: string): string {
  const tw = /^\+886(9\d{2})(\d{3})(\d{3})$/.exec(e164);
  return tw ? `0${tw[1]}-${tw[2]}-${tw[3]}` : e164;
}

/** The one-time code in a message (6 digits on their own), if any. */
export function codeIn(body: string): string | null {
  return /(?<!\d)(\d{6})(?!\d)/.exec(body)?.[1] ?? null;
}

const POLL_MS = 1500;

export function SmsInbox(props: { lang: Lang }) {
  const s = TEXT[props.lang];
  const [messages, setMessages] = useState<SmsMessageJson[]>([]);
  const [open, setOpen] = useState(false);
  const [phone, setPhone] = useState<string | null>(null);
  const [seen, setSeen] = useState(0);
  const [notice, setNotice] = useState<SmsMessageJson | null>(null);
  const [copied, setCopied] = useState<string | null>(null);
  const known = useRef<number | null>(null);

  useEffect(() => {
    let stop = false;
    const load = async () => {
      if (document.visibilityState === "hidden") return;
      try {
        const res = await fetch("/sandbox/api/sms/messages");
        if (!res.ok || stop) return;
        const list = ((await res.json()) as { messages: SmsMessageJson[] }).messages;
        // A text that arrived since the last look shows as a phone notification.
        if (known.current !== null && list.length > known.current && list[0]) setNotice(list[0]);
        if (known.current === null) setSeen(list.length);
        known.current = list.length;
        setMessages(list);
      } catch {
        // The server restarting: the next poll tries again.
      }
    };
    void load();
    const id = setInterval(load, POLL_MS);
    return () => {
      stop = true;
      clearInterval(id);
    };
  }, []);
  useEffect(() => {
    if (!notice) return;
    const id = setTimeout(() => setNotice(null), 8000);
    return () => clearTimeout(id);
  }, [notice]);
  useEffect(() => {
    if (open) setSeen(messages.length);
  }, [open, messages.length]);

  const numbers = [...new Set(messages.map((m) => m.to))];
  const shown = phone ? messages.filter((m) => m.to === phone) : messages;
  const unread = Math.max(0, messages.length - seen);
  const time = (iso: string) =>
    new Intl.DateTimeFormat(props.lang === "en" ? "en-US" : "zh-TW", {
      timeZone: "Asia/Taipei",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      hour12: false,
    }).format(new Date(iso));
  const copy = (code: string) =>
    void navigator.clipboard
      ?.writeText(code)
      .then(() => setCopied(code))
      .catch(() => {});

  return (
    <>
      <button
        type="button"
        class="sms-toggle"
        aria-expanded={open}
        aria-controls="sms-panel"
        aria-label={s.button}
        data-testid="sms-toggle"
        data-count={messages.length}
        onClick={() => setOpen(!open)}
      >
        <span aria-hidden="true">✉</span> <span class="sms-label">{s.button}</span>
        {unread > 0 ? <span class="sms-unread">{unread}</span> : null}
      </button>
      {notice && !open ? (
        <button
          type="button"
          class="sms-notification"
          data-testid="sms-notification"
          onClick={() => {
            setPhone(notice.to);
            setOpen(true);
            setNotice(null);
          }}
        >
          <strong>
            {s.newSms} · {localPhone(notice.to)}
          </strong>
          <span>{notice.body}</span>
        </button>
      ) : null}
      {open ? (
        <section id="sms-panel" class="sms-panel" aria-label={s.title} data-testid="sms-panel">
          <header>
            <h2>{s.title}</h2>
            <button
              type="button"
              class="sms-close"
              aria-label={s.close}
              data-testid="sms-close"
              onClick={() => setOpen(false)}
            >
              ×
            </button>
          </header>
          <p class="sms-intro">{s.intro}</p>
          {numbers.length > 0 ? (
            <fieldset class="sms-numbers" aria-label={s.filter}>
              <button type="button" aria-pressed={phone === null} onClick={() => setPhone(null)}>
                {s.all}
              </button>
              {numbers.map((n) => (
                <button
                  type="button"
                  key={n}
                  aria-pressed={phone === n}
                  data-testid="sms-number"
                  data-phone={n}
                  onClick={() => setPhone(n)}
                >
                  {localPhone(n)}
                </button>
              ))}
            </fieldset>
          ) : null}
          {shown.length === 0 ? <p class="sms-empty">{s.empty}</p> : null}
          <ol class="sms-list">
            {shown.map((m) => {
              const code = codeIn(m.body);
              return (
                <li key={m.sid} class="sms-message" data-testid="sms-message" data-to={m.to}>
                  <div class="sms-meta">
                    <span class="sms-to">{localPhone(m.to)}</span>
                    <time dateTime={m.at}>{time(m.at)}</time>
                  </div>
                  <div class="sms-from">
                    {s.from}: {m.from}
                  </div>
                  <p class="sms-body">{m.body}</p>
                  {code ? (
                    <div class="sms-code-row">
                      <span class="sms-code" data-testid="sms-code">
                        {code}
                      </span>
                      <button type="button" data-testid="sms-copy" onClick={() => copy(code)}>
                        {copied === code ? s.copied : s.copy}
                      </button>
                    </div>
                  ) : null}
                </li>
              );
            })}
          </ol>
        </section>
      ) : null}
    </>
  );
}
