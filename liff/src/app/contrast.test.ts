import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

/** WCAG 2 contrast of the palette's text/background pairs (AA: 4.5 for text, 3 for large text). */
const css = readFileSync(new URL("./styles.css", import.meta.url), "utf8");
const v = (name: string) => {
  const m = new RegExp(`--${name}:\\s*(#[0-9a-f]{6})`, "i").exec(css);
  if (!m?.[1]) throw new Error(`--${name} not found`);
  return m[1];
};
const luminance = (hex: string) => {
  const [r, g, b] = [1, 3, 5].map((i) => {
    const c = Number.parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
};
const contrast = (a: string, b: string) => {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
};

describe("palette contrast", () => {
  it.each([
    ["button text on brand", "#ffffff", v("brand"), 4.5],
    ["text on page", v("ink"), v("bg"), 4.5],
    ["secondary text on panel", v("muted"), v("panel"), 4.5],
    ["secondary text on page", v("muted"), v("bg"), 4.5],
    ["brand links on panel", v("brand"), v("panel"), 4.5],
    ["errors on panel", v("danger"), v("panel"), 4.5],
    ["warnings on panel", v("warn"), v("panel"), 4.5],
    ["card text on the card", "#ffffff", v("ink"), 4.5],
  ])("%s", (_name, fg, bg, min) => {
    expect(contrast(fg as string, bg as string)).toBeGreaterThanOrEqual(min as number);
  });
});
