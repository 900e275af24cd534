/**
 * The demo crowd (示範會員群): ~2,400 synthetic LINE members of the demo brand — made-up zh-TW names
 * (random surname + given-name characters, no real people), LINE-shaped user ids, 16-digit member
 * codes, bound to the demo stores by their staff over 14 months (more recently more), with the
 * mixes a real OA has: guests and registered members, friends and blocks, marketing opt-outs, bind
 * sources, birthdays; and a persona each (how often they buy, online or in store, live fans).
 */

import { type Calendar, DAY, HOUR, MINUTE, type Rng } from "./crowd-rng";
import { DEMO_STAFF, DEMO_STORES } from "./data";

export const CROWD_SIZE = 2400;
/** How far back the crowd's first contacts go (14 months). */
export const HISTORY_DAYS = 426;

export type StoreCode = (typeof DEMO_STORES)[number]["code"];
export type BindSource = "store_qr" | "staff_link" | "organic" | "liff";
export type Persona = "dormant" | "casual" | "regular" | "heavy";

export interface Scan {
  id: string;
  store: StoreCode;
  staff: string;
  source: "store_qr" | "staff_link";
  result: "bound" | "kept";
  at: number;
}

export interface Person {
  index: number;
  id: string;
  lineUserId: string;
  memberCode: string;
  registered: boolean;
  blockedAt: number | null;
  optOutAt: number | null;
  source: BindSource;
  createdAt: number;
  boundAt: number | null;
  registeredAt: number | null;
  phoneVerifiedAt: number | null;
  /** Home store and referrer (staff codes); null for members never bound. */
  store: StoreCode | null;
  referrer: string | null;
  /** Where an unbound member shops, when in store. */
  shopsAt: StoreCode;
  displayName: string;
  name: string | null;
  phone: string | null;
  birthday: string | null;
  email: string | null;
  language: string;
  persona: Persona;
  /** Purchases a year (store and online), and the share of them online. */
  rate: number;
  online: number;
  liveFan: boolean;
  tags: Array<{ tag: string; source: string }>;
  scans: Scan[];
}

const SURNAMES = [..."陳林黃張李王吳劉蔡楊許鄭謝郭洪曾邱廖賴周徐蘇葉莊呂江何蕭羅高潘簡朱鍾游彭詹胡施沈"];
const FEMALE = [..."怡婷雅佳筱欣宜芳惠淑美玲君涵萱瑜慧靜珮琪萍榆晴"];
const MALE = [..."志建俊家冠宇承宏偉明豪哲翔傑銘文凱翰嘉彥崇柏"];
const ENGLISH = ["Amy", "Kevin", "Iris", "Jason", "Vivian", "Eric", "Grace", "Leo", "Zoe", "Ryan", "Nina"];
const EMOJI = ["🌸", "☕", "🐱", "✨", "🍀", "🎧", "🌙"];
const STORE_WEIGHTS: Record<StoreCode, number> = { TPE01: 0.45, TXG01: 0.32, KHH01: 0.23 };
const SOURCE_WEIGHTS: Record<BindSource, number> = {
  store_qr: 0.5,
  staff_link: 0.2,
  organic: 0.18,
  liff: 0.12,
};
const PERSONAS: Record<Persona, { weight: number; rate: number }> = {
  dormant: { weight: 0.3, rate: 0.7 },
  casual: { weight: 0.4, rate: 3.5 },
  regular: { weight: 0.21, rate: 10 },
  heavy: { weight: 0.09, rate: 21 },
};
/** The named demo members' codes (members.ts): never drawn for the crowd. */
const RESERVED_CODES = new Set(["8800000000000001", "8800000000000002", "8800000000000003"]);

export const staffOf = (store: StoreCode): string[] =>
  DEMO_STAFF.filter((s) => s.storeCode === store && s.role === "staff").map((s) => s.code);

function storeOfStaff(code: string): StoreCode {
  const s = DEMO_STAFF.find((x) => x.code === code);
  return (s?.storeCode ?? "TPE01") as StoreCode;
}

/** A time of day inside the store's opening hours (roughly 11:30–21:00), local. */
export function storeHour(rng: Rng): number {
  return (rng.chance(0.55) ? rng.int(15, 20) : rng.int(11, 14)) * HOUR + rng.int(0, 59) * MINUTE;
}

function name(rng: Rng): { name: string; given: string; female: boolean } {
  const female = rng.chance(0.62);
  const pool = female ? FEMALE : MALE;
  const given = rng.pick(pool) + rng.pick(pool);
  return { name: rng.pick(SURNAMES) + given, given, female };
}

function displayNameFor(rng: Rng, n: { name: string; given: string }): string {
  const style = rng.weighted({ full: 45, given: 20, nick: 15, english: 12, emoji: 8 });
  if (style === "full") return n.name;
  if (style === "given") return n.given;
  if (style === "nick") return `小${n.given.slice(-1)}`;
  if (style === "english") return `${rng.pick(ENGLISH)} ${n.name.slice(0, 1)}.`;
  return `${n.given}${rng.pick(EMOJI)}`;
}

function birthday(rng: Rng): string {
  const year = rng.chance(0.7) ? rng.int(1982, 1999) : rng.int(1962, 2006);
  const month = rng.int(1, 12);
  const day = rng.int(1, month === 2 ? 28 : [4, 6, 9, 11].includes(month) ? 30 : 31);
  return `${year}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

/** How many days ago a member first came: half uniform over the history, half skewed recent. */
function firstContactDaysAgo(rng: Rng): number {
  const u = rng.next();
  return rng.chance(0.5) ? u * HISTORY_DAYS : HISTORY_DAYS * (1 - Math.sqrt(u));
}

function memberCode(rng: Rng, taken: Set<string>): string {
  for (;;) {
    const code = `${rng.int(1, 9)}${String(rng.int(0, 99_999_999)).padStart(8, "0")}${String(rng.int(0, 9_999_999)).padStart(7, "0")}`;
    if (!RESERVED_CODES.has(code) && !taken.has(code)) {
      taken.add(code);
      return code;
    }
  }
}

/** The crowd, the same every time for the same clock. */
export function makeCrowd(rng: Rng, cal: Calendar): Person[] {
  const codes = new Set<string>();
  const lineIds = new Set<string>();
  const people: Person[] = [];
  for (let i = 1; i <= CROWD_SIZE; i++) {
    const id = `mem_crowd_${String(i).padStart(4, "0")}`;
    let lineUserId = `U${rng.hex(32)}`;
    while (lineIds.has(lineUserId)) lineUserId = `U${rng.hex(32)}`;
    lineIds.add(lineUserId);
    const source = rng.weighted(SOURCE_WEIGHTS);
    const createdAt = Math.min(
      cal.now - HOUR,
      cal.daysAgo(Math.floor(firstContactDaysAgo(rng)), 0) + storeHour(rng),
    );
    const scans: Scan[] = [];
    let store: StoreCode | null = null;
    let referrer: string | null = null;
    let boundAt: number | null = null;
    const scan = (s: Omit<Scan, "id">) => scans.push({ id: `bsc_crowd_${i}_${scans.length + 1}`, ...s });
    if (source === "store_qr" || source === "staff_link") {
      if (source === "store_qr") {
        store = rng.weighted(STORE_WEIGHTS);
        referrer = rng.pick(staffOf(store));
      } else {
        referrer = rng.pick(DEMO_STAFF.filter((s) => s.role === "staff")).code;
        store = storeOfStaff(referrer);
      }
      boundAt = createdAt;
      scan({ store, staff: referrer, source, result: "bound", at: boundAt });
    } else if (rng.chance(0.45)) {
      // Came by the add-friend link or the LIFF app, bound at a store's counter later.
      store = rng.weighted(STORE_WEIGHTS);
      referrer = rng.pick(staffOf(store));
      boundAt = Math.min(cal.now - HOUR, createdAt + rng.int(1, 120) * DAY);
      scan({ store, staff: referrer, source: "store_qr", result: "bound", at: boundAt });
    }
    if (store && boundAt && rng.chance(0.05)) {
      // Scanned another store's QR later: the first binding still holds.
      const other = rng.pick(DEMO_STORES.filter((s) => s.code !== store)).code;
      const at = boundAt + rng.int(3, 90) * DAY;
      if (at < cal.now)
        scan({ store: other, staff: rng.pick(staffOf(other)), source: "store_qr", result: "kept", at });
    }
    const registered = rng.chance(source === "organic" ? 0.55 : source === "liff" ? 0.7 : 0.82);
    const registeredAt = registered
      ? Math.min(cal.now - 30 * MINUTE, (boundAt ?? createdAt) + rng.int(0, 90) * MINUTE)
      : null;
    const n = name(rng);
    const persona = rng.weighted(
      Object.fromEntries(Object.entries(PERSONAS).map(([k, v]) => [k, v.weight])) as Record<Persona, number>,
    );
    const blockedAt = rng.chance(0.08) ? createdAt + Math.floor(rng.next() * (cal.now - createdAt)) : null;
    const optOutAt =
      registeredAt !== null && rng.chance(0.065)
        ? registeredAt + Math.floor(rng.next() * (cal.now - registeredAt))
        : null;
    const liveFan = rng.chance(0.18);
    const tags: Person["tags"] = [];
    if (persona === "heavy" && rng.chance(0.8)) tags.push({ tag: "VIP", source: "admin" });
    if (rng.chance(0.13)) tags.push({ tag: "新品控", source: "admin" });
    if (registered && rng.chance(0.11)) tags.push({ tag: "親子", source: "csv" });
    if (liveFan) tags.push({ tag: "直播粉", source: "admin" });
    people.push({
      index: i,
      id,
      lineUserId,
      memberCode: memberCode(rng, codes),
      registered,
      blockedAt,
      optOutAt,
      source,
      createdAt,
      boundAt,
      registeredAt,
      phoneVerifiedAt: registeredAt !== null && rng.chance(0.6) ? registeredAt + 2 * MINUTE : null,
      store,
      referrer,
      shopsAt: store ?? rng.weighted(STORE_WEIGHTS),
      displayName: displayNameFor(rng, n),
      name: registered ? n.name : null,
      phone: registered ? `+88690${String(i).padStart(7, "0")}` : null,
      birthday: registered ? birthday(rng) : null,
      email: registered && rng.chance(0.35) ? `crowd${i}@example.com` : null,
      language: rng.chance(0.92) ? "zh-TW" : "en",
      persona,
      rate: PERSONAS[persona].rate * (registered ? 1 : 0.45) * (0.7 + rng.next() * 0.6),
      online: Math.min(0.85, Math.max(0.03, 0.33 + (rng.next() - 0.5) * 0.5)),
      liveFan,
      tags,
      scans,
    });
  }
  return people;
}

/** Whether the member was a friend (and consenting, for marketing) at a moment. */
export const friendAt = (p: Person, at: number) =>
  p.createdAt <= at && (p.blockedAt === null || p.blockedAt > at);
export const marketableAt = (p: Person, at: number) =>
  friendAt(p, at) &&
  p.registeredAt !== null &&
  p.registeredAt <= at &&
  (p.optOutAt === null || p.optOutAt > at);
