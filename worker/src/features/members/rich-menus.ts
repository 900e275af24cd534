import { eq } from "drizzle-orm";
import { appSettings } from "../../../../db/schema";
import type { AppDeps } from "../../deps";
import { encodePng } from "../../lib/png";
import type { RichMenuInput } from "../../ports/line";

const WIDTH = 2500;
const HEIGHT = 843;
type Rgb = readonly [number, number, number];
type Area = RichMenuInput["areas"][number];

interface MenuSpec {
  key: "guest" | "member";
  chatBarText: string;
  tiles: Array<{ color: Rgb; action: Area["action"] }>;
}

function specs(liffBase: string): MenuSpec[] {
  const stores = {
    type: "postback" as const,
    label: "門市據點",
    data: "action=stores",
    displayText: "門市據點",
  };
  const faq = { type: "message" as const, label: "常見問題", text: "常見問題" };
  return [
    {
      key: "guest",
      chatBarText: "選單 Menu",
      tiles: [
        { color: [6, 199, 85], action: stores },
        { color: [31, 41, 51], action: faq },
        { color: [183, 121, 31], action: { type: "uri", label: "加入會員", uri: `${liffBase}/member` } },
      ],
    },
    {
      key: "member",
      chatBarText: "會員選單 Member",
      tiles: [
        { color: [183, 121, 31], action: { type: "uri", label: "會員卡", uri: `${liffBase}/member` } },
        { color: [214, 69, 65], action: { type: "uri", label: "優惠券", uri: `${liffBase}/coupons` } },
        { color: [6, 199, 85], action: stores },
        { color: [31, 41, 51], action: faq },
      ],
    },
  ];
}

/** Plain coloured tiles with white gutters; LINE shows labels from the image, the simulator from the areas. */
async function tilesImage(colors: Rgb[]): Promise<Uint8Array> {
  const w = Math.floor(WIDTH / colors.length);
  return encodePng(WIDTH, HEIGHT, (x, y) => {
    const i = Math.min(colors.length - 1, Math.floor(x / w));
    if (x % w < 4 || y < 4 || y >= HEIGHT - 4) return [255, 255, 255];
    const c = colors[i] ?? [0, 0, 0];
    return [c[0], c[1], c[2]];
  });
}

const settingKey = (key: string) => `rich_menu_${key}`;

/**
 * Makes sure the guest (default) and member rich menus exist on the channel, creating them
 * through the Messaging API when missing (the emulator forgets them at restart; a real channel
 * keeps them). Their ids are kept in app_settings. Returns { guest, member } rich menu ids.
 */
export async function ensureRichMenus(deps: AppDeps): Promise<Record<"guest" | "member", string>> {
  const { line, db, config } = deps;
  const existing = new Set((await line.listRichMenus()).map((m) => m.richMenuId));
  const liffBase = `https://liff.line.me/${config.line.liffId}`;
  const ids = {} as Record<"guest" | "member", string>;
  for (const spec of specs(liffBase)) {
    const [saved] = await db
      .select()
      .from(appSettings)
      .where(eq(appSettings.key, settingKey(spec.key)));
    if (saved && existing.has(saved.value)) {
      ids[spec.key] = saved.value;
      continue;
    }
    const w = Math.floor(WIDTH / spec.tiles.length);
    const richMenuId = await line.createRichMenu({
      size: { width: WIDTH, height: HEIGHT },
      selected: true,
      name: spec.key,
      chatBarText: spec.chatBarText,
      areas: spec.tiles.map((t, i) => ({
        bounds: { x: i * w, y: 0, width: i === spec.tiles.length - 1 ? WIDTH - i * w : w, height: HEIGHT },
        action: t.action,
      })),
    });
    await line.setRichMenuImage(richMenuId, await tilesImage(spec.tiles.map((t) => t.color)), "image/png");
    await db
      .insert(appSettings)
      .values({ key: settingKey(spec.key), value: richMenuId })
      .onConflictDoUpdate({ target: appSettings.key, set: { value: richMenuId } });
    if (spec.key === "guest") await line.setDefaultRichMenu(richMenuId);
    ids[spec.key] = richMenuId;
  }
  return ids;
}

/** The member menu's id, if ensureRichMenus has run on this channel. */
export async function memberRichMenuId(deps: Pick<AppDeps, "db">): Promise<string | undefined> {
  const [row] = await deps.db
    .select()
    .from(appSettings)
    .where(eq(appSettings.key, settingKey("member")));
  return row?.value;
}
