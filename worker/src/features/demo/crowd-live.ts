/**
 * The demo's past "+1" sales (crowd-live-catalogue.ts), closed, as the live feature would have
 * left them: buyers (the crowd's LINE ids, and viewers from other platforms, some of whom claimed
 * their orders in LIFF), comments in sequence, lines decided against the stock at comment time
 * (reserved, or waitlisted when sold out and promoted when a cart let go), orders in every status,
 * and for every paid or picked-up order its purchase (source and channel live, external id the
 * order id). Variant counters are left to the live_lines triggers: inserted lines move them.
 */
import { normalizeText } from "../../lib/text/normalize";
import {
  CHATTER,
  LIVE_PRODUCTS,
  LIVE_SCHEDULE,
  type LiveSchedule,
  productCode,
} from "./crowd-live-catalogue";
import { holds, type Status, settleOrder } from "./crowd-live-orders";
import { friendAt, type Person, type StoreCode } from "./crowd-people";
import { type Calendar, DAY, HOUR, MINUTE, type Rng } from "./crowd-rng";
import type { Sale } from "./crowd-sales";

type Row = Record<string, unknown>;
export interface Refs {
  store: Record<StoreCode, string>;
  staff: Record<string, string>;
}
export interface LiveWorld {
  tables: Record<
    | "live_sales"
    | "live_products"
    | "live_variants"
    | "live_buyers"
    | "live_orders"
    | "live_comments"
    | "live_lines",
    Row[]
  >;
  purchases: Sale[];
  /** LINE comments answered in chat (replies: free), for the outbox. */
  replies: Array<{ saleId: string; lineUserId: string; at: number; text: string }>;
}

interface Unit {
  id: string;
  productId: string;
  name: string;
  price: number;
  words: string;
  code: string;
  limit: number | null;
  free: number;
}
export interface Buyer {
  id: string;
  platform: string;
  externalUserId: string;
  displayName: string;
  person: Person | null;
  createdAt: number | null;
}

const VIEWERS = 160;
const STATUS_WEIGHTS: Record<Status, number> = {
  cart: 0,
  confirmed: 0.05,
  paid: 0.2,
  picked_up: 0.43,
  cancelled: 0.12,
  expired: 0.2,
};
/** A cart still within its hold: LINE buyers' checked out (a reminder would be pushed), viewers' may wait. */
const RECENT_LINE: Record<"confirmed" | "paid" | "cancelled", number> = {
  confirmed: 0.35,
  paid: 0.45,
  cancelled: 0.2,
};
const RECENT_VIEWER: Record<"cart" | "confirmed" | "cancelled", number> = {
  cart: 0.6,
  confirmed: 0.2,
  cancelled: 0.2,
};

export function makeLive(rng: Rng, cal: Calendar, people: readonly Person[], refs: Refs): LiveWorld {
  const w: LiveWorld = {
    tables: {
      live_sales: [],
      live_products: [],
      live_variants: [],
      live_buyers: [],
      live_orders: [],
      live_comments: [],
      live_lines: [],
    },
    purchases: [],
    replies: [],
  };
  const lineBuyers = new Map<string, Buyer>();
  const viewers: Buyer[] = Array.from({ length: VIEWERS }, (_, k) => {
    const platform = rng.chance(0.7) ? "facebook" : "instagram";
    // A quarter later claimed their orders in LIFF: they are crowd members too.
    const claimed = rng.chance(0.25) ? rng.pick(people) : null;
    return {
      id: `lby_crowd_v${k + 1}`,
      platform,
      externalUserId: platform === "facebook" ? `fb_${1_000_000 + k * 7919}` : `ig_demo_${k + 1}`,
      displayName:
        claimed?.displayName ?? rng.pick(["Mia", "阿哲", "Ken", "Joy", "小芸", "Tina", "Max"]) + (k + 1),
      person: claimed,
      createdAt: null,
    };
  });
  for (const s of LIVE_SCHEDULE) addSale(rng, cal, w, s, { people, lineBuyers, viewers, refs });
  for (const b of [...lineBuyers.values(), ...viewers]) {
    if (b.createdAt === null) continue;
    w.tables.live_buyers.push({
      id: b.id,
      platform: b.platform,
      external_user_id: b.externalUserId,
      display_name: b.displayName,
      line_user_id: b.person?.lineUserId ?? null,
      dm_opt_in: 0,
      created_at: b.createdAt,
    });
  }
  return w;
}

function addSale(
  rng: Rng,
  cal: Calendar,
  w: LiveWorld,
  s: LiveSchedule,
  ctx: { people: readonly Person[]; lineBuyers: Map<string, Buyer>; viewers: Buyer[]; refs: Refs },
): void {
  const saleId = `sal_crowd_${s.key}`;
  const opened = cal.daysAgo(s.daysAgo, s.kind === "live" ? 20 : 12);
  const closed = s.kind === "live" ? opened + 100 * MINUTE : cal.daysAgo(s.daysAgo - s.days, 22);
  const holdMinutes = s.kind === "live" ? 1440 : 4320;
  const scale = s.orders / 90;
  const units: Unit[] = [];
  s.products.forEach((key, position) => {
    const p = LIVE_PRODUCTS[key];
    if (!p) return;
    const code = productCode(position);
    const productId = `lpr_crowd_${s.key}_${code}`;
    w.tables.live_products.push({
      id: productId,
      sale_id: saleId,
      code,
      code_key: normalizeText(code),
      name: p.name,
      price: p.price,
      per_buyer_limit: p.limit,
      position,
    });
    p.units.forEach((u, j) => {
      const id = `lvr_crowd_${s.key}_${code}_${j}`;
      const stock = Math.max(3, Math.round(u.stock * scale));
      w.tables.live_variants.push({
        id,
        sale_id: saleId,
        product_id: productId,
        name: u.name,
        stock,
        reserved: 0,
        waitlisted: 0,
        position: j,
      });
      const name = u.name ? `${p.name} ${u.name}` : p.name;
      units.push({ id, productId, name, price: p.price, words: u.words, code, limit: p.limit, free: stock });
    });
  });

  // Who ordered: live fans most of all, a few others, and viewers from other platforms.
  const present = ctx.people.filter(
    (p) => friendAt(p, opened) && (p.boundAt === null || p.boundAt <= opened),
  );
  const buyers: Buyer[] = [];
  for (const p of present) if (rng.chance(p.liveFan ? 0.7 : 0.05)) buyers.push(lineBuyer(ctx.lineBuyers, p));
  const others = ctx.viewers.filter(() => rng.chance(0.22));
  buyers.push(...others.filter((v) => !v.person || !buyers.some((b) => b.person === v.person)));
  while (buyers.length > s.orders) buyers.splice(rng.int(0, buyers.length - 1), 1);

  let seq = 0;
  let orderNo = 0;
  const released: Array<{ unit: Unit; qty: number; at: number }> = [];
  const waiting: Array<{ line: Row; unit: Unit; order: Row; seq: number }> = [];
  const commentAt = () =>
    s.kind === "live"
      ? opened + rng.int(2, 95) * MINUTE
      : opened +
        Math.floor((rng.chance(0.5) ? 1 - Math.sqrt(rng.next()) : rng.next()) * (closed - opened - HOUR));
  const orders: Array<{ row: Row; person: Person | null; buyer: Buyer; lines: Row[] }> = [];
  for (const buyer of buyers.map((b) => ({ b, at: commentAt() })).sort((x, y) => x.at - y.at)) {
    const b = buyer.b;
    const created = buyer.at;
    b.createdAt = Math.min(b.createdAt ?? created, created);
    const orderId = `ord_crowd_${s.key}_${++orderNo}`;
    const expires = created + holdMinutes * MINUTE;
    let status: Status = rng.weighted(STATUS_WEIGHTS);
    // Carts still open: only other platforms' viewers who never linked LINE (no reminder to push).
    if (expires > cal.now)
      status = b.platform === "line" || b.person ? rng.weighted(RECENT_LINE) : rng.weighted(RECENT_VIEWER);
    // A viewer who claimed their orders later: this order is theirs only if they were a member by then.
    const person = b.person && (b.person.boundAt ?? b.person.createdAt) <= created ? b.person : null;
    const order: Row = {
      id: orderId,
      sale_id: saleId,
      buyer_id: b.id,
      status,
      member_id: person?.id ?? null,
      attributed_store_id: person?.store ? ctx.refs.store[person.store] : null,
      attributed_staff_id: person?.referrer ? (ctx.refs.staff[person.referrer] ?? null) : null,
      created_at: created,
      expires_at: expires,
    };
    const lines: Row[] = [];
    const wanted = new Set<Unit>();
    for (let n = 1 + (rng.chance(0.35) ? 1 : 0) + (rng.chance(0.1) ? 1 : 0); wanted.size < n; )
      wanted.add(rng.pick(units));
    let t = created;
    let asking = 0;
    for (const unit of wanted) {
      const asked = rng.chance(0.75) ? 1 : rng.int(2, 3);
      // A cart stays within NT$6,000, like the store and online baskets.
      if (asking + asked * unit.price > 6000) continue;
      asking += asked * unit.price;
      const commentId = `lcm_crowd_${s.key}_${++seq}`;
      const text = `${unit.code}${unit.words ? ` ${unit.words}` : ""} +${asked}`;
      comment(w, { id: commentId, saleId, b, text, kind: "order", seq, at: t });
      // The chat confirms a LINE buyer's first comment with a free reply (later ones: the cart link).
      if (b.platform === "line" && person && lines.length === 0)
        w.replies.push({ saleId, lineUserId: person.lineUserId, at: t + 2000, text });
      const over = unit.limit !== null && asked > unit.limit;
      const fits = !over && unit.free >= asked;
      const decision = over ? "rejected" : fits ? "reserved" : "waitlisted";
      if (fits) unit.free -= asked;
      const line: Row = {
        id: `lln_crowd_${s.key}_${seq}`,
        sale_id: saleId,
        order_id: orderId,
        comment_row_id: commentId,
        product_id: unit.productId,
        variant_id: unit.id,
        decision,
        reason: over ? "OVER_LIMIT" : fits ? null : "SOLD_OUT",
        status: decision,
        requested: asked,
        qty: over ? 0 : asked,
        seq,
        created_at: t,
        promoted_at: null,
      };
      lines.push(line);
      if (decision === "waitlisted") waiting.push({ line, unit, order, seq });
      t += rng.int(1, 6) * MINUTE;
    }
    if (rng.chance(0.15))
      comment(w, {
        id: `lcm_crowd_${s.key}_${++seq}`,
        saleId,
        b,
        text: rng.pick(CHATTER),
        kind: "none",
        seq,
        at: t,
      });
    orders.push({ row: order, person, buyer: b, lines });
    if (!holds(status as Status))
      for (const l of lines)
        if (l.decision === "reserved") released.push({ unit: unitOf(units, l), qty: l.qty as number, at: 0 });
  }
  // Carts let go: their stock promotes the waitlist, in comment order.
  for (const r of released) r.unit.free += r.qty;
  for (const x of waiting.sort((a, b) => a.seq - b.seq)) {
    if (!holds(x.order.status as Status) || x.unit.free < (x.line.qty as number)) continue;
    x.unit.free -= x.line.qty as number;
    Object.assign(x.line, {
      status: "reserved",
      promoted_at: (x.line.created_at as number) + rng.int(1, 20) * HOUR,
    });
  }
  for (const o of orders) settleOrder(rng, cal, w, o, { saleId, holdMinutes, refs: ctx.refs });
  w.tables.live_sales.push({
    id: saleId,
    title: s.title,
    status: "closed",
    featured_code: productCode(0),
    line_group_id: null,
    ingest_key_hash: "0".repeat(64),
    hold_minutes: holdMinutes,
    version: 1,
    next_seq: seq + 1,
    created_at: opened - 3 * DAY,
    opened_at: opened,
    closed_at: closed,
  });
}

const unitOf = (units: Unit[], line: Row) => units.find((u) => u.id === line.variant_id) as Unit;

function lineBuyer(map: Map<string, Buyer>, p: Person): Buyer {
  let b = map.get(p.id);
  if (!b) {
    b = {
      id: `lby_crowd_${p.index}`,
      platform: "line",
      externalUserId: p.lineUserId,
      displayName: p.displayName,
      person: p,
      createdAt: null,
    };
    map.set(p.id, b);
  }
  return b;
}

function comment(
  w: LiveWorld,
  c: { id: string; saleId: string; b: Buyer; text: string; kind: "order" | "none"; seq: number; at: number },
) {
  const line = c.b.platform === "line";
  w.tables.live_comments.push({
    id: c.id,
    sale_id: c.saleId,
    platform: c.b.platform,
    comment_id: line ? `line_${c.id}` : `${c.b.platform}_${c.seq}_${c.id.length}`,
    buyer_id: c.b.id,
    text: c.text,
    kind: c.kind,
    outcome: c.kind === "none" ? "ignored" : null,
    reason: c.kind === "none" ? "NO_ORDER" : null,
    detail: null,
    origin: line ? "line_chat" : "api",
    chat_id: line ? c.b.externalUserId : null,
    seq: c.seq,
    posted_at: c.at - 1000,
    received_at: c.at,
  });
}
