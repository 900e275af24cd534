import type { messagingApi } from "@line/bot-sdk";
import type { AppDeps } from "../../deps";
import type { Text } from "../../lib/errors";
import { type ReaderLang, told } from "../../lib/reader-lang";
import { formatLocalTime } from "../../lib/text/local-time";
import type { LineMessage } from "../../ports/line";
import type { CommentResult, ResultItem } from "./ingest";
import type { SaleRow } from "./sales";
import type { OrderView } from "./tally";
import { askWords, CART, NOT_REGISTERED, promotedWords, reasonWords, reminderWords } from "./words";

type FlexBox = messagingApi.FlexBox;
type FlexComponent = messagingApi.FlexComponent;

const BRAND = "#0B6E4F";
const MUTED = "#777777";

export function checkoutUrl(deps: Pick<AppDeps, "config">, saleId: string): string | null {
  const liffId = deps.config.line.liffId;
  return liffId ? `https://liff.line.me/${liffId}/live/${encodeURIComponent(saleId)}` : null;
}

const money = (n: number) => `NT$${n.toLocaleString("en-US")}`;
const itemLabel = (i: { code: string; variant?: string | undefined }) =>
  i.variant ? `${i.code} ${i.variant}` : i.code;

/** "A：…" in zh-TW, "A: …" in English. */
const colon = (lang: ReaderLang) => (lang === "en" ? ": " : "：");

/** Why an item was not taken, in the buyer's language (both, zh-TW first, when unknown). */
export function reasonText(reason: string | undefined, lang: ReaderLang): string {
  return told(lang, reasonWords(reason), " ");
}

/** The question to ask for an unclear comment, in the buyer's language. */
export function askText(result: CommentResult, featured: string | null, lang: ReaderLang): string {
  return told(lang, askWords(result, featured));
}

/** A comment that registered nothing: why, item by item. */
export function notRegisteredText(result: CommentResult, lang: ReaderLang): string {
  const reasons = result.items.map((i) => `${itemLabel(i)}${colon(lang)}${reasonText(i.reason, lang)}`);
  return `${told(lang, NOT_REGISTERED)}\n${reasons.join("\n") || reasonText(result.reason, lang)}`;
}

function row(left: string, right: string, opts: { bold?: boolean; color?: string } = {}): FlexBox {
  return {
    type: "box",
    layout: "horizontal",
    contents: [
      {
        type: "text",
        text: left,
        size: "sm",
        color: opts.color ?? "#333333",
        flex: 5,
        wrap: true,
        weight: opts.bold ? "bold" : "regular",
      },
      {
        type: "text",
        text: right,
        size: "sm",
        align: "end",
        flex: 3,
        color: opts.color ?? "#333333",
        weight: opts.bold ? "bold" : "regular",
      },
    ],
  };
}

/**
 * The 1:1 confirmation: what this comment did, then the whole cart with its total and a button to
 * the LIFF checkout. One Flex message, sent with the comment's reply token (free).
 */
export function cartMessage(
  deps: Pick<AppDeps, "config">,
  sale: SaleRow,
  order: OrderView | undefined,
  result: CommentResult,
  lang: ReaderLang,
): LineMessage {
  const t = (text: Text) => told(lang, text, " ");
  const headline =
    result.items.length === 0
      ? `🛒 ${t(CART.myCart)}`
      : result.outcome === "ordered"
        ? `✅ ${t(CART.reserved)}`
        : result.outcome === "waitlisted"
          ? `⏳ ${t(CART.waitlisted)}`
          : result.outcome === "cancelled"
            ? `🗑 ${t(CART.cancelled)}`
            : `⚠️ ${t(CART.notRegistered)}`;
  const changes: FlexComponent[] = result.items.map((i) =>
    row(
      `${itemLabel(i)} ${i.qty > 0 ? `+${i.qty}` : i.qty}`,
      t(
        i.status === "reserved"
          ? CART.itemReserved
          : i.status === "waitlisted"
            ? CART.itemWaitlisted
            : i.status === "cancelled"
              ? CART.itemCancelled
              : CART.itemRejected,
      ),
      { color: i.status === "rejected" ? "#B00020" : "#333333" },
    ),
  );
  const rejected = result.items.filter((i) => i.status === "rejected" || i.status === "waitlisted");
  const notes: FlexComponent[] = rejected.map((i) => ({
    type: "text",
    text: `${itemLabel(i)}${colon(lang)}${reasonText(i.reason, lang)}`,
    size: "xs",
    color: MUTED,
    wrap: true,
  }));
  // 加購 after checkout: the earlier order stands; these items are a new cart to check out.
  if (result.newCart)
    notes.push({ type: "text", text: told(lang, CART.newCart), size: "xs", color: BRAND, wrap: true });
  const lines = order?.lines ?? [];
  const cart: FlexComponent[] =
    lines.length === 0
      ? [{ type: "text", text: t(CART.empty), size: "sm", color: MUTED }]
      : lines.map((l) =>
          row(
            `${l.name}${l.variant ? `（${l.variant}）` : ""} ×${l.qty}`,
            l.status === "waitlisted" ? t(CART.waitlistPosition(l.position ?? "?")) : money(l.price * l.qty),
            { color: l.status === "waitlisted" ? MUTED : "#333333" },
          ),
        );
  const url = checkoutUrl(deps, sale.id);
  const bubble: messagingApi.FlexBubble = {
    type: "bubble",
    size: "kilo",
    header: {
      type: "box",
      layout: "vertical",
      backgroundColor: BRAND,
      paddingAll: "12px",
      contents: [
        { type: "text", text: sale.title, color: "#FFFFFF", size: "xs", wrap: true },
        { type: "text", text: headline, color: "#FFFFFF", weight: "bold", size: "md", wrap: true },
      ],
    },
    body: {
      type: "box",
      layout: "vertical",
      spacing: "sm",
      contents: [
        ...changes,
        ...notes,
        { type: "separator", margin: "md" },
        { type: "text", text: t(CART.cartTitle), weight: "bold", size: "sm", margin: "md" },
        ...cart,
        { type: "separator", margin: "md" },
        row(t(CART.subtotal), money(order?.subtotal ?? 0), { bold: true }),
        ...(order && order.status === "cart"
          ? [
              {
                type: "text" as const,
                text: told(
                  lang,
                  CART.checkOutBy(formatLocalTime(new Date(order.expiresAt), deps.config.brand.timeZone)),
                ),
                size: "xxs" as const,
                color: MUTED,
                wrap: true,
              },
            ]
          : []),
      ],
    },
    ...(url
      ? {
          footer: {
            type: "box" as const,
            layout: "vertical" as const,
            contents: [
              {
                type: "button" as const,
                style: "primary" as const,
                color: BRAND,
                height: "sm" as const,
                action: { type: "uri" as const, label: t(CART.checkout), uri: url },
              },
            ],
          },
        }
      : {}),
  };
  const altText = `${headline}${lang === "en" ? " | " : "｜"}${sale.title}`;
  return { type: "flex", altText: altText.slice(0, 400), contents: bubble };
}

/**
 * Why an item failed, told politely to the buyer in the group, naming the code, in their
 * language (English when their LINE language is English, else zh-TW).
 */
export function failureText(i: ResultItem, en: boolean): string {
  const what = itemLabel(i);
  const zh: Record<string, string> = {
    UNKNOWN_CODE: `不好意思，查無商品代碼「${i.code}」，請確認代碼後再留言 🙏`,
    UNKNOWN_VARIANT: `不好意思，${i.code} 沒有「${i.variant ?? ""}」這個規格，請確認後再留言 🙏`,
    OVER_LIMIT: `不好意思，${what} 已達每人限購數量，這次未能登記 🙏`,
    QUANTITY_TOO_LARGE: `不好意思，${what} 數量太多，請分次留言或洽客服 🙏`,
    NOTHING_TO_CANCEL: `您目前沒有 ${what} 可以取消喔`,
    SOLD_OUT: `不好意思，${what} 已售完，已為您排入候補，有貨會通知您 🙏`,
    ORDER_CLOSED: `${what} 在已結帳的訂單裡，留言無法更改，請私訊我們 🙏`,
  };
  const english: Record<string, string> = {
    UNKNOWN_CODE: `Sorry, there is no product "${i.code}" — please check the code and comment again 🙏`,
    UNKNOWN_VARIANT: `Sorry, ${i.code} has no "${i.variant ?? ""}" — please check and comment again 🙏`,
    OVER_LIMIT: `Sorry, ${what} is over the per-person limit, so this was not added 🙏`,
    QUANTITY_TOO_LARGE: `Sorry, that is too many ${what} at once — please split it or ask us 🙏`,
    NOTHING_TO_CANCEL: `You have no ${what} to cancel`,
    SOLD_OUT: `Sorry, ${what} is sold out — you are on the waitlist and we will tell you if it comes free 🙏`,
    ORDER_CLOSED: `${what} is in an order already checked out — message us to change it 🙏`,
  };
  const reason = i.reason === "QUEUED" ? "SOLD_OUT" : (i.reason ?? "");
  return (en ? english : zh)[reason] ?? `${what} ${reasonText(i.reason, null)}`;
}

/** One line of the group summary for one buyer's comment (`en`: the buyer reads English). */
export function groupLine(result: CommentResult, featured: string | null, en = false): string {
  const items = (s: ResultItem["status"]) => result.items.filter((i) => i.status === s);
  const fmt = (list: ResultItem[]) => list.map((i) => `${itemLabel(i)}×${Math.abs(i.qty)}`).join("、");
  const parts: string[] = [];
  if (items("reserved").length) parts.push(`✅ ${fmt(items("reserved"))}`);
  for (const i of items("waitlisted")) parts.push(`⏳ ${failureText(i, en)}`);
  if (items("cancelled").length) parts.push(`🗑 ${en ? "Cancelled" : "取消"} ${fmt(items("cancelled"))}`);
  for (const i of items("rejected").filter((x) => result.outcome !== "ask" || x.qty >= 0))
    parts.push(`⚠️ ${failureText(i, en)}`);
  // The question alone (its first line), without the example.
  if (result.outcome === "ask")
    parts.push(`❓ ${askWords(result, featured)[en ? "en" : "zh-TW"].split("\n")[0]}`);
  return parts.join(" ");
}

/**
 * The group summary: one textV2 message mentioning each buyer with what their comment did, and
 * the checkout link once — so a burst of "+1" in a group costs one free reply, not a push per
 * member. Messages hold at most 20 mentions each.
 */
export function groupSummary(
  deps: Pick<AppDeps, "config">,
  sale: SaleRow,
  entries: Array<{ lineUserId: string; line: string }>,
): LineMessage[] {
  const out: LineMessage[] = [];
  const url = checkoutUrl(deps, sale.id);
  for (let i = 0; i < entries.length; i += 20) {
    const chunk = entries.slice(i, i + 20);
    const substitution: Record<string, messagingApi.SubstitutionObject> = {};
    const text = chunk
      .map((e, j) => {
        substitution[`u${j}`] = {
          type: "mention",
          mentionee: { type: "user", userId: e.lineUserId },
        } as never;
        return `{u${j}} ${e.line}`;
      })
      .join("\n");
    const last = i + 20 >= entries.length;
    const tail = last && url ? `\n\n🛒 結帳 Checkout：${url}` : "";
    out.push({
      type: "textV2",
      text: `【${sale.title}】\n${text}${tail}`.slice(0, 5000),
      substitution,
      // Anyone in the group may ask for their cart privately (a push, counted: so only when asked).
      ...(last
        ? {
            quickReply: {
              items: [
                {
                  type: "action",
                  action: {
                    type: "postback",
                    label: "私訊我購物車",
                    data: `action=live_dm&sale=${encodeURIComponent(sale.id)}`,
                    displayText: "請私訊我購物車明細",
                  },
                },
              ],
            },
          }
        : {}),
    } as LineMessage);
  }
  return out;
}

/** 候補成功: a waitlisted line of the buyer's is now reserved (a push, in their language). */
export function promotedMessage(
  deps: Pick<AppDeps, "config">,
  sale: SaleRow,
  order: OrderView,
  lang: ReaderLang,
): LineMessage {
  const url = checkoutUrl(deps, sale.id);
  const held = order.lines
    .filter((l) => l.status === "reserved")
    .map((l) => `・${l.name}${l.variant ? `（${l.variant}）` : ""} ×${l.qty}`)
    .join("\n");
  return {
    type: "text",
    text: `🎉 ${told(lang, promotedWords(sale.title))}\n${held}${url ? `\n${url}` : ""}`,
  };
}

/** 購物車即將到期: once per cart, a while before its hold ends (a push, in the buyer's language). */
export function cartReminderMessage(
  deps: Pick<AppDeps, "config">,
  sale: SaleRow,
  order: OrderView,
  lang: ReaderLang,
): LineMessage {
  const url = checkoutUrl(deps, sale.id);
  const time = formatLocalTime(new Date(order.expiresAt), deps.config.brand.timeZone);
  return { type: "text", text: `⏰ ${told(lang, reminderWords(sale.title, time))}${url ? `\n${url}` : ""}` };
}
