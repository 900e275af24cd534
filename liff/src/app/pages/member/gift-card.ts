import type { Schemas } from "../../api";
import { config } from "../../config";
import type { ShareMessage } from "../../platform";

type Coupon = Pick<Schemas["MemberCoupon"], "name" | "kind" | "value" | "minSpend" | "channel">;

const money = (n: number) => `NT$${new Intl.NumberFormat("en-US").format(n)}`;

/** 2026/12/01 in the brand's time zone: read alike in both languages. */
export const cardDate = (iso: string) =>
  new Intl.DateTimeFormat("zh-TW", {
    timeZone: config.timeZone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
  }).format(new Date(iso));

/** The value in each language: ["折 NT$200", "NT$200 off"], ["85 折", "15% off"]. */
function valueText(c: Coupon): [string, string] {
  if (c.kind === "amount") return [`折 ${money(c.value)}`, `${money(c.value)} off`];
  const left = 100 - c.value;
  return [`${left % 10 === 0 ? left / 10 : left} 折`, `${c.value}% off`];
}

const CHANNEL: Record<Coupon["channel"], string> = {
  store: "限門市使用 In store",
  online: "限線上使用 Online",
  both: "門市、線上皆可用 In store or online",
};

/**
 * The card a member sends a friend with `liff.shareTargetPicker`: the coupon and one URI button
 * to the gift link. Both languages (zh-TW first), as the friend's language is not known here; it
 * reaches them from the member's own account, so it need not say who sent it.
 */
export function giftCard(c: Coupon, url: string, until: string): ShareMessage {
  const minSpend =
    c.minSpend > 0
      ? `滿 ${money(c.minSpend)} 可用 · Min. spend ${money(c.minSpend)}`
      : "無最低消費 · No minimum";
  const [zh, en] = valueText(c);
  return {
    type: "flex",
    altText: `送你一張優惠券：${c.name} A coupon for you`,
    contents: {
      type: "bubble",
      body: {
        type: "box",
        layout: "vertical",
        spacing: "sm",
        contents: [
          { type: "text", text: "送你一張優惠券", weight: "bold", size: "lg" },
          { type: "text", text: "A coupon for you", size: "xs", color: "#7B8794" },
          { type: "text", text: zh, weight: "bold", size: "xxl", color: "#06C755" },
          { type: "text", text: en, size: "sm", color: "#06C755" },
          { type: "text", text: c.name, weight: "bold", wrap: true },
          { type: "text", text: minSpend, size: "sm", color: "#52606D", wrap: true },
          { type: "text", text: CHANNEL[c.channel], size: "sm", color: "#52606D", wrap: true },
          {
            type: "text",
            text: `請於 ${until} 前領取 · Accept by ${until}`,
            size: "xs",
            color: "#7B8794",
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
            action: { type: "uri", label: "領取 Accept", uri: url },
          },
        ],
      },
    },
  };
}
