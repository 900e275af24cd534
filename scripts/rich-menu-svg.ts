/**
 * The rich-menu images as SVG, from worker/src/features/members/rich-menu-design.ts: per tile a
 * gradient, a white badge with a line icon, the label (zh-TW large with English below, or
 * English with a short hint) — text set in Noto Sans CJK TC by the renderer.
 */
import {
  type MenuDesign,
  RICH_MENU_HEIGHT,
  RICH_MENU_WIDTH,
  type RichMenuLang,
  type TileDesign,
  type TileIcon,
  tileBounds,
} from "../worker/src/features/members/rich-menu-design";

export const FONT_FAMILY = "Noto Sans CJK TC";

/** Line icons on a 24-unit grid, stroked in the tile's colour. */
function iconBody(icon: TileIcon, color: string): string {
  const dot = (cx: number, cy: number) =>
    `<circle cx="${cx}" cy="${cy}" r="1.1" fill="${color}" stroke="none"/>`;
  switch (icon) {
    case "pin":
      return `<path d="M12 21.5s-7-6.2-7-11.8a7 7 0 0 1 14 0c0 5.6-7 11.8-7 11.8z"/><circle cx="12" cy="9.7" r="2.7"/>`;
    case "faq":
      return `<path d="M20.5 11.5a8.5 8 0 0 1-12.3 7.2L3.5 20l1.3-4.3A8.5 8 0 1 1 20.5 11.5z"/><path d="M9.7 9.2a2.4 2.4 0 0 1 4.7.7c0 1.7-2.4 1.9-2.4 3.5"/>${dot(12, 16.3)}`;
    case "join":
      return `<circle cx="9.5" cy="8" r="3.8"/><path d="M2.5 20.5a7 7 0 0 1 14 0"/><path d="M19 7v6M16 10h6"/>`;
    case "card":
      return `<rect x="2.5" y="5" width="19" height="14" rx="2.5"/><path d="M2.5 9.5h19"/><path d="M6 14.5h5"/><path d="M15 14.5h3"/>`;
    case "coupon":
      return `<path d="M3 7.5A1.5 1.5 0 0 1 4.5 6h15A1.5 1.5 0 0 1 21 7.5V10a2 2 0 0 0 0 4v2.5a1.5 1.5 0 0 1-1.5 1.5h-15A1.5 1.5 0 0 1 3 16.5V14a2 2 0 0 0 0-4z"/><path d="M9.5 14.5l5-5"/>${dot(9.6, 9.6)}${dot(14.4, 14.4)}`;
  }
}

/** A few words under the English label, on the English image. */
const EN_HINTS: Record<TileDesign["action"], string> = {
  stores: "Find a shop near you",
  faq: "Hours, returns & help",
  join: "Points & a welcome gift",
  card: "Points & barcode",
  coupons: "Your offers",
};

const esc = (s: string) =>
  s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/** A font size that keeps `text` inside `room` px (CJK ≈ 1 em a character, Latin ≈ 0.56 em). */
function fontSizeFor(text: string, room: number, max: number): number {
  const ems = [...text].reduce((n, ch) => n + (/[\u3000-\u9fff\uff00-\uffef]/.test(ch) ? 1 : 0.56), 0);
  return Math.min(max, Math.floor(room / ems));
}

function tile(t: TileDesign, i: number, lang: RichMenuLang, b: ReturnType<typeof tileBounds>[number]) {
  const cx = b.x + b.width / 2;
  const badge = Math.min(150, b.width * 0.23);
  const badgeY = 292;
  const scale = (badge * 1.12) / 24;
  const room = b.width - 110;
  const big = lang === "en" ? t.en : t.zh;
  const small = lang === "en" ? EN_HINTS[t.action] : t.en.toUpperCase();
  const bigSize = fontSizeFor(big, room, lang === "en" ? 100 : 124);
  const smallSize = fontSizeFor(small, room, lang === "en" ? 50 : 52);
  return `
  <g>
    <rect x="${b.x}" y="${b.y}" width="${b.width}" height="${b.height}" fill="url(#g${i})"/>
    <circle cx="${b.x + b.width - 40}" cy="40" r="${b.width * 0.36}" fill="#fff" fill-opacity="0.06"/>
    <circle cx="${cx}" cy="${badgeY + 14}" r="${badge}" fill="#000" fill-opacity="0.12"/>
    <circle cx="${cx}" cy="${badgeY}" r="${badge}" fill="#fff"/>
    <g transform="translate(${cx - 12 * scale} ${badgeY - 12 * scale}) scale(${scale})" fill="none"
       stroke="${t.to}" stroke-width="1.9" stroke-linecap="round" stroke-linejoin="round">${iconBody(t.icon, t.to)}</g>
    <text x="${cx}" y="${604}" font-size="${bigSize}" font-weight="700" fill="#fff"
       text-anchor="middle" letter-spacing="${lang === "en" ? 0 : 6}">${esc(big)}</text>
    <text x="${cx}" y="${700}" font-size="${smallSize}" font-weight="400" fill="#fff" fill-opacity="0.86"
       text-anchor="middle" letter-spacing="${lang === "en" ? 0 : 4}">${esc(small)}</text>
  </g>`;
}

export function richMenuSvg(menu: MenuDesign, lang: RichMenuLang): string {
  const bounds = tileBounds(menu.tiles.length);
  const gradients = menu.tiles
    .map(
      (t, i) =>
        `<linearGradient id="g${i}" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="${t.from}"/><stop offset="1" stop-color="${t.to}"/></linearGradient>`,
    )
    .join("");
  const dividers = bounds
    .slice(1)
    .map(
      (b) =>
        `<rect x="${b.x - 2}" y="60" width="4" height="${RICH_MENU_HEIGHT - 120}" fill="#fff" fill-opacity="0.35"/>`,
    )
    .join("");
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${RICH_MENU_WIDTH}" height="${RICH_MENU_HEIGHT}" viewBox="0 0 ${RICH_MENU_WIDTH} ${RICH_MENU_HEIGHT}" font-family="${FONT_FAMILY}">
  <defs>${gradients}</defs>
  ${menu.tiles.map((t, i) => tile(t, i, lang, bounds[i] as (typeof bounds)[number])).join("")}
  ${dividers}
</svg>`;
}
