import { describe, expect, it } from "vitest";
import { validateRichMenu } from "./validate-rich-menu";

describe("validateRichMenu", () => {
  const menu = (over: Record<string, unknown> = {}) => ({
    size: { width: 2500, height: 843 },
    selected: false,
    name: "main",
    chatBarText: "選單",
    areas: [
      {
        bounds: { x: 0, y: 0, width: 1250, height: 843 },
        action: { type: "richmenuswitch", richMenuAliasId: "b", data: "d" },
      },
    ],
    ...over,
  });
  it.each<[string, Record<string, unknown>, string | null]>([
    ["2500x843", {}, null],
    ["2500x1686", { size: { width: 2500, height: 1686 } }, null],
    ["too narrow", { size: { width: 700, height: 250 } }, "size"],
    ["too tall for its width", { size: { width: 1200, height: 1000 } }, "size"],
    ["chatBarText 15 chars", { chatBarText: "c".repeat(15) }, "chatBarText"],
    ["name 301 chars", { name: "n".repeat(301) }, "name"],
    [
      "21 areas",
      {
        areas: Array.from({ length: 21 }, () => ({
          bounds: { x: 0, y: 0, width: 1, height: 1 },
          action: { type: "postback", data: "d" },
        })),
      },
      "areas",
    ],
    [
      "area outside the menu",
      {
        areas: [
          { bounds: { x: 2000, y: 0, width: 600, height: 843 }, action: { type: "postback", data: "d" } },
        ],
      },
      "areas[0].bounds",
    ],
    [
      "area without action",
      { areas: [{ bounds: { x: 0, y: 0, width: 10, height: 10 } }] },
      "areas[0].action",
    ],
  ])("%s", (_name, over, property) => {
    const problems = validateRichMenu(menu(over));
    if (property === null) expect(problems).toEqual([]);
    else expect(problems[0]?.property).toBe(property);
  });
});
