/**
 * The demo web shop's pages (sandbox only): plain server-rendered HTML with forms — no script,
 * so the pages keep the app's strict CSP — in the reader's language, zh-TW first.
 */
import { html, raw } from "hono/html";
import type { HtmlEscapedString } from "hono/utils/html";
import type { Lang } from "../../lib/errors";

export type Page = HtmlEscapedString | Promise<HtmlEscapedString>;

const WORDS = {
  "zh-TW": {
    shop: "OMO Demo 官網",
    note: "示範商店（沙盒）：模擬品牌的網路商店，透過訂單 API 下單。",
    add: "加入購物車",
    cart: "購物車",
    empty: "購物車是空的。",
    login: "以 LINE 登入",
    loginLead: "選擇一位模擬的 LINE 使用者（正式商店由 LINE Login 取得，同一個 Provider 下 ID 相同）。",
    as: "登入身分",
    coupon: "優惠券",
    noCoupon: "不使用優惠券",
    points: "使用點數",
    pointsLead: (balance: number, max: number) =>
      `您有 ${balance} 點，這筆最多可折抵 ${max} 點（1 點 = NT$1）。`,
    pickup: "取貨方式",
    delivery: "宅配（運費 NT$80）",
    pickupAt: (name: string) => `門市取貨：${name}`,
    subtotal: "商品小計",
    pay: "付款下單（模擬信用卡）",
    order: "訂單",
    state: {
      created: "待付款",
      paid: "已付款",
      fulfilled: "已完成",
      cancelled: "已取消",
      refunded: "已退款",
    },
    pickupState: { waiting: "待備貨", preparing: "備貨中", ready: "可取貨", picked_up: "已取貨" },
    total: "應付金額",
    discount: "優惠券折抵",
    pointsUsed: "點數折抵",
    shipping: "運費",
    credit: "這筆訂單的業績歸屬",
    creditOf: { link: "推廣連結", referrer: "推薦人", store: "所屬門市", none: "無" },
    referred: "你正透過店員的推廣連結購物。",
    back: "繼續購物",
  },
  en: {
    shop: "OMO Demo online shop",
    note: "A demo shop (sandbox): plays the brand's web shop and orders through the orders API.",
    add: "Add to cart",
    cart: "Cart",
    empty: "The cart is empty.",
    login: "Log in with LINE",
    loginLead:
      "Pick a simulated LINE user (a real shop gets them from LINE Login: the same id under one provider).",
    as: "Logged in as",
    coupon: "Coupon",
    noCoupon: "No coupon",
    points: "Points to use",
    pointsLead: (balance: number, max: number) =>
      `You have ${balance} points; up to ${max} can go towards this order (1 point = NT$1).`,
    pickup: "Delivery",
    delivery: "Home delivery (NT$80)",
    pickupAt: (name: string) => `Pick up at ${name}`,
    subtotal: "Subtotal",
    pay: "Pay and order (simulated card)",
    order: "Order",
    state: {
      created: "Awaiting payment",
      paid: "Paid",
      fulfilled: "Fulfilled",
      cancelled: "Cancelled",
      refunded: "Refunded",
    },
    pickupState: {
      waiting: "Waiting",
      preparing: "Being prepared",
      ready: "Ready for pickup",
      picked_up: "Picked up",
    },
    total: "To pay",
    discount: "Coupon",
    pointsUsed: "Points",
    shipping: "Shipping",
    credit: "This order counts for",
    creditOf: { link: "a staff link", referrer: "the referrer", store: "the home store", none: "nobody" },
    referred: "You are shopping through a staff member's link.",
    back: "Keep shopping",
  },
};
export type Words = (typeof WORDS)["zh-TW"];
export const wordsOf = (lang: Lang): Words => WORDS[lang] as Words;

export const money = (n: number) => `NT$${n.toLocaleString("en-US")}`;

export function layout(lang: Lang, title: string, body: Page): Page {
  const w = wordsOf(lang);
  return html`<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} · ${w.shop}</title>
<link rel="stylesheet" href="/sandbox/shop/shop.css">
</head>
<body>
<header class="top"><a href="/sandbox/shop" class="brand">${w.shop}</a><span class="note">${w.note}</span></header>
<main>${body}</main>
</body>
</html>`;
}

export const CSS = raw(`
:root { font-family: "Noto Sans TC", "Noto Sans CJK TC", system-ui, sans-serif; color: #1f2933; background: #f5f7fa; }
body { margin: 0; }
.top { background: #1f2933; color: #fff; padding: 12px 20px; display: flex; gap: 16px; align-items: baseline; flex-wrap: wrap; }
.brand { color: #fff; font-weight: 700; font-size: 18px; text-decoration: none; }
.note { color: #cbd2d9; font-size: 13px; }
main { max-width: 880px; margin: 24px auto; padding: 0 16px; }
h1 { font-size: 22px; margin: 0 0 16px; }
.grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(190px, 1fr)); gap: 14px; }
.card { background: #fff; border: 1px solid #e4e7eb; border-radius: 10px; padding: 16px; }
.price { font-weight: 700; color: #0b7a3e; margin: 6px 0 12px; }
button, .btn { background: #06c755; color: #fff; border: 0; border-radius: 8px; padding: 10px 16px; font-size: 15px; font-weight: 600; cursor: pointer; text-decoration: none; display: inline-block; }
.btn-secondary { background: #fff; color: #1f2933; border: 1px solid #cbd2d9; }
table { width: 100%; border-collapse: collapse; }
td, th { padding: 8px 4px; border-bottom: 1px solid #e4e7eb; text-align: left; }
td.num, th.num { text-align: right; }
fieldset { border: 1px solid #e4e7eb; border-radius: 10px; margin: 16px 0; padding: 12px 16px; background: #fff; }
legend { font-weight: 700; padding: 0 6px; }
label { display: block; margin: 6px 0; }
input[type=number], select { font-size: 15px; padding: 8px; border: 1px solid #cbd2d9; border-radius: 6px; min-width: 200px; }
.hint { color: #52606d; font-size: 13px; margin: 4px 0; }
.error { background: #fde8e6; color: #b42318; border: 1px solid #f5c2bd; padding: 10px 14px; border-radius: 8px; margin: 12px 0; }
.info { background: #e8f1fd; color: #17428b; border: 1px solid #c9dbf8; padding: 10px 14px; border-radius: 8px; margin: 12px 0; }
.users a { display: block; padding: 10px 12px; margin: 6px 0; background: #fff; border: 1px solid #e4e7eb; border-radius: 8px; color: #1f2933; text-decoration: none; }
.total { font-size: 18px; font-weight: 700; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: 6px 16px; }
dt { color: #52606d; }
dd { margin: 0; font-weight: 600; }
`);
