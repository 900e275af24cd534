import { type Checker, isMediaUrl, isObj, MAX_URL_LENGTH } from "./validate-common";

/**
 * Where an action sits decides LINE's rules for it: whether `label` is required and how long it
 * may be, and which action types are allowed at all (camera/location only in quick replies,
 * richmenuswitch only in rich menus).
 */
export type ActionPlace =
  | "quickReply"
  | "template"
  | "templateDefault"
  | "imageCarousel"
  | "richMenu"
  | "flexButton"
  | "flex";

const LABEL: Record<ActionPlace, { required: boolean; max: number }> = {
  quickReply: { required: true, max: 20 },
  template: { required: true, max: 20 },
  templateDefault: { required: false, max: 20 },
  imageCarousel: { required: false, max: 12 },
  richMenu: { required: false, max: 20 },
  flexButton: { required: true, max: 40 },
  flex: { required: false, max: 40 },
};

export const ACTION_TYPES = [
  "postback",
  "message",
  "uri",
  "datetimepicker",
  "camera",
  "cameraRoll",
  "location",
  "richmenuswitch",
  "clipboard",
] as const;

const QUICK_REPLY_ONLY = new Set(["camera", "cameraRoll", "location"]);
const URI_SCHEMES = new Set(["http:", "https:", "line:", "tel:"]);
const DATETIME = {
  date: /^\d{4}-\d{2}-\d{2}$/,
  time: /^\d{2}:\d{2}$/,
  datetime: /^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}$/,
} as const;

export function checkAction(ck: Checker, action: unknown, at: string, place: ActionPlace): void {
  if (!isObj(action)) {
    ck.fail(at, action === undefined || action === null ? "must be specified" : "must be an object");
    return;
  }
  const type = ck.str(action, "type", at, { oneOf: ACTION_TYPES });
  if (type === undefined || !(ACTION_TYPES as readonly string[]).includes(type)) return;
  if (QUICK_REPLY_ONLY.has(type) && place !== "quickReply") {
    ck.fail(`${at}.type`, `${type} action can only be used in quick reply buttons`);
  }
  if (type === "richmenuswitch" && place !== "richMenu") {
    ck.fail(`${at}.type`, "richmenuswitch action can only be used in rich menus");
  }
  const label = LABEL[place];
  ck.str(action, "label", at, { max: label.max, required: label.required });

  switch (type) {
    case "message":
      ck.str(action, "text", at, { max: 300 });
      break;
    case "postback": {
      ck.str(action, "data", at, { max: 300 });
      const displayText = ck.str(action, "displayText", at, { max: 300, required: false });
      const text = ck.str(action, "text", at, { max: 300, required: false });
      if (displayText !== undefined && text !== undefined) {
        ck.fail(`${at}.text`, "cannot be specified together with displayText");
      }
      ck.str(action, "inputOption", at, {
        required: false,
        oneOf: ["closeRichMenu", "openRichMenu", "openKeyboard", "openVoice"],
      });
      ck.str(action, "fillInText", at, { max: 300, required: false });
      break;
    }
    case "uri": {
      const uri = ck.str(action, "uri", at, { max: 1000 });
      if (uri && !validUri(uri)) ck.fail(`${at}.uri`, "invalid uri scheme: use http, https, line or tel");
      const alt = ck.obj(action, "altUri", at, false);
      if (alt) {
        const desktop = ck.str(alt, "desktop", `${at}.altUri`, { max: 1000 });
        if (desktop && !validUri(desktop)) ck.fail(`${at}.altUri.desktop`, "invalid uri scheme");
      }
      break;
    }
    case "datetimepicker": {
      ck.str(action, "data", at, { max: 300 });
      const mode = ck.str(action, "mode", at, { oneOf: ["date", "time", "datetime"] });
      const format = mode && mode in DATETIME ? DATETIME[mode as keyof typeof DATETIME] : undefined;
      for (const key of ["initial", "max", "min"]) {
        const v = ck.str(action, key, at, { required: false });
        if (v !== undefined && format && !format.test(v))
          ck.fail(`${at}.${key}`, `must match the ${mode} format`);
      }
      break;
    }
    case "richmenuswitch":
      ck.str(action, "richMenuAliasId", at, { max: 32 });
      ck.str(action, "data", at, { max: 300 });
      break;
    case "clipboard":
      ck.str(action, "clipboardText", at, { max: 1000 });
      break;
    default:
      // camera, cameraRoll, location: nothing but a label.
      break;
  }
}

function validUri(v: string): boolean {
  try {
    return URI_SCHEMES.has(new URL(v).protocol);
  } catch {
    return false;
  }
}

export function checkQuickReply(ck: Checker, quickReply: unknown, at: string): void {
  if (quickReply === undefined) return;
  if (!isObj(quickReply)) {
    ck.fail(at, "must be an object");
    return;
  }
  const items = ck.arr(quickReply, "items", at, { min: 1, max: 13 });
  items?.forEach((item, i) => {
    const p = `${at}.items[${i}]`;
    if (!isObj(item)) {
      ck.fail(p, "must be an object");
      return;
    }
    if (item.type !== "action") ck.fail(`${p}.type`, "must be action");
    const imageUrl = ck.str(item, "imageUrl", p, { max: MAX_URL_LENGTH, required: false });
    if (imageUrl && !isMediaUrl(imageUrl)) ck.fail(`${p}.imageUrl`, "must be a valid HTTPS URL");
    checkAction(ck, item.action, `${p}.action`, "quickReply");
  });
}
