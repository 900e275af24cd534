/**
 * The segment oracle: a rule evaluated in plain JS over rows read back with plain selects
 * (marketing-kit.ts `snapshot`), written apart from rule-sql.ts so a segment's count can be
 * checked against something independent.
 */
import type { Condition, Rule } from "../src/features/marketing/rule";
import type { snapshot } from "./marketing-kit";

const DAY = 86_400_000;

type Snapshot = Awaited<ReturnType<typeof snapshot>>;
type MemberRow = Snapshot["members"][number];

const TIER_ORDER = ["regular", "gold", "platinum"];

function cmp(x: number, op: string, v: unknown): boolean {
  if (op === "between") {
    const [lo, hi] = v as [number, number];
    return lo <= x && x <= hi;
  }
  const y = v as number;
  return op === "eq"
    ? x === y
    : op === "neq"
      ? x !== y
      : op === "gt"
        ? x > y
        : op === "gte"
          ? x >= y
          : op === "lt"
            ? x < y
            : x <= y;
}
function inSet(x: unknown, op: string, v: unknown): boolean {
  if (op === "eq") return x === v;
  if (op === "neq") return x !== v;
  if (op === "in") return (v as unknown[]).includes(x);
  return !(v as unknown[]).includes(x);
}

/** The ids a rule selects, computed in JS from the snapshot at `now`. */
export function oracle(s: Snapshot, rule: Rule, now: Date): string[] {
  const t = now.getTime();
  const test = (m: MemberRow, r: Rule): boolean => {
    if ("all" in r) return r.all.every((x) => test(m, x));
    if ("any" in r) return r.any.some((x) => test(m, x));
    if ("not" in r) return !test(m, r.not);
    return cond(m, r);
  };
  const cond = (m: MemberRow, c: Condition): boolean => {
    const since = c.days === undefined ? Number.NEGATIVE_INFINITY : t - c.days * DAY;
    const mine = s.purchases.filter(
      (p) =>
        p.memberId === m.id &&
        p.createdAt.getTime() >= since &&
        (c.channel === undefined || p.channel === c.channel) &&
        (c.store === undefined || p.storeId === c.store),
    );
    switch (c.field) {
      case "tier": {
        const rank = TIER_ORDER.indexOf(m.tier);
        if (c.op === "gte") return rank >= TIER_ORDER.indexOf(c.value as string);
        if (c.op === "lte") return rank <= TIER_ORDER.indexOf(c.value as string);
        return inSet(m.tier, c.op, c.value);
      }
      case "homeStore":
      case "referrerStaff": {
        const v = c.field === "homeStore" ? m.homeStoreId : m.referrerStaffId;
        if (c.op === "exists") return v !== null;
        if (c.op === "notExists") return v === null;
        return inSet(v, c.op, c.value);
      }
      case "bindSource":
        return inSet(m.source, c.op, c.value);
      case "boundAt": {
        const b = m.boundAt?.getTime() ?? null;
        if (c.op === "exists") return b !== null;
        if (c.op === "notExists") return b === null;
        if (c.op === "within") return b !== null && b >= t - (c.value as number) * DAY;
        if (c.op === "notWithin") return b === null || b < t - (c.value as number) * DAY;
        const d = Date.parse(`${c.value as string}T00:00:00Z`);
        return b !== null && (c.op === "after" ? b >= d : b < d);
      }
      case "registered":
        return (m.status === "member") === c.value;
      case "tag": {
        const mineTags = s.tags.filter((x) => x.memberId === m.id).map((x) => x.tag);
        const wanted = c.op === "hasAny" ? (c.value as string[]) : [c.value as string];
        const has = wanted.some((w) => mineTags.includes(w));
        return c.op === "notHas" ? !has : has;
      }
      case "bought": {
        const wanted = c.op === "hasAny" ? (c.value as string[]) : [c.value as string];
        const has = s.items.some(
          (i) => i.memberId === m.id && wanted.includes(i.sku) && i.createdAt.getTime() >= since,
        );
        return c.op === "notHas" ? !has : has;
      }
      case "rfmGroup":
        return inSet(s.scores.find((x) => x.memberId === m.id)?.rfmGroup ?? "none", c.op, c.value);
      case "spend":
        return cmp(
          mine.reduce((a, p) => a + p.paid - p.refundedAmount, 0),
          c.op,
          c.value,
        );
      case "purchases":
        return cmp(mine.length, c.op, c.value);
      case "lastPurchaseDays": {
        const all = s.purchases.filter((p) => p.memberId === m.id);
        if (all.length === 0) return cmp(Number.POSITIVE_INFINITY, c.op, c.value);
        const last = Math.max(...all.map((p) => p.createdAt.getTime()));
        return cmp(Math.floor((t - last) / DAY), c.op, c.value);
      }
      case "liveOrders":
        return cmp(
          s.orders.filter(
            (o) =>
              o.memberId === m.id &&
              ["confirmed", "paid", "picked_up"].includes(o.status) &&
              o.createdAt.getTime() >= since,
          ).length,
          c.op,
          c.value,
        );
      case "points":
        return cmp(m.pointsBalance, c.op, c.value);
      case "birthdayMonth": {
        const month = m.birthday ? Number(m.birthday.slice(5, 7)) : null;
        return inSet(month, c.op, c.value);
      }
      case "following":
        return (m.friendship === "friend") === c.value;
      case "marketingConsent":
        return (m.marketingOptOutAt === null) === c.value;
    }
  };
  return s.members
    .filter((m) => m.deletedAt === null && test(m, rule))
    .map((m) => m.id)
    .sort();
}
