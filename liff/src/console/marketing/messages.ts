/**
 * A broadcast's messages as the form holds them (text, image URL, a Flex card as JSON typed by
 * hand) and as LINE message objects, with what is wrong with each before it is sent: a JSON
 * error with its line and column, a top level that is not a bubble or carousel, an http URL.
 */
export type MessageDraft =
  | { kind: "text"; text: string }
  | { kind: "image"; url: string }
  | { kind: "flex"; altText: string; json: string };
export type MessageKind = MessageDraft["kind"];

export type MessageProblem =
  | { field: "text" | "url" | "altText" | "json"; problem: "required" | "notHttps" | "notFlex" }
  | { field: "json"; problem: "badJson"; line: number; col: number; message: string };

export const MAX_MESSAGES = 5;
export const VARIABLES = ["{displayName}", "{name}", "{brand}"] as const;

/** A starting card for a Flex message: a title, a line of text and a button. */
export const FLEX_TEMPLATE = JSON.stringify(
  {
    type: "bubble",
    body: {
      type: "box",
      layout: "vertical",
      spacing: "md",
      contents: [
        { type: "text", text: "雙11 金卡會員限定", weight: "bold", size: "xl", color: "#0B6E4F" },
        {
          type: "text",
          text: "全館 85 折，滿 NT$2,000 再送 300 點。只到 11/11 23:59。",
          wrap: true,
          size: "sm",
        },
      ],
    },
    footer: {
      type: "box",
      layout: "vertical",
      contents: [
        {
          type: "button",
          style: "primary",
          color: "#0B6E4F",
          action: { type: "uri", label: "立即選購", uri: "https://example.com/sale" },
        },
      ],
    },
  },
  null,
  2,
);

export const emptyMessage = (kind: MessageKind): MessageDraft =>
  kind === "text"
    ? { kind, text: "" }
    : kind === "image"
      ? { kind, url: "" }
      : { kind, altText: "", json: FLEX_TEMPLATE };

/** Where in `text` a JSON.parse error points, as line and column (1-based). */
export function jsonErrorAt(text: string, message: string): { line: number; col: number } | null {
  const lc = /line (\d+) column (\d+)/.exec(message);
  if (lc) return { line: Number(lc[1]), col: Number(lc[2]) };
  const pos = /position (\d+)/.exec(message);
  if (!pos) return null;
  const before = text.slice(0, Number(pos[1]));
  const lines = before.split("\n");
  return { line: lines.length, col: (lines[lines.length - 1]?.length ?? 0) + 1 };
}

/** The Flex JSON parsed, or what is wrong with it. */
export function parseFlex(json: string): { contents: Record<string, unknown> } | { error: MessageProblem } {
  if (!json.trim()) return { error: { field: "json", problem: "required" } };
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    const at = jsonErrorAt(json, message) ?? { line: 0, col: 0 };
    const short = message
      .replace(/\s*\(line \d+ column \d+\)/, "")
      .replace(/ in JSON at position \d+/, "")
      .replace(/, ".*" is not valid JSON$/s, "");
    return { error: { field: "json", problem: "badJson", ...at, message: short } };
  }
  const type = (value as { type?: unknown } | null)?.type;
  if (
    !value ||
    typeof value !== "object" ||
    Array.isArray(value) ||
    (type !== "bubble" && type !== "carousel")
  )
    return { error: { field: "json", problem: "notFlex" } };
  return { contents: value as Record<string, unknown> };
}

/** A draft as a LINE message object, or its problems. */
export function toLineMessage(
  d: MessageDraft,
): { message: Record<string, unknown> } | { errors: MessageProblem[] } {
  switch (d.kind) {
    case "text":
      return d.text.trim()
        ? { message: { type: "text", text: d.text } }
        : { errors: [{ field: "text", problem: "required" }] };
    case "image": {
      const url = d.url.trim();
      if (!url) return { errors: [{ field: "url", problem: "required" }] };
      if (!/^https:\/\/\S+$/i.test(url)) return { errors: [{ field: "url", problem: "notHttps" }] };
      return { message: { type: "image", originalContentUrl: url, previewImageUrl: url } };
    }
    case "flex": {
      const errors: MessageProblem[] = [];
      if (!d.altText.trim()) errors.push({ field: "altText", problem: "required" });
      const flex = parseFlex(d.json);
      if ("error" in flex) errors.push(flex.error);
      if (errors.length || !("contents" in flex)) return { errors };
      return { message: { type: "flex", altText: d.altText.trim(), contents: flex.contents } };
    }
  }
}

/** A LINE message from the API back as a draft (texts, images and Flex; anything else as Flex JSON). */
export function toDraft(m: Record<string, unknown>): MessageDraft {
  if (m.type === "text" && typeof m.text === "string") return { kind: "text", text: m.text };
  if (m.type === "image" && typeof m.originalContentUrl === "string")
    return { kind: "image", url: m.originalContentUrl };
  return {
    kind: "flex",
    altText: typeof m.altText === "string" ? m.altText : "",
    json: JSON.stringify(m.contents ?? m, null, 2),
  };
}

/** Whether a text names the member (then it goes by one push per recipient). */
export const namesMember = (drafts: MessageDraft[]) =>
  drafts.some((d) => d.kind === "text" && /\{(displayName|name)\}/.test(d.text));

/** The message index a refusal's path names: `messages.2.text`, `messages.[2]`, `messages[2]`. */
export function messageIndexOf(path: string): number | null {
  const m = /^messages\.?\[?(\d+)/.exec(path);
  return m ? Number(m[1]) : null;
}

/** The card the server appends for a coupon (its look, for the preview). */
export function couponCard(name: string, title: string, claim: string): Record<string, unknown> {
  return {
    type: "bubble",
    body: {
      type: "box",
      layout: "vertical",
      spacing: "sm",
      contents: [
        { type: "text", text: title, weight: "bold", color: "#D64541" },
        { type: "text", text: name, wrap: true, size: "sm" },
      ],
    },
    footer: {
      type: "box",
      layout: "vertical",
      contents: [
        {
          type: "button",
          style: "primary",
          color: "#06C755",
          action: { type: "uri", label: claim, uri: "https://liff.line.me/" },
        },
      ],
    },
  };
}
