/**
 * What a buyer is told about their "+1" comments, carts and waitlist, in both languages; each
 * message picks the buyer's (lib/reader-lang: English, zh-TW, or both when unknown). Group
 * chats keep their own mix (group-summary lines in each buyer's language, the rest bilingual).
 */
import { say, type Text } from "../../lib/errors";
import type { CommentResult } from "./ingest";

/** Why an item was not taken. */
export function reasonWords(reason: string | undefined): Text {
  switch (reason) {
    case "SOLD_OUT":
    case "QUEUED":
      return say("已售完，已為您候補", "Sold out — you are on the waitlist");
    case "OVER_LIMIT":
      return say("超過每人限購數量", "Over the per-person limit");
    case "UNKNOWN_CODE":
      return say("查無此商品代碼", "No product with this code");
    case "UNKNOWN_VARIANT":
      return say("查無此規格", "No such colour/size");
    case "QUANTITY_TOO_LARGE":
      return say("數量太多，請分次或洽客服", "Quantity too large");
    case "NOTHING_TO_CANCEL":
      return say("您沒有可取消的此商品", "Nothing of this to cancel");
    case "ORDER_CLOSED":
      return say(
        "已結帳的訂單無法以留言更改，加購請再留言一次",
        "A checked-out order cannot be changed by comment — comment again to add more",
      );
    default:
      return say("無法登記", "Could not be registered");
  }
}

/**
 * The question for an unclear comment: its first line is the question itself (what a group
 * summary quotes), an example may follow on the next.
 */
export function askWords(result: CommentResult, featured: string | null): Text {
  switch (result.reason) {
    case "NO_FEATURED_PRODUCT":
      return say("請在 +1 前加上商品代碼，例如「A+1」。", 'Please add the product code, e.g. "A+1".');
    case "VARIANT_REQUIRED":
    case "VARIANT_AMBIGUOUS": {
      const zhChoices = result.choices?.length ? `：${result.choices.join("、")}` : "";
      const enChoices = result.choices?.length ? ` (${result.choices.join(" / ")})` : "";
      const first = result.choices?.[0];
      const cancel = result.items.find((i) => i.qty < 0);
      if (cancel)
        return say(
          `您有多種規格，請問要取消哪一個${zhChoices}\n例如「${cancel.code} ${first ?? ""} ${cancel.qty}」。`,
          `You hold several — which colour/size should we cancel${enChoices}?\ne.g. "${cancel.code} ${first ?? ""} ${cancel.qty}"`,
        );
      const example = `${featured ?? "A"} ${first ?? "紅 M"} +1`;
      return say(
        `請告訴我們規格${zhChoices}\n例如「${example}」。`,
        `Which colour/size would you like${enChoices}?\ne.g. "${example}"`,
      );
    }
    case "MISSING_QUANTITY":
      return say("請告訴我們數量，例如「A+1」。", 'How many would you like? e.g. "A+1".');
    default:
      return say(
        "不好意思，我們不太確定您要訂哪一項，請再留言一次（例如「A+1」）。",
        'Sorry, we could not tell what to order — please comment again, e.g. "A+1".',
      );
  }
}

/** The 1:1 cart card's words (a headline's emoji goes before it, once). */
export const CART = {
  myCart: say("我的購物車", "My cart"),
  reserved: say("已為您保留", "Reserved"),
  waitlisted: say("已售完，已為您候補", "Sold out — waitlisted"),
  cancelled: say("已取消", "Cancelled"),
  notRegistered: say("未能登記", "Not registered"),
  itemReserved: say("已保留", "Reserved"),
  itemWaitlisted: say("候補中", "Waitlisted"),
  itemCancelled: say("已取消", "Cancelled"),
  itemRejected: say("未登記", "Not added"),
  newCart: say(
    "您先前的訂單已結帳，這次的商品已放入新的購物車，請再結帳一次。",
    "Your earlier order is checked out: these items are in a new cart — please check out again.",
  ),
  cartTitle: say("我的購物車", "My cart"),
  empty: say("購物車是空的", "Your cart is empty"),
  waitlistPosition: (n: number | string) => say(`候補 #${n}`, `Waitlist #${n}`),
  subtotal: say("小計", "Subtotal"),
  checkOutBy: (time: string) =>
    say(`請於 ${time} 前完成結帳`, `Check out by ${time} or the items are released.`),
  checkout: say("結帳", "Checkout"),
};

/** A comment that registered nothing. */
export const NOT_REGISTERED = say(
  "不好意思，這則留言沒有登記成功。",
  "Sorry, this comment was not registered.",
);

/** Emoji before them, once. */
export const promotedWords = (title: string) =>
  say(
    `候補成功！您在「${title}」候補的商品已為您保留，請於期限內結帳。`,
    `Good news: your waitlisted item in "${title}" is now reserved — check out in time to keep it.`,
  );

export const reminderWords = (title: string, time: string) =>
  say(
    `提醒：您在「${title}」的購物車將於 ${time} 到期，逾時商品將釋出給候補的朋友。`,
    `Reminder: your cart in "${title}" expires at ${time}; after that its items go to the waitlist. Check out to keep them.`,
  );
