/**
 * 可取貨通知: the LINE message a member gets when their order is ready at the store — the order
 * number, its items and total, the store's name, address and hours, the pickup code, and a button
 * to the member card (what staff scan). In the member's LINE language (lib/reader-lang: English,
 * zh-TW, or both when it is unknown). Queued under the order's own outbox ids, so it is
 * sent once however often the order is marked ready.
 */
import type { messagingApi } from "@line/bot-sdk";
import type { members, stores } from "../../../../db/schema";
import type { AppDeps } from "../../deps";
import { say } from "../../lib/errors";
import { readerLang, told, wordsFor } from "../../lib/reader-lang";
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
  title: say("商品已到店，可以取貨了", "Your order is ready to pick up"),
  order: say("訂單編號", "Order"),
  total: say("合計", "Total"),
  store: say("取貨門市", "Pick up at"),
  hours: say("營業時間", "Opening hours"),
  code: say("取貨碼", "Pickup code"),
  codeHint: say("到店出示會員卡或告知取貨碼即可取貨", "Show your member card or this code at the counter"),
  card: say("出示會員卡", "My member card"),
};

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
  const lang = readerLang(language);
  const w = wordsFor(lang, WORDS);
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
        {
          type: "text",
          text: `📦 ${told(lang, WORDS.title)}`,
          color: "#FFFFFF",
          weight: "bold",
          size: "md",
          wrap: true,
        },
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
        small(told(lang, WORDS.codeHint)),
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
