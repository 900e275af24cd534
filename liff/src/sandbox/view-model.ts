import type { Action, ChatEntry } from "./api";

/**
 * Chat entries turned into what a bubble shows: a pure step, so every LINE message type has a
 * readable rendering (tested) and the components stay thin.
 */
export type Obj = Record<string, unknown>;
export type Segment = { text: string; href?: string; mention?: boolean };
export type QuickReplyItem = { imageUrl?: string; action: Action };

export type MessageView =
  | { kind: "system"; event: string; from?: string }
  | { kind: "text"; segments: Segment[] }
  | { kind: "postback"; text: string; data: string; shownAsText: boolean }
  | { kind: "sticker"; packageId: string; stickerId: string; emoji: string }
  | { kind: "image"; src: string }
  | { kind: "video"; src: string; poster?: string }
  | { kind: "audio"; src: string; seconds?: number }
  | { kind: "location"; title: string; address: string; mapUrl: string }
  | { kind: "imagemap"; src: string; altText: string; ratio: string; areas: ImagemapArea[] }
  | { kind: "template"; altText: string; template: Obj }
  | { kind: "flex"; altText: string; contents: Obj }
  | { kind: "unknown"; type: string; altText: string };

export type ImagemapArea = { left: string; top: string; width: string; height: string; action: Action };

const str = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);
const num = (v: unknown): number | undefined => (typeof v === "number" ? v : undefined);
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);

// ASCII URL characters only (a URL runs into Chinese text without a space), not ending in punctuation.
const URL_RE = /https?:\/\/[A-Za-z0-9\-._~:/?#[\]@!$&'()*+,;=%]*[A-Za-z0-9\-_~/#=&%+]/g;

/** Text split into plain runs and http(s) links, as LINE auto-links URLs. */
export function linkify(text: string): Segment[] {
  const out: Segment[] = [];
  let last = 0;
  for (const m of text.matchAll(URL_RE)) {
    const at = m.index ?? 0;
    if (at > last) out.push({ text: text.slice(last, at) });
    out.push({ text: m[0], href: m[0] });
    last = at + m[0].length;
  }
  if (last < text.length || out.length === 0) out.push({ text: text.slice(last) });
  return out;
}

/** Sticker ids have no pictures offline: a stable emoji face stands in for each. */
export const STICKER_FACES = ["😀", "🥰", "😂", "👍", "🙏", "🎉", "😮", "😢", "😎", "💪", "🤔", "👋", "❤️"];
export const stickerEmoji = (stickerId: string) =>
  STICKER_FACES[Math.abs(Number.parseInt(stickerId, 10) || 0) % STICKER_FACES.length] ?? "🙂";

export const mapUrl = (lat: unknown, lng: unknown) =>
  `https://www.google.com/maps/search/?api=1&query=${String(lat)},${String(lng)}`;

const pct = (v: unknown, of: number) => `${((num(v) ?? 0) / of) * 100}%`;

/**
 * A text message v2: `{key}` placeholders replaced from `substitution` — a mention becomes
 * `@name` (names from the simulator, else "@LINE user"), an emoji a placeholder glyph.
 */
export function substitute(
  text: string,
  substitution: unknown,
  nameOf?: (userId: string) => string,
): Segment[] {
  const subs = (substitution && typeof substitution === "object" ? substitution : {}) as Record<string, Obj>;
  const out: Segment[] = [];
  let last = 0;
  for (const m of text.matchAll(/\{([a-zA-Z0-9_]{1,20})\}/g)) {
    const sub = subs[m[1] ?? ""];
    if (!sub) continue;
    const at = m.index ?? 0;
    if (at > last) out.push(...linkify(text.slice(last, at)));
    const mentionee = sub.mentionee as Obj | undefined;
    if (sub.type === "mention") {
      const who = mentionee?.type === "all" ? "All" : (nameOf?.(str(mentionee?.userId) ?? "") ?? "LINE user");
      out.push({ text: `@${who}`, mention: true });
    } else out.push({ text: "😀" });
    last = at + m[0].length;
  }
  if (last < text.length || out.length === 0) out.push(...linkify(text.slice(last)));
  return out;
}

export function toView(
  entry: Pick<ChatEntry, "message" | "from">,
  nameOf?: (userId: string) => string,
): MessageView {
  const m = entry.message;
  const type = str(m.type) ?? "unknown";
  const altText = str(m.altText) ?? "";
  switch (type) {
    case "system":
      return { kind: "system", event: str(m.event) ?? "", ...(entry.from ? { from: entry.from } : {}) };
    case "text":
      return { kind: "text", segments: linkify(str(m.text) ?? "") };
    case "textV2":
      return { kind: "text", segments: substitute(str(m.text) ?? "", m.substitution, nameOf) };
    case "postback": {
      const data = str(m.data) ?? "";
      const shown = str(m.displayText);
      return { kind: "postback", text: shown ?? data, data, shownAsText: shown !== undefined };
    }
    case "sticker": {
      const stickerId = String(m.stickerId ?? "");
      return {
        kind: "sticker",
        packageId: String(m.packageId ?? ""),
        stickerId,
        emoji: stickerEmoji(stickerId),
      };
    }
    case "image":
      return {
        kind: "image",
        src: str(m.previewUrl) ?? str(m.previewImageUrl) ?? str(m.originalContentUrl) ?? "",
      };
    case "video": {
      const poster = str(m.previewImageUrl);
      return { kind: "video", src: str(m.originalContentUrl) ?? "", ...(poster ? { poster } : {}) };
    }
    case "audio": {
      const ms = num(m.duration);
      return {
        kind: "audio",
        src: str(m.originalContentUrl) ?? "",
        ...(ms !== undefined ? { seconds: Math.round(ms / 1000) } : {}),
      };
    }
    case "location":
      return {
        kind: "location",
        title: str(m.title) ?? "",
        address: str(m.address) ?? "",
        mapUrl: mapUrl(m.latitude, m.longitude),
      };
    case "imagemap": {
      const size = isObj(m.baseSize) ? m.baseSize : {};
      const w = num(size.width) ?? 1040;
      const h = num(size.height) ?? 1040;
      const actions = Array.isArray(m.actions) ? m.actions.filter(isObj) : [];
      return {
        kind: "imagemap",
        src: `${str(m.baseUrl) ?? ""}/700`,
        altText,
        ratio: `${w} / ${h}`,
        areas: actions.map((a) => {
          const area = isObj(a.area) ? a.area : {};
          const action: Action =
            a.type === "uri"
              ? { type: "uri", uri: str(a.linkUri) ?? "", ...(str(a.label) ? { label: str(a.label) } : {}) }
              : a.type === "message"
                ? {
                    type: "message",
                    text: str(a.text) ?? "",
                    ...(str(a.label) ? { label: str(a.label) } : {}),
                  }
                : { type: String(a.type) };
          return {
            left: pct(area.x, w),
            top: pct(area.y, h),
            width: pct(area.width, w),
            height: pct(area.height, h),
            action,
          };
        }),
      };
    }
    case "template":
      return isObj(m.template)
        ? { kind: "template", altText, template: m.template }
        : { kind: "unknown", type, altText };
    case "flex":
      return isObj(m.contents)
        ? { kind: "flex", altText, contents: m.contents }
        : { kind: "unknown", type, altText };
    default:
      return { kind: "unknown", type, altText };
  }
}

/**
 * The quick reply chips to show: those of the latest entry when it is a bot message carrying
 * them. Anything after it (the user's message, a tapped chip, a follow…) makes them disappear,
 * as in LINE; `dismissed` hides them at once after a tap, before the echo arrives.
 */
export function quickRepliesFor(entries: readonly ChatEntry[], dismissed?: string): QuickReplyItem[] {
  const last = entries.at(-1);
  if (last?.direction !== "out" || last.id === dismissed) return [];
  const qr = last.message.quickReply;
  if (!isObj(qr) || !Array.isArray(qr.items)) return [];
  return qr.items
    .filter(isObj)
    .filter((i) => isObj(i.action))
    .map((i) => ({ action: i.action as Action, ...(str(i.imageUrl) ? { imageUrl: str(i.imageUrl) } : {}) }));
}

/** Time of day as LINE shows it under a bubble (the browser's time zone). */
export function shortTime(at: string, lang: string): string {
  const d = new Date(at);
  if (Number.isNaN(d.getTime())) return "";
  return d.toLocaleTimeString(lang, { hour: "2-digit", minute: "2-digit" });
}
