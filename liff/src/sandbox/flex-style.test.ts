import { describe, expect, it } from "vitest";
import {
  aspectRatio,
  blockStyle,
  boxStyle,
  bubbleWidth,
  buttonStyle,
  clean,
  flexItem,
  fontSize,
  imageStyle,
  imageWidth,
  linearGradient,
  margin,
  space,
  spanStyle,
  textStyle,
} from "./flex-style";

describe("Flex keyword sizes", () => {
  it("maps text sizes, keeps px, falls back on nonsense", () => {
    expect(fontSize("xxs")).toBe("11px");
    expect(fontSize("md")).toBe("16px");
    expect(fontSize("5xl")).toBe("74px");
    expect(fontSize("18px")).toBe("18px");
    expect(fontSize("huge")).toBe("16px");
    expect(fontSize(undefined, "13px")).toBe("13px");
  });
  it("maps spacing keywords; % only where LINE allows it", () => {
    expect(space("none")).toBe("0px");
    expect(space("sm")).toBe("4px");
    expect(space("xxl")).toBe("20px");
    expect(space("7px")).toBe("7px");
    expect(space("10%")).toBeUndefined();
    expect(space("10%", true)).toBe("10%");
    expect(space(3)).toBeUndefined();
  });
  it("sizes images and bubbles", () => {
    expect(imageWidth(undefined)).toBe("100px");
    expect(imageWidth("full")).toBe("100%");
    expect(imageWidth("xxs")).toBe("40px");
    expect(imageWidth("50%")).toBe("50%");
    expect(aspectRatio("20:13")).toBe("20 / 13");
    expect(aspectRatio("1.51:1")).toBe("1.51 / 1");
    expect(aspectRatio("0:1")).toBe("1 / 1");
    expect(aspectRatio(undefined)).toBe("1 / 1");
    expect(bubbleWidth("kilo")).toBe("260px");
    expect(bubbleWidth(undefined)).toBe("300px");
    expect(bubbleWidth("giga")).toBe("500px");
  });
});

describe("flex growth and margins follow the parent box", () => {
  it("grows 1 by default in rows, 0 in columns", () => {
    expect(flexItem({}, "horizontal")).toEqual({ flex: "1 1 0%", minWidth: 0 });
    expect(flexItem({}, "baseline")).toEqual({ flex: "1 1 0%", minWidth: 0 });
    expect(flexItem({}, "vertical")).toEqual({ flex: "0 0 auto" });
    expect(flexItem({ flex: 3 }, "horizontal")).toEqual({ flex: "3 1 0%", minWidth: 0 });
    expect(flexItem({ flex: 0 }, "horizontal")).toEqual({ flex: "0 0 auto", minWidth: 0 });
    expect(flexItem({ flex: 2 }, "vertical")).toEqual({ flex: "2 0 auto", minWidth: 0 });
  });
  it("puts the margin before the item along the main axis", () => {
    expect(margin({ margin: "md" }, "vertical")).toEqual({ marginTop: "8px" });
    expect(margin({ margin: "lg" }, "horizontal")).toEqual({ marginInlineStart: "12px" });
    expect(margin({}, "vertical")).toEqual({});
  });
});

describe("boxStyle", () => {
  it("lays out a horizontal box with spacing, colours and corners", () => {
    const s = boxStyle(
      { type: "box", layout: "horizontal", spacing: "sm", backgroundColor: "#F3FAF5", cornerRadius: "md" },
      "vertical",
    );
    expect(s).toMatchObject({
      display: "flex",
      flexDirection: "row",
      gap: "4px",
      backgroundColor: "#F3FAF5",
      borderRadius: "8px",
      overflow: "hidden",
      flex: "0 0 auto",
    });
  });
  it("aligns a baseline box on the baseline and keeps justify/align keywords it knows", () => {
    expect(boxStyle({ layout: "baseline" }, "vertical").alignItems).toBe("baseline");
    const s = boxStyle(
      { layout: "vertical", justifyContent: "space-between", alignItems: "center" },
      "vertical",
    );
    expect(s.justifyContent).toBe("space-between");
    expect(s.alignItems).toBe("center");
    expect(boxStyle({ justifyContent: "evil" }, "vertical").justifyContent).toBeUndefined();
  });
  it("uses the block's default padding unless the box sets its own, and never emits undefined", () => {
    expect(boxStyle({ layout: "vertical" }, "vertical", "20px").padding).toBe("20px");
    const own = boxStyle({ layout: "vertical", paddingAll: "md", paddingTop: "xl" }, "vertical", "20px");
    expect(own.padding).toBe("8px");
    expect(own.paddingTop).toBe("16px");
    const style = boxStyle({ layout: "vertical" }, "vertical");
    expect(Object.values(style).includes(undefined)).toBe(false);
    expect("paddingTop" in style).toBe(false);
  });
  it("handles absolute positioning, borders and gradients", () => {
    const s = boxStyle(
      {
        layout: "vertical",
        position: "absolute",
        offsetTop: "10px",
        offsetStart: "md",
        borderWidth: "semi-bold",
        borderColor: "#ff0000",
        width: "50%",
        background: { type: "linearGradient", angle: "90deg", startColor: "#000000", endColor: "#ffffff" },
      },
      "vertical",
    );
    expect(s).toMatchObject({
      position: "absolute",
      top: "10px",
      insetInlineStart: "8px",
      borderWidth: "3px",
      borderStyle: "solid",
      borderColor: "#ff0000",
      width: "50%",
      backgroundImage: "linear-gradient(90deg, #000000, #ffffff)",
    });
  });
});

describe("linearGradient", () => {
  it("includes a centre colour when given", () => {
    expect(
      linearGradient({
        type: "linearGradient",
        angle: "0deg",
        startColor: "#111",
        centerColor: "#222",
        centerPosition: "30%",
        endColor: "#333",
      }),
    ).toBe("linear-gradient(0deg, #111, #222 30%, #333)");
    expect(linearGradient({ type: "linearGradient", startColor: "#111" })).toBeUndefined();
    expect(linearGradient(undefined)).toBeUndefined();
  });
});

describe("text, span, image and button styles", () => {
  it("styles text: size, weight, colour, wrap and ellipsis, alignment", () => {
    const s = textStyle(
      { text: "x", size: "sm", weight: "bold", color: "#7B8794", align: "end" },
      "horizontal",
    );
    expect(s).toMatchObject({
      fontSize: "14px",
      fontWeight: 700,
      color: "#7B8794",
      textAlign: "end",
      whiteSpace: "nowrap",
      textOverflow: "ellipsis",
      flex: "1 1 0%",
    });
    const wrapped = textStyle({ text: "x", wrap: true, maxLines: 2, decoration: "line-through" }, "vertical");
    expect(wrapped).toMatchObject({
      whiteSpace: "pre-wrap",
      WebkitLineClamp: 2,
      textDecoration: "line-through",
    });
    expect(wrapped.textOverflow).toBeUndefined();
  });
  it("styles spans without clearing the text's own properties", () => {
    expect(spanStyle({ type: "span", text: "金卡", weight: "bold", color: "#B7791F" })).toEqual({
      color: "#B7791F",
      fontWeight: 700,
    });
  });
  it("sizes an image inside its frame", () => {
    const { frame, img } = imageStyle(
      { url: "u", size: "full", aspectRatio: "20:13", aspectMode: "cover", align: "start" },
      "vertical",
    );
    expect(img).toMatchObject({ width: "100%", aspectRatio: "20 / 13", objectFit: "cover" });
    expect(frame.justifyContent).toBe("flex-start");
  });
  it("gives buttons their look, height and colour", () => {
    expect(buttonStyle({ style: "primary", color: "#06C755" }, "vertical")).toEqual({
      look: "primary",
      css: { flex: "0 0 auto", position: "relative", minHeight: "52px", backgroundColor: "#06C755" },
    });
    const link = buttonStyle({ height: "sm", color: "#42659a" }, "horizontal");
    expect(link.look).toBe("link");
    expect(link.css).toMatchObject({ minHeight: "40px", color: "#42659a", flex: "1 1 0%" });
  });
});

describe("blockStyle", () => {
  it("takes the bubble styles, else the block box colour, with an optional separator", () => {
    const bubble = {
      type: "bubble",
      header: { type: "box", backgroundColor: "#06C755" },
      footer: { type: "box" },
      styles: { footer: { separator: true, backgroundColor: "#FAFAFA" } },
    };
    expect(blockStyle(bubble, "header")).toEqual({ backgroundColor: "#06C755" });
    expect(blockStyle(bubble, "footer")).toEqual({
      backgroundColor: "#FAFAFA",
      borderTop: "1px solid #d4d6da",
    });
    expect(blockStyle(bubble, "body")).toEqual({});
  });
  it("clean drops only undefined", () => {
    expect(clean({ a: 0, b: undefined, c: "" })).toEqual({ a: 0, c: "" });
  });
});
