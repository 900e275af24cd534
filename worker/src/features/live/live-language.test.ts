/**
 * The buyer's language in live selling's messages, message by message: English only, zh-TW only,
 * or both (zh-TW first) when the buyer's LINE language is unknown; group lines unchanged.
 */
import { describe, expect, it } from "vitest";
import type { ReaderLang } from "../../lib/reader-lang";
import type { CommentResult } from "./ingest";
import {
  askText,
  cartMessage,
  cartReminderMessage,
  groupLine,
  notRegisteredText,
  promotedMessage,
  reasonText,
} from "./messages";
import type { SaleRow } from "./sales";
import type { OrderView } from "./tally";

const CJK = /[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]/;
const deps = { config: { line: { liffId: "2000000001-test" }, brand: { timeZone: "Asia/Taipei" } } } as never;
const sale = { id: "sal_1", title: "Friday live", featuredCode: "A" } as SaleRow;
const order = {
  id: "ord_1",
  status: "cart",
  expiresAt: "2026-11-24T04:00:00.000Z",
  subtotal: 780,
  lines: [
    { code: "A", name: "Wool scarf", price: 390, qty: 2, status: "reserved" },
    { code: "B", name: "Mug", price: 450, qty: 1, status: "waitlisted", position: 3 },
  ],
} as unknown as OrderView;

const ask = (reason: string, choices?: string[]): CommentResult => ({
  commentId: "c1",
  outcome: "ask",
  items: [{ code: "B02", qty: 1, status: "rejected" }],
  reason,
  ...(choices ? { choices } : {}),
});
const ASKS = [
  ask("NO_FEATURED_PRODUCT"),
  ask("VARIANT_REQUIRED", ["Red M", "Black L"]),
  ask("MISSING_QUANTITY"),
  ask("SOMETHING_ELSE"),
];
const rejected: CommentResult = {
  commentId: "c2",
  outcome: "rejected",
  items: [
    { code: "Z", qty: 1, status: "rejected", reason: "UNKNOWN_CODE" },
    { code: "A", qty: 9, status: "rejected", reason: "OVER_LIMIT" },
  ],
};
const reserved: CommentResult = {
  commentId: "c3",
  outcome: "ordered",
  items: [{ code: "A", qty: 2, status: "reserved" }],
  newCart: true,
};

/** Every text a message holds, for checking its language. */
const all = (lang: ReaderLang) => [
  ...ASKS.map((a) => askText(a, "A", lang)),
  notRegisteredText(rejected, lang),
  reasonText("SOLD_OUT", lang),
  JSON.stringify(cartMessage(deps, sale, order, reserved, lang)),
  JSON.stringify(cartMessage(deps, sale, undefined, { commentId: "", outcome: "ordered", items: [] }, lang)),
  JSON.stringify(promotedMessage(deps, sale, order, lang)),
  JSON.stringify(cartReminderMessage(deps, sale, order, lang)),
];

describe("live selling's messages to one buyer", () => {
  it("English readers: English only", () => {
    for (const text of all("en")) expect(text).not.toMatch(CJK);
    expect(askText(ASKS[1] as CommentResult, "A", "en")).toBe(
      'Which colour/size would you like (Red M / Black L)?\ne.g. "A Red M +1"',
    );
    expect(notRegisteredText(rejected, "en")).toBe(
      "Sorry, this comment was not registered.\nZ: No product with this code\nA: Over the per-person limit",
    );
    const card = JSON.stringify(cartMessage(deps, sale, order, reserved, "en"));
    for (const words of ["✅ Reserved", "My cart", "Waitlist #3", "Subtotal", "Check out by", "Checkout"])
      expect(card).toContain(words);
    expect(card).toContain("these items are in a new cart");
    expect(JSON.stringify(promotedMessage(deps, sale, order, "en"))).toContain("🎉 Good news");
    expect(JSON.stringify(cartReminderMessage(deps, sale, order, "en"))).toContain("⏰ Reminder");
  });

  it("zh-TW readers: zh-TW only", () => {
    const english =
      /Sorry|Please|Which|How many|Reserved|My cart|Subtotal|Check ?out|Good news|Reminder|Sold out/;
    for (const text of all("zh-TW")) expect(text).not.toMatch(english);
    expect(askText(ASKS[0] as CommentResult, "A", "zh-TW")).toBe("請在 +1 前加上商品代碼，例如「A+1」。");
    const card = JSON.stringify(cartMessage(deps, sale, order, reserved, "zh-TW"));
    for (const words of ["✅ 已為您保留", "我的購物車", "候補 #3", "小計", "前完成結帳", "結帳"])
      expect(card).toContain(words);
  });

  it("a buyer whose language is unknown: both, zh-TW first", () => {
    expect(askText(ASKS[2] as CommentResult, "A", null)).toBe(
      '請告訴我們數量，例如「A+1」。\nHow many would you like? e.g. "A+1".',
    );
    expect(reasonText("SOLD_OUT", null)).toBe("已售完，已為您候補 Sold out — you are on the waitlist");
    const card = JSON.stringify(cartMessage(deps, sale, order, reserved, null));
    for (const words of ["✅ 已為您保留 Reserved", "我的購物車 My cart", "小計 Subtotal", "結帳 Checkout"])
      expect(card).toContain(words);
    const promoted = String((promotedMessage(deps, sale, order, null) as { text: string }).text);
    expect(promoted.indexOf("候補成功")).toBeLessThan(promoted.indexOf("Good news"));
  });

  it("a group line keeps the question alone, in the buyer's language", () => {
    const variant = { ...ask("VARIANT_REQUIRED", ["紅 M", "黑 L"]), items: [] };
    expect(groupLine(variant, "A")).toBe("❓ 請告訴我們規格：紅 M、黑 L");
    expect(groupLine(variant, "A", true)).toBe("❓ Which colour/size would you like (紅 M / 黑 L)?");
  });
});
