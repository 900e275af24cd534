/**
 * LINE Flex properties mapped to CSS, as pure functions (tested in flex-style.test.ts). Values
 * follow the LINE app's rendering: keyword sizes in px, `flex` growth along the parent box's
 * main axis, default paddings of the header/body/footer blocks.
 */
export type Css = Record<string, string | number | undefined>;
export type FlexNode = Record<string, unknown> & { type?: string };
export type Layout = "horizontal" | "vertical" | "baseline";

const TEXT_SIZES: Record<string, number> = {
  xxs: 11,
  xs: 13,
  sm: 14,
  md: 16,
  lg: 19,
  xl: 22,
  xxl: 29,
  "3xl": 35,
  "4xl": 48,
  "5xl": 74,
};
const SPACES: Record<string, number> = { none: 0, xs: 2, sm: 4, md: 8, lg: 12, xl: 16, xxl: 20 };
const IMAGE_SIZES: Record<string, number> = {
  xxs: 40,
  xs: 60,
  sm: 80,
  md: 100,
  lg: 120,
  xl: 140,
  xxl: 160,
  "3xl": 180,
  "4xl": 200,
  "5xl": 220,
};
const BORDER_WIDTHS: Record<string, number> = {
  none: 0,
  light: 0.5,
  normal: 1,
  medium: 2,
  "semi-bold": 3,
  bold: 4,
};
export const BUBBLE_WIDTHS: Record<string, number> = {
  nano: 120,
  micro: 160,
  deca: 220,
  hecto: 241,
  kilo: 260,
  mega: 300,
  giga: 500,
};
const PX = /^-?\d+(\.\d+)?px$/;
const PX_OR_PCT = /^-?\d+(\.\d+)?(px|%)$/;
const str = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);

const px = (n: number) => `${n}px`;

/**
 * Drops unset properties: Preact clears a style property given `undefined`, which would
 * wipe what a shorthand (`padding`) just set.
 */
export function clean(style: Css): Css {
  const out: Css = {};
  for (const [k, v] of Object.entries(style)) if (v !== undefined) out[k] = v;
  return out;
}
function keywordOrPx(table: Record<string, number>, v: unknown, allowPct = false): string | undefined {
  const s = str(v);
  if (s === undefined) return undefined;
  const k = table[s];
  if (k !== undefined) return px(k);
  return (allowPct ? PX_OR_PCT : PX).test(s) ? s : undefined;
}

/** Text and icon sizes: keywords (xxs…5xl) or px; `fallback` when missing or invalid. */
export const fontSize = (v: unknown, fallback = "16px") => keywordOrPx(TEXT_SIZES, v) ?? fallback;
/** spacing, margin, padding, offsets, cornerRadius: keywords (none…xxl) or px (padding/offset also %). */
export const space = (v: unknown, allowPct = false) => keywordOrPx(SPACES, v, allowPct);
export const borderWidth = (v: unknown) => keywordOrPx(BORDER_WIDTHS, v);
/** Image width: keywords xxs…5xl, "full", px or %; LINE's default is md (100px). */
export function imageWidth(v: unknown): string {
  if (v === "full") return "100%";
  return keywordOrPx(IMAGE_SIZES, v, true) ?? px(IMAGE_SIZES.md ?? 100);
}
/** "20:13" → "20 / 13" for CSS aspect-ratio; LINE's default is 1:1. */
export function aspectRatio(v: unknown): string {
  const m = /^(\d+(?:\.\d+)?):(\d+(?:\.\d+)?)$/.exec(str(v) ?? "");
  return m && Number(m[1]) > 0 && Number(m[2]) > 0 ? `${m[1]} / ${m[2]}` : "1 / 1";
}
export const bubbleWidth = (size: unknown) => px(BUBBLE_WIDTHS[str(size) ?? "mega"] ?? 300);

/** How a child grows in its parent box: `flex` along the main axis, 1 by default in rows. */
export function flexItem(node: FlexNode, parent: Layout): Css {
  const vertical = parent === "vertical";
  const grow = typeof node.flex === "number" ? Math.max(0, node.flex) : vertical ? 0 : 1;
  if (grow === 0) return vertical ? { flex: "0 0 auto" } : { flex: "0 0 auto", minWidth: 0 };
  return { flex: vertical ? `${grow} 0 auto` : `${grow} 1 0%`, minWidth: 0 };
}

/** A child's margin: before it along the parent's main axis. */
export function margin(node: FlexNode, parent: Layout): Css {
  const m = space(node.margin);
  if (m === undefined) return {};
  return parent === "vertical" ? { marginTop: m } : { marginInlineStart: m };
}

/** position / offsets shared by boxes, texts, images and buttons. */
export function offsets(node: FlexNode): Css {
  const style: Css = { position: node.position === "absolute" ? "absolute" : "relative" };
  const map: Array<[string, string]> = [
    ["offsetTop", "top"],
    ["offsetBottom", "bottom"],
    ["offsetStart", "insetInlineStart"],
    ["offsetEnd", "insetInlineEnd"],
  ];
  for (const [key, css] of map) {
    const v = space(node[key], true);
    if (v !== undefined) style[css] = v;
  }
  return style;
}

const JUSTIFY = new Set([
  "flex-start",
  "center",
  "flex-end",
  "space-between",
  "space-around",
  "space-evenly",
]);
const ALIGN = new Set(["flex-start", "center", "flex-end"]);

/** Default padding of each bubble block, overridden by the block box's own padding. */
export const BLOCK_PADDING: Record<string, string> = {
  header: "20px",
  hero: "0",
  body: "20px",
  footer: "10px",
};

export function linearGradient(bg: unknown): string | undefined {
  if (typeof bg !== "object" || bg === null) return undefined;
  const g = bg as Record<string, unknown>;
  if (g.type !== "linearGradient" || !str(g.startColor) || !str(g.endColor)) return undefined;
  const angle = str(g.angle) ?? "0deg";
  const center = str(g.centerColor) ? `, ${g.centerColor} ${str(g.centerPosition) ?? "50%"}` : "";
  return `linear-gradient(${angle}, ${g.startColor}${center}, ${g.endColor})`;
}

/** A box: its own flex container plus its place in the parent. */
export function boxStyle(node: FlexNode, parent: Layout, defaultPadding?: string): Css {
  const layout = (str(node.layout) ?? "vertical") as Layout;
  const pad = space(node.paddingAll, true) ?? defaultPadding;
  const style: Css = {
    display: "flex",
    flexDirection: layout === "vertical" ? "column" : "row",
    ...flexItem(node, parent),
    ...margin(node, parent),
    ...offsets(node),
    gap: space(node.spacing),
    padding: pad,
    paddingTop: space(node.paddingTop, true),
    paddingBottom: space(node.paddingBottom, true),
    paddingInlineStart: space(node.paddingStart, true),
    paddingInlineEnd: space(node.paddingEnd, true),
    backgroundColor: str(node.backgroundColor),
    backgroundImage: linearGradient(node.background),
    borderStyle: node.borderWidth || node.borderColor ? "solid" : undefined,
    borderWidth: node.borderWidth ? borderWidth(node.borderWidth) : node.borderColor ? "1px" : undefined,
    borderColor: str(node.borderColor),
    borderRadius: space(node.cornerRadius),
    width: pctOrPx(node.width),
    maxWidth: pctOrPx(node.maxWidth),
    height: pctOrPx(node.height),
    maxHeight: pctOrPx(node.maxHeight),
    overflow: node.cornerRadius ? "hidden" : undefined,
  };
  if (layout === "baseline") style.alignItems = "baseline";
  else if (ALIGN.has(str(node.alignItems) ?? "")) style.alignItems = str(node.alignItems);
  if (JUSTIFY.has(str(node.justifyContent) ?? "")) style.justifyContent = str(node.justifyContent);
  return clean(style);
}
const pctOrPx = (v: unknown) => (PX_OR_PCT.test(str(v) ?? "") ? str(v) : undefined);

const GRAVITY: Record<string, string> = { top: "flex-start", center: "center", bottom: "flex-end" };

/** A text component (also the frame for its spans). */
export function textStyle(node: FlexNode, parent: Layout): Css {
  const wrap = node.wrap === true;
  const maxLines = typeof node.maxLines === "number" && node.maxLines > 0 ? node.maxLines : undefined;
  const align = str(node.align);
  const style: Css = {
    ...flexItem(node, parent),
    ...margin(node, parent),
    ...offsets(node),
    fontSize: fontSize(node.size),
    fontWeight: node.weight === "bold" ? 700 : 400,
    fontStyle: node.style === "italic" ? "italic" : undefined,
    color: str(node.color),
    textAlign: align === "center" ? "center" : align === "end" ? "end" : "start",
    textDecoration:
      node.decoration === "underline" || node.decoration === "line-through"
        ? String(node.decoration)
        : undefined,
    lineHeight: space(node.lineSpacing) ? `calc(1.4em + ${space(node.lineSpacing)})` : undefined,
    whiteSpace: wrap ? "pre-wrap" : "nowrap",
    overflowWrap: wrap ? "anywhere" : undefined,
    overflow: "hidden",
    textOverflow: wrap ? undefined : "ellipsis",
    alignSelf: parent === "horizontal" ? GRAVITY[str(node.gravity) ?? ""] : undefined,
  };
  if (wrap && maxLines) {
    Object.assign(style, { display: "-webkit-box", WebkitBoxOrient: "vertical", WebkitLineClamp: maxLines });
  }
  return clean(style);
}

export function spanStyle(span: FlexNode): Css {
  return clean({
    color: str(span.color),
    fontWeight: span.weight === "bold" ? 700 : span.weight === "regular" ? 400 : undefined,
    fontStyle: span.style === "italic" ? "italic" : undefined,
    fontSize: str(span.size) ? fontSize(span.size) : undefined,
    textDecoration:
      span.decoration === "underline" || span.decoration === "line-through"
        ? String(span.decoration)
        : undefined,
  });
}

/** An image: its width from `size`, its frame from `aspectRatio`, its alignment in the box. */
export function imageStyle(node: FlexNode, parent: Layout): { frame: Css; img: Css } {
  const align = str(node.align) ?? "center";
  return {
    frame: clean({
      ...flexItem(node, parent),
      ...margin(node, parent),
      ...offsets(node),
      display: "flex",
      justifyContent: align === "start" ? "flex-start" : align === "end" ? "flex-end" : "center",
      alignSelf: parent === "horizontal" ? GRAVITY[str(node.gravity) ?? "top"] : undefined,
    }),
    img: clean({
      width: imageWidth(node.size),
      maxWidth: "100%",
      aspectRatio: aspectRatio(node.aspectRatio),
      objectFit: node.aspectMode === "cover" ? "cover" : "contain",
      backgroundColor: str(node.backgroundColor),
    }),
  };
}

export type ButtonLook = "primary" | "secondary" | "link";
/** A button: its look and colours (primary/secondary fill with `color`; link colours its text). */
export function buttonStyle(node: FlexNode, parent: Layout): { look: ButtonLook; css: Css } {
  const look: ButtonLook = node.style === "primary" || node.style === "secondary" ? node.style : "link";
  const color = str(node.color);
  return {
    look,
    css: clean({
      ...flexItem(node, parent),
      ...margin(node, parent),
      ...offsets(node),
      minHeight: node.height === "sm" ? "40px" : "52px",
      alignSelf: parent === "horizontal" ? GRAVITY[str(node.gravity) ?? ""] : undefined,
      ...(color ? (look === "link" ? { color } : { backgroundColor: color }) : {}),
    }),
  };
}

/** Bubble-level `styles`: each block's background and an optional separator above it. */
export function blockStyle(bubble: FlexNode, block: string): Css {
  const styles = (bubble.styles ?? {}) as Record<string, Record<string, unknown> | undefined>;
  const s = styles[block] ?? {};
  const body = bubble[block] as FlexNode | undefined;
  return clean({
    // A block's own style, else its top box's colour, fills the whole block as in the LINE app.
    backgroundColor: str(s.backgroundColor) ?? str(body?.backgroundColor),
    borderTop: s.separator === true ? `1px solid ${str(s.separatorColor) ?? "#d4d6da"}` : undefined,
  });
}
