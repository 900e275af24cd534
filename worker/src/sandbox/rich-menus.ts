import type { AppDeps } from "../deps";
import { encodePng } from "../lib/png";

const WIDTH = 2500;
const HEIGHT = 843;
const TILES = [
  {
    label: "門市據點",
    color: [6, 199, 85] as const,
    action: { type: "postback" as const, label: "門市據點", data: "action=stores", displayText: "門市據點" },
  },
  {
    label: "常見問題",
    color: [31, 41, 51] as const,
    action: { type: "message" as const, label: "常見問題", text: "常見問題" },
  },
  { label: "會員卡", color: [183, 121, 31] as const, action: null },
];

/**
 * Gives the sandbox OA a default (guest) rich menu, created through the LINE port exactly as on
 * a real channel. The emulator keeps menus in memory, so this runs at every sandbox start.
 * The image is plain coloured tiles; the simulator labels them from the areas' actions.
 */
export async function setUpSandboxRichMenus(deps: AppDeps): Promise<string> {
  const { line, config } = deps;
  const tileWidth = Math.floor(WIDTH / TILES.length);
  const liff = `https://liff.line.me/${config.line.liffId}/member`;
  const areas = TILES.map((t, i) => ({
    bounds: {
      x: i * tileWidth,
      y: 0,
      width: i === TILES.length - 1 ? WIDTH - i * tileWidth : tileWidth,
      height: HEIGHT,
    },
    action: t.action ?? { type: "uri" as const, label: t.label, uri: liff },
  }));
  const richMenuId = await line.createRichMenu({
    size: { width: WIDTH, height: HEIGHT },
    selected: true,
    name: "guest",
    chatBarText: "選單 Menu",
    areas,
  });
  const png = await encodePng(WIDTH, HEIGHT, (x, y) => {
    const i = Math.min(TILES.length - 1, Math.floor(x / tileWidth));
    const edge = x % tileWidth < 4 || y < 4 || y >= HEIGHT - 4;
    if (edge) return [255, 255, 255];
    const c = TILES[i]?.color ?? [0, 0, 0];
    return [c[0], c[1], c[2]];
  });
  await line.setRichMenuImage(richMenuId, png, "image/png");
  await line.setDefaultRichMenu(richMenuId);
  return richMenuId;
}
