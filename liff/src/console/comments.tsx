import { useCallback, useEffect, useRef, useState } from "preact/hooks";
import { ApiError } from "../api/error";
import { apiErrorText } from "../i18n/error-text";
import type { LiveComment } from "./api";
import { clockTime } from "./format";
import type { Strings } from "./i18n";
import type { Ctx } from "./nav";
import { Chip, outcomeTone } from "./ui";

const POLL_MS = 2000;

/** Recent comments, newest first: polled every 2 s while the tab is visible, and on tally changes. */
export function CommentsFeed({ ctx, saleId, version }: { ctx: Ctx; saleId: string; version: number }) {
  const { t, lang, api } = ctx;
  const [comments, setComments] = useState<LiveComment[] | null>(null);
  const [fresh, setFresh] = useState<Set<string>>(new Set());
  const known = useRef<Set<string> | null>(null);

  const load = useCallback(async () => {
    try {
      const { comments: list } = await api.comments(saleId, 50);
      const before = known.current;
      known.current = new Set(list.map((c) => c.rowId));
      setFresh(before ? new Set(list.filter((c) => !before.has(c.rowId)).map((c) => c.rowId)) : new Set());
      setComments(list);
    } catch {
      // keep what is shown; the next poll tries again
    }
  }, [api, saleId]);

  useEffect(() => {
    void load();
    const timer = setInterval(() => document.visibilityState === "visible" && void load(), POLL_MS);
    return () => clearInterval(timer);
  }, [load]);
  useEffect(() => {
    if (version > 0) void load();
  }, [version, load]);

  return (
    <section class="card feed-card" aria-labelledby="feed-title">
      <div class="card-head">
        <h2 id="feed-title" class="card-title">
          {t.commentsTitle}
        </h2>
        {comments && <span class="count-badge">{comments.length >= 50 ? "50+" : comments.length}</span>}
      </div>
      <div class="feed-wrap">
        <ol class="feed" data-testid="comments-feed" aria-live="off">
          {comments?.length === 0 && <li class="empty">{t.noComments}</li>}
          {comments?.map((c) => (
            <CommentItem key={c.rowId} c={c} t={t} lang={lang} fresh={fresh.has(c.rowId)} />
          ))}
        </ol>
      </div>
    </section>
  );
}

const AVATAR_COLORS = ["#0B6E4F", "#1f6feb", "#8250df", "#bf3989", "#9a6700", "#0969da", "#1a7f37"];
function avatarColor(name: string) {
  let h = 0;
  for (const ch of name) h = (h * 31 + (ch.codePointAt(0) ?? 0)) >>> 0;
  return AVATAR_COLORS[h % AVATAR_COLORS.length];
}

function CommentItem({
  c,
  t,
  lang,
  fresh,
}: {
  c: LiveComment;
  t: Strings;
  lang: Ctx["lang"];
  fresh: boolean;
}) {
  const name = c.buyer || "—";
  const reason = c.reason ? (t.reasons[c.reason] ?? c.reason) : "";
  const showReason = reason && ["rejected", "ask", "ignored", "waitlisted"].includes(c.outcome);
  return (
    <li class={`comment${fresh ? " comment-new" : ""}`} data-testid="comment" data-outcome={c.outcome}>
      <span class="avatar" style={{ background: avatarColor(name) }} aria-hidden="true">
        {[...name][0]}
      </span>
      <div class="comment-body">
        <div class="comment-meta">
          <span class="comment-buyer">{name}</span>
          <span class="comment-platform">{t.platform[c.platform] ?? c.platform}</span>
          <time class="comment-time" dateTime={c.postedAt}>
            {clockTime(c.postedAt, lang)}
          </time>
        </div>
        <p class="comment-text">{c.text}</p>
        <div class="comment-result">
          <Chip tone={outcomeTone(c.outcome)} testId="outcome">
            {t.outcome[c.outcome] ?? c.outcome}
          </Chip>
          {c.items
            .filter((i) => i.decision !== "rejected" || !reason)
            .map((i) => (
              <span key={`${i.code}-${i.variant ?? ""}-${i.qty}-${i.decision}`} class="item-tag">
                {i.code}
                {i.variant ? ` ${i.variant}` : ""} {i.qty < 0 ? `−${-i.qty}` : `×${i.qty}`}
                {i.status !== i.decision && i.status !== "reserved" && (
                  <span class="item-status"> · {t.itemStatus[i.status] ?? i.status}</span>
                )}
              </span>
            ))}
          {showReason && (
            <span class="reason" data-testid="reason">
              {reason}
            </span>
          )}
          {c.choices && c.choices.length > 0 && (
            <span class="reason">
              {t.choices} {c.choices.join(" / ")}
            </span>
          )}
        </div>
      </div>
    </li>
  );
}

/** 彩排留言: posts pasted lines as comments of platform "console", to rehearse a sale. */
export function Rehearse(props: { ctx: Ctx; saleId: string; onPosted: () => void }) {
  const { ctx, saleId, onPosted } = props;
  const { t, lang, api } = ctx;
  const [text, setText] = useState("");
  const [name, setName] = useState("");
  const [busy, setBusy] = useState(false);
  // Kept as what happened, not as text, so it follows a language switch.
  const [status, setStatus] = useState<
    { kind: "sent"; n: number } | { kind: "empty" } | { kind: "error"; error: unknown } | null
  >(null);

  const submit = async (e: Event) => {
    e.preventDefault();
    const lines = text
      .split("\n")
      .map((l) => l.trim())
      .filter(Boolean);
    if (lines.length === 0) {
      setStatus({ kind: "empty" });
      return;
    }
    const fallback = name.trim() || t.rehearseDefaultName;
    const stamp = Date.now().toString(36);
    const comments = lines.map((line, i) => {
      const m = /^([^:：]{1,30})[:：]\s*(.+)$/u.exec(line);
      const buyer = m?.[1]?.trim() || fallback;
      return {
        platform: "console",
        commentId: `console-${stamp}-${i}`,
        userId: `console:${buyer}`,
        userName: buyer,
        text: m?.[2] ?? line,
        postedAt: new Date().toISOString(),
      };
    });
    setBusy(true);
    setStatus(null);
    try {
      await api.postComments(saleId, comments);
      setText("");
      setStatus({ kind: "sent", n: comments.length });
      onPosted();
    } catch (err) {
      setStatus({ kind: "error", error: err });
    } finally {
      setBusy(false);
    }
  };

  return (
    // Folded until wanted: while a sale is live the feed gets the room. (The API takes comments
    // only while the sale is open, so the box is shown only then.)
    <details class="card rehearse" data-testid="rehearse">
      <summary class="rehearse-summary" data-testid="rehearse-toggle">
        <h2 class="card-title">{t.rehearseTitle}</h2>
      </summary>
      <div class="rehearse-body">
        <p class="hint">{t.rehearseLead}</p>
        <form class="stack-sm" data-testid="rehearse-form" onSubmit={submit}>
          <label class="field-label" for="rehearse-text">
            {t.rehearseLabel}
          </label>
          <textarea
            id="rehearse-text"
            class="input textarea"
            rows={3}
            data-testid="rehearse-text"
            placeholder={t.rehearsePlaceholder}
            value={text}
            onInput={(e) => setText(e.currentTarget.value)}
          />
          <label class="field-label" for="rehearse-name">
            {t.rehearseName}
          </label>
          <div class="rehearse-row">
            <div class="grow">
              <input
                id="rehearse-name"
                class="input"
                data-testid="rehearse-name"
                placeholder={t.rehearseDefaultName}
                maxLength={30}
                value={name}
                onInput={(e) => setName(e.currentTarget.value)}
              />
            </div>
            <button type="submit" class="btn btn-secondary" disabled={busy} data-testid="rehearse-send">
              {busy ? t.rehearseSending : t.rehearseSend}
            </button>
          </div>
          {status && (
            <p
              class={status.kind === "sent" ? "status-ok" : "field-error"}
              role={status.kind === "sent" ? "status" : "alert"}
              data-testid="rehearse-status"
            >
              {status.kind === "sent"
                ? t.rehearseSent(status.n)
                : status.kind === "empty"
                  ? t.rehearseEmpty
                  : ((status.error instanceof ApiError ? t.reasons[status.error.code] : undefined) ??
                    apiErrorText(status.error, lang))}
            </p>
          )}
        </form>
      </div>
    </details>
  );
}
