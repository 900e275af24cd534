/**
 * A parsed rule as one SQL condition over `members m` — the database decides who is in a
 * segment, in one query, never a loop over members in JS. Within `all`, cheap conditions come
 * first (columns, which an index can serve, then lookups, then aggregates), so an aggregate — a
 * correlated subquery on purchases(member_id, created_at) or live_orders(member_id, created_at)
 * — runs only for the members the rest let through. A member with no rows counts 0 (spend < 500
 * includes who never bought).
 */
import { type SQL, sql } from "drizzle-orm";
import type { Condition, Rule } from "./rule";

const DAY_MS = 86_400_000;
const TIER_RANK = sql`(CASE m.tier WHEN 'platinum' THEN 2 WHEN 'gold' THEN 1 ELSE 0 END)`;
const tierRank = (t: string) => (t === "platinum" ? 2 : t === "gold" ? 1 : 0);

/** The condition `rule` puts on `members m` at `now` (deleted members are never in a segment). */
export function ruleWhere(rule: Rule, now: Date): SQL {
  return sql`m.deleted_at IS NULL AND ${node(rule, now.getTime(), false)}`;
}

/** 0: a column of members (an index may serve it); 1: a lookup by member; 2: an aggregate. */
function cost(rule: Rule): number {
  if ("all" in rule) return Math.max(...rule.all.map(cost));
  if ("any" in rule) return Math.max(...rule.any.map(cost));
  if ("not" in rule) return cost(rule.not);
  if (["spend", "purchases", "lastPurchaseDays", "liveOrders"].includes(rule.field)) return 2;
  return ["tag", "bought", "rfmGroup"].includes(rule.field) ? 1 : 0;
}

function node(rule: Rule, now: number, negated: boolean): SQL {
  if ("all" in rule) {
    const cheapFirst = [...rule.all].sort((a, b) => cost(a) - cost(b));
    return sql`(${sql.join(
      cheapFirst.map((r) => node(r, now, negated)),
      sql` AND `,
    )})`;
  }
  if ("any" in rule)
    return sql`(${sql.join(
      rule.any.map((r) => node(r, now, negated)),
      sql` OR `,
    )})`;
  if ("not" in rule) return sql`NOT ${node(rule.not, now, true)}`;
  // Two-valued under a `not`: a condition on a null column (no bound date, no birthday) is
  // false, never unknown, so its negation is true — as the builder shows it. Outside one, null
  // and false select the same, and a bare comparison lets an index serve it.
  return negated ? sql`((${condition(rule, now)}) IS TRUE)` : sql`(${condition(rule, now)})`;
}

const list = (v: unknown): SQL =>
  sql.join(
    (v as Array<string | number>).map((x) => sql`${x}`),
    sql`, `,
  );

/** eq / neq / in / notIn on an expression that is never null for this field. */
function setOp(expr: SQL, op: string, value: unknown): SQL {
  switch (op) {
    case "eq":
      return sql`${expr} = ${value}`;
    case "neq":
      return sql`${expr} IS NOT ${value}`;
    case "in":
      return sql`${expr} IN (${list(value)})`;
    default:
      return sql`(${expr} IS NULL OR ${expr} NOT IN (${list(value)}))`;
  }
}

/** A number comparison in SQL, and the same one in JS (for "does a member with no rows match"). */
function compare(expr: SQL, op: string, value: unknown): SQL {
  switch (op) {
    case "eq":
      return sql`${expr} = ${value}`;
    case "neq":
      return sql`${expr} <> ${value}`;
    case "gt":
      return sql`${expr} > ${value}`;
    case "gte":
      return sql`${expr} >= ${value}`;
    case "lt":
      return sql`${expr} < ${value}`;
    case "lte":
      return sql`${expr} <= ${value}`;
    default: {
      const [lo, hi] = value as [number, number];
      return sql`${expr} BETWEEN ${lo} AND ${hi}`;
    }
  }
}
export function holds(x: number, op: string, value: unknown): boolean {
  const v = value as number;
  switch (op) {
    case "eq":
      return x === v;
    case "neq":
      return x !== v;
    case "gt":
      return x > v;
    case "gte":
      return x >= v;
    case "lt":
      return x < v;
    case "lte":
      return x <= v;
    default: {
      const [lo, hi] = value as [number, number];
      return x >= lo && x <= hi;
    }
  }
}

/** The member's purchases a condition is about (its window, channel and store), as `agg`. */
function ofPurchases(agg: SQL, c: Condition, now: number): SQL {
  const where: SQL[] = [sql`p.member_id = m.id`];
  if (c.days !== undefined) where.push(sql`p.created_at >= ${now - c.days * DAY_MS}`);
  if (c.channel !== undefined) where.push(sql`p.channel = ${c.channel}`);
  if (c.store !== undefined) where.push(sql`p.store_id = ${c.store}`);
  return sql`(SELECT ${agg} FROM purchases p WHERE ${sql.join(where, sql` AND `)})`;
}

function dateOp(column: SQL, c: Condition, now: number): SQL {
  switch (c.op) {
    case "exists":
      return sql`${column} IS NOT NULL`;
    case "notExists":
      return sql`${column} IS NULL`;
    case "within":
      return sql`${column} >= ${now - (c.value as number) * DAY_MS}`;
    case "notWithin":
      return sql`(${column} IS NULL OR ${column} < ${now - (c.value as number) * DAY_MS})`;
    case "after":
      return sql`${column} >= ${Date.parse(`${c.value as string}T00:00:00Z`)}`;
    default:
      return sql`${column} < ${Date.parse(`${c.value as string}T00:00:00Z`)}`;
  }
}

function hasOp(rows: (values: unknown[]) => SQL, op: string, value: unknown): SQL {
  const values = op === "hasAny" ? (value as unknown[]) : [value];
  return op === "notHas" ? sql`NOT EXISTS (${rows(values)})` : sql`EXISTS (${rows(values)})`;
}

function condition(c: Condition, now: number): SQL {
  switch (c.field) {
    case "tier":
      if (c.op === "gte") return sql`${TIER_RANK} >= ${tierRank(c.value as string)}`;
      if (c.op === "lte") return sql`${TIER_RANK} <= ${tierRank(c.value as string)}`;
      return setOp(sql`m.tier`, c.op, c.value);
    case "homeStore":
    case "referrerStaff": {
      const col = c.field === "homeStore" ? sql`m.home_store_id` : sql`m.referrer_staff_id`;
      if (c.op === "exists") return sql`${col} IS NOT NULL`;
      if (c.op === "notExists") return sql`${col} IS NULL`;
      return setOp(col, c.op, c.value);
    }
    case "bindSource":
      return setOp(sql`m.source`, c.op, c.value);
    case "boundAt":
      return dateOp(sql`m.bound_at`, c, now);
    case "registered":
      return c.value ? sql`m.status = 'member'` : sql`m.status <> 'member'`;
    case "tag":
      return hasOp(
        (v) => sql`SELECT 1 FROM member_tags t WHERE t.member_id = m.id AND t.tag IN (${list(v)})`,
        c.op,
        c.value,
      );
    case "bought": {
      const since = c.days === undefined ? sql`` : sql` AND i.created_at >= ${now - c.days * DAY_MS}`;
      return hasOp(
        (v) => sql`SELECT 1 FROM purchase_items i WHERE i.sku IN (${list(v)}) AND i.member_id = m.id${since}`,
        c.op,
        c.value,
      );
    }
    case "rfmGroup":
      return setOp(
        sql`COALESCE((SELECT s.rfm_group FROM member_scores s WHERE s.member_id = m.id), 'none')`,
        c.op,
        c.value,
      );
    case "spend":
      return compare(ofPurchases(sql`COALESCE(SUM(p.paid - p.refunded_amount), 0)`, c, now), c.op, c.value);
    case "purchases":
      return compare(ofPurchases(sql`COUNT(*)`, c, now), c.op, c.value);
    case "lastPurchaseDays": {
      // Never bought: as long ago as can be, so "more than 90 days" includes them.
      const last = ofPurchases(sql`MAX(p.created_at)`, { ...c, days: undefined }, now);
      const never = holds(Number.POSITIVE_INFINITY, c.op, c.value) ? sql`1` : sql`0`;
      const days = sql`CAST((${now} - ${last}) / ${DAY_MS} AS INTEGER)`;
      return sql`CASE WHEN ${last} IS NULL THEN ${never} ELSE ${compare(days, c.op, c.value)} END`;
    }
    case "liveOrders": {
      const since = c.days === undefined ? sql`` : sql` AND o.created_at >= ${now - c.days * DAY_MS}`;
      const orders = sql`(SELECT COUNT(*) FROM live_orders o WHERE o.member_id = m.id AND o.status IN ('confirmed', 'paid', 'picked_up')${since})`;
      return compare(orders, c.op, c.value);
    }
    case "points":
      return compare(sql`m.points_balance`, c.op, c.value);
    case "birthdayMonth":
      return setOp(sql`CAST(substr(m.birthday, 6, 2) AS INTEGER)`, c.op, c.value);
    case "following":
      return c.value ? sql`m.friendship = 'friend'` : sql`m.friendship <> 'friend'`;
    case "marketingConsent":
      return c.value ? sql`m.marketing_opt_out_at IS NULL` : sql`m.marketing_opt_out_at IS NOT NULL`;
  }
}
