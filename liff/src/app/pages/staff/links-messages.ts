import { apiErrorText } from "../../../i18n/error-text";
import { ApiError } from "../../api";
import { lang, pageMessages } from "../../i18n";
import { linksEn } from "../../i18n/links.en";
import { linksZhTW } from "../../i18n/links.zh-TW";
import type { ShareMessage } from "../../platform";

/** The staff links page's own strings (i18n/links.*.ts), loaded with the staff pages only. */
export const tl = pageMessages(linksZhTW, linksEn);

/**
 * What a refused link or send says, in the reader's language; `field` names the field it is
 * about (the page shows it under that field, which keeps what was typed).
 */
export function linkRefusal(e: unknown, base: string): { text: string; field?: "url" | "memberCode" } {
  if (!(e instanceof ApiError)) return { text: apiErrorText(e, lang()) };
  const field = (e.details as { field?: unknown } | undefined)?.field;
  if (field === "url") return { text: tl("links.err.url", { base }), field: "url" };
  if (field === "memberCode") {
    if (e.status === 403) return { text: tl("links.err.otherStore"), field: "memberCode" };
    if (e.reason === "NOT_FOLLOWING") return { text: tl("links.err.notFriend"), field: "memberCode" };
    if (e.status === 404) return { text: tl("links.err.unknown"), field: "memberCode" };
    return { text: apiErrorText(e, lang()), field: "memberCode" };
  }
  if (typeof field === "string" && field.startsWith("items.")) return { text: tl("links.err.catalogue") };
  return { text: apiErrorText(e, lang()) };
}

/**
 * The card a clerk shares with `liff.shareTargetPicker`: the shop and one URI button to the link.
 * Both languages (zh-TW first): the customer's language is not known here.
 */
export function linkCard(shop: string, url: string, lines: string[] = []): ShareMessage {
  return {
    type: "flex",
    altText: `${shop}：為您推薦 Picked for you`,
    contents: {
      type: "bubble",
      body: {
        type: "box",
        layout: "vertical",
        spacing: "sm",
        contents: [
          { type: "text", text: "為您推薦", weight: "bold", size: "lg" },
          { type: "text", text: "Picked for you", size: "xs", color: "#7B8794" },
          { type: "text", text: shop, weight: "bold", wrap: true },
          ...lines.map((text) => ({ type: "text", text, size: "sm", color: "#52606D", wrap: true })),
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
            action: { type: "uri", label: "前往官網 Open", uri: url },
          },
        ],
      },
    },
  };
}
