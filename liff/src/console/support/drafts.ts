/**
 * A keyword rule's replies as the editor holds them: a text message with quick-reply buttons as a
 * form, anything else (image, Flex, template…) as JSON — and back to LINE message objects.
 */
import type { LineMessage } from "./api";
import type { SupportStrings } from "./i18n";

export const MAX_REPLIES = 5;
export const MAX_QUICK = 13;
export const VARIABLES = ["{displayName}", "{points}", "{tier}", "{store}", "{brand}"];

export interface QuickDraft {
  key: number;
  type: "message" | "postback";
  label: string;
  /** The message action's text, or the postback's displayText. */
  text: string;
  data: string;
}
export type ReplyDraft =
  | { key: number; kind: "text"; text: string; quick: QuickDraft[] }
  | { key: number; kind: "json"; json: string };

let seq = 0;
export const nextKey = () => ++seq;

export const emptyText = (): ReplyDraft => ({ key: nextKey(), kind: "text", text: "", quick: [] });

type Obj = Record<string, unknown>;
export const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);
const only = (o: Obj, keys: string[]) => Object.keys(o).every((k) => keys.includes(k));

/** A message the form can show without losing anything; anything else opens as JSON. */
export function toDraft(m: LineMessage): ReplyDraft {
  const json = (): ReplyDraft => ({ key: nextKey(), kind: "json", json: JSON.stringify(m, null, 2) });
  if (m.type !== "text" || typeof m.text !== "string" || !only(m, ["type", "text", "quickReply"]))
    return json();
  const quick: QuickDraft[] = [];
  if (m.quickReply !== undefined) {
    const items = isObj(m.quickReply) && only(m.quickReply, ["items"]) ? m.quickReply.items : null;
    if (!Array.isArray(items)) return json();
    for (const item of items) {
      if (!isObj(item) || !only(item, ["type", "action"]) || !isObj(item.action)) return json();
      const a = item.action;
      if (a.type === "message" && only(a, ["type", "label", "text"]))
        quick.push({
          key: nextKey(),
          type: "message",
          label: String(a.label ?? ""),
          text: String(a.text ?? ""),
          data: "",
        });
      else if (a.type === "postback" && only(a, ["type", "label", "data", "displayText"]))
        quick.push({
          key: nextKey(),
          type: "postback",
          label: String(a.label ?? ""),
          text: String(a.displayText ?? ""),
          data: String(a.data ?? ""),
        });
      else return json();
    }
  }
  return { key: nextKey(), kind: "text", text: m.text, quick };
}

/** The LINE message of a draft, or an error message for a JSON draft that does not parse. */
export function toMessage(d: ReplyDraft, s: SupportStrings): { message: LineMessage } | { error: string } {
  if (d.kind === "json") {
    try {
      const v: unknown = JSON.parse(d.json);
      return isObj(v) ? { message: v } : { error: s.jsonInvalid };
    } catch {
      return { error: s.jsonInvalid };
    }
  }
  const m: LineMessage = { type: "text", text: d.text };
  if (d.quick.length > 0)
    m.quickReply = {
      items: d.quick.map((q) => ({
        type: "action",
        action:
          q.type === "message"
            ? { type: "message", label: q.label, text: q.text || q.label }
            : { type: "postback", label: q.label, data: q.data, ...(q.text ? { displayText: q.text } : {}) },
      })),
    };
  return { message: m };
}
