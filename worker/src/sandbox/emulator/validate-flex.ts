import { checkAction } from "./validate-actions";
import { type Checker, isObj, type Obj } from "./validate-common";

/** LINE's Flex limits. KB read as 1,000 bytes: the stricter reading of "30 KB". */
export const FLEX_LIMITS = { bubbleBytes: 30_000, carouselBytes: 50_000, carouselBubbles: 12 } as const;

const COMPONENTS = ["box", "button", "image", "video", "icon", "text", "span", "separator", "filler"];
const BUBBLE_SIZES = ["nano", "micro", "deca", "hecto", "kilo", "mega", "giga"];
const utf8 = new TextEncoder();

export const jsonBytes = (v: unknown): number => utf8.encode(JSON.stringify(v)).length;

export function checkFlexContainer(ck: Checker, contents: unknown, at: string): void {
  if (!isObj(contents)) {
    ck.fail(at, contents === undefined ? "must be specified" : "must be an object");
    return;
  }
  const type = ck.str(contents, "type", at, { oneOf: ["bubble", "carousel"] });
  if (type === "bubble") checkBubble(ck, contents, at);
  if (type !== "carousel") return;
  const bubbles = ck.arr(contents, "contents", at, { min: 1, max: FLEX_LIMITS.carouselBubbles });
  bubbles?.forEach((b, i) => {
    const p = `${at}.contents[${i}]`;
    if (!isObj(b) || b.type !== "bubble") ck.fail(`${p}.type`, "must be bubble");
    else checkBubble(ck, b, p);
  });
  const size = jsonBytes(contents);
  if (size > FLEX_LIMITS.carouselBytes) {
    ck.fail(at, `The carousel is ${size} bytes; a Flex carousel may be at most 50 KB`);
  }
}

function checkBubble(ck: Checker, bubble: Obj, at: string): void {
  ck.str(bubble, "size", at, { required: false, oneOf: BUBBLE_SIZES });
  ck.str(bubble, "direction", at, { required: false, oneOf: ["ltr", "rtl"] });
  for (const block of ["header", "body", "footer"]) {
    const box = bubble[block];
    if (box === undefined) continue;
    if (!isObj(box) || box.type !== "box") ck.fail(`${at}.${block}.type`, "must be box");
    else checkComponent(ck, box, `${at}.${block}`, "block");
  }
  const hero = bubble.hero;
  if (hero !== undefined) {
    if (!isObj(hero) || !["box", "image", "video"].includes(String(hero.type))) {
      ck.fail(`${at}.hero.type`, "must be one of the following values: [box, image, video]");
    } else checkComponent(ck, hero, `${at}.hero`, "hero");
  }
  if (bubble.styles !== undefined && !isObj(bubble.styles)) ck.fail(`${at}.styles`, "must be an object");
  if (bubble.action !== undefined) checkAction(ck, bubble.action, `${at}.action`, "flex");
  const size = jsonBytes(bubble);
  if (size > FLEX_LIMITS.bubbleBytes) {
    ck.fail(at, `The bubble is ${size} bytes; a Flex bubble may be at most 30 KB`);
  }
}

type Parent = "block" | "hero" | "box" | "baseline" | "text";

function checkComponent(ck: Checker, c: Obj, at: string, parent: Parent): void {
  const type = ck.str(c, "type", at, { oneOf: COMPONENTS });
  if (type === undefined || !COMPONENTS.includes(type)) return;
  if (type === "span" && parent !== "text")
    ck.fail(`${at}.type`, "span can only be used in a text's contents");
  if (type === "icon" && parent !== "baseline")
    ck.fail(`${at}.type`, "icon can only be used in a baseline box");
  if (type === "video" && parent !== "hero")
    ck.fail(`${at}.type`, "video can only be used as the hero of a bubble");
  if (c.action !== undefined && type !== "button") checkAction(ck, c.action, `${at}.action`, "flex");

  switch (type) {
    case "box": {
      const layout = ck.str(c, "layout", at, { oneOf: ["horizontal", "vertical", "baseline"] });
      const contents = ck.arr(c, "contents", at);
      contents?.forEach((child, i) => {
        const p = `${at}.contents[${i}]`;
        if (!isObj(child)) ck.fail(p, "must be an object");
        else checkComponent(ck, child, p, layout === "baseline" ? "baseline" : "box");
      });
      break;
    }
    case "text": {
      const spans = ck.arr(c, "contents", at, { required: false });
      if (spans === undefined) ck.str(c, "text", at);
      else {
        ck.str(c, "text", at, { required: false });
        spans.forEach((s, i) => {
          const p = `${at}.contents[${i}]`;
          if (!isObj(s) || s.type !== "span") ck.fail(`${p}.type`, "must be span");
          else checkComponent(ck, s, p, "text");
        });
      }
      ck.num(c, "maxLines", at, { min: 0, int: true, required: false });
      ck.bool(c, "wrap", at);
      break;
    }
    case "span":
      ck.str(c, "text", at);
      break;
    case "button":
      ck.str(c, "style", at, { required: false, oneOf: ["primary", "secondary", "link"] });
      ck.str(c, "height", at, { required: false, oneOf: ["sm", "md"] });
      checkAction(ck, c.action, `${at}.action`, "flexButton");
      break;
    case "image": {
      ck.mediaUrl(c, "url", at);
      const ratio = ck.str(c, "aspectRatio", at, { required: false });
      if (ratio !== undefined && !validAspectRatio(ratio)) {
        ck.fail(`${at}.aspectRatio`, "must be {width}:{height}, each 1 to 100000, height at most 3 × width");
      }
      break;
    }
    case "icon":
      ck.mediaUrl(c, "url", at);
      break;
    case "video": {
      ck.mediaUrl(c, "url", at);
      ck.mediaUrl(c, "previewUrl", at);
      const alt = ck.obj(c, "altContent", at);
      if (alt) checkComponent(ck, alt, `${at}.altContent`, "box");
      break;
    }
    default:
      // separator and filler carry only layout hints.
      break;
  }
}

function validAspectRatio(v: string): boolean {
  const m = /^(\d+(?:\.\d+)?):(\d+(?:\.\d+)?)$/.exec(v);
  if (!m) return false;
  const w = Number(m[1]);
  const h = Number(m[2]);
  return w >= 1 && w <= 100_000 && h >= 1 && h <= 100_000 && h <= 3 * w;
}
