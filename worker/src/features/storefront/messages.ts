import type { messagingApi } from "@line/bot-sdk";
import { formatDistance, type StoreInfo } from "./service";

type Message = messagingApi.Message;
const GREEN = "#06C755";

/** The greeting a new friend gets: who we are and what they can do next. */
export function welcomeMessage(brand: string, liffUrl: string | null, returning: boolean): Message {
  const title = returning ? `歡迎回來 ${brand}！` : `歡迎加入 ${brand}！`;
  const footer: messagingApi.FlexComponent[] = [
    {
      type: "button",
      style: "primary",
      color: GREEN,
      action: { type: "postback", label: "門市據點 Stores", data: "action=stores", displayText: "門市據點" },
    },
    {
      type: "button",
      style: "secondary",
      action: { type: "message", label: "常見問題 FAQ", text: "常見問題" },
    },
  ];
  if (liffUrl) {
    footer.unshift({
      type: "button",
      style: "primary",
      color: "#1F2933",
      action: { type: "uri", label: "會員卡 Member card", uri: liffUrl },
    });
  }
  return {
    type: "flex",
    altText: `${title} Welcome to ${brand}!`,
    contents: {
      type: "bubble",
      header: {
        type: "box",
        layout: "vertical",
        backgroundColor: GREEN,
        contents: [
          { type: "text", text: title, color: "#FFFFFF", weight: "bold", size: "lg", wrap: true },
          { type: "text", text: `Welcome to ${brand}`, color: "#E8FFF1", size: "sm" },
        ],
      },
      body: {
        type: "box",
        layout: "vertical",
        spacing: "sm",
        contents: [
          {
            type: "text",
            text: "掃描門市 QR Code 綁定會員，消費就能累積點數、領取優惠券。",
            wrap: true,
            size: "sm",
          },
          {
            type: "text",
            text: "Scan a store QR code to join: earn points and get coupons online and in store.",
            wrap: true,
            size: "xs",
            color: "#7B8794",
          },
        ],
      },
      footer: { type: "box", layout: "vertical", spacing: "sm", contents: footer },
    },
  };
}

/** A carousel of store cards, nearest first when distances are known. */
export function storesMessage(
  stores: Array<StoreInfo & { distanceKm?: number | null }>,
  title: string,
): Message {
  if (stores.length === 0)
    return { type: "text", text: "目前沒有營業中的門市。No stores are open at the moment." };
  return {
    type: "flex",
    altText: title,
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
                    text: `距離 ${formatDistance(s.distanceKm)}`,
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
              text: `營業時間 ${s.openingHours || "—"}`,
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
                      label: "撥打電話",
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
                      label: "地圖導航",
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

export const TEXT = {
  fallback: "收到您的訊息了！客服人員會盡快回覆您 🙏\nThanks for your message — our team will reply soon.",
  image: "收到您的圖片了，客服人員會盡快查看 🙏\nWe got your picture; our team will take a look.",
  nearestTitle: "離您最近的門市 Nearest stores",
  storesTitle: "門市據點 Our stores",
  groupHello: (brand: string) =>
    `大家好！我是 ${brand} 的小幫手 👋\n直播或貼文開賣時，留言「商品代號+數量」（例如 A+1）就能下單。\nHi! Comment a product code and quantity (e.g. A+1) during a sale to order.`,
};
