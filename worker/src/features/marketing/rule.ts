/**
 * The segment rule language (名單圈選): nested `all` / `any` / `not` over conditions
 * `{ field, op, value, days?, channel?, store? }`. `parseRule` checks a rule from the outside
 * world and names what it does not know (field, op, value, with its path); rule-sql.ts turns a
 * parsed rule into one SQL condition over `members m`.
 */
import { AppError, say } from "../../lib/errors";

export type Rule = { all: Rule[] } | { any: Rule[] } | { not: Rule } | Condition;

export interface Condition {
  field: Field;
  op: Op;
  value: Value;
  /** For purchase and order fields: only the last `days` days. */
  days?: number;
  /** For spend and purchases: only this channel. */
  channel?: Channel;
  /** For spend and purchases: only at this store (its id). */
  store?: string;
}
export type Value = string | number | boolean | string[] | number[] | [number, number];

export const CHANNELS = ["store", "online", "live"] as const;
export type Channel = (typeof CHANNELS)[number];
export const TIERS = ["regular", "gold", "platinum"] as const;
export const BIND_SOURCES = ["organic", "store_qr", "staff_link", "liff"] as const;
/** The RFM groups (rfm.ts), and `none` for members who never bought. */
export const RFM_GROUPS = [
  "champions",
  "loyal",
  "potential",
  "new",
  "promising",
  "need_attention",
  "about_to_sleep",
  "at_risk",
  "cant_lose",
  "hibernating",
  "lost",
  "none",
] as const;

const NUMBER_OPS = ["eq", "neq", "gt", "gte", "lt", "lte", "between"] as const;
const SET_OPS = ["eq", "neq", "in", "notIn"] as const;
const DATE_OPS = ["after", "before", "within", "notWithin"] as const;
const HAS_OPS = ["has", "notHas", "hasAny"] as const;
export const OPS = [
  ...new Set([...NUMBER_OPS, ...SET_OPS, ...DATE_OPS, ...HAS_OPS, "exists", "notExists"] as const),
];
export type Op = (typeof OPS)[number];

type Kind =
  | { type: "enum"; values: readonly string[]; ordered?: boolean }
  | { type: "id" }
  | { type: "number"; min: number; max: number }
  | { type: "date" }
  | { type: "boolean" }
  | { type: "text" };

interface FieldSpec {
  ops: readonly Op[];
  kind: Kind;
  /** Which of days / channel / store it takes. */
  options?: ReadonlyArray<"days" | "channel" | "store">;
  zh: string;
}

const MONEY = { type: "number", min: 0, max: 1_000_000_000 } as const;
const COUNT = { type: "number", min: 0, max: 1_000_000 } as const;

/** Every field a rule may name: its ops, its value and its zh-TW name (for the builder). */
export const FIELDS = {
  tier: {
    ops: [...SET_OPS, "gte", "lte"],
    kind: { type: "enum", values: TIERS, ordered: true },
    zh: "會員等級",
  },
  homeStore: { ops: [...SET_OPS, "exists", "notExists"], kind: { type: "id" }, zh: "所屬門市" },
  referrerStaff: { ops: [...SET_OPS, "exists", "notExists"], kind: { type: "id" }, zh: "推薦店員" },
  bindSource: { ops: SET_OPS, kind: { type: "enum", values: BIND_SOURCES }, zh: "綁定來源" },
  boundAt: { ops: [...DATE_OPS, "exists", "notExists"], kind: { type: "date" }, zh: "綁定時間" },
  registered: { ops: ["eq"], kind: { type: "boolean" }, zh: "已註冊會員" },
  tag: { ops: HAS_OPS, kind: { type: "text" }, zh: "標籤" },
  rfmGroup: { ops: SET_OPS, kind: { type: "enum", values: RFM_GROUPS }, zh: "RFM 分群" },
  spend: { ops: NUMBER_OPS, kind: MONEY, options: ["days", "channel", "store"], zh: "消費金額" },
  purchases: { ops: NUMBER_OPS, kind: COUNT, options: ["days", "channel", "store"], zh: "消費次數" },
  lastPurchaseDays: { ops: NUMBER_OPS, kind: { type: "number", min: 0, max: 36_500 }, zh: "距上次消費天數" },
  bought: { ops: HAS_OPS, kind: { type: "text" }, options: ["days"], zh: "買過商品" },
  liveOrders: { ops: NUMBER_OPS, kind: COUNT, options: ["days"], zh: "直播訂單數" },
  points: { ops: NUMBER_OPS, kind: { type: "number", min: -1_000_000_000, max: 1_000_000_000 }, zh: "點數" },
  birthdayMonth: { ops: SET_OPS, kind: { type: "number", min: 1, max: 12 }, zh: "生日月份" },
  following: { ops: ["eq"], kind: { type: "boolean" }, zh: "好友狀態（未封鎖）" },
  marketingConsent: { ops: ["eq"], kind: { type: "boolean" }, zh: "同意行銷訊息" },
} as const satisfies Record<string, FieldSpec>;
export type Field = keyof typeof FIELDS;

/** The most a rule may hold: conditions, nesting, and the items of one list value. */
export const RULE_LIMITS = { conditions: 40, depth: 6, listItems: 200, days: 3650 } as const;

const refuse = (
  reason: "UNKNOWN_FIELD" | "UNKNOWN_OP" | "INVALID" | "RULE_TOO_BIG",
  path: string,
  zh: string,
  en: string,
  extra: Record<string, unknown> = {},
) =>
  new AppError("VALIDATION_FAILED", say(`${zh}（${path}）`, `${en} (at ${path}).`), {
    reason,
    field: path,
    ...extra,
  });

const isObject = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === "object" && !Array.isArray(v);

/** A rule from a request, checked whole; throws VALIDATION_FAILED naming the first thing wrong. */
export function parseRule(input: unknown, path = "rule"): Rule {
  const counter = { conditions: 0 };
  return parseNode(input, path, 1, counter);
}

function parseNode(input: unknown, path: string, depth: number, counter: { conditions: number }): Rule {
  if (depth > RULE_LIMITS.depth)
    throw refuse(
      "RULE_TOO_BIG",
      path,
      `條件巢狀超過 ${RULE_LIMITS.depth} 層`,
      `Rules nest at most ${RULE_LIMITS.depth} deep`,
    );
  if (!isObject(input)) throw refuse("INVALID", path, "條件須為物件", "A rule must be an object");
  const keys = Object.keys(input);
  for (const group of ["all", "any"] as const) {
    if (group in input) {
      if (keys.length !== 1)
        throw refuse("INVALID", path, `「${group}」不可與其他鍵並列`, `"${group}" stands alone`);
      const list = input[group];
      if (!Array.isArray(list) || list.length === 0)
        throw refuse(
          "INVALID",
          `${path}.${group}`,
          "須為至少一個條件的陣列",
          "Must be a list of at least one rule",
        );
      const items = list.map((r, i) => parseNode(r, `${path}.${group}.${i}`, depth + 1, counter));
      return group === "all" ? { all: items } : { any: items };
    }
  }
  if ("not" in input) {
    if (keys.length !== 1) throw refuse("INVALID", path, "「not」不可與其他鍵並列", '"not" stands alone');
    return { not: parseNode(input.not, `${path}.not`, depth + 1, counter) };
  }
  counter.conditions += 1;
  if (counter.conditions > RULE_LIMITS.conditions)
    throw refuse(
      "RULE_TOO_BIG",
      path,
      `條件超過 ${RULE_LIMITS.conditions} 個`,
      `At most ${RULE_LIMITS.conditions} conditions`,
    );
  return parseCondition(input, path);
}

function parseCondition(input: Record<string, unknown>, path: string): Condition {
  const { field, op, value, days, channel, store, ...rest } = input;
  if (typeof field !== "string" || !(field in FIELDS)) {
    const shown = typeof field === "string" ? field : JSON.stringify(field ?? null);
    throw refuse("UNKNOWN_FIELD", `${path}.field`, `不認得的欄位「${shown}」`, `Unknown field "${shown}"`, {
      value: field ?? null,
      allowed: Object.keys(FIELDS),
    });
  }
  const spec: FieldSpec = FIELDS[field as Field];
  if (typeof op !== "string" || !(spec.ops as readonly string[]).includes(op)) {
    const shown = typeof op === "string" ? op : JSON.stringify(op ?? null);
    const known = (OPS as readonly string[]).includes(shown);
    throw refuse(
      "UNKNOWN_OP",
      `${path}.op`,
      known ? `欄位「${field}」不能用運算「${shown}」` : `不認得的運算「${shown}」`,
      known ? `Field "${field}" does not take op "${shown}"` : `Unknown op "${shown}"`,
      { value: op ?? null, allowed: spec.ops },
    );
  }
  const extra = Object.keys(rest)[0];
  if (extra !== undefined)
    throw refuse("INVALID", `${path}.${extra}`, `不認得的鍵「${extra}」`, `Unknown key "${extra}"`);
  const out: Condition = {
    field: field as Field,
    op: op as Op,
    value: parseValue(spec, op as Op, value, `${path}.value`),
  };
  const options = spec.options ?? [];
  if (days !== undefined) {
    if (!options.includes("days"))
      throw refuse(
        "INVALID",
        `${path}.days`,
        `欄位「${field}」不接受 days`,
        `Field "${field}" takes no days`,
      );
    if (!Number.isInteger(days) || (days as number) < 1 || (days as number) > RULE_LIMITS.days)
      throw refuse(
        "INVALID",
        `${path}.days`,
        `days 須為 1 到 ${RULE_LIMITS.days} 的整數`,
        `days must be a whole number from 1 to ${RULE_LIMITS.days}`,
      );
    out.days = days as number;
  }
  if (channel !== undefined) {
    if (!options.includes("channel"))
      throw refuse(
        "INVALID",
        `${path}.channel`,
        `欄位「${field}」不接受 channel`,
        `Field "${field}" takes no channel`,
      );
    if (!(CHANNELS as readonly unknown[]).includes(channel))
      throw refuse(
        "INVALID",
        `${path}.channel`,
        "channel 須為 store、online 或 live",
        "channel must be store, online or live",
      );
    out.channel = channel as Channel;
  }
  if (store !== undefined) {
    if (!options.includes("store"))
      throw refuse(
        "INVALID",
        `${path}.store`,
        `欄位「${field}」不接受 store`,
        `Field "${field}" takes no store`,
      );
    if (typeof store !== "string" || store.length === 0 || store.length > 64)
      throw refuse("INVALID", `${path}.store`, "store 須為門市 id", "store must be a store id");
    out.store = store;
  }
  return out;
}

function parseValue(spec: FieldSpec, op: Op, value: unknown, path: string): Value {
  const kind = spec.kind;
  const bad = (zh: string, en: string) => refuse("INVALID", path, zh, en, { value: value ?? null });
  if (op === "exists" || op === "notExists") {
    if (value !== undefined && value !== null && value !== true)
      throw bad("此運算不需要值", "This op takes no value");
    return true;
  }
  const one = (v: unknown): string | number | boolean => {
    switch (kind.type) {
      case "enum":
        if (typeof v !== "string" || !kind.values.includes(v))
          throw bad(
            `值須為 ${kind.values.join("、")} 之一`,
            `The value must be one of ${kind.values.join(", ")}`,
          );
        return v;
      case "id":
      case "text":
        if (typeof v !== "string" || v.trim() === "" || v.length > 100)
          throw bad("值須為 1 到 100 字的文字", "The value must be text of 1 to 100 characters");
        return kind.type === "text" ? v.trim() : v;
      case "number":
        if (typeof v !== "number" || !Number.isInteger(v) || v < kind.min || v > kind.max)
          throw bad(
            `值須為 ${kind.min} 到 ${kind.max} 的整數`,
            `The value must be a whole number from ${kind.min} to ${kind.max}`,
          );
        return v;
      case "boolean":
        if (typeof v !== "boolean") throw bad("值須為 true 或 false", "The value must be true or false");
        return v;
      case "date":
        if (
          typeof v !== "string" ||
          !/^\d{4}-\d{2}-\d{2}$/.test(v) ||
          Number.isNaN(Date.parse(`${v}T00:00:00Z`))
        )
          throw bad("值須為 YYYY-MM-DD 日期", "The value must be a YYYY-MM-DD date");
        return v;
    }
  };
  if (op === "in" || op === "notIn" || op === "hasAny") {
    if (!Array.isArray(value) || value.length === 0 || value.length > RULE_LIMITS.listItems)
      throw bad(
        `值須為 1 到 ${RULE_LIMITS.listItems} 項的陣列`,
        `The value must be a list of 1 to ${RULE_LIMITS.listItems} items`,
      );
    return value.map(one) as string[] | number[];
  }
  if (op === "between") {
    if (!Array.isArray(value) || value.length !== 2)
      throw bad("值須為 [最小, 最大]", "The value must be [min, max]");
    const [lo, hi] = value.map(one) as [number, number];
    if (lo > hi) throw bad("最小值不可大於最大值", "min must not exceed max");
    return [lo, hi];
  }
  if (op === "within" || op === "notWithin") {
    if (typeof value !== "number" || !Number.isInteger(value) || value < 1 || value > RULE_LIMITS.days)
      throw bad(`值須為 1 到 ${RULE_LIMITS.days} 天`, `The value must be 1 to ${RULE_LIMITS.days} days`);
    return value;
  }
  return one(value);
}
