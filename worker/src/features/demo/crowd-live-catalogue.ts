/**
 * What the demo's past "+1" sales sold: four evening live sessions and four post sales (貼文團購,
 * open for weeks) over the year, spaced so every month has live orders paid in it.
 */
export interface LiveUnit {
  name: string | null;
  /** How a comment names it, e.g. `紅M`. */
  words: string;
  stock: number;
}
export interface LiveProduct {
  code: string;
  name: string;
  price: number;
  limit: number | null;
  units: LiveUnit[];
}
export interface LiveSchedule {
  key: string;
  title: string;
  kind: "live" | "post";
  /** Local days before today it opened, and for how many days (a live session: one evening). */
  daysAgo: number;
  days: number;
  orders: number;
  products: string[];
}

const plain = (stock: number): LiveUnit[] => [{ name: null, words: "", stock }];

export const LIVE_PRODUCTS: Record<string, Omit<LiveProduct, "code">> = {
  tee: {
    name: "有機棉素T",
    price: 590,
    limit: 3,
    units: [
      { name: "紅 M", words: "紅M", stock: 18 },
      { name: "紅 L", words: "紅L", stock: 14 },
      { name: "黑 M", words: "黑M", stock: 20 },
      { name: "黑 L", words: "黑L", stock: 12 },
    ],
  },
  mug: { name: "手作陶瓷馬克杯", price: 450, limit: 2, units: plain(40) },
  tote: {
    name: "帆布托特包",
    price: 890,
    limit: 2,
    units: [
      { name: "米白", words: "米白", stock: 22 },
      { name: "墨綠", words: "墨綠", stock: 16 },
    ],
  },
  socks: { name: "羊毛襪三入組", price: 399, limit: null, units: plain(60) },
  scarf: {
    name: "羊毛圍巾",
    price: 890,
    limit: null,
    units: [
      { name: "灰", words: "灰", stock: 15 },
      { name: "駝", words: "駝", stock: 10 },
    ],
  },
  candle: { name: "香氛蠟燭禮盒", price: 1280, limit: 1, units: plain(12) },
  shirt: {
    name: "亞麻襯衫",
    price: 1480,
    limit: 2,
    units: [
      { name: "S", words: "S", stock: 8 },
      { name: "M", words: "M", stock: 12 },
      { name: "L", words: "L", stock: 8 },
    ],
  },
  bottle: {
    name: "不鏽鋼保溫瓶",
    price: 690,
    limit: 3,
    units: [
      { name: "霧黑", words: "霧黑", stock: 25 },
      { name: "奶茶", words: "奶茶", stock: 25 },
    ],
  },
  apron: { name: "親子圍裙組", price: 980, limit: 2, units: plain(20) },
  giftbox: { name: "交換禮物組", price: 1200, limit: 2, units: plain(30) },
};

export const LIVE_SCHEDULE: LiveSchedule[] = [
  {
    key: "s1",
    title: "週五晚間直播・暖暖選物",
    kind: "live",
    daysAgo: 350,
    days: 1,
    orders: 90,
    products: ["scarf", "socks", "mug", "candle"],
  },
  {
    key: "s2",
    title: "貼文團購・手作馬克杯與保溫瓶",
    kind: "post",
    daysAgo: 325,
    days: 40,
    orders: 150,
    products: ["mug", "bottle", "giftbox"],
  },
  {
    key: "s3",
    title: "店長直播・人氣回購 TOP5",
    kind: "live",
    daysAgo: 255,
    days: 1,
    orders: 220,
    products: ["tee", "tote", "socks", "mug", "candle"],
  },
  {
    key: "s4",
    title: "貼文團購・上衣專場",
    kind: "post",
    daysAgo: 235,
    days: 40,
    orders: 240,
    products: ["tee", "shirt", "tote", "bottle"],
  },
  {
    key: "s5",
    title: "週末限定直播・生活選物",
    kind: "live",
    daysAgo: 165,
    days: 1,
    orders: 300,
    products: ["tee", "mug", "tote", "candle", "shirt"],
  },
  {
    key: "s6",
    title: "貼文團購・親子好物",
    kind: "post",
    daysAgo: 145,
    days: 40,
    orders: 200,
    products: ["apron", "bottle", "socks"],
  },
  {
    key: "s7",
    title: "週五晚間直播・居家香氛",
    kind: "live",
    daysAgo: 75,
    days: 1,
    orders: 320,
    products: ["candle", "mug", "scarf", "socks"],
  },
  {
    key: "s8",
    title: "貼文團購・送禮選物",
    kind: "post",
    daysAgo: 50,
    days: 49,
    orders: 260,
    products: ["giftbox", "bottle", "scarf", "tee"],
  },
];

/** Codes on screen: A, B, C … in the order the seller lists them. */
export const productCode = (position: number) => String.fromCharCode(65 + position);

/** Chatter that orders nothing (kept as comments: interactions for RFM's I). */
export const CHATTER = [
  "好可愛",
  "還有嗎？",
  "主播今天好美",
  "可以門市取貨嗎",
  "想要！",
  "顏色好看",
  "這個多大？",
];
