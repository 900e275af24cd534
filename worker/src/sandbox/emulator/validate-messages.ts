import { checkAction, checkQuickReply } from "./validate-actions";
import { Checker, isObj, type Obj, type Problem } from "./validate-common";
import { checkFlexContainer } from "./validate-flex";

export type { Problem } from "./validate-common";

/**
 * LINE's rules for message objects (shared/line-openapi/messaging-api.yml plus the limits the
 * Messaging API reference states in prose), returned as LINE's `details`: `{ property, message }`
 * with paths like `messages[0].text`. Empty = valid.
 */
export const MESSAGE_TYPES = [
  "text",
  "textV2",
  "sticker",
  "image",
  "video",
  "audio",
  "location",
  "imagemap",
  "template",
  "flex",
  "coupon",
] as const;

export const MESSAGE_LIMITS = {
  perRequest: 5,
  textLength: 5000,
  emojis: 20,
  flexAltText: 1500,
  templateAltText: 400,
  templateColumns: 10,
  imagemapActions: 50,
} as const;

export function validateMessages(messages: unknown, at = "messages"): Problem[] {
  const ck = new Checker();
  if (!Array.isArray(messages)) {
    ck.fail(at, messages === undefined ? "must be specified" : "must be an array");
    return ck.problems;
  }
  if (messages.length < 1 || messages.length > MESSAGE_LIMITS.perRequest) {
    ck.fail(at, `Size must be between 1 and ${MESSAGE_LIMITS.perRequest}`);
  }
  messages.forEach((m, i) => {
    checkMessage(ck, m, `${at}[${i}]`);
  });
  return ck.problems;
}

function checkMessage(ck: Checker, m: unknown, at: string): void {
  if (!isObj(m)) {
    ck.fail(at, "must be an object");
    return;
  }
  const type = ck.str(m, "type", at, { oneOf: MESSAGE_TYPES });
  checkQuickReply(ck, m.quickReply, `${at}.quickReply`);
  const sender = ck.obj(m, "sender", at, false);
  if (sender) {
    ck.str(sender, "name", `${at}.sender`, { max: 20, required: false });
    if (sender.iconUrl !== undefined) ck.mediaUrl(sender, "iconUrl", `${at}.sender`);
  }
  switch (type) {
    case "text":
    case "textV2":
      ck.str(m, "text", at, { max: MESSAGE_LIMITS.textLength });
      ck.str(m, "quoteToken", at, { required: false });
      if (type === "text") checkEmojis(ck, m, at);
      else if (m.substitution !== undefined && !isObj(m.substitution)) {
        ck.fail(`${at}.substitution`, "must be an object");
      }
      break;
    case "sticker":
      ck.str(m, "packageId", at);
      ck.str(m, "stickerId", at);
      ck.str(m, "quoteToken", at, { required: false });
      break;
    case "image":
      ck.mediaUrl(m, "originalContentUrl", at);
      ck.mediaUrl(m, "previewImageUrl", at);
      break;
    case "video":
      ck.mediaUrl(m, "originalContentUrl", at);
      ck.mediaUrl(m, "previewImageUrl", at);
      ck.str(m, "trackingId", at, { max: 100, required: false });
      break;
    case "audio":
      ck.mediaUrl(m, "originalContentUrl", at);
      ck.num(m, "duration", at, { min: 1, int: true });
      break;
    case "location":
      ck.str(m, "title", at, { max: 100 });
      ck.str(m, "address", at, { max: 100 });
      ck.num(m, "latitude", at, { min: -90, max: 90 });
      ck.num(m, "longitude", at, { min: -180, max: 180 });
      break;
    case "imagemap":
      checkImagemap(ck, m, at);
      break;
    case "template":
      ck.str(m, "altText", at, { max: MESSAGE_LIMITS.templateAltText });
      checkTemplate(ck, m.template, `${at}.template`);
      break;
    case "flex":
      ck.str(m, "altText", at, { max: MESSAGE_LIMITS.flexAltText });
      checkFlexContainer(ck, m.contents, `${at}.contents`);
      break;
    case "coupon":
      ck.str(m, "couponId", at);
      break;
    default:
      break;
  }
}

function checkEmojis(ck: Checker, m: Obj, at: string): void {
  const emojis = ck.arr(m, "emojis", at, { max: MESSAGE_LIMITS.emojis, required: false });
  emojis?.forEach((e, i) => {
    const p = `${at}.emojis[${i}]`;
    if (!isObj(e)) {
      ck.fail(p, "must be an object");
      return;
    }
    const index = ck.num(e, "index", p, { min: 0, int: true });
    ck.str(e, "productId", p);
    ck.str(e, "emojiId", p);
    const text = typeof m.text === "string" ? m.text : "";
    if (index !== undefined && index >= text.length) ck.fail(`${p}.index`, "must point at a $ in the text");
  });
}

function checkImagemap(ck: Checker, m: Obj, at: string): void {
  ck.mediaUrl(m, "baseUrl", at);
  ck.str(m, "altText", at, { max: 1500 });
  const base = ck.obj(m, "baseSize", at);
  if (base) {
    const width = ck.num(base, "width", `${at}.baseSize`, { int: true });
    if (width !== undefined && width !== 1040) ck.fail(`${at}.baseSize.width`, "must be 1040");
    ck.num(base, "height", `${at}.baseSize`, { min: 1, int: true });
  }
  const actions = ck.arr(m, "actions", at, { min: 1, max: MESSAGE_LIMITS.imagemapActions });
  actions?.forEach((a, i) => {
    const p = `${at}.actions[${i}]`;
    if (!isObj(a)) {
      ck.fail(p, "must be an object");
      return;
    }
    const type = ck.str(a, "type", p, { oneOf: ["uri", "message", "clipboard"] });
    ck.str(a, "label", p, { max: 100, required: false });
    if (type === "uri") ck.str(a, "linkUri", p, { max: 1000 });
    if (type === "message") ck.str(a, "text", p, { max: 400 });
    if (type === "clipboard") ck.str(a, "clipboardText", p, { max: 1000 });
    const area = ck.obj(a, "area", p);
    if (area)
      for (const k of ["x", "y", "width", "height"]) ck.num(area, k, `${p}.area`, { min: 0, int: true });
  });
}

function checkTemplate(ck: Checker, t: unknown, at: string): void {
  if (!isObj(t)) {
    ck.fail(at, t === undefined ? "must be specified" : "must be an object");
    return;
  }
  const type = ck.str(t, "type", at, { oneOf: ["buttons", "confirm", "carousel", "image_carousel"] });
  const actions = (o: Obj, p: string, min: number, max: number) =>
    ck.arr(o, "actions", p, { min, max })?.forEach((a, i) => {
      checkAction(ck, a, `${p}.actions[${i}]`, "template");
    });
  const defaultAction = (o: Obj, p: string) => {
    if (o.defaultAction !== undefined)
      checkAction(ck, o.defaultAction, `${p}.defaultAction`, "templateDefault");
  };
  // With an image or a title LINE leaves less room for the text.
  const column = (o: Obj, p: string, plain: number, decorated: number) => {
    if (o.thumbnailImageUrl !== undefined) ck.mediaUrl(o, "thumbnailImageUrl", p);
    ck.str(o, "title", p, { max: 40, required: false });
    const decoratedNow = o.thumbnailImageUrl !== undefined || o.title !== undefined;
    ck.str(o, "text", p, { max: decoratedNow ? decorated : plain });
    defaultAction(o, p);
  };

  switch (type) {
    case "buttons":
      column(t, at, 160, 60);
      ck.str(t, "imageAspectRatio", at, { required: false, oneOf: ["rectangle", "square"] });
      ck.str(t, "imageSize", at, { required: false, oneOf: ["cover", "contain"] });
      actions(t, at, 1, 4);
      break;
    case "confirm":
      ck.str(t, "text", at, { max: 240 });
      actions(t, at, 2, 2);
      break;
    case "carousel": {
      const columns = ck.arr(t, "columns", at, { min: 1, max: MESSAGE_LIMITS.templateColumns });
      const counts = new Set<number>();
      columns?.forEach((col, i) => {
        const p = `${at}.columns[${i}]`;
        if (!isObj(col)) {
          ck.fail(p, "must be an object");
          return;
        }
        column(col, p, 120, 60);
        actions(col, p, 1, 3);
        if (Array.isArray(col.actions)) counts.add(col.actions.length);
      });
      if (counts.size > 1) ck.fail(`${at}.columns`, "every column must have the same number of actions");
      break;
    }
    case "image_carousel":
      ck.arr(t, "columns", at, { min: 1, max: MESSAGE_LIMITS.templateColumns })?.forEach((col, i) => {
        const p = `${at}.columns[${i}]`;
        if (!isObj(col)) {
          ck.fail(p, "must be an object");
          return;
        }
        ck.mediaUrl(col, "imageUrl", p);
        checkAction(ck, col.action, `${p}.action`, "imageCarousel");
      });
      break;
    default:
      break;
  }
}
