import type { LineMessage } from "../../ports/line";
import { DEMO_FAQ } from "./faq";

/** The demo brand a fresh sandbox starts with (zh-TW first). Keys make seeding idempotent. */
export const DEMO_STORES = [
  {
    code: "TPE01",
    name: "台北信義旗艦店",
    address: "台北市信義區松高路 11 號",
    phone: "02-2722-0000",
    latitude: 25.0396,
    longitude: 121.5665,
    openingHours: "11:00–21:30",
  },
  {
    code: "TXG01",
    name: "台中勤美店",
    address: "台中市西區公益路 68 號",
    phone: "04-2326-0000",
    latitude: 24.1512,
    longitude: 120.6636,
    openingHours: "11:00–22:00",
  },
  {
    code: "KHH01",
    name: "高雄駁二店",
    address: "高雄市鹽埕區大勇路 1 號",
    phone: "07-521-0000",
    latitude: 22.6203,
    longitude: 120.2816,
    openingHours: "12:00–21:00",
  },
] as const;

export const DEMO_STAFF = [
  { code: "S001", name: "王小明", storeCode: "TPE01", role: "staff" },
  { code: "S002", name: "陳怡君", storeCode: "TPE01", role: "staff" },
  { code: "S003", name: "林志豪", storeCode: "TXG01", role: "staff" },
  { code: "S004", name: "黃雅婷", storeCode: "KHH01", role: "staff" },
  { code: "A001", name: "林愛美 Amy", storeCode: null, role: "agent" },
] as const;

export { DEMO_FAQ, DEMO_FAQ_EN } from "./faq";

const text = (t: string) => ({ type: "text" as const, text: t });

/**
 * The demo's auto-replies; `replies` are LINE message objects as the keyword rules store them,
 * `repliesEn` the same answers for customers whose LINE language is English.
 */
export const DEMO_KEYWORDS: ReadonlyArray<{
  key: string;
  match: "exact" | "contains" | "prefix" | "regex";
  pattern: string;
  priority: number;
  replies: LineMessage[];
  repliesEn: LineMessage[];
}> = [
  {
    key: "hours",
    match: "contains",
    pattern: "營業時間",
    priority: 10,
    replies: [text(DEMO_FAQ[0].answer)],
    repliesEn: [
      text(
        "Opening hours differ by store: Taipei Xinyi 11:00–21:30, Taichung Qinmei 11:00–22:00, Kaohsiung Pier-2 12:00–21:00. The online shop is open 24 hours.",
      ),
    ],
  },
  {
    key: "returns",
    match: "contains",
    pattern: "退貨",
    priority: 10,
    replies: [text(DEMO_FAQ[1].answer)],
    repliesEn: [
      text(
        "You can return or exchange an item within 7 days of receiving it (unused, with its tags). Bought in store: at any of our stores. Online orders: apply under “My orders” and we will arrange a pickup from your door.",
      ),
    ],
  },
  {
    key: "shipping",
    match: "contains",
    pattern: "運費",
    priority: 10,
    replies: [text(DEMO_FAQ[2].answer)],
    repliesEn: [
      text(
        "Shipping is free on orders of NT$1,000 or more, NT$80 below that, and always free with store pickup. Delivery usually takes 2–3 working days.",
      ),
    ],
  },
  {
    key: "points",
    match: "contains",
    pattern: "點數",
    priority: 5,
    replies: [text(DEMO_FAQ[3].answer)],
    repliesEn: [
      text(
        "You earn 1 point for every NT$100 spent, and 1 point is worth NT$1 off, online and in store. Points expire at the end of the year after you earn them; we will remind you before they do.",
      ),
    ],
  },
  {
    key: "hello",
    match: "exact",
    pattern: "你好",
    priority: 1,
    replies: [
      text("{displayName} 您好！😊 想了解什麼呢？可以輸入「營業時間」「運費」「退貨」，或點下方選單。"),
    ],
    repliesEn: [
      text(
        "Hi {displayName}! 😊 What would you like to know? Tap “FAQ” in the menu below to see the common questions.",
      ),
    ],
  },
  {
    key: "faq",
    match: "exact",
    pattern: "常見問題",
    priority: 20,
    replies: [
      {
        type: "text" as const,
        text: "請選擇想了解的問題 👇",
        quickReply: {
          items: [
            {
              type: "action" as const,
              action: { type: "message" as const, label: "營業時間", text: "營業時間" },
            },
            { type: "action" as const, action: { type: "message" as const, label: "運費", text: "運費" } },
            { type: "action" as const, action: { type: "message" as const, label: "退換貨", text: "退貨" } },
            {
              type: "action" as const,
              action: { type: "message" as const, label: "會員點數", text: "點數" },
            },
            {
              type: "action" as const,
              action: {
                type: "postback" as const,
                label: "門市據點",
                data: "action=stores",
                displayText: "門市據點",
              },
            },
          ],
        },
      },
    ],
    // The same questions: each button asks its keyword (zh-TW, as the rules match) by postback,
    // so the English reader's chat shows the English question.
    repliesEn: [
      {
        type: "text" as const,
        text: "What would you like to know? 👇",
        quickReply: {
          items: [
            askInEnglish("Opening hours", "營業時間"),
            askInEnglish("Shipping", "運費"),
            askInEnglish("Returns", "退貨"),
            askInEnglish("Points", "點數"),
            {
              type: "action" as const,
              action: {
                type: "postback" as const,
                label: "Stores",
                data: "action=stores",
                displayText: "Stores",
              },
            },
          ],
        },
      },
    ],
  },
];

/** A quick-reply button that asks a keyword by postback, showing the English question in the chat. */
function askInEnglish(label: string, keyword: string) {
  return {
    type: "action" as const,
    action: {
      type: "postback" as const,
      label,
      data: `action=faq&q=${encodeURIComponent(keyword)}`,
      displayText: label,
    },
  };
}

export const DEMO_PRODUCTS = [
  {
    sku: "TEE-001",
    name: "有機棉素T",
    price: 590,
    variants: [
      { id: "red-m", name: "紅 M", words: ["紅", "m"] },
      { id: "red-l", name: "紅 L", words: ["紅", "l"] },
      { id: "black-m", name: "黑 M", words: ["黑", "m"] },
      { id: "black-l", name: "黑 L", words: ["黑", "l"] },
    ],
  },
  { sku: "MUG-002", name: "手作陶瓷馬克杯", price: 450, variants: [] },
  { sku: "BAG-003", name: "帆布托特包", price: 890, variants: [] },
  { sku: "SOCK-004", name: "羊毛襪三入組", price: 399, variants: [] },
] as const;
