/**
 * LINE's rules for message objects (shared/line-openapi/messaging-api.yml and the Messaging API
 * reference), as one validator used twice: by the emulator, which answers 400 like LINE, and by
 * features that store messages (keyword replies), which refuse at save what LINE would refuse
 * at send. Returns LINE-style `{ property, message }` problems; empty = valid.
 */
export interface Problem {
  property: string;
  message: string;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);
const enc = new TextEncoder();

export const LIMITS = {
  messagesPerRequest: 5,
  textLength: 5000,
  altTextLength: 1500,
  templateAltText: 400,
  quickReplyItems: 13,
  actionLabel: 20,
  postbackData: 300,
  messageActionText: 300,
  urlLength: 2000,
  bubbleBytes: 30_000,
  carouselBytes: 50_000,
  carouselBubbles: 12,
  templateColumns: 10,
  multicastRecipients: 500,
} as const;

class Checker {
  problems: Problem[] = [];
  constructor(private readonly allowLoopbackHttp: boolean) {}

  fail(property: string, message: string) {
    this.problems.push({ property, message });
  }
  str(
    o: Obj,
    key: string,
    at: string,
    opts: { max?: number; required?: boolean; min?: number } = {},
  ): string | undefined {
    const v = o[key];
    const p = `${at}.${key}`;
    if (v === undefined || v === null) {
      if (opts.required !== false) this.fail(p, "May not be empty");
      return undefined;
    }
    if (typeof v !== "string") {
      this.fail(p, "Must be a string");
      return undefined;
    }
    if ((opts.min ?? (opts.required === false ? 0 : 1)) > 0 && v.length < (opts.min ?? 1))
      this.fail(p, "May not be empty");
    if (opts.max !== undefined && [...v].length > opts.max)
      this.fail(p, `Length must be between 0 and ${opts.max}`);
    return v;
  }
  url(o: Obj, key: string, at: string, opts: { required?: boolean; schemes?: string[] } = {}) {
    const v = this.str(o, key, at, { max: LIMITS.urlLength, required: opts.required });
    if (v === undefined) return;
    const schemes = opts.schemes ?? ["https:"];
    let u: URL;
    try {
      u = new URL(v);
    } catch {
      this.fail(`${at}.${key}`, "invalid uri");
      return;
    }
    const loopback =
      this.allowLoopbackHttp && u.protocol === "http:" && ["127.0.0.1", "localhost"].includes(u.hostname);
    if (!schemes.includes(u.protocol) && !loopback)
      this.fail(`${at}.${key}`, `invalid uri scheme (${schemes.join(", ")} only)`);
  }

  action(a: unknown, at: string, labelRequired: boolean) {
    if (!isObj(a)) {
      this.fail(at, "Must be an object");
      return;
    }
    const label = this.str(a, "label", at, { max: LIMITS.actionLabel, required: labelRequired });
    void label;
    switch (a.type) {
      case "message":
        this.str(a, "text", at, { max: LIMITS.messageActionText });
        break;
      case "postback":
        this.str(a, "data", at, { max: LIMITS.postbackData });
        this.str(a, "displayText", at, { max: LIMITS.messageActionText, required: false });
        this.str(a, "text", at, { max: LIMITS.messageActionText, required: false });
        break;
      case "uri":
        this.url(a, "uri", at, { schemes: ["https:", "http:", "tel:", "line:", "mailto:"] });
        break;
      case "datetimepicker":
        this.str(a, "data", at, { max: LIMITS.postbackData });
        if (!["date", "time", "datetime"].includes(String(a.mode)))
          this.fail(`${at}.mode`, "Must be one of date, time, datetime");
        break;
      case "camera":
      case "cameraRoll":
      case "location":
        break;
      case "richmenuswitch":
        this.str(a, "richMenuAliasId", at);
        this.str(a, "data", at, { max: LIMITS.postbackData });
        break;
      case "clipboard":
        this.str(a, "clipboardText", at, { max: 1000 });
        break;
      default:
        this.fail(`${at}.type`, "invalid action type");
    }
  }

  quickReply(q: unknown, at: string) {
    if (q === undefined) return;
    if (!isObj(q) || !Array.isArray(q.items)) {
      this.fail(at, "Must have items");
      return;
    }
    if (q.items.length < 1 || q.items.length > LIMITS.quickReplyItems) {
      this.fail(`${at}.items`, `Size must be between 1 and ${LIMITS.quickReplyItems}`);
    }
    q.items.forEach((item, i) => {
      const p = `${at}.items[${i}]`;
      if (!isObj(item) || item.type !== "action") {
        this.fail(`${p}.type`, "Must be 'action'");
        return;
      }
      if (item.imageUrl !== undefined) this.url(item, "imageUrl", p);
      const a = item.action;
      const needsLabel = !(isObj(a) && ["camera", "cameraRoll", "location"].includes(String(a.type)));
      this.action(a, `${p}.action`, needsLabel);
    });
  }

  flexComponent(c: unknown, at: string, depth: number) {
    if (depth > 20) {
      this.fail(at, "nesting too deep");
      return;
    }
    if (!isObj(c)) {
      this.fail(at, "Must be an object");
      return;
    }
    switch (c.type) {
      case "box": {
        if (!["horizontal", "vertical", "baseline"].includes(String(c.layout)))
          this.fail(`${at}.layout`, "invalid layout");
        if (!Array.isArray(c.contents)) {
          this.fail(`${at}.contents`, "Must be an array");
          return;
        }
        c.contents.forEach((x, i) => {
          this.flexComponent(x, `${at}.contents[${i}]`, depth + 1);
        });
        break;
      }
      case "text":
        if (c.text === undefined && !Array.isArray(c.contents)) this.fail(`${at}.text`, "May not be empty");
        if (c.text !== undefined) this.str(c, "text", at, { min: 0 });
        break;
      case "span":
        this.str(c, "text", at);
        break;
      case "button":
        this.action(c.action, `${at}.action`, true);
        break;
      case "image":
      case "icon":
        this.url(c, "url", at);
        break;
      case "video":
        this.url(c, "url", at);
        this.url(c, "previewUrl", at);
        break;
      case "separator":
      case "filler":
      case "spacer":
        break;
      default:
        this.fail(`${at}.type`, "invalid flex component type");
    }
    if (c.action !== undefined && c.type !== "button") this.action(c.action, `${at}.action`, false);
  }

  bubble(b: unknown, at: string) {
    if (!isObj(b) || b.type !== "bubble") {
      this.fail(`${at}.type`, "Must be 'bubble'");
      return;
    }
    for (const block of ["header", "hero", "body", "footer"]) {
      if (b[block] !== undefined) this.flexComponent(b[block], `${at}.${block}`, 0);
    }
    if (enc.encode(JSON.stringify(b)).length > LIMITS.bubbleBytes)
      this.fail(at, "bubble is larger than 30 KB");
  }

  message(m: unknown, at: string) {
    if (!isObj(m)) {
      this.fail(at, "Must be an object");
      return;
    }
    switch (m.type) {
      case "text":
        this.str(m, "text", at, { max: LIMITS.textLength });
        break;
      case "sticker":
        this.str(m, "packageId", at);
        this.str(m, "stickerId", at);
        break;
      case "image":
        this.url(m, "originalContentUrl", at);
        this.url(m, "previewImageUrl", at);
        break;
      case "video":
        this.url(m, "originalContentUrl", at);
        this.url(m, "previewImageUrl", at);
        break;
      case "audio":
        this.url(m, "originalContentUrl", at);
        if (typeof m.duration !== "number") this.fail(`${at}.duration`, "Must be a number");
        break;
      case "location":
        this.str(m, "title", at, { max: 100 });
        this.str(m, "address", at, { max: 100 });
        if (typeof m.latitude !== "number") this.fail(`${at}.latitude`, "Must be a number");
        if (typeof m.longitude !== "number") this.fail(`${at}.longitude`, "Must be a number");
        break;
      case "imagemap":
        this.url(m, "baseUrl", at);
        this.str(m, "altText", at, { max: LIMITS.altTextLength });
        if (!isObj(m.baseSize)) this.fail(`${at}.baseSize`, "May not be empty");
        if (!Array.isArray(m.actions)) this.fail(`${at}.actions`, "May not be empty");
        break;
      case "template":
        this.str(m, "altText", at, { max: LIMITS.templateAltText });
        this.template(m.template, `${at}.template`);
        break;
      case "flex": {
        this.str(m, "altText", at, { max: LIMITS.altTextLength });
        const c = m.contents;
        if (isObj(c) && c.type === "carousel") {
          if (
            !Array.isArray(c.contents) ||
            c.contents.length < 1 ||
            c.contents.length > LIMITS.carouselBubbles
          ) {
            this.fail(`${at}.contents.contents`, `Size must be between 1 and ${LIMITS.carouselBubbles}`);
          } else {
            c.contents.forEach((b, i) => {
              this.bubble(b, `${at}.contents.contents[${i}]`);
            });
          }
          if (enc.encode(JSON.stringify(c)).length > LIMITS.carouselBytes)
            this.fail(`${at}.contents`, "carousel is larger than 50 KB");
        } else {
          this.bubble(c, `${at}.contents`);
        }
        break;
      }
      default:
        this.fail(`${at}.type`, "invalid message type");
    }
    this.quickReply(m.quickReply, `${at}.quickReply`);
  }

  template(t: unknown, at: string) {
    if (!isObj(t)) {
      this.fail(at, "May not be empty");
      return;
    }
    const actions = (list: unknown, p: string, max: number) => {
      if (!Array.isArray(list) || list.length < 1 || list.length > max) {
        this.fail(p, `Size must be between 1 and ${max}`);
        return;
      }
      list.forEach((a, i) => {
        this.action(a, `${p}[${i}]`, true);
      });
    };
    switch (t.type) {
      case "buttons":
        this.str(t, "text", at, { max: t.title || t.thumbnailImageUrl ? 60 : 160 });
        this.str(t, "title", at, { max: 40, required: false });
        if (t.thumbnailImageUrl !== undefined) this.url(t, "thumbnailImageUrl", at);
        actions(t.actions, `${at}.actions`, 4);
        break;
      case "confirm":
        this.str(t, "text", at, { max: 240 });
        if (!Array.isArray(t.actions) || t.actions.length !== 2) this.fail(`${at}.actions`, "Size must be 2");
        else
          t.actions.forEach((a, i) => {
            this.action(a, `${at}.actions[${i}]`, true);
          });
        break;
      case "carousel":
      case "image_carousel":
        if (!Array.isArray(t.columns) || t.columns.length < 1 || t.columns.length > LIMITS.templateColumns) {
          this.fail(`${at}.columns`, `Size must be between 1 and ${LIMITS.templateColumns}`);
          return;
        }
        t.columns.forEach((col, i) => {
          const p = `${at}.columns[${i}]`;
          if (!isObj(col)) {
            this.fail(p, "Must be an object");
            return;
          }
          if (t.type === "carousel") {
            this.str(col, "text", p, { max: 120 });
            actions(col.actions, `${p}.actions`, 3);
          } else {
            this.url(col, "imageUrl", p);
            this.action(col.action, `${p}.action`, false);
          }
        });
        break;
      default:
        this.fail(`${at}.type`, "invalid template type");
    }
  }
}

/** Validates a request's `messages` array: 1–5 valid message objects. */
export function validateMessages(messages: unknown, opts: { allowLoopbackHttp?: boolean } = {}): Problem[] {
  const c = new Checker(opts.allowLoopbackHttp ?? false);
  if (!Array.isArray(messages) || messages.length === 0) {
    c.fail("messages", "May not be empty");
    return c.problems;
  }
  if (messages.length > LIMITS.messagesPerRequest) {
    c.fail("messages", `Size must be between 1 and ${LIMITS.messagesPerRequest}`);
  }
  for (const [i, m] of messages.entries()) c.message(m, `messages[${i}]`);
  return c.problems;
}
