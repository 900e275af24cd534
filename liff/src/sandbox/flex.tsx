type CSSProps = Record<string, string | number | undefined>;

import type { Action } from "./api";

/** A readable rendering of LINE Flex Messages (bubble / carousel), close to what the LINE app shows. */
type Node = Record<string, unknown> & { type?: string };
export type OnAction = (action: Action) => void;

const SIZES: Record<string, string> = {
  xxs: "11px",
  xs: "12px",
  sm: "13px",
  md: "15px",
  lg: "17px",
  xl: "19px",
  xxl: "22px",
  "3xl": "26px",
  "4xl": "30px",
  "5xl": "36px",
};
const SPACES: Record<string, string> = {
  none: "0",
  xs: "2px",
  sm: "4px",
  md: "8px",
  lg: "12px",
  xl: "16px",
  xxl: "20px",
};

export function flexSize(v: unknown, fallback = "15px"): string {
  if (typeof v !== "string") return fallback;
  return SIZES[v] ?? (/^\d+(px|%)$/.test(v) ? v : fallback);
}
export function flexSpace(v: unknown): string | undefined {
  if (typeof v !== "string") return undefined;
  return SPACES[v] ?? (/^\d+px$/.test(v) ? v : undefined);
}

function boxStyle(n: Node, parentLayout: string): CSSProps {
  const layout = String(n.layout ?? "vertical");
  const style: CSSProps = {
    display: "flex",
    flexDirection: layout === "vertical" ? "column" : "row",
    alignItems: layout === "baseline" ? "baseline" : undefined,
    gap: flexSpace(n.spacing),
    padding: flexSpace(n.paddingAll),
    paddingTop: flexSpace(n.paddingTop),
    paddingBottom: flexSpace(n.paddingBottom),
    paddingStart: flexSpace(n.paddingStart),
    paddingEnd: flexSpace(n.paddingEnd),
    backgroundColor: typeof n.backgroundColor === "string" ? n.backgroundColor : undefined,
    borderRadius:
      typeof n.cornerRadius === "string" ? (flexSpace(n.cornerRadius) ?? n.cornerRadius) : undefined,
    marginTop: parentLayout === "vertical" ? flexSpace(n.margin) : undefined,
    marginLeft: parentLayout !== "vertical" ? flexSpace(n.margin) : undefined,
  };
  if (typeof n.flex === "number") style.flex = n.flex;
  return style;
}

function FlexNode({
  node,
  onAction,
  parentLayout,
}: {
  node: Node;
  onAction: OnAction;
  parentLayout: string;
}) {
  const margin =
    parentLayout === "vertical"
      ? { marginTop: flexSpace(node.margin) }
      : { marginLeft: flexSpace(node.margin) };
  const flex =
    typeof node.flex === "number" ? { flex: node.flex } : parentLayout !== "vertical" ? { flex: 1 } : {};
  const action = node.action as Action | undefined;
  const clickable =
    action && node.type !== "button"
      ? { onClick: () => onAction(action), role: "button" as const, tabIndex: 0, class: "fx-clickable" }
      : {};
  switch (node.type) {
    case "box":
      return (
        <div style={boxStyle(node, parentLayout)} {...clickable}>
          {((node.contents as Node[]) ?? []).map((c, i) => (
            <FlexNode key={i} node={c} onAction={onAction} parentLayout={String(node.layout ?? "vertical")} />
          ))}
        </div>
      );
    case "text": {
      const spans = node.contents as Node[] | undefined;
      return (
        <p
          class="fx-text"
          style={{
            ...margin,
            ...flex,
            fontSize: flexSize(node.size),
            fontWeight: node.weight === "bold" ? 700 : 400,
            color: typeof node.color === "string" ? node.color : undefined,
            textAlign: node.align === "center" ? "center" : node.align === "end" ? "right" : undefined,
            whiteSpace: node.wrap ? "pre-wrap" : "nowrap",
            overflow: node.wrap ? undefined : "hidden",
            textOverflow: node.wrap ? undefined : "ellipsis",
            textDecoration: node.decoration === "line-through" ? "line-through" : undefined,
          }}
          {...clickable}
        >
          {spans?.length
            ? spans.map((s, i) => (
                <span
                  key={i}
                  style={{
                    color: s.color as string,
                    fontWeight: s.weight === "bold" ? 700 : undefined,
                    fontSize: flexSize(s.size, "inherit"),
                  }}
                >
                  {String(s.text ?? "")}
                </span>
              ))
            : String(node.text ?? "")}
        </p>
      );
    }
    case "button": {
      const style = String(node.style ?? "link");
      const color = typeof node.color === "string" ? node.color : undefined;
      return (
        <button
          type="button"
          class={`fx-button fx-${style} ${node.height === "sm" ? "fx-sm" : ""}`}
          style={{ ...margin, ...flex, ...(style === "link" ? { color } : { backgroundColor: color }) }}
          onClick={() => action && onAction(action)}
          data-testid="flex-button"
        >
          {action?.label ?? ""}
        </button>
      );
    }
    case "image": {
      const ratio = String(node.aspectRatio ?? "1:1")
        .split(":")
        .map(Number);
      return (
        <div
          class="fx-image"
          style={{ ...margin, ...flex, aspectRatio: `${ratio[0] ?? 1} / ${ratio[1] ?? 1}` }}
          {...clickable}
        >
          <img
            src={String(node.url)}
            alt=""
            loading="lazy"
            style={{ objectFit: node.aspectMode === "cover" ? "cover" : "contain" }}
          />
        </div>
      );
    }
    case "icon":
      return (
        <img class="fx-icon" src={String(node.url)} alt="" style={{ width: flexSize(node.size, "15px") }} />
      );
    case "separator":
      return (
        <hr class="fx-separator" style={{ ...margin, borderColor: (node.color as string) ?? undefined }} />
      );
    case "filler":
      return <div style={{ flex: typeof node.flex === "number" ? node.flex : 1 }} />;
    case "spacer":
      return <div style={{ height: flexSpace(node.size) ?? "8px" }} />;
    default:
      return null;
  }
}

function Block({
  node,
  name,
  onAction,
  styles,
}: {
  node: unknown;
  name: string;
  onAction: OnAction;
  styles?: Node;
}) {
  if (!node || typeof node !== "object") return null;
  const n = node as Node;
  // A block's own style, else its top box's colour, fills the whole block as in the LINE app.
  const bg = (styles?.[name] as Node | undefined)?.backgroundColor ?? n.backgroundColor;
  if (name === "hero" && n.type !== "box") {
    return (
      <div class="fx-hero">
        <FlexNode node={n} onAction={onAction} parentLayout="vertical" />
      </div>
    );
  }
  return (
    <div class={`fx-block fx-${name}`} style={{ backgroundColor: typeof bg === "string" ? bg : undefined }}>
      <FlexNode node={n} onAction={onAction} parentLayout="vertical" />
    </div>
  );
}

export function FlexBubble({ bubble, onAction }: { bubble: Node; onAction: OnAction }) {
  const size = String(bubble.size ?? "mega");
  return (
    <div class={`fx-bubble fx-size-${size}`} data-testid="flex-card">
      <Block node={bubble.header} name="header" onAction={onAction} styles={bubble.styles as Node} />
      <Block node={bubble.hero} name="hero" onAction={onAction} styles={bubble.styles as Node} />
      <Block node={bubble.body} name="body" onAction={onAction} styles={bubble.styles as Node} />
      <Block node={bubble.footer} name="footer" onAction={onAction} styles={bubble.styles as Node} />
    </div>
  );
}

export function FlexMessage({ contents, onAction }: { contents: Node; onAction: OnAction }) {
  if (contents.type === "carousel") {
    return (
      <div class="fx-carousel">
        {((contents.contents as Node[]) ?? []).map((b, i) => (
          <FlexBubble key={i} bubble={b} onAction={onAction} />
        ))}
      </div>
    );
  }
  return <FlexBubble bubble={contents} onAction={onAction} />;
}
