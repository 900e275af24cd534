import type { messagingApi } from "@line/bot-sdk";
import { say, type Text } from "../../lib/errors";
import { type ReaderLang, told } from "../../lib/reader-lang";
import { formatDistance, type StoreInfo } from "./service";

type Message = messagingApi.Message;
const GREEN = "#06C755";

/** The greeting a new friend gets: who we are and what they can do next, in their language. */
export function welcomeMessage(
  brand: string,
  liffUrl: string | null,
  returning: boolean,
  lang: ReaderLang,
): Message {
  const label = (zh: string, en: string) => told(lang, say(zh, en), " ");
  const greeting = returning
    ? say(`歡迎回來 ${brand}！`, `Welcome back to ${brand}!`)
    : say(`歡迎加入 ${brand}！`, `Welcome to ${brand}!`);
  const title = lang === "en" ? greeting.en : greeting["zh-TW"];
  const footer: messagingApi.FlexComponent[] = [
    {
      type: "button",
      style: "primary",
      color: GREEN,
      action: {
        type: "postback",
        label: label("門市據點", "Stores"),
        data: "action=stores",
        displayText: lang === "en" ? "Stores" : "門市據點",
      },
    },
    {
      type: "button",
      style: "secondary",
      // 常見問題 is the keyword whatever the reader's language; an English reader asks it by
      // postback, so their chat shows "FAQ".
      action:
        lang === "en"
          ? {
              type: "postback",
              label: "FAQ",
              data: `action=faq&q=${encodeURIComponent("常見問題")}`,
              displayText: "FAQ",
            }
          : { type: "message", label: label("常見問題", "FAQ"), text: "常見問題" },
    },
  ];
  if (liffUrl) {
    footer.unshift({
      type: "button",
      style: "primary",
      color: "#1F2933",
      action: { type: "uri", label: label("會員卡", "Member card"), uri: liffUrl },
    });
  }
  const lead = say(
    "掃描門市 QR Code 綁定會員，消費就能累積點數、領取優惠券。",
    "Scan a store QR code to join: earn points and get coupons online and in store.",
  );
  const small = (text: string) => ({
    type: "text" as const,
    text,
    wrap: true,
    size: "xs" as const,
    color: "#7B8794",
  });
  const header: messagingApi.FlexComponent[] = [
    { type: "text", text: title, color: "#FFFFFF", weight: "bold", size: "lg", wrap: true },
    ...(lang === null
      ? [{ type: "text" as const, text: `Welcome to ${brand}`, color: "#E8FFF1", size: "sm" as const }]
      : []),
  ];
  const body: messagingApi.FlexComponent[] =
    lang === null
      ? [{ type: "text", text: lead["zh-TW"], wrap: true, size: "sm" }, small(lead.en)]
      : [{ type: "text", text: lead[lang], wrap: true, size: "sm" }];
  return {
    type: "flex",
    altText: lang === null ? `${title} Welcome to ${brand}!` : title,
    contents: {
      type: "bubble",
      header: { type: "box", layout: "vertical", backgroundColor: GREEN, contents: header },
      body: { type: "box", layout: "vertical", spacing: "sm", contents: body },
      footer: { type: "box", layout: "vertical", spacing: "sm", contents: footer },
    },
  };
}

/** A carousel of store cards, nearest first when distances are known. */
export function storesMessage(
  stores: Array<StoreInfo & { distanceKm?: number | null }>,
  title: Text,
  lang: ReaderLang,
): Message {
  const t = (text: Text) => told(lang, text, " ");
  if (stores.length === 0) return { type: "text", text: told(lang, TEXT.noStores) };
  return {
    type: "flex",
    altText: t(title),
    contents: {
      type: "carousel",
      contents: stores.slice(0, 12).map((s) => ({
        type: "bubble" as const,
        size: "kilo" as const,
        body: {
          type: "box" as const,
          layout: "vertical" as const,
          spacing: "sm",
          contents: [
            { type: "text" as const, text: s.name, weight: "bold" as const, size: "md" as const, wrap: true },
            ...(s.distanceKm !== undefined && s.distanceKm !== null
              ? [
                  {
                    type: "text" as const,
                    text: t(
                      say(`距離 ${formatDistance(s.distanceKm)}`, `${formatDistance(s.distanceKm)} away`),
                    ),
                    size: "xs" as const,
                    color: GREEN,
                  },
                ]
              : []),
            {
              type: "text" as const,
              text: s.address || "—",
              size: "sm" as const,
              color: "#52606D",
              wrap: true,
            },
            {
              type: "text" as const,
              text: t(say(`營業時間 ${s.openingHours || "—"}`, `Open ${s.openingHours || "—"}`)),
              size: "xs" as const,
              color: "#7B8794",
            },
          ],
        },
        footer: {
          type: "box" as const,
          layout: "vertical" as const,
          spacing: "sm",
          contents: [
            ...(s.phone
              ? [
                  {
                    type: "button" as const,
                    style: "link" as const,
                    height: "sm" as const,
                    action: {
                      type: "uri" as const,
                      label: t(say("撥打電話", "Call")),
                      uri: `tel:${s.phone.replace(/[^0-9+]/g, "")}`,
                    },
                  },
                ]
              : []),
            ...(s.latitude !== null && s.longitude !== null
              ? [
                  {
                    type: "button" as const,
                    style: "link" as const,
                    height: "sm" as const,
                    action: {
                      type: "uri" as const,
                      label: t(say("地圖導航", "Directions")),
                      uri: `https://www.google.com/maps/search/?api=1&query=${s.latitude},${s.longitude}`,
                    },
                  },
                ]
              : []),
          ],
        },
      })),
    },
  };
}

/** The storefront's sentences; a reader gets theirs, or both when their language is unknown. */
export const TEXT = {
  fallback: say(
    "收到您的訊息了！客服人員會盡快回覆您 🙏",
    "Thanks for your message — our team will reply soon.",
  ),
  image: say("收到您的圖片了，客服人員會盡快查看 🙏", "We got your picture; our team will take a look."),
  nearestTitle: say("離您最近的門市", "Nearest stores"),
  storesTitle: say("門市據點", "Our stores"),
  noStores: say("目前沒有營業中的門市。", "No stores are open at the moment."),
  /** To a group (many readers): both languages. */
  groupHello: (brand: string) =>
    `大家好！我是 ${brand} 的小幫手 👋\n直播或貼文開賣時，留言「商品代號+數量」（例如 A+1）就能下單。\nHi! Comment a product code and quantity (e.g. A+1) during a sale to order.`,
};
