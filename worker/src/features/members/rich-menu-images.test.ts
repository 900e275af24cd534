import { readFileSync } from "node:fs";
import { join } from "node:path";
import { PNG } from "pngjs";
import { describe, expect, it } from "vitest";
import { ASSET_DIR, fontsPresent, renderAll } from "../../../../scripts/gen-rich-menus";
import { encodePng } from "../../lib/png";
import { imageName, MENU_DESIGNS, RICH_MENU_LANGS } from "./rich-menu-design";
import { richMenuImage, richMenuInput } from "./rich-menus";

const MAX_BYTES = 1024 * 1024;
type Bounds = { x: number; y: number; width: number; height: number };

/** Distinct colours in an area, and in its label band (below the icon badge) the white glyph pixels vs the rest. */
function areaStats(png: PNG, b: Bounds) {
  const colours = new Set<number>();
  let glyph = 0;
  let background = 0;
  for (let y = b.y; y < b.y + b.height; y += 2) {
    for (let x = b.x; x < b.x + b.width; x += 2) {
      const i = (y * png.width + x) * 4;
      const r = png.data[i] ?? 0;
      const g = png.data[i + 1] ?? 0;
      const bl = png.data[i + 2] ?? 0;
      colours.add((r << 16) | (g << 8) | bl);
      const inBand = y >= 480 && y <= 730;
      if (inBand && r > 235 && g > 235 && bl > 235) glyph++;
      else if (inBand) background++;
    }
  }
  return { colours: colours.size, glyph, background };
}

const cases = MENU_DESIGNS.flatMap((design) => RICH_MENU_LANGS.map((lang) => ({ design, lang })));

describe("rich-menu images", () => {
  it.each(cases)(
    "$design.key ($lang): a PNG of the menu's size, ≤ 1 MB, with drawn text in every area",
    ({ design, lang }) => {
      const bytes = richMenuImage(design.key, lang);
      expect(bytes.length).toBeLessThanOrEqual(MAX_BYTES);
      const png = PNG.sync.read(Buffer.from(bytes));
      const menu = richMenuInput(design, lang, "https://liff.line.me/x");
      expect({ width: png.width, height: png.height }).toEqual(menu.size);
      expect(menu.areas).toHaveLength(design.tiles.length);
      for (const area of menu.areas) {
        const b = area.bounds as Bounds;
        expect(b).toBeDefined();
        const { colours, glyph, background } = areaStats(png, b);
        expect(colours, `distinct colours in ${JSON.stringify(b)}`).toBeGreaterThan(200);
        // Text, not a white block or an empty tile: a share of the band between 3 % and 40 %.
        const share = glyph / (glyph + background);
        expect(share, `glyph share in ${JSON.stringify(b)}`).toBeGreaterThan(0.03);
        expect(share).toBeLessThan(0.4);
      }
    },
  );

  it("would refuse a flat colour block (the old tiles)", async () => {
    const flat = PNG.sync.read(Buffer.from(await encodePng(2500, 843, () => [6, 199, 85])));
    const stats = areaStats(flat, { x: 0, y: 0, width: 833, height: 843 });
    expect(stats.colours).toBe(1);
    expect(stats.glyph).toBe(0);
  });

  it("embeds exactly the PNGs in assets/rich-menus", () => {
    for (const { design, lang } of cases) {
      const file = readFileSync(join(ASSET_DIR, imageName(design.key, lang)));
      expect(Buffer.from(richMenuImage(design.key, lang)).equals(file)).toBe(true);
    }
  });

  // The renderer needs Debian's fonts-noto-cjk (installed with Chromium by .ci/run).
  it.runIf(fontsPresent())("the committed PNGs are what npm run gen:rich-menus draws", () => {
    for (const [name, bytes] of renderAll()) {
      expect(Buffer.from(bytes).equals(readFileSync(join(ASSET_DIR, name))), name).toBe(true);
    }
  });
});
