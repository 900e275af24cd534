import type { Action, ChatEntry } from "./api";
import { FlexMessage, type OnAction } from "./flex";
import { type Lang, STRINGS } from "./i18n";

type Msg = Record<string, unknown> & { type: string };

function Linkified({ text }: { text: string }) {
  const parts = text.split(/(https?:\/\/[^\s]+)/g);
  return (
    <>
      {parts.map((p, i) =>
        /^https?:\/\//.test(p) ? (
          <a key={i} href={p} target="_blank" rel="noreferrer">
            {p}
          </a>
        ) : (
          p
        ),
      )}
    </>
  );
}

function TemplateCard({ template, onAction }: { template: Msg; onAction: OnAction }) {
  const actionButtons = (actions: Action[] | undefined) =>
    (actions ?? []).map((a, i) => (
      <button
        key={i}
        type="button"
        class="tpl-action"
        onClick={() => onAction(a)}
        data-testid="template-action"
      >
        {a.label}
      </button>
    ));
  if (template.type === "carousel" || template.type === "image_carousel") {
    return (
      <div class="fx-carousel">
        {((template.columns as Msg[]) ?? []).map((col, i) => (
          <div class="tpl-card" key={i}>
            {typeof (col.thumbnailImageUrl ?? col.imageUrl) === "string" && (
              <img src={String(col.thumbnailImageUrl ?? col.imageUrl)} alt="" />
            )}
            {typeof col.title === "string" && <strong>{col.title}</strong>}
            {typeof col.text === "string" && <p>{col.text}</p>}
            {actionButtons((col.actions as Action[]) ?? (col.action ? [col.action as Action] : []))}
          </div>
        ))}
      </div>
    );
  }
  return (
    <div class={`tpl-card ${template.type === "confirm" ? "tpl-confirm" : ""}`}>
      {typeof template.thumbnailImageUrl === "string" && <img src={template.thumbnailImageUrl} alt="" />}
      {typeof template.title === "string" && <strong>{template.title}</strong>}
      <p>{String(template.text ?? "")}</p>
      <div class="tpl-actions">{actionButtons(template.actions as Action[])}</div>
    </div>
  );
}

/** One chat entry, rendered as LINE would show it — never as raw JSON. */
export function Bubble({
  entry,
  lang,
  name,
  onAction,
}: {
  entry: ChatEntry;
  lang: Lang;
  name?: string;
  onAction: OnAction;
}) {
  const t = STRINGS[lang];
  const m = entry.message as Msg;
  if (m.type === "system") {
    const text = t.events[String(m.event)] ?? String(m.event);
    return (
      <div class="system" data-testid="system-entry">
        {name && !["join", "leave"].includes(String(m.event)) ? `${name} ${text}` : text}
      </div>
    );
  }
  let body: preact.ComponentChildren;
  let plain = false;
  switch (m.type) {
    case "text":
      body = <Linkified text={String(m.text ?? "")} />;
      break;
    case "postback":
      body = String(m.displayText ?? `postback: ${String(m.data)}`);
      break;
    case "sticker":
      plain = true;
      body = (
        <div
          class="sticker"
          role="img"
          title={`sticker ${String(m.packageId)}/${String(m.stickerId)}`}
          aria-label={t.sticker}
        >
          {
            ["😀", "🥰", "😂", "👍", "🙏", "🎉", "😮", "😢", "😎", "💪", "🤔", "👋", "❤️"][
              Number(m.stickerId) % 13
            ]
          }
        </div>
      );
      break;
    case "image":
      plain = true;
      body = (
        <img
          class="photo"
          src={String(m.previewUrl ?? m.previewImageUrl ?? m.originalContentUrl ?? "")}
          alt={t.image}
        />
      );
      break;
    case "location":
      body = (
        <a
          class="location"
          href={`https://www.google.com/maps/search/?api=1&query=${m.latitude},${m.longitude}`}
          target="_blank"
          rel="noreferrer"
        >
          <span aria-hidden="true">📍</span>
          <span>
            <strong>{String(m.title ?? t.location)}</strong>
            <br />
            {String(m.address ?? "")}
          </span>
        </a>
      );
      break;
    case "flex":
      plain = true;
      body = <FlexMessage contents={m.contents as Msg} onAction={onAction} />;
      break;
    case "template":
      plain = true;
      body = <TemplateCard template={m.template as Msg} onAction={onAction} />;
      break;
    case "imagemap":
      plain = true;
      body = <img class="photo" src={`${String(m.baseUrl)}/700`} alt={String(m.altText ?? "")} />;
      break;
    default:
      body = `[${m.type}] ${String(m.altText ?? "")}`;
  }
  const time = new Date(entry.at).toLocaleTimeString(lang, { hour: "2-digit", minute: "2-digit" });
  return (
    <div
      class={`row ${entry.direction}`}
      data-testid="bubble"
      data-direction={entry.direction}
      data-type={m.type}
    >
      {entry.direction === "out" && (
        <div class="avatar bot" aria-hidden="true">
          OA
        </div>
      )}
      <div class="stack">
        {name && <div class="sender">{name}</div>}
        <div class="line">
          <div class={plain ? "plain" : "balloon"}>{body}</div>
          <div class="meta">
            {entry.via && entry.via !== "reply" && <span class="via">{entry.via}</span>}
            <time>{time}</time>
          </div>
        </div>
      </div>
    </div>
  );
}
