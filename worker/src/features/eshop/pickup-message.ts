/**
 * 可取貨通知: the LINE message a member gets when their order is ready at the store — the order
 * number, its items and total, the store's name, address and hours, the pickup code, and a button
 * to the member card (what staff scan). In the member's LINE language: zh-TW unless it is
 * another language than Chinese, then English. Queued under the order's own outbox ids, so it is
 * sent once however often the order is marked ready.
 */
import type { messagingApi } from "@line/bot-sdk";
import type { members, stores } from "../../../../db/schema";
import type { AppDeps } from "../../deps";
import { langOf } from "../../lib/errors";
import { uriButtonFooter } from "../../line/flex";
import { queueMessages } from "../../line/outbox";
import type { LineMessage } from "../../ports/line";
import type { OrderRow } from "./orders";
import { pickupCode } from "./pickup-code";

type FlexComponent = messagingApi.FlexComponent;
type Member = typeof members.$inferSelect;
type Store = typeof stores.$inferSelect;

const BRAND = "#0B6E4F";
const MUTED = "#777777";
const money = (n: number) => `NT$${n.toLocaleString("en-US")}`;

const WORDS = {
  "zh-TW": {
    title: "商品已到店，可以取貨了",
    order: "訂單編號",
    total: "合計",
    store: "取貨門市",
    hours: "營業時間",
    code: "取貨碼",
    codeHint: "到店出示會員卡或告知取貨碼即可取貨",
    card: "出示會員卡",
  },
  en: {
    title: "Your order is ready to pick up",
    order: "Order",
    total: "Total",
    store: "Pick up at",
    hours: "Opening hours",
    code: "Pickup code",
    codeHint: "Show your member card or this code at the counter",
    card: "Show my member card",
  },
} as const;

function row(left: string, right: string, bold = false): FlexComponent {
  return {
    type: "box",
    layout: "horizontal",
    contents: [
      { type: "text", text: left, size: "sm", color: "#333333", flex: 5, wrap: true },
      {
        type: "text",
        text: right,
        size: "sm",
        align: "end",
        flex: 3,
        color: "#333333",
        weight: bold ? "bold" : "regular",
      },
    ],
  };
}

const small = (text: string, color = MUTED): FlexComponent => ({
  type: "text",
  text,
  size: "xs",
  color,
  wrap: true,
});

export function readyMessage(
  deps: Pick<AppDeps, "config">,
  order: OrderRow,
  store: Store,
  code: string,
  language: string | null,
): LineMessage {
  const w = WORDS[langOf(language)];
  const liffId = deps.config.line.liffId;
  const items = order.lines.map((l) => row(`${l.name} ×${l.quantity}`, money(l.price * l.quantity)));
  const bubble: messagingApi.FlexBubble = {
    type: "bubble",
    header: {
      type: "box",
      layout: "vertical",
      backgroundColor: BRAND,
      paddingAll: "14px",
      contents: [
        { type: "text", text: `📦 ${w.title}`, color: "#FFFFFF", weight: "bold", size: "md", wrap: true },
        { type: "text", text: `${w.order} ${order.externalId}`, color: "#FFFFFF", size: "xs", wrap: true },
      ],
    },
    body: {
      type: "box",
      layout: "vertical",
      spacing: "sm",
      contents: [
        ...items,
        { type: "separator", margin: "md" },
        row(w.total, money(order.total), true),
        { type: "separator", margin: "md" },
        { type: "text", text: w.store, size: "xs", color: MUTED, margin: "md" },
        { type: "text", text: store.name, size: "md", weight: "bold", wrap: true },
        ...(store.address ? [small(store.address, "#333333")] : []),
        ...(store.openingHours ? [small(`${w.hours} ${store.openingHours}`)] : []),
        ...(store.phone ? [small(store.phone)] : []),
        { type: "separator", margin: "md" },
        { type: "text", text: w.code, size: "xs", color: MUTED, margin: "md" },
        { type: "text", text: code, size: "xl", weight: "bold", color: BRAND },
        small(w.codeHint),
      ],
    },
    ...(liffId ? { footer: uriButtonFooter(w.card, `https://liff.line.me/${liffId}/member`, BRAND) } : {}),
  };
  const alt = `${w.title}｜${w.order} ${order.externalId}｜${store.name}｜${w.code} ${code}`;
  return { type: "flex", altText: alt.slice(0, 400), contents: bubble };
}

/** Queues the ready message for the order's member, once per order (its outbox ids are the order's). */
export async function sendReadyMessage(deps: AppDeps, order: OrderRow, member: Member, store: Store) {
  const code = await pickupCode(deps, order.id);
  return queueMessages(
    deps,
    [
      {
        kind: "push",
        to: member.lineUserId,
        messages: [readyMessage(deps, order, store, code, member.language)],
      },
    ],
    { topic: "eshop:pickup-ready", idBase: `pkr_${order.id}` },
  );
}
