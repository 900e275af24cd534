/**
 * What the guest and member rich menus look like: one row of tiles on a 2500×843 image, each
 * with an icon, a zh-TW label and an English one. `npm run gen:rich-menus` draws the images
 * from this (scripts/gen-rich-menus.ts, at build time, with resvg and Noto Sans CJK) and
 * rich-menus.ts cuts the tap areas from the same tiles, so a label always sits over its action.
 */

import { readerLang } from "../../lib/reader-lang";

export const RICH_MENU_WIDTH = 2500;
export const RICH_MENU_HEIGHT = 843;

export type RichMenuKey = "guest" | "member";
/** zh-TW: Chinese label with English below (the default); en: English only, for English users. */
export type RichMenuLang = "zh-TW" | "en";
export const RICH_MENU_LANGS: readonly RichMenuLang[] = ["zh-TW", "en"];

export type TileIcon = "pin" | "faq" | "join" | "card" | "coupon";
export type TileAction = "stores" | "faq" | "join" | "card" | "coupons";

export interface TileDesign {
  action: TileAction;
  icon: TileIcon;
  zh: string;
  en: string;
  /** Background, top and bottom of a soft vertical gradient. */
  from: string;
  to: string;
}

export interface MenuDesign {
  key: RichMenuKey;
  chatBarText: Record<RichMenuLang, string>;
  tiles: TileDesign[];
}

const STORES: TileDesign = {
  action: "stores",
  icon: "pin",
  zh: "門市據點",
  en: "Stores",
  from: "#12b76a",
  to: "#05944f",
};
const FAQ: TileDesign = {
  action: "faq",
  icon: "faq",
  zh: "常見問題",
  en: "FAQ",
  from: "#344054",
  to: "#1d2939",
};

export const MENU_DESIGNS: readonly MenuDesign[] = [
  {
    key: "guest",
    chatBarText: { "zh-TW": "選單 Menu", en: "Menu" },
    tiles: [
      STORES,
      FAQ,
      { action: "join", icon: "join", zh: "加入會員", en: "Join us", from: "#d19a3a", to: "#a86b17" },
    ],
  },
  {
    key: "member",
    chatBarText: { "zh-TW": "會員選單 Member", en: "Member menu" },
    tiles: [
      { action: "card", icon: "card", zh: "會員卡", en: "Member card", from: "#d19a3a", to: "#a86b17" },
      { action: "coupons", icon: "coupon", zh: "優惠券", en: "Coupons", from: "#e35d52", to: "#c03a31" },
      STORES,
      FAQ,
    ],
  },
];

export function menuDesign(key: RichMenuKey): MenuDesign {
  return MENU_DESIGNS.find((m) => m.key === key) as MenuDesign;
}

export interface Bounds {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Equal columns over the full height; the last one takes the remainder. */
export function tileBounds(count: number): Bounds[] {
  const w = Math.floor(RICH_MENU_WIDTH / count);
  return Array.from({ length: count }, (_, i) => ({
    x: i * w,
    y: 0,
    width: i === count - 1 ? RICH_MENU_WIDTH - i * w : w,
    height: RICH_MENU_HEIGHT,
  }));
}

/** The image's file name under assets/rich-menus/ and its key in rich-menu-images.gen.ts. */
export const imageName = (key: RichMenuKey, lang: RichMenuLang) => `${key}.${lang}.png`;

/**
 * LINE's profile language ("en", "en-US", "zh-TW", …) → the menu language shown to that user:
 * English for English readers (lib/reader-lang's rule), the default menu — zh-TW labels with
 * English below — for everyone else, readers whose language is unknown included.
 */
export function menuLangFor(language: string | null | undefined): RichMenuLang {
  return readerLang(language) === "en" ? "en" : "zh-TW";
}
