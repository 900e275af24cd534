import type { ComponentChildren } from "preact";
import { ActionButton } from "./action-button";
import type { Action, ChatEntry, Delivery } from "./api";
import { FlexMessage } from "./flex";
import type { FlexNode } from "./flex-style";
import type { Lang, Strings } from "./i18n";
import { TemplateCard } from "./template-card";
import { type MessageView, shortTime, toView } from "./view-model";

export type Side = "left" | "right";

/** The visible body of a message; `plain` ones (cards, stickers, pictures) have no balloon. */
function body(
  v: MessageView,
  t: Strings,
  onAction: (a: Action) => void,
): { el: ComponentChildren; plain: boolean } {
  switch (v.kind) {
    case "text":
      return {
        plain: false,
        el: v.segments.map((s, i) =>
          s.href ? (
            <a
              key={i}
              href={s.href}
              target="_blank"
              rel="noreferrer noopener"
              // As in LINE: a LIFF link opens the LIFF page (here: as the simulated user).
              onClick={(e) => {
                e.preventDefault();
                onAction({ type: "uri", uri: s.href as string });
              }}
            >
              {s.text}
            </a>
          ) : s.mention ? (
            <span key={i} class="mention" data-testid="mention">
              {s.text}
            </span>
          ) : (
            s.text
          ),
        ),
      };
    case "postback":
      return v.shownAsText
        ? { plain: false, el: v.text }
        : // LINE shows nothing for a postback without displayText; the simulator notes it quietly.
          { plain: true, el: <span class="postback-chip">{`${t.postback}: ${v.data}`}</span> };
    case "sticker":
      return {
        plain: true,
        el: (
          <div class="sticker" role="img" aria-label={`${t.sticker} ${v.packageId}/${v.stickerId}`}>
            <span class="sticker-face" aria-hidden="true">
              {v.emoji}
            </span>
            <span class="sticker-id">
              {v.packageId}/{v.stickerId}
            </span>
          </div>
        ),
      };
    case "image":
      return {
        plain: true,
        el: (
          <a href={v.src} target="_blank" rel="noreferrer noopener" class="photo-link">
            <img class="photo" src={v.src} alt={t.image} loading="lazy" />
          </a>
        ),
      };
    case "video":
      return {
        plain: true,
        el: (
          <video class="photo" src={v.src} poster={v.poster} controls preload="none" aria-label={t.video}>
            <track kind="captions" />
          </video>
        ),
      };
    case "audio":
      return {
        plain: false,
        el: (
          <span class="audio">
            <span aria-hidden="true">🎙️</span> {t.audio}
            {v.seconds !== undefined ? ` ${v.seconds}${t.seconds}` : ""}
            <audio src={v.src} controls preload="none">
              <track kind="captions" />
            </audio>
          </span>
        ),
      };
    case "location":
      return {
        plain: true,
        el: (
          <a
            class="location"
            href={v.mapUrl}
            target="_blank"
            rel="noreferrer noopener"
            data-testid="location-card"
          >
            <span class="location-map" aria-hidden="true">
              📍
            </span>
            <span class="location-text">
              <strong>{v.title || t.location}</strong>
              <span>{v.address}</span>
            </span>
          </a>
        ),
      };
    case "imagemap":
      return {
        plain: true,
        el: (
          <div class="imagemap" style={{ aspectRatio: v.ratio }} title={v.altText}>
            <img src={v.src} alt="" loading="lazy" />
            {v.areas.map((a, i) => (
              <span
                key={i}
                class="imagemap-area"
                style={{ left: a.left, top: a.top, width: a.width, height: a.height }}
              >
                <ActionButton
                  action={a.action}
                  onAction={onAction}
                  t={t}
                  class="imagemap-button"
                  testid="imagemap-area"
                />
              </span>
            ))}
          </div>
        ),
      };
    case "template":
      return { plain: true, el: <TemplateCard template={v.template} onAction={onAction} t={t} /> };
    case "flex":
      return { plain: true, el: <FlexMessage contents={v.contents as FlexNode} ctx={{ onAction, t }} /> };
    case "unknown":
      return { plain: false, el: <span class="postback-note">{`[${v.type}] ${v.altText}`}</span> };
    case "system":
      return { plain: true, el: null };
  }
}

/** One chat entry as LINE shows it — never raw JSON. */
export function MessageBubble({
  entry,
  side,
  name,
  avatar,
  delivery,
  lang,
  t,
  onAction,
  nameOf,
}: {
  entry: ChatEntry;
  side: Side;
  /** Shown above the balloon (group members, the OA in groups). */
  name?: string;
  /** Avatar initial on the left side; omitted on the right. */
  avatar?: { text: string; bot: boolean; color?: string };
  delivery?: Delivery;
  lang: Lang;
  t: Strings;
  onAction: (a: Action) => void;
  /** Display names for mentions in text v2 messages. */
  nameOf?: (userId: string) => string;
}) {
  const v = toView(entry, nameOf);
  if (v.kind === "system") {
    const text = t.events[v.event] ?? v.event;
    const who = v.event === "join" || v.event === "leave" ? "" : name;
    return (
      <div class="system" data-testid="system-entry" data-event={v.event}>
        <span>{who ? `${who} ${text}` : text}</span>
      </div>
    );
  }
  const { el, plain } = body(v, t, onAction);
  const failed = delivery && (delivery.status === null || delivery.status >= 300);
  const wide = v.kind === "flex" || v.kind === "template";
  return (
    <div
      class={`row ${side} ${wide ? "wide" : ""}`}
      data-testid="bubble"
      data-direction={entry.direction}
      data-type={String(entry.message.type)}
    >
      {side === "left" &&
        (avatar ? (
          <div
            class={`avatar ${avatar.bot ? "bot" : ""}`}
            aria-hidden="true"
            style={avatar.color ? { backgroundColor: avatar.color } : undefined}
          >
            {avatar.text}
          </div>
        ) : (
          <div class="avatar-gap" />
        ))}
      <div class="stack">
        {name && <div class="sender">{name}</div>}
        <div class="line">
          <div class={plain ? "plain" : "balloon"}>{el}</div>
          <div class="meta">
            {failed && (
              <span class="meta-fail" title={delivery.error ?? ""}>
                {t.delivery} {delivery.status ?? "—"}
              </span>
            )}
            {entry.via && entry.via !== "reply" && <span class="via">{entry.via}</span>}
            <time dateTime={entry.at}>{shortTime(entry.at, lang)}</time>
          </div>
        </div>
      </div>
    </div>
  );
}
