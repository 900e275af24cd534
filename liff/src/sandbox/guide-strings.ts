/** The first-run checklist's words, zh-TW and English. */
import type { Lang } from "./i18n";

const zh = {
  toggle: "導覽",
  title: "新手導覽",
  lead: "七步走完 OMO：每一步按一下，完成後自動打勾。",
  close: "關閉導覽",
  go: "開始",
  again: "再一次",
  needUser: "請先建立一位模擬使用者。",
  shopperName: "小美",
  groupName: "週五直播社團",
  linksLabel: "相關頁面",
  console: "後台（主控台）",
  staff: "店員頁面",
  docs: "API 文件",
  steps: {
    user: { title: "建立使用者", hint: "一位模擬的 LINE 使用者「小美」" },
    friend: { title: "加入好友", hint: "小美加官方帳號為好友，收到歡迎訊息" },
    faq: { title: "常見問題", hint: "傳「常見問題」，關鍵字自動回覆" },
    bind: { title: "掃店員 QR 綁定門市", hint: "開啟店員小芳的專屬 QR，綁定台北信義旗艦店" },
    purchase: { title: "門市消費", hint: "小芳在櫃台登錄 NT$1,280，小美集點" },
    plusOne: { title: "社團直播 +1", hint: "在直播社團留言「+1」下單" },
    reply: { title: "客服回覆", hint: "在後台客服收件匣回覆小美" },
  },
};

export type GuideText = typeof zh;

const en: GuideText = {
  toggle: "Guide",
  title: "First steps",
  lead: "Seven steps through OMO: one click each, ticked once done.",
  close: "Close the guide",
  go: "Go",
  again: "Again",
  needUser: "Create a simulated user first.",
  shopperName: "Amy",
  groupName: "Friday live group",
  linksLabel: "Pages",
  console: "Console",
  staff: "Staff pages",
  docs: "API docs",
  steps: {
    user: { title: "Create a user", hint: "A simulated LINE user, Amy" },
    friend: { title: "Add friend", hint: "Amy adds the OA and gets the welcome message" },
    faq: { title: "FAQ", hint: "Send 常見問題: a keyword auto-reply" },
    bind: { title: "Bind with a staff QR", hint: "Open clerk 小芳's QR and bind to the Taipei store" },
    purchase: { title: "A store purchase", hint: "小芳 records NT$1,280 at the counter; Amy earns points" },
    plusOne: { title: 'A group "+1"', hint: 'Comment "+1" in the live group to order' },
    reply: { title: "An agent's reply", hint: "Answer Amy from the console's inbox" },
  },
};

export const GUIDE_TEXT: Record<Lang, GuideText> = { "zh-TW": zh, en };
