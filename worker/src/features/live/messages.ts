import type { messagingApi } from "@line/bot-sdk";
import type { AppDeps } from "../../deps";
import { formatLocalTime } from "../../lib/text/local-time";
import type { LineMessage } from "../../ports/line";
import type { CommentResult, ResultItem } from "./ingest";
import type { SaleRow } from "./sales";
import type { OrderView } from "./tally";

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

/** Why an item was not taken, in the buyer's words (zh-TW, then English). */
export function reasonText(reason: string | undefined): string {
  switch (reason) {
    case "SOLD_OUT":
    case "QUEUED":
      return "已售完，已為您候補 Sold out — you are on the waitlist";
    case "OVER_LIMIT":
      return "超過每人限購數量 Over the per-person limit";
    case "UNKNOWN_CODE":
      return "查無此商品代碼 No product with this code";
    case "UNKNOWN_VARIANT":
      return "查無此規格 No such colour/size";
    case "QUANTITY_TOO_LARGE":
      return "數量太多，請分次或洽客服 Quantity too large";
    case "NOTHING_TO_CANCEL":
      return "您沒有可取消的此商品 Nothing of this to cancel";
    case "ORDER_CLOSED":
      return "已結帳的訂單無法以留言更改，加購請再留言一次 A checked-out order cannot be changed by comment — comment again to add more";
    default:
      return "無法登記 Could not be registered";
  }
}

/** The question to ask for an unclear comment. */
export function askText(result: CommentResult, featured: string | null): string {
  switch (result.reason) {
    case "NO_FEATURED_PRODUCT":
      return '請在 +1 前加上商品代碼，例如「A+1」。\nPlease add the product code, e.g. "A+1".';
    case "VARIANT_REQUIRED":
    case "VARIANT_AMBIGUOUS": {
      const choices = result.choices?.length ? `：${result.choices.join("、")}` : "";
      const cancel = result.items.find((i) => i.qty < 0);
      if (cancel)
        return `您有多種規格，請問要取消哪一個${choices}\n例如「${cancel.code} ${result.choices?.[0] ?? ""} ${cancel.qty}」。\nYou hold several — which colour/size should we cancel?`;
      return `請告訴我們規格${choices}\n例如「${featured ?? "A"} ${result.choices?.[0] ?? "紅 M"} +1」。\nWhich colour/size would you like?`;
    }
    case "MISSING_QUANTITY":
      return '請告訴我們數量，例如「A+1」。\nHow many would you like? e.g. "A+1".';
    default:
      return '不好意思，我們不太確定您要訂哪一項，請再留言一次（例如「A+1」）。\nSorry, we could not tell what to order — please comment again, e.g. "A+1".';
  }
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
): LineMessage {
  const headline =
    result.items.length === 0
      ? "🛒 我的購物車 My cart"
      : result.outcome === "ordered"
        ? "✅ 已為您保留 Reserved"
        : result.outcome === "waitlisted"
          ? "⏳ 已售完，已為您候補 Waitlisted"
          : result.outcome === "cancelled"
            ? "🗑 已取消 Cancelled"
            : "⚠️ 未能登記 Not registered";
  const changes: FlexComponent[] = result.items.map((i) =>
    row(
      `${itemLabel(i)} ${i.qty > 0 ? `+${i.qty}` : i.qty}`,
      i.status === "reserved"
        ? "已保留"
        : i.status === "waitlisted"
          ? "候補中"
          : i.status === "cancelled"
            ? "已取消"
            : "未登記",
      { color: i.status === "rejected" ? "#B00020" : "#333333" },
    ),
  );
  const rejected = result.items.filter((i) => i.status === "rejected" || i.status === "waitlisted");
  const notes: FlexComponent[] = rejected.map((i) => ({
    type: "text",
    text: `${itemLabel(i)}：${reasonText(i.reason)}`,
    size: "xs",
    color: MUTED,
    wrap: true,
  }));
  // 加購 after checkout: the earlier order stands; these items are a new cart to check out.
  if (result.newCart)
    notes.push({
      type: "text",
      text: "您先前的訂單已結帳，這次的商品已放入新的購物車，請再結帳一次。\nYour earlier order is checked out: these items are in a new cart — please check out again.",
      size: "xs",
      color: BRAND,
      wrap: true,
    });
  const lines = order?.lines ?? [];
  const cart: FlexComponent[] =
    lines.length === 0
      ? [{ type: "text", text: "購物車是空的 Your cart is empty", size: "sm", color: MUTED }]
      : lines.map((l) =>
          row(
            `${l.name}${l.variant ? `（${l.variant}）` : ""} ×${l.qty}`,
            l.status === "waitlisted" ? `候補 #${l.position ?? "?"}` : money(l.price * l.qty),
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
        { type: "text", text: "我的購物車 My cart", weight: "bold", size: "sm", margin: "md" },
        ...cart,
        { type: "separator", margin: "md" },
        row("小計 Subtotal", money(order?.subtotal ?? 0), { bold: true }),
        ...(order && order.status === "cart"
          ? [
              {
                type: "text" as const,
                text: `請於 ${formatLocalTime(new Date(order.expiresAt), deps.config.brand.timeZone)} 前完成結帳\nCheck out before then or the items are released.`,
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
                action: { type: "uri" as const, label: "結帳 Checkout", uri: url },
              },
            ],
          },
        }
      : {}),
  };
  return { type: "flex", altText: `${headline}｜${sale.title}`.slice(0, 400), contents: bubble };
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
  return (en ? english : zh)[reason] ?? `${what} ${reasonText(i.reason)}`;
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
  if (result.outcome === "ask") {
    const [zh, english] = askText(result, featured)
      .split("\n")
      .filter((l) => !l.startsWith("例如"));
    parts.push(`❓ ${en ? (english ?? zh) : zh}`);
  }
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

export function promotedMessage(deps: Pick<AppDeps, "config">, sale: SaleRow, order: OrderView): LineMessage {
  const url = checkoutUrl(deps, sale.id);
  const held = order.lines
    .filter((l) => l.status === "reserved")
    .map((l) => `・${l.name}${l.variant ? `（${l.variant}）` : ""} ×${l.qty}`)
    .join("\n");
  return {
    type: "text",
    text: `🎉 候補成功！您在「${sale.title}」候補的商品已為您保留，請於期限內結帳。\n${held}\nGood news: your waitlisted item is now reserved.${url ? `\n${url}` : ""}`,
  };
}

export function cartReminderMessage(
  deps: Pick<AppDeps, "config">,
  sale: SaleRow,
  order: OrderView,
): LineMessage {
  const url = checkoutUrl(deps, sale.id);
  return {
    type: "text",
    text: `⏰ 提醒：您在「${sale.title}」的購物車將於 ${formatLocalTime(new Date(order.expiresAt), deps.config.brand.timeZone)} 到期，逾時商品將釋出給候補的朋友。\nYour cart expires soon — check out to keep your items.${url ? `\n${url}` : ""}`,
  };
}
