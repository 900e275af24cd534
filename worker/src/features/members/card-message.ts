import type { messagingApi } from "@line/bot-sdk";
import { say } from "../../lib/errors";
import { type ReaderLang, told } from "../../lib/reader-lang";
import { uriButtonFooter } from "../../line/flex";
import { TIER_NAMES } from "../loyalty";
import type { memberCard } from "./card";

type Card = Awaited<ReturnType<typeof memberCard>>;
const MUTED = "#7B8794";

/**
 * The card in chat (Flex): tier, points and a button to the LIFF card; guests are invited to
 * join. In the reader's language; both (zh-TW first) when it is unknown.
 */
export function memberCardMessage(
  liffId: string,
  card: Card,
  brand: string,
  lang: ReaderLang,
): messagingApi.Message {
  const liff = `https://liff.line.me/${liffId}`;
  const t = (zh: string, en: string, joiner = " ") => told(lang, say(zh, en), joiner);
  if (!card?.member.homeStoreId) return inviteMessage(liff, brand, lang);
  const tier = TIER_NAMES[card.member.tier];
  const expiring =
    card.expiringSoon.points > 0 && card.expiringSoon.firstAt
      ? [
          {
            type: "text" as const,
            text: t(
              `${card.expiringSoon.points} 點將於 ${card.expiringSoon.firstAt.toISOString().slice(0, 10)} 前到期`,
              `${card.expiringSoon.points} points expire by ${card.expiringSoon.firstAt.toISOString().slice(0, 10)}`,
              "\n",
            ),
            size: "xs" as const,
            color: "#D64541",
            wrap: true,
          },
        ]
      : [];
  return {
    type: "flex",
    altText: t(`會員卡：${card.points} 點`, `Member card: ${card.points} points`),
    contents: {
      type: "bubble",
      header: {
        type: "box",
        layout: "vertical",
        backgroundColor: "#1F2933",
        contents: [
          {
            type: "text",
            text: lang === "en" ? `${brand} member card` : `${brand} 會員卡`,
            color: "#FFFFFF",
            weight: "bold",
            wrap: true,
          },
          {
            type: "text",
            text: card.member.memberCode.replace(/(\d{4})(?=\d)/g, "$1 "),
            color: "#CBD2D9",
            size: "sm",
          },
        ],
      },
      body: {
        type: "box",
        layout: "vertical",
        spacing: "sm",
        contents: [
          {
            type: "box",
            layout: "baseline",
            contents: [
              {
                type: "text",
                text: String(card.points),
                weight: "bold",
                size: "3xl",
                color: "#06C755",
                flex: 0,
              },
              { type: "text", text: ` ${t("點", "points")}`, size: "sm", color: "#52606D" },
            ],
          },
          ...expiring,
          {
            type: "text",
            text:
              lang === null
                ? `會員等級：${tier.zh} ${tier.en}`
                : t(`會員等級：${tier.zh}`, `Tier: ${tier.en}`),
            size: "sm",
            color: "#52606D",
            wrap: true,
          },
          {
            type: "text",
            text: t(`會員門市：${card.homeStore ?? "—"}`, `Home store: ${card.homeStore ?? "—"}`, "\n"),
            size: "sm",
            color: "#52606D",
            wrap: true,
          },
        ],
      },
      footer: {
        type: "box",
        layout: "vertical",
        contents: [
          {
            type: "button",
            style: "primary",
            color: "#06C755",
            action: { type: "uri", label: t("出示會員條碼", "Show card"), uri: `${liff}/member` },
          },
        ],
      },
    },
  };
}

/** A guest (no home store yet): what membership gives and the button to join. */
function inviteMessage(liff: string, brand: string, lang: ReaderLang): messagingApi.Message {
  const zh = [
    { type: "text" as const, text: "還不是會員嗎？", weight: "bold" as const, size: "lg" as const },
    {
      type: "text" as const,
      text: "到任一門市掃描 QR Code，或點下方按鈕加入會員，消費累積點數、領取優惠券。",
      wrap: true,
      size: "sm" as const,
    },
  ];
  const en = "Not a member yet? Scan a store's QR code or tap below to join.";
  const contents: messagingApi.FlexComponent[] =
    lang === "en"
      ? [
          { type: "text", text: "Not a member yet?", weight: "bold", size: "lg" },
          {
            type: "text",
            text: "Scan a QR code in any of our stores, or tap below to join: earn points and get coupons.",
            wrap: true,
            size: "sm",
          },
        ]
      : lang === "zh-TW"
        ? zh
        : [...zh, { type: "text", text: en, wrap: true, size: "xs", color: MUTED }];
  return {
    type: "flex",
    altText: told(lang, say(`加入 ${brand} 會員`, `Join ${brand}`), " "),
    contents: {
      type: "bubble",
      body: { type: "box", layout: "vertical", spacing: "sm", contents },
      footer: uriButtonFooter(told(lang, say("加入會員", "Join"), " "), `${liff}/member`),
    },
  };
}
