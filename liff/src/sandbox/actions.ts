import type { Action } from "./api";

/**
 * What tapping a LINE action does in the simulator. `message`, `postback`, `uri`,
 * `datetimepicker` and `richmenuswitch` behave as in the LINE app; the quick-reply-only
 * `location` / `camera` / `cameraRoll` open the matching composer tool; `clipboard` copies.
 * Anything else is shown disabled.
 */
export type ActionKind =
  | "message"
  | "postback"
  | "uri"
  | "datetimepicker"
  | "richmenuswitch"
  | "location"
  | "camera"
  | "clipboard"
  | "unsupported";

export function actionKind(a: Action | undefined): ActionKind {
  if (!a) return "unsupported";
  switch (a.type) {
    case "message":
      return a.text ? "message" : "unsupported";
    case "postback":
      return a.data !== undefined ? "postback" : "unsupported";
    case "uri":
      return a.uri ? "uri" : "unsupported";
    case "datetimepicker":
      return a.data !== undefined ? "datetimepicker" : "unsupported";
    case "richmenuswitch":
      return a.richMenuAliasId ? "richmenuswitch" : "unsupported";
    case "location":
      return "location";
    case "camera":
    case "cameraRoll":
      return "camera";
    case "clipboard":
      return a.clipboardText ? "clipboard" : "unsupported";
    default:
      return "unsupported";
  }
}

export const isSupported = (a: Action | undefined) => actionKind(a) !== "unsupported";

/** The native input for a datetimepicker's mode, and the postback `params` key LINE uses. */
export function datetimeInput(mode: string | undefined): {
  inputType: "date" | "time" | "datetime-local";
  param: "date" | "time" | "datetime";
} {
  if (mode === "date") return { inputType: "date", param: "date" };
  if (mode === "time") return { inputType: "time", param: "time" };
  return { inputType: "datetime-local", param: "datetime" };
}

/** LINE's datetime values ("2026-12-01t09:00") as the native input wants them ("2026-12-01T09:00"). */
export const toInputValue = (v: string | undefined) => (v ? v.replace("t", "T") : undefined);

/** A short visible name for an action that has no label (imagemap areas, some rich menus). */
export function actionLabel(a: Action | undefined): string {
  if (!a) return "";
  return a.label ?? a.displayText ?? a.text ?? a.data ?? a.uri ?? a.type;
}
