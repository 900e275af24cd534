import { eq } from "drizzle-orm";
import { appSettings, members } from "../../../../db/schema";
import type { AppDeps } from "../../deps";
import type { RichMenuInput } from "../../ports/line";
import {
  imageName,
  MENU_DESIGNS,
  type MenuDesign,
  menuLangFor,
  RICH_MENU_HEIGHT,
  RICH_MENU_LANGS,
  RICH_MENU_WIDTH,
  type RichMenuKey,
  type RichMenuLang,
  type TileAction,
  tileBounds,
} from "./rich-menu-design";
import { RICH_MENU_PNGS } from "./rich-menu-images.gen";

type Action = RichMenuInput["areas"][number]["action"];
/** "guest" and "member" are the zh-TW menus (guest is the channel's default); *_en the English ones. */
export type RichMenuSlot = RichMenuKey | `${RichMenuKey}_en`;

const slot = (key: RichMenuKey, lang: RichMenuLang): RichMenuSlot => (lang === "en" ? `${key}_en` : key);
const settingKey = (s: RichMenuSlot) => `rich_menu_${s}`;

/**
 * Each tile's action. The FAQ tile asks 常見問題 in both languages (that is the keyword): the
 * English menu by postback, so an English reader's chat shows their own label.
 */
function tileAction(action: TileAction, label: string, liffBase: string, lang: RichMenuLang): Action {
  switch (action) {
    case "stores":
      return { type: "postback", label, data: "action=stores", displayText: label };
    case "faq":
      return lang === "en"
        ? {
            type: "postback",
            label,
            data: `action=faq&q=${encodeURIComponent("常見問題")}`,
            displayText: label,
          }
        : { type: "message", label, text: "常見問題" };
    case "join":
      return { type: "uri", label, uri: `${liffBase}/member` };
    case "card":
      return { type: "uri", label, uri: `${liffBase}/member` };
    case "coupons":
      return { type: "uri", label, uri: `${liffBase}/coupons` };
  }
}

/** The menu LINE is given for one design and language, areas cut from the image's tiles. */
export function richMenuInput(design: MenuDesign, lang: RichMenuLang, liffBase: string): RichMenuInput {
  const bounds = tileBounds(design.tiles.length);
  return {
    size: { width: RICH_MENU_WIDTH, height: RICH_MENU_HEIGHT },
    selected: true,
    name: slot(design.key, lang),
    chatBarText: design.chatBarText[lang],
    areas: design.tiles.map((t, i) => ({
      bounds: bounds[i] as RichMenuInput["areas"][number]["bounds"],
      action: tileAction(t.action, lang === "en" ? t.en : t.zh, liffBase, lang),
    })),
  };
}

/** The committed PNG (assets/rich-menus, embedded by `npm run gen:rich-menus`). */
export function richMenuImage(key: RichMenuKey, lang: RichMenuLang): Uint8Array {
  const b64 = RICH_MENU_PNGS[imageName(key, lang)];
  if (!b64) throw new Error(`rich menu image ${imageName(key, lang)} missing: run npm run gen:rich-menus`);
  return Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
}

/**
 * Makes sure the guest (default) and member rich menus exist on the channel, in zh-TW and in
 * English, creating them through the Messaging API when missing (the emulator forgets them at
 * restart; a real channel keeps them). Their ids are kept in app_settings.
 */
export async function ensureRichMenus(deps: AppDeps): Promise<Record<RichMenuSlot, string>> {
  const { line, db, config } = deps;
  const existing = new Set((await line.listRichMenus()).map((m) => m.richMenuId));
  const liffBase = `https://liff.line.me/${config.line.liffId}`;
  const ids = {} as Record<RichMenuSlot, string>;
  for (const design of MENU_DESIGNS) {
    for (const lang of RICH_MENU_LANGS) {
      const s = slot(design.key, lang);
      const [saved] = await db
        .select()
        .from(appSettings)
        .where(eq(appSettings.key, settingKey(s)));
      if (saved && existing.has(saved.value)) {
        ids[s] = saved.value;
        continue;
      }
      const richMenuId = await line.createRichMenu(richMenuInput(design, lang, liffBase));
      await line.setRichMenuImage(richMenuId, richMenuImage(design.key, lang), "image/png");
      await db
        .insert(appSettings)
        .values({ key: settingKey(s), value: richMenuId })
        .onConflictDoUpdate({ target: appSettings.key, set: { value: richMenuId } });
      if (s === "guest") await line.setDefaultRichMenu(richMenuId);
      ids[s] = richMenuId;
    }
  }
  return ids;
}

async function savedMenu(deps: Pick<AppDeps, "db">, s: RichMenuSlot): Promise<string | undefined> {
  const [row] = await deps.db
    .select()
    .from(appSettings)
    .where(eq(appSettings.key, settingKey(s)));
  return row?.value;
}

async function userLang(deps: Pick<AppDeps, "db">, userId: string | undefined): Promise<RichMenuLang> {
  if (!userId) return "zh-TW";
  const [row] = await deps.db
    .select({ language: members.language })
    .from(members)
    .where(eq(members.lineUserId, userId));
  return menuLangFor(row?.language);
}

/**
 * The member menu's id, if ensureRichMenus has run on this channel: the English one for a user
 * whose LINE language is English, else the zh-TW one.
 */
export async function memberRichMenuId(
  deps: Pick<AppDeps, "db">,
  userId?: string,
): Promise<string | undefined> {
  const lang = await userLang(deps, userId);
  return (lang === "en" ? await savedMenu(deps, "member_en") : undefined) ?? savedMenu(deps, "member");
}

/**
 * At follow: the channel's default menu is the zh-TW guest one, so an English-speaking user is
 * linked to the English menu (the member one once bound to a store). Others keep what they have.
 */
export async function linkEnglishMenu(deps: AppDeps, userId: string): Promise<void> {
  const [row] = await deps.db
    .select({ language: members.language, boundAt: members.boundAt })
    .from(members)
    .where(eq(members.lineUserId, userId));
  if (menuLangFor(row?.language) !== "en") return;
  const menu = await savedMenu(deps, row?.boundAt ? "member_en" : "guest_en");
  if (menu) await deps.line.linkRichMenuToUser(userId, menu);
}
