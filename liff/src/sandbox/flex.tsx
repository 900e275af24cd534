import type { ComponentChildren } from "preact";
import { actionLabel, isSupported } from "./actions";
import type { Action } from "./api";
import {
  BLOCK_PADDING,
  blockStyle,
  boxStyle,
  bubbleWidth,
  buttonStyle,
  type FlexNode,
  flexItem,
  fontSize,
  imageStyle,
  type Layout,
  margin,
  space,
  spanStyle,
  textStyle,
} from "./flex-style";
import type { Strings } from "./i18n";
import "./flex.css";

/** LINE Flex Messages (bubble / carousel) rendered as real cards, close to the LINE app. */
export type OnAction = (action: Action) => void;
type Ctx = { onAction: OnAction; t: Strings };

const children = (n: FlexNode): FlexNode[] =>
  Array.isArray(n.contents) ? (n.contents.filter((c) => typeof c === "object" && c) as FlexNode[]) : [];
const str = (v: unknown) => (typeof v === "string" ? v : "");

/** A tappable area (box, text, image with an `action`): a real button for keyboards and readers. */
type TapAttrs = {
  role?: "button";
  tabIndex?: number;
  title?: string;
  "aria-disabled"?: boolean;
  "aria-label"?: string;
  onClick?: () => void;
  onKeyDown?: (e: KeyboardEvent) => void;
};
function tappable(node: FlexNode, ctx: Ctx): { cls: string; attrs: TapAttrs } {
  const action = node.action as Action | undefined;
  if (!action) return { cls: "", attrs: {} };
  if (!isSupported(action))
    return { cls: "fx-disabled", attrs: { title: ctx.t.unsupported, "aria-disabled": true } };
  return {
    cls: "fx-tap",
    attrs: {
      role: "button",
      tabIndex: 0,
      "aria-label": action.label,
      onClick: () => ctx.onAction(action),
      onKeyDown: (e: KeyboardEvent) => {
        if (e.key === "Enter" || e.key === " ") {
          e.preventDefault();
          ctx.onAction(action);
        }
      },
    },
  };
}

function Node({ node, parent, ctx, pad }: { node: FlexNode; parent: Layout; ctx: Ctx; pad?: string }) {
  switch (node.type) {
    case "box": {
      const layout = (str(node.layout) || "vertical") as Layout;
      const { cls, attrs } = tappable(node, ctx);
      return (
        <div class={`fx-box ${cls}`} style={boxStyle(node, parent, pad)} {...attrs}>
          {children(node).map((c, i) => (
            <Node key={i} node={c} parent={layout} ctx={ctx} />
          ))}
        </div>
      );
    }
    case "text": {
      const spans = children(node).filter((s) => s.type === "span");
      const { cls, attrs } = tappable(node, ctx);
      return (
        <p class={`fx-text ${cls}`} style={textStyle(node, parent)} {...attrs}>
          {spans.length
            ? spans.map((s, i) => (
                <span key={i} style={spanStyle(s)}>
                  {str(s.text)}
                </span>
              ))
            : str(node.text)}
        </p>
      );
    }
    case "button": {
      const action = node.action as Action | undefined;
      const { look, css } = buttonStyle(node, parent);
      const ok = isSupported(action);
      return (
        <button
          type="button"
          class={`fx-button fx-${look}`}
          style={css}
          data-testid="flex-button"
          disabled={!ok}
          title={ok ? undefined : ctx.t.unsupported}
          onClick={() => action && ctx.onAction(action)}
        >
          {actionLabel(action)}
        </button>
      );
    }
    case "image": {
      const { frame, img } = imageStyle(node, parent);
      const { cls, attrs } = tappable(node, ctx);
      return (
        <div class={`fx-image ${cls}`} style={frame} {...attrs}>
          <img src={str(node.url)} alt="" loading="lazy" style={img} />
        </div>
      );
    }
    case "video": {
      // LINE shows the video in the hero; the simulator plays it, or shows its altContent.
      const alt = node.altContent as FlexNode | undefined;
      return str(node.url) ? (
        <video class="fx-video" src={str(node.url)} poster={str(node.previewUrl)} controls preload="none">
          <track kind="captions" />
        </video>
      ) : alt ? (
        <Node node={alt} parent={parent} ctx={ctx} />
      ) : null;
    }
    case "icon":
      return (
        <img
          class="fx-icon"
          src={str(node.url)}
          alt=""
          style={{
            ...margin(node, parent),
            width: fontSize(node.size, "16px"),
            height: fontSize(node.size, "16px"),
          }}
        />
      );
    case "separator":
      return (
        <hr
          class={`fx-separator ${parent === "vertical" ? "" : "fx-vsep"}`}
          style={{ ...margin(node, parent), borderColor: str(node.color) || undefined }}
        />
      );
    case "filler":
      return <div aria-hidden="true" style={flexItem({ flex: node.flex ?? 1 }, parent)} />;
    case "spacer":
      return <div aria-hidden="true" style={{ flex: `0 0 ${space(node.size) ?? "8px"}` }} />;
    default:
      return null;
  }
}

const BLOCKS = ["header", "hero", "body", "footer"] as const;

export function FlexBubble({ bubble, ctx }: { bubble: FlexNode; ctx: Ctx }) {
  return (
    <article
      class="fx-bubble"
      data-testid="flex-card"
      dir={bubble.direction === "rtl" ? "rtl" : undefined}
      style={{ width: bubbleWidth(bubble.size) }}
    >
      {BLOCKS.map((name) => {
        const block = bubble[name] as FlexNode | undefined;
        if (!block || typeof block !== "object") return null;
        return (
          <div key={name} class={`fx-block fx-${name}`} style={blockStyle(bubble, name)}>
            <Node node={block} parent="vertical" ctx={ctx} pad={BLOCK_PADDING[name]} />
          </div>
        );
      })}
    </article>
  );
}

export function FlexMessage({ contents, ctx }: { contents: FlexNode; ctx: Ctx }): ComponentChildren {
  if (contents.type === "carousel") {
    return (
      <section class="fx-carousel">
        {children(contents).map((b, i) => (
          <FlexBubble key={i} bubble={b} ctx={ctx} />
        ))}
      </section>
    );
  }
  return <FlexBubble bubble={contents} ctx={ctx} />;
}
